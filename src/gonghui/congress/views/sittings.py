"""Congress pages: sittings."""

urlpatterns: list = []
