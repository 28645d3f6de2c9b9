"""Finance pages: review."""

urlpatterns: list = []
