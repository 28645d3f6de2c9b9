"""Finance pages: vouchers."""

urlpatterns: list = []
