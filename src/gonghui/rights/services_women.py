"""Every write of the women workers' part: the 爱心妈咪小屋 (``rights.change``), registered and
changed, each audited with what changed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.scoping import person, require
from gonghui.orgs.models import Union

from .models_women import MotherRoom, MotherRoomFacility, MotherRoomState

CHANGE = "rights.change"
FIELDS = ("name", "place", "area", "facilities", "opened_on", "keeper", "state", "note")


def _clean(union: Union, fields: dict[str, Any], today: datetime.date) -> dict[str, Any]:
    data = {k: v for k, v in fields.items() if k in FIELDS}
    if "name" in data and not (data["name"] or "").strip():
        raise ValidationError({"name": "请填写名称。"})
    if "place" in data and not (data["place"] or "").strip():
        raise ValidationError({"place": "请填写位置。"})
    area = data.get("area")
    if area is not None and Decimal(area) <= 0:
        raise ValidationError({"area": "面积应大于 0。"})
    if "facilities" in data:
        chosen = list(dict.fromkeys(data["facilities"] or []))
        if any(f not in MotherRoomFacility.values for f in chosen):
            raise ValidationError({"facilities": "请从列出的设施中选择。"})
        data["facilities"] = [f for f in MotherRoomFacility.values if f in chosen]
    opened = data.get("opened_on")
    if opened is not None and opened > today:
        raise ValidationError({"opened_on": "启用日期不能晚于今天；尚未启用的请启用后再登记。"})
    keeper = data.get("keeper")
    if keeper is not None and keeper.union_id != union.pk:
        raise ValidationError({"keeper": "管理人须是本工会会员。"})
    if "state" in data and data["state"] not in MotherRoomState.values:
        raise ValidationError({"state": "请选择状态。"})
    return data


@transaction.atomic
def mother_room_create(
    *, actor, union: Union, fields: dict[str, Any], today: datetime.date | None = None
) -> MotherRoom:
    """Register an 爱心妈咪小屋 of the union."""
    require(actor, CHANGE, union=union)
    if union.is_federation:
        raise ValidationError("爱心妈咪小屋由基层工会登记，请进入所属基层工会。")
    data = _clean(union, fields, today or timezone.localdate())
    room = MotherRoom.objects.create(union=union, created_by=person(actor), **data)
    audit.record(actor=person(actor), action="rights.mother_room_create", obj=room)
    return room


@transaction.atomic
def mother_room_update(
    *, actor, room: MotherRoom, fields: dict[str, Any], today: datetime.date | None = None
) -> MotherRoom:
    """Change a room (its facilities, keeper, state…); the trail keeps before and after."""
    require(actor, CHANGE, union=room.union)
    room = MotherRoom.objects.select_for_update().get(pk=room.pk)
    data = _clean(room.union, fields, today or timezone.localdate())
    before = audit.snapshot(room)
    for key, value in data.items():
        setattr(room, key, value)
    room.save()
    audit.record(actor=person(actor), action="rights.mother_room_update", obj=room, before=before)
    return room
