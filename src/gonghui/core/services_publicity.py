"""Every write to a 公示 (``core.publicity``): opening it, a member's objection, the answer,
closing it with its outcome, and the printed notice. Managing a 公示 needs the permission its
kind was registered with (``scoping.require(actor, kind.perm, union=…)``); objecting needs
only to be a current member of the union. Each write is audited in its own transaction.
``actor=None`` is the system (the demo, a command the operator runs)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db import models as db_models
from django.utils import timezone

from gonghui.orgs.models import Member, Union

from . import audit, scoping
from . import publicity as registry
from .models import Objection, Publicity, PublicityOutcome, PublicityStatus

MAX_ROWS = 5000
MAX_COLUMNS = 12
MAX_CELL = 200
MAX_TEXT = 2000


def _perm(item: Publicity) -> str:
    """The permission that manages the 公示's kind."""
    return registry.kind(item.kind).perm


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValidationError("公示内容的每一格须为文字或数字。")
    text = str(value).strip()
    if len(text) > MAX_CELL:
        raise ValidationError(f"公示内容的每一格不超过 {MAX_CELL} 字。")
    return text


def _table(columns: Sequence, rows: Sequence) -> tuple[list[str], list[list[str]]]:
    """The columns and rows exactly as given, each cell as text; nothing added."""
    if isinstance(columns, str) or isinstance(rows, str):
        raise ValidationError("公示的列名和内容须为列表。")
    heads = [_cell(c) for c in columns or []]
    if len(heads) > MAX_COLUMNS or any(not h for h in heads):
        raise ValidationError(f"公示的列名不能为空，最多 {MAX_COLUMNS} 列。")
    if len(set(heads)) != len(heads):
        raise ValidationError("公示的列名不能重复。")
    if len(rows or []) > MAX_ROWS:
        raise ValidationError(f"一次公示最多 {MAX_ROWS} 行。")
    table = []
    for number, row in enumerate(rows or [], start=1):
        if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != len(heads):
            raise ValidationError(f"公示内容第 {number} 行应有 {len(heads)} 格，与列名一致。")
        table.append([_cell(v) for v in row])
    return heads, table


def _subject(subject, union: Union) -> tuple[str, int | None]:
    if subject is None:
        return "", None
    if not isinstance(subject, db_models.Model) or subject.pk is None:
        raise ValidationError("公示对象须为已保存的记录。")
    owner = getattr(subject, "union_id", None)
    if owner is not None and owner != union.pk:
        raise ValidationError("公示对象不属于该工会。")
    return subject._meta.label_lower, int(subject.pk)


def _workdays(kind: str, workdays) -> int:
    if workdays in (None, ""):
        return registry.default_workdays(kind)
    try:
        days = int(workdays)
    except (TypeError, ValueError) as exc:
        raise ValidationError("公示期须为工作日天数，如 5。") from exc
    if not 1 <= days <= registry.MAX_WORKDAYS:
        raise ValidationError(f"公示期应为 1 至 {registry.MAX_WORKDAYS} 个工作日。")
    return days


@transaction.atomic
def publicity_open(
    *,
    actor,
    union: Union,
    kind: str,
    title: str,
    columns: Sequence,
    rows: Sequence,
    body: str = "",
    subject=None,
    starts_on: datetime.date | None = None,
    workdays: int | None = None,
    today: datetime.date | None = None,
) -> Publicity:
    """Publish a 公示 to the union's members from ``starts_on`` (today) for ``workdays``
    working days (the kind's period). ``rows`` hold only what the rule makes public.

    A person cannot date it back: a 公示 whose period is already over when it is put up has
    been seen by nobody. The system (``actor=None``: the demo, an import of past years) can."""
    found = registry.kind(kind)
    scoping.require(actor, found.perm, union=union)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ValidationError("请填写公示标题（不超过 200 字）。")
    body = (body or "").strip()
    heads, table = _table(columns, rows)
    if not table and not body:
        raise ValidationError("公示须有名单或说明。")
    subject_type, subject_id = _subject(subject, union)
    if (
        subject_id is not None
        and Publicity.objects.filter(
            subject_type=subject_type, subject_id=subject_id, status=PublicityStatus.OPEN
        ).exists()
    ):
        raise ValidationError("该事项已有一条正在进行的公示，结束后才能再次公示。")
    today = today or timezone.localdate()
    start = starts_on or today
    if actor is not None and start < today:
        raise ValidationError("公示开始日期不能早于今天：公示须让会员看满公示期。")
    item = Publicity.objects.create(
        union=union,
        kind=found.key,
        title=title,
        body=body,
        columns=heads,
        rows=table,
        subject_type=subject_type,
        subject_id=subject_id,
        starts_on=start,
        ends_on=registry.period_end(start, _workdays(kind, workdays)),
        opened_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="publicity.open", obj=item)
    return item


