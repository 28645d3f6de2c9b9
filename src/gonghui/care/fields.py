"""Model fields the care records declare the same way."""

from django.db import models


def voucher_share_fk():
    """Money given goes through a finance voucher (a member's share of one of its lines), so
    the spending rules check it (``care.payments``); a draft line the treasurer removes
    unlinks it."""
    return models.ForeignKey(
        "finance.VoucherShare",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="凭证发放明细",
    )
