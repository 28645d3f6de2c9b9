"""女职工: the 爱心妈咪小屋 (mother's rooms) a union registers, with their facilities. The
women workers' page itself reads what other apps hold (the 女职工委员会 in ``orgs``, the
congress seats, the special contract, care's screening figures)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union

__all__ = ["MotherRoom", "MotherRoomFacility", "MotherRoomState"]


class MotherRoomState(models.TextChoices):
    OPEN = "open", "在用"
    PAUSED = "paused", "暂停使用"
    CLOSED = "closed", "已撤销"


class MotherRoomFacility(models.TextChoices):
    FRIDGE = "fridge", "冰箱"
    SEATS = "seats", "沙发/座椅"
    SINK = "sink", "洗手池"
    DISINFECT = "disinfect", "消毒设备"
    AIRCON = "aircon", "空调"
    PRIVACY = "privacy", "隐私遮挡"
    MILK = "milk", "储奶用品"
    FIRST_AID = "first_aid", "急救包"
    TABLE = "table", "桌子"
    SOCKET = "socket", "电源插座"


class MotherRoom(models.Model):
    """爱心妈咪小屋: a room for nursing and expecting women workers."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="mother_rooms", verbose_name="工会"
    )
    name = models.CharField("名称", max_length=60)
    place = models.CharField("位置", max_length=100)
    area = models.DecimalField(
        "面积（平方米）",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    facilities = models.JSONField("设施", default=list, blank=True)
    opened_on = models.DateField("启用日期")
    keeper = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="管理人",
    )
    state = models.CharField(
        "状态", max_length=8, choices=MotherRoomState.choices, default=MotherRoomState.OPEN
    )
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = user_fk("登记人")

    class Meta:
        verbose_name = "爱心妈咪小屋"
        verbose_name_plural = "爱心妈咪小屋"
        ordering = ["union_id", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rights:women", args=[self.union.code]) + f"#room-{self.pk}"

    @property
    def facility_labels(self) -> list[str]:
        names = dict(MotherRoomFacility.choices)
        return [names.get(f, f) for f in self.facilities]