def _locked(item: Publicity) -> Publicity:
    return Publicity.objects.select_for_update().select_related("union").get(pk=item.pk)


@transaction.atomic
def objection_raise(
    *,
    actor,
    publicity: Publicity,
    text: str,
    today: datetime.date | None = None,
    member: Member | None = None,
) -> Objection:
    """A current member of the union objects, by name, while the 公示 is open (up to and
    including ``ends_on``). One objection of a member waits for its answer at a time."""
    item = _locked(publicity)
    if actor is None:  # the system records an objection on a member's behalf (the demo)
        if member is None or member.union_id != item.union_id or not member.is_current:
            raise ValidationError("请指明提出异议的本工会会员。")
        who = member
    else:
        scoping.require(actor, "self.view", union=item.union)
        found = Member.objects.current().filter(user=actor, union=item.union).first()
        if found is None:
            raise PermissionDenied("只有本工会的在册会员可以对公示提出异议。")
        who = found
    text = (text or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise ValidationError(f"请写明异议的内容和理由（不超过 {MAX_TEXT} 字）。")
    today = today or timezone.localdate()
    if not item.is_open:
        raise ValidationError("这条公示已经结束，不能再提出异议。")
    if today > item.ends_on:
        raise ValidationError("公示期已过，不能再提出异议。")
    if today < item.starts_on:
        raise ValidationError("公示尚未开始。")
    if Objection.objects.filter(publicity=item, member=who, answered_at__isnull=True).exists():
        raise ValidationError("您对这条公示已有一条异议在等待答复。")
    try:
        with transaction.atomic():
            objection = Objection.objects.create(
                publicity=item, member=who, text=text, raised_at=timezone.now()
            )
    except IntegrityError as exc:  # the same member, twice at once
        raise ValidationError("您对这条公示已有一条异议在等待答复。") from exc
    audit.record(actor=actor, action="objection.raise", obj=objection)
    return objection


@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str, upheld: bool) -> Objection:
    """The committee answers an objection: 异议成立 (``upheld``) or 异议不成立."""
    item = _locked(objection.publicity)
    scoping.require(actor, _perm(item), union=item.union)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.answered_at is not None:
        raise ValidationError("这条异议已经答复过。")
    answer = (answer or "").strip()
    if not answer or len(answer) > MAX_TEXT:
        raise ValidationError(f"请填写答复（不超过 {MAX_TEXT} 字）。")
    if not isinstance(upheld, bool):
        raise ValidationError("请选择异议成立或异议不成立。")
    before = audit.snapshot(objection)
    objection.answer = answer
    objection.upheld = upheld
    objection.answered_by = scoping.person(actor)
    objection.answered_at = timezone.now()
    objection.save()
    audit.record(actor=actor, action="objection.answer", obj=objection, before=before)
    return objection


def _outcome(upheld_flags: list[bool | None]) -> str:
    """无异议 with no objection; 异议成立 when any was upheld; else 异议不成立."""
    if not upheld_flags:
        return PublicityOutcome.NONE
    if any(upheld_flags):
        return PublicityOutcome.UPHELD
    return PublicityOutcome.REJECTED


@transaction.atomic
def publicity_close(
    *, actor, publicity: Publicity, today: datetime.date | None = None
) -> Publicity:
    """End the 公示 once its period is over and every objection is answered; record the
    outcome. Only a closed 公示 that is :func:`~gonghui.core.queries_publicity.cleared`
    lets the decision proceed."""
    item = _locked(publicity)
    scoping.require(actor, _perm(item), union=item.union)
    if not item.is_open:
        raise ValidationError("这条公示已经结束。")
    today = today or timezone.localdate()
    if today <= item.ends_on:
        raise ValidationError(f"公示期至 {item.ends_on:%Y年%m月%d日} 止，期满后才能结束公示。")
    flags = list(item.objections.values_list("upheld", flat=True))
    waiting = sum(1 for flag in flags if flag is None)
    if waiting:
        raise ValidationError(f"还有 {waiting} 条异议未答复，答复后才能结束公示。")
    before = audit.snapshot(item)
    item.status = PublicityStatus.CLOSED
    item.outcome = _outcome(flags)
    item.closed_by = scoping.person(actor)
    item.closed_at = timezone.now()
    item.save()
    audit.record(actor=actor, action="publicity.close", obj=item, before=before)
    return item


@transaction.atomic
def publicity_notice(*, actor, publicity: Publicity) -> bytes:
    """The printable notice (.docx) for the 公示栏; each download is audited."""
    from .documents_publicity import notice

    scoping.require(actor, _perm(publicity), union=publicity.union)
    data = notice(publicity)
    audit.record(
        actor=actor,
        action="publicity.notice",
        obj=publicity,
        changes={"document": [None, f"{publicity.title}.docx"]},
    )
    return data
