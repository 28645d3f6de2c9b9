"""Finance pages: aid."""

urlpatterns: list = []
