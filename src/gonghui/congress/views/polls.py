"""Congress pages: polls."""

urlpatterns: list = []
