"""维权 (rights): the union's settings for the legal clock, and — one module per part —
collective contracts (``models_contracts``), 厂务/校务/院务公开 (``models_openness``),
labour protection (``models_safety``), labour-dispute mediation (``models_mediation``)
and the women workers' 爱心妈咪小屋 (``models_women``). Each part's module lists its models in ``__all__``;
nothing here is ever deleted."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from gonghui.orgs.models import Union

from . import rules
from .models_contracts import *  # noqa: F403
from .models_mediation import *  # noqa: F403
from .models_openness import *  # noqa: F403
from .models_safety import *  # noqa: F403
from .models_women import *  # noqa: F403


class RightsSettings(models.Model):
    """One union's 维权 settings. A union without its own row uses its nearest ancestor's
    (a federation sets them for the unions beneath it), else the defaults of ``rules``
    (``core.union_settings.inherited``), each citing its article."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="rights_settings", verbose_name="工会"
    )
    offer_reply_days = models.PositiveSmallIntegerField(
        "要约答复期限（天）",
        default=rules.OFFER_REPLY_DAYS,
        help_text="《集体合同规定》第三十二条：收到要约书之日起 20 日内书面答复。",
    )
    seat_refill_days = models.PositiveSmallIntegerField(
        "协商代表补缺期限（天）",
        default=rules.SEAT_REFILL_DAYS,
        help_text="《集体合同规定》第三十一条：协商代表出缺，15 日内补齐。",
    )
    submit_days = models.PositiveSmallIntegerField(
        "报送审查期限（天）",
        default=rules.SUBMIT_DAYS,
        help_text="《集体合同规定》第四十二条：双方首席代表签字之日起 10 日内报送人社部门。",
    )
    review_days = models.PositiveSmallIntegerField(
        "审查期限（天）",
        default=rules.REVIEW_DAYS,
        help_text="《集体合同规定》第四十七条：人社部门收到文本之日起 15 日内未提出异议的，"
        "集体合同即行生效。",
    )
    publish_days = models.PositiveSmallIntegerField(
        "生效后公布期限（天）",
        default=rules.PUBLISH_DAYS,
        help_text="《集体合同规定》第四十八条要求及时公布；10 日为重庆规定，作示例。",
    )
    renewal_months = models.PositiveSmallIntegerField(
        "续签提醒（期满前月数）",
        default=rules.RENEWAL_MONTHS,
        help_text="《集体合同规定》第三十八条：期满前 3 个月内可提出续订要求。",
    )
    performance_report_months = models.PositiveSmallIntegerField(
        "履约检查报告间隔（月）",
        default=rules.PERFORMANCE_REPORT_MONTHS,
        help_text="每年至少向职代会报告一次履约情况（示例）。",
    )
    openness_due_day = models.PositiveSmallIntegerField(
        "按月公开截止日（次月几日前）",
        default=rules.OPENNESS_DUE_DAY,
        help_text="示例：次月 10 日前公开上月事项；各地规定不同。",
    )
    mediation_days = models.PositiveSmallIntegerField(
        "调解期限（天）",
        default=rules.MEDIATION_DAYS,
        help_text="《劳动争议调解仲裁法》第十四条：自收到调解申请之日起 15 日内未达成调解协议的，当事人可以依法申请仲裁。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "维权设置"
        verbose_name_plural = "维权设置"

    def __str__(self) -> str:
        return f"{self.union} · 维权设置"

    def get_absolute_url(self) -> str:
        return reverse("rights:settings", args=[self.union.code])
