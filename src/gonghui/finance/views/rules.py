"""Finance pages: rules."""

urlpatterns: list = []
