"""Writes of 劳动保护 (every one checks ``rights.change`` first and records one audit entry in
its transaction): an inspection; a hazard found at it (with a photo), its 整改 (with a
photo), its 复查 (passed → 已销号; failed → 待整改 with a new deadline), a 重大 hazard reported
to the employer or the higher authority; the hazard-post register; an accident and its
工伤认定 status; a group's 安康杯 entry.

The state machine of a hazard, every date in order and none in the future:
待整改 --整改--> 已整改待复查 --复查通过--> 已销号
                       └--复查未通过 (new deadline after the re-check)--> 待整改
found on ≥ the inspection's day; deadline ≥ found on; rectified on ≥ found on (and ≥ the last
failed re-check); re-checked on ≥ rectified on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.scoping import person, require
from gonghui.core.text import clean_text
from gonghui.finance import attachments as store
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union, UnionGroup

from .models_safety import (
    Accident,
    AccidentSeverity,
    AnkangEntry,
    Hazard,
    HazardFactor,
    HazardPhoto,
    HazardPhotoStage,
    HazardPost,
    HazardRecheck,
    HazardState,
    InjuryRecognition,
    InspectionKind,
    RiskLevel,
    SafetyInspection,
)

CHANGE = "rights.change"
GRASSROOTS = "劳动保护监督由基层工会开展，请进入所属基层工会。"


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _text(value: Any, limit: int, *, multiline: bool = False) -> str:
    return clean_text(str(value or ""), multiline=multiline).strip()[:limit]


def _grassroots(union: Union) -> None:
    if union.is_federation:
        raise ValidationError(GRASSROOTS)


def _not_future(problems: dict, field: str, day: datetime.date | None, today, label: str):
    if day is not None and day > today:
        problems.setdefault(field, []).append(f"{label}不能晚于今天。")


def _members(union: Union, members: Iterable[Member] | None, label: str) -> list[Member]:
    chosen = list(members or [])
    wrong = [
        m.name for m in chosen if m.union_id != union.pk or m.status not in CURRENT_MEMBER_STATUSES
    ]
    if wrong:
        raise ValidationError({label: [f"「{'、'.join(wrong)}」不是本工会的在册会员。"]})
    return chosen


def _photo(hazard: Hazard, upload, stage: str, actor, field: str) -> HazardPhoto | None:
    """The photo into the file store (JPEG/PNG/PDF by its first bytes, at most
    ``finance.attachments.MAX_BYTES``) and its row; a refusal names the form's field."""
    if upload is None:
        return None
    try:
        sha, size, content_type, ext = store.store(upload)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return HazardPhoto.objects.create(
        hazard=hazard,
        stage=stage,
        name=store.safe_name(getattr(upload, "name", ""), ext),
        content_type=content_type,
        size=size,
        sha256=sha,
        uploaded_by=person(actor),
    )


# --- inspections ----------------------------------------------------------------------------


@transaction.atomic
def inspection_create(
    *,
    actor,
    union: Union,
    held_on: datetime.date,
    kind: str,
    places: str,
    inspectors: Iterable[Member] | None = None,
    outside_inspectors: str = "",
    summary: str = "",
    today: datetime.date | None = None,
) -> SafetyInspection:
    """劳动保护监督检查: who went where on which day; at least one inspector, a member or
    named from outside."""
    require(actor, CHANGE, union=union)
    _grassroots(union)
    today = _today(today)
    problems: dict[str, list[str]] = {}
    _not_future(problems, "held_on", held_on, today, "检查日期")
    if kind not in InspectionKind.values:
        problems["kind"] = ["请选择检查类型。"]
    places = _text(places, 200)
    if not places:
        problems["places"] = ["请填写检查的车间、场所或部位。"]
    outside = _text(outside_inspectors, 200)
    chosen = _members(union, inspectors, "inspectors")
    if not chosen and not outside:
        problems["inspectors"] = ["请选择检查人员，或填写其他检查人员的姓名。"]
    if problems:
        raise ValidationError(problems)
    inspection = SafetyInspection.objects.create(
        union=union,
        held_on=held_on,
        kind=kind,
        places=places,
        outside_inspectors=outside,
        summary=_text(summary, 2000, multiline=True),
        created_by=person(actor),
    )
    inspection.inspectors.set(chosen)
    audit.record(
        actor=actor,
        action="rights.safety_inspection",
        obj=inspection,
        changes={
            **{k: [None, v] for k, v in audit.snapshot(inspection).items() if v not in ("", None)},
            "inspectors": [None, "、".join(m.name for m in chosen)],
        },
        union_id=union.pk,
    )
    return inspection


