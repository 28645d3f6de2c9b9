"""Congress pages: proposals."""

urlpatterns: list = []
