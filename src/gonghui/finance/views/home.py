"""Finance pages: home."""

urlpatterns: list = []