# --- hazards ----------------------------------------------------------------------------------


@transaction.atomic
def hazard_add(
    *,
    actor,
    inspection: SafetyInspection,
    location: str,
    description: str,
    level: str,
    owner: str,
    deadline: datetime.date,
    owner_dept: str = "",
    found_on: datetime.date | None = None,
    photo=None,
    today: datetime.date | None = None,
) -> Hazard:
    """A hazard found at ``inspection`` (on its day unless ``found_on`` says later), assigned
    to the employer's 整改责任人 with a deadline."""
    union = inspection.union
    require(actor, CHANGE, union=union)
    today = _today(today)
    found_on = found_on or inspection.held_on
    problems: dict[str, list[str]] = {}
    if found_on < inspection.held_on:
        problems["found_on"] = [f"发现日期不能早于检查日期（{inspection.held_on:%Y-%m-%d}）。"]
    _not_future(problems, "found_on", found_on, today, "发现日期")
    location, description = _text(location, 100), _text(description, 1000, multiline=True)
    owner = _text(owner, 50)
    if not location:
        problems["location"] = ["请填写隐患所在的岗位或部位。"]
    if not description:
        problems["description"] = ["请描述隐患。"]
    if level not in RiskLevel.values:
        problems["level"] = ["请选择隐患等级。"]
    if not owner:
        problems["owner"] = ["请填写单位方面的整改责任人。"]
    if deadline is None:
        problems["deadline"] = ["请填写整改期限。"]
    elif deadline < found_on:
        problems["deadline"] = [f"整改期限不能早于发现日期（{found_on:%Y-%m-%d}）。"]
    if problems:
        raise ValidationError(problems)
    hazard = Hazard.objects.create(
        union=union,
        inspection=inspection,
        location=location,
        description=description,
        level=level,
        found_on=found_on,
        owner=owner,
        owner_dept=_text(owner_dept, 100),
        deadline=deadline,
        created_by=person(actor),
    )
    stored = _photo(hazard, photo, HazardPhotoStage.FOUND, actor, "photo")
    changes = {k: [None, v] for k, v in audit.snapshot(hazard).items() if v not in ("", None)}
    if stored is not None:
        changes["photo"] = [None, stored.name]
    audit.record(
        actor=actor, action="rights.safety_hazard", obj=hazard, changes=changes, union_id=union.pk
    )
    return hazard


def _open(hazard: Hazard, state: str, message: str) -> Hazard:
    """The hazard read again under a lock, in ``state``, or the Chinese refusal."""
    hazard = Hazard.objects.select_for_update().select_related("union").get(pk=hazard.pk)
    if hazard.state != state:
        raise ValidationError(message)
    return hazard


@transaction.atomic
def hazard_rectify(
    *,
    actor,
    hazard: Hazard,
    rectified_on: datetime.date,
    measure: str,
    photo=None,
    today: datetime.date | None = None,
) -> Hazard:
    """整改完成: the date and the measure (and a photo), waiting for 复查."""
    require(actor, CHANGE, union=hazard.union)
    today = _today(today)
    hazard = _open(hazard, HazardState.OPEN, "这条隐患不在待整改状态，不能登记整改。")
    before = audit.snapshot(hazard)
    problems: dict[str, list[str]] = {}
    last = hazard.rechecks.order_by("-checked_on").first()
    if rectified_on is None:
        problems["rectified_on"] = ["请填写整改完成日期。"]
    elif rectified_on < hazard.found_on:
        problems["rectified_on"] = [f"整改完成日期不能早于发现日期（{hazard.found_on:%Y-%m-%d}）。"]
    elif last is not None and rectified_on < last.checked_on:
        problems["rectified_on"] = [
            f"整改完成日期不能早于上次复查日期（{last.checked_on:%Y-%m-%d}）。"
        ]
    _not_future(problems, "rectified_on", rectified_on, today, "整改完成日期")
    measure = _text(measure, 1000, multiline=True)
    if not measure:
        problems["measure"] = ["请填写采取的整改措施。"]
    if problems:
        raise ValidationError(problems)
    hazard.state, hazard.rectified_on, hazard.measure = HazardState.RECTIFIED, rectified_on, measure
    hazard.save(update_fields=["state", "rectified_on", "measure"])
    stored = _photo(hazard, photo, HazardPhotoStage.RECTIFIED, actor, "photo")
    changes = audit.diff(before, audit.snapshot(hazard))
    if stored is not None:
        changes["photo"] = [None, stored.name]
    audit.record(
        actor=actor,
        action="rights.safety_rectify",
        obj=hazard,
        changes=changes,
        union_id=hazard.union_id,
    )
    return hazard


