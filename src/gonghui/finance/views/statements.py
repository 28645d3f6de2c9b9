"""Finance pages: statements."""

urlpatterns: list = []
