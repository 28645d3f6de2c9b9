"""Finance pages: dues."""

urlpatterns: list = []