@transaction.atomic
def hazard_recheck(
    *,
    actor,
    hazard: Hazard,
    checked_on: datetime.date,
    checked_by: str,
    passed: bool,
    note: str = "",
    new_deadline: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Hazard:
    """复查: passed → 已销号 on the re-check's day; failed → 待整改 again with a new deadline
    after the re-check (the round's 整改 kept with the re-check)."""
    require(actor, CHANGE, union=hazard.union)
    today = _today(today)
    hazard = _open(hazard, HazardState.RECTIFIED, "这条隐患还没有登记整改，或已销号，不能复查。")
    before = audit.snapshot(hazard)
    rectified_on = hazard.rectified_on
    assert rectified_on is not None  # 已整改待复查 always has it (the state's invariant)
    problems: dict[str, list[str]] = {}
    if checked_on is None:
        problems["checked_on"] = ["请填写复查日期。"]
    elif checked_on < rectified_on:
        problems["checked_on"] = [
            f"复查日期不能早于整改完成日期（{hazard.rectified_on:%Y-%m-%d}）。"
        ]
    _not_future(problems, "checked_on", checked_on, today, "复查日期")
    checked_by = _text(checked_by, 100)
    if not checked_by:
        problems["checked_by"] = ["请填写复查人。"]
    if passed:
        new_deadline = None
    elif new_deadline is None:
        problems["new_deadline"] = ["复查未通过，请定新的整改期限。"]
    elif checked_on is not None and new_deadline <= checked_on:
        problems["new_deadline"] = ["新的整改期限须晚于复查日期。"]
    if problems:
        raise ValidationError(problems)
    HazardRecheck.objects.create(
        hazard=hazard,
        checked_on=checked_on,
        checked_by=checked_by,
        passed=bool(passed),
        note=_text(note, 500),
        rectified_on=rectified_on,
        measure=hazard.measure,
        new_deadline=new_deadline,
        created_by=person(actor),
    )
    if passed:
        hazard.state, hazard.closed_on = HazardState.CLOSED, checked_on
    elif new_deadline is not None:
        hazard.state, hazard.deadline = HazardState.OPEN, new_deadline
        hazard.rectified_on, hazard.measure = None, ""
    hazard.save(update_fields=["state", "closed_on", "deadline", "rectified_on", "measure"])
    changes = audit.diff(before, audit.snapshot(hazard))
    changes["recheck"] = [
        None,
        f"{checked_on:%Y-%m-%d} {checked_by}：{'通过' if passed else '未通过'}",
    ]
    audit.record(
        actor=actor,
        action="rights.safety_recheck",
        obj=hazard,
        changes=changes,
        union_id=hazard.union_id,
    )
    return hazard


@transaction.atomic
def hazard_escalate(
    *,
    actor,
    hazard: Hazard,
    escalated_on: datetime.date,
    escalated_to: str,
    today: datetime.date | None = None,
) -> Hazard:
    """A 重大 hazard reported in writing to the employer's management or the higher union /
    safety authority (《安全生产法》第六十条: the union may ask for it to be solved; 16号令
    第十四条: a 重大 one is reported to the authority) — once, dated."""
    require(actor, CHANGE, union=hazard.union)
    today = _today(today)
    hazard = Hazard.objects.select_for_update().select_related("union").get(pk=hazard.pk)
    if hazard.level != RiskLevel.MAJOR:
        raise ValidationError("只有重大隐患需要登记报告。")
    if hazard.escalated_on is not None:
        raise ValidationError(f"这条隐患已于 {hazard.escalated_on:%Y-%m-%d} 登记报告。")
    before = audit.snapshot(hazard)
    problems: dict[str, list[str]] = {}
    if escalated_on is None:
        problems["escalated_on"] = ["请填写报告日期。"]
    elif escalated_on < hazard.found_on:
        problems["escalated_on"] = [f"报告日期不能早于发现日期（{hazard.found_on:%Y-%m-%d}）。"]
    _not_future(problems, "escalated_on", escalated_on, today, "报告日期")
    escalated_to = _text(escalated_to, 100)
    if not escalated_to:
        problems["escalated_to"] = [
            "请填写报告给谁（如：单位主要负责人、上级工会、应急管理部门）。"
        ]
    if problems:
        raise ValidationError(problems)
    hazard.escalated_on, hazard.escalated_to = escalated_on, escalated_to
    hazard.save(update_fields=["escalated_on", "escalated_to"])
    audit.record(
        actor=actor,
        action="rights.safety_escalate",
        obj=hazard,
        before=before,
        union_id=hazard.union_id,
    )
    return hazard


# --- the hazard-post register -----------------------------------------------------------------


POST_FIELDS = (
    "name",
    "workshop",
    "factors",
    "factors_other",
    "workers",
    "measures",
    "last_check_on",
)


@transaction.atomic
def hazard_post_save(
    *,
    actor,
    union: Union,
    fields: dict[str, Any],
    post: HazardPost | None = None,
    today: datetime.date | None = None,
) -> HazardPost:
    """A post of the register, new or edited (the edit audited field by field)."""
    if post is not None:
        union = post.union
    require(actor, CHANGE, union=union)
    _grassroots(union)
    today = _today(today)
    problems: dict[str, list[str]] = {}
    name, workshop = _text(fields.get("name"), 100), _text(fields.get("workshop"), 100)
    if not name:
        problems["name"] = ["请填写岗位名称。"]
    factors = [f for f in HazardFactor.values if f in set(fields.get("factors") or ())]
    other = _text(fields.get("factors_other"), 100)
    if other and HazardFactor.OTHER not in factors:
        factors.append(HazardFactor.OTHER)
    if not factors:
        problems["factors"] = ["请至少选择一项职业病危害因素。"]
    workers = fields.get("workers")
    if workers is None or not isinstance(workers, int) or workers < 0:
        problems["workers"] = ["接触人数须为 0 或正整数。"]
    last = fields.get("last_check_on")
    _not_future(problems, "last_check_on", last, today, "最近职业健康检查日期")
    clash = HazardPost.objects.filter(union=union, workshop=workshop, name=name)
    if post is not None:
        clash = clash.exclude(pk=post.pk)
    if name and clash.exists():
        problems["name"] = ["台账中已有这个车间的同名岗位。"]
    if problems:
        raise ValidationError(problems)
    values = {
        "name": name,
        "workshop": workshop,
        "factors": factors,
        "factors_other": other,
        "workers": workers,
        "measures": _text(fields.get("measures"), 1000, multiline=True),
        "last_check_on": last,
    }
    if post is None:
        post = HazardPost.objects.create(union=union, **values)
        audit.record(actor=actor, action="rights.safety_post_add", obj=post, union_id=union.pk)
        return post
    post = HazardPost.objects.select_for_update().get(pk=post.pk)
    before = audit.snapshot(post)
    for key, value in values.items():
        setattr(post, key, value)
    post.save()
    audit.record(
        actor=actor, action="rights.safety_post_change", obj=post, before=before, union_id=union.pk
    )
    return post


@transaction.atomic
def hazard_post_retire(
    *, actor, post: HazardPost, today: datetime.date | None = None
) -> HazardPost:
    """Take a post off the register (the post no longer exists or no longer exposes anyone);
    the row stays."""
    require(actor, CHANGE, union=post.union)
    post = HazardPost.objects.select_for_update().get(pk=post.pk)
    if post.retired_on is not None:
        raise ValidationError("这个岗位已从台账撤销。")
    before = audit.snapshot(post)
    post.retired_on = _today(today)
    post.save(update_fields=["retired_on", "updated_at"])
    audit.record(
        actor=actor,
        action="rights.safety_post_retire",
        obj=post,
        before=before,
        union_id=post.union_id,
    )
    return post


# --- accidents --------------------------------------------------------------------------------


@transaction.atomic
def accident_record(
    *,
    actor,
    union: Union,
    occurred_on: datetime.date,
    place: str,
    severity: str,
    description: str,
    injured: Iterable[Member] | None = None,
    cause: str = "",
    measures: str = "",
    recognition: str = InjuryRecognition.NONE,
    today: datetime.date | None = None,
) -> Accident:
    """工伤事故: the injured are members of the union (no ID number kept); the audit entry
    holds how many, not who."""
    require(actor, CHANGE, union=union)
    _grassroots(union)
    today = _today(today)
    problems: dict[str, list[str]] = {}
    _not_future(problems, "occurred_on", occurred_on, today, "事故日期")
    place, description = _text(place, 100), _text(description, 2000, multiline=True)
    if not place:
        problems["place"] = ["请填写事故地点。"]
    if severity not in AccidentSeverity.values:
        problems["severity"] = ["请选择伤害程度。"]
    if not description:
        problems["description"] = ["请填写事故经过。"]
    if recognition not in InjuryRecognition.values:
        problems["recognition"] = ["请选择工伤认定情况。"]
    chosen = _members(union, injured, "injured")
    if problems:
        raise ValidationError(problems)
    accident = Accident.objects.create(
        union=union,
        occurred_on=occurred_on,
        place=place,
        severity=severity,
        description=description,
        cause=_text(cause, 1000, multiline=True),
        measures=_text(measures, 1000, multiline=True),
        recognition=recognition,
        created_by=person(actor),
    )
    accident.injured.set(chosen)
    audit.record(
        actor=actor,
        action="rights.safety_accident",
        obj=accident,
        changes={
            "occurred_on": [None, occurred_on.isoformat()],
            "severity": [None, severity],
            "injured_count": [None, len(chosen)],
        },
        union_id=union.pk,
    )
    return accident


@transaction.atomic
def accident_recognition(*, actor, accident: Accident, recognition: str) -> Accident:
    """The 工伤认定 status moves (未申请 → 已申请 → 认定为工伤 / 不予认定)."""
    require(actor, CHANGE, union=accident.union)
    if recognition not in InjuryRecognition.values:
        raise ValidationError({"recognition": ["请选择工伤认定情况。"]})
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    if accident.recognition == recognition:
        return accident
    before = audit.snapshot(accident)
    accident.recognition = recognition
    accident.save(update_fields=["recognition"])
    audit.record(
        actor=actor,
        action="rights.safety_accident_status",
        obj=accident,
        before=before,
        union_id=accident.union_id,
    )
    return accident


# --- 安康杯 -------------------------------------------------------------------------------------


@transaction.atomic
def ankang_entry_save(
    *,
    actor,
    union: Union,
    year: int,
    group: UnionGroup,
    score: Decimal | None = None,
    result: str = "",
    award: str = "",
) -> AnkangEntry:
    """A group's 安康杯 entry of a year: entered once, its score, result and award set or
    changed later (audited)."""
    require(actor, CHANGE, union=union)
    _grassroots(union)
    problems: dict[str, list[str]] = {}
    if group.union_id != union.pk or group.archived_at is not None:
        problems["group"] = ["请选择本工会的小组。"]
    if not 2000 <= int(year) <= 2100:
        problems["year"] = ["年度应在 2000 到 2100 之间。"]
    if score is not None and not Decimal(0) <= score <= Decimal(1000):
        problems["score"] = ["得分应在 0 到 1000 之间。"]
    if problems:
        raise ValidationError(problems)
    entry = (
        AnkangEntry.objects.select_for_update().filter(union=union, year=year, group=group).first()
    )
    values = {"score": score, "result": _text(result, 200), "award": _text(award, 100)}
    if entry is None:
        entry = AnkangEntry.objects.create(union=union, year=year, group=group, **values)
        audit.record(actor=actor, action="rights.safety_ankang", obj=entry, union_id=union.pk)
        return entry
    before = audit.snapshot(entry)
    for key, value in values.items():
        setattr(entry, key, value)
    entry.save()
    audit.record(
        actor=actor,
        action="rights.safety_ankang_change",
        obj=entry,
        before=before,
        union_id=union.pk,
    )
    return entry
