"""Congress pages: terms."""

urlpatterns: list = []
