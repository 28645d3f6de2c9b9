"""生日会与生日慰问: a quarter's birthday party is an :class:`Activity` of kind 生日会 whose
audience is the members born in that quarter (``Audience.BIRTHDAY`` with ``quarter``); its
gift is paid through a draft expense voucher (category 50102 生日慰问, one share per member)
which the spending rules judge. This row ties the party to that voucher, so the birthday page
shows the voucher's number and state. See ``birthday_rules`` and ``services_birthday``."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Union

from .models import Activity

__all__ = ["BirthdayGift"]


class BirthdayGift(models.Model):
    """The gift of one 生日会: the amount per member and the draft voucher made for it. The
    voucher is finance's: a draft the treasurer deletes leaves ``voucher`` empty, and the
    committee may draft it again."""

    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="birthday_gift", verbose_name="生日会"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="birthday_gifts", verbose_name="工会"
    )
    voucher = models.ForeignKey(
        "finance.Voucher",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="生日慰问凭证",
    )
    amount = models.DecimalField("每人金额（元）", max_digits=10, decimal_places=2)
    persons = models.PositiveIntegerField("人数")
    created_by = user_fk("经办人")
    created_at = models.DateTimeField("制单时间", default=timezone.now)

    class Meta:
        verbose_name = "生日慰问"
        verbose_name_plural = "生日慰问"

    def __str__(self) -> str:
        return f"{self.activity} · 生日慰问"

    def get_absolute_url(self) -> str:
        return self.activity.get_absolute_url()
