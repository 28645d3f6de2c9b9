"""Finance pages: budget."""

urlpatterns: list = []
