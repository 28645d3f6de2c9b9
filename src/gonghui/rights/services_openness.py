"""Writes of 厂务公开. Every one checks its actor first and writes one audit entry in the
same transaction.

- The catalogue is **copied on first use**: a union's first write (adopting the catalogue,
  adding a category, recording a publication) copies its nearest ancestor's live categories,
  else the defaults of ``queries_openness.DEFAULT_CATEGORIES``; from then on it is the
  union's own, and later changes above it no longer reach it (as union settings do).
  Counting starts on 1 January of the year it was copied (``counts_from``, editable).
- A publication is never edited: a wrong one is withdrawn with its reason (kept, shown as
  已撤回, no longer counted) and recorded again. A period in the future is refused.
- A member's question is theirs (a current member of the union, no role); the answer is
  ``rights.change``'s.
- The year's 满意度测评 is a congress evaluation (``congress.services.evaluation``), one line
  per live category, at an open sitting of the union's congress.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.scoping import person, require
from gonghui.finance import attachments as store
from gonghui.orgs.models import Member, Union

from . import queries_openness as queries
from .models_openness import (
    OpennessCategory,
    OpennessChannel,
    OpennessPoll,
    OpennessPublication,
    OpennessQuestion,
    OpennessSchedule,
    due_on,
    event_due_on,
    period_bounds,
    periods,
)

CHANGE = "rights.change"
MAX_TEXT = 1000
MAX_EVENT_DAYS = 90


def _ensure(union: Union, today: datetime.date) -> tuple[list[OpennessCategory], dict]:
    """The union's catalogue, copied from its template on first use (locks the union row
    so two first writes do not copy twice), and the audit changes saying so (the names
    copied; empty when it had its own already)."""
    Union.objects.select_for_update().filter(pk=union.pk).first()
    own = list(queries.categories(union))
    if own:
        return own, {}
    _source, template = queries.template_for(union)
    start = datetime.date(today.year, 1, 1)
    made = OpennessCategory.objects.bulk_create(
        [
            OpennessCategory(
                union=union,
                name=name,
                examples=examples,
                schedule=schedule,
                event_days=days,
                order=i,
                counts_from=start,
            )
            for i, (name, examples, schedule, days) in enumerate(template, start=1)
        ]
    )
    return made, {"categories": [None, [c.name for c in made]]}


def _created(obj, copied: dict) -> dict | None:
    """A creation's audit changes (every field, as ``audit.record`` takes them by default),
    with the catalogue it copied, if it did."""
    return {**audit.diff(None, audit.snapshot(obj)), **copied} if copied else None


@transaction.atomic
def openness_adopt(*, actor, union: Union, today: datetime.date | None = None) -> int:
    """Start the union's own catalogue from its template (nothing when it has one)."""
    require(actor, CHANGE, union=union)
    today = today or timezone.localdate()
    if queries.categories(union).exists():
        raise ValidationError("本工会已有自己的公开目录。")
    made, copied = _ensure(union, today)
    audit.record(
        actor=person(actor),
        action="rights.openness_adopt",
        obj=union,
        changes=copied,
        union_id=union.pk,
    )
    return len(made)


def _clean_category(fields: dict[str, Any]) -> dict[str, Any]:
    name = (fields.get("name") or "").strip()
    problems: dict[str, list[str]] = {}
    if not name:
        problems["name"] = ["请填写类别名称。"]
    schedule = fields.get("schedule")
    if schedule not in OpennessSchedule.values:
        problems["schedule"] = ["请选择公开周期。"]
    try:
        days = int(fields.get("event_days") or 7)
    except (TypeError, ValueError):
        days = -1
    if not 1 <= days <= MAX_EVENT_DAYS:
        problems["event_days"] = [f"事项发生后公开天数应在 1 到 {MAX_EVENT_DAYS} 之间。"]
    if problems:
        raise ValidationError(problems)
    out = {
        "name": name,
        "examples": (fields.get("examples") or "").strip(),
        "schedule": schedule,
        "event_days": days,
    }
    if fields.get("counts_from"):
        out["counts_from"] = fields["counts_from"]
    return out


def _name_taken(union: Union, name: str, pk: int | None) -> bool:
    rows = queries.categories(union, live_only=True).filter(name=name)
    return (rows if pk is None else rows.exclude(pk=pk)).exists()


@transaction.atomic
def openness_category_save(
    *,
    actor,
    union: Union,
    fields: dict[str, Any],
    category: OpennessCategory | None = None,
    today: datetime.date | None = None,
) -> OpennessCategory:
    """Add a category to the union's catalogue, or rename it / change its schedule. A
    changed schedule applies to every period of its year, published or not."""
    union = category.union if category is not None else union
    require(actor, CHANGE, union=union)
    today = today or timezone.localdate()
    values = _clean_category(fields)
    if category is None:
        cats, copied = _ensure(union, today)
        if _name_taken(union, values["name"], None):
            raise ValidationError({"name": ["本工会已有同名的公开类别。"]})
        values.setdefault("counts_from", today)
        category = OpennessCategory.objects.create(
            union=union, order=max((c.order for c in cats), default=0) + 1, **values
        )
        audit.record(
            actor=person(actor),
            action="rights.openness_category_add",
            obj=category,
            changes=_created(category, copied),
            union_id=union.pk,
        )
        return category
    category = OpennessCategory.objects.select_for_update().get(pk=category.id)
    if category.retired_on is not None:
        raise ValidationError("这个类别已停用，不能再修改。")
    if _name_taken(union, values["name"], category.pk):
        raise ValidationError({"name": ["本工会已有同名的公开类别。"]})
    if (
        values["schedule"] != category.schedule
        and category.publications.filter(withdrawn_at__isnull=True).exists()
    ):
        raise ValidationError(
            {"schedule": ["这个类别已有公开记录，不能改变公开周期；请停用它并新建一个类别。"]}
        )
    before = audit.snapshot(category)
    for key, value in values.items():
        setattr(category, key, value)
    category.save()
    audit.record(
        actor=person(actor),
        action="rights.openness_category_change",
        obj=category,
        before=before,
        union_id=union.pk,
    )
    return category


@transaction.atomic
def openness_category_retire(
    *, actor, category: OpennessCategory, today: datetime.date | None = None
) -> OpennessCategory:
    """Stop a category: periods due after today are no longer owed; its records stay."""
    require(actor, CHANGE, union=category.union)
    category = OpennessCategory.objects.select_for_update().get(pk=category.pk)
    if category.retired_on is not None:
        raise ValidationError("这个类别已经停用。")
    before = audit.snapshot(category)
    category.retired_on = today or timezone.localdate()
    category.save(update_fields=["retired_on"])
    audit.record(
        actor=person(actor),
        action="rights.openness_category_retire",
        obj=category,
        before=before,
        union_id=category.union_id,
    )
    return category


def _period(
    category: OpennessCategory, year, period, event_on, published_on, today, day: int
) -> tuple[int, int | None, datetime.date | None, datetime.date]:
    """(year, period, event date, due date) of a publication, refused when in the future."""
    if published_on is None:
        raise ValidationError({"published_on": ["请填写公开日期。"]})
    if published_on > today:
        raise ValidationError({"published_on": ["公开日期不能晚于今天。"]})
    if category.schedule == OpennessSchedule.EVENT:
        if event_on is None:
            raise ValidationError({"event_on": ["请填写事项发生日期。"]})
        if event_on > today:
            raise ValidationError({"event_on": ["事项发生日期不能晚于今天。"]})
        if published_on < event_on:
            raise ValidationError({"published_on": ["公开日期不能早于事项发生日期。"]})
        return event_on.year, None, event_on, event_due_on(event_on, category.event_days)
    try:
        year, period = int(year), int(period if period is not None else -1)
    except (TypeError, ValueError):
        raise ValidationError({"period": ["请选择所属期间。"]}) from None
    if period not in periods(category.schedule) or not 2000 <= year <= today.year + 1:
        raise ValidationError({"period": ["请选择所属期间。"]})
    first, _last = period_bounds(category.schedule, year, period)
    if first > today:
        what = {"monthly": "月份", "quarterly": "季度"}.get(category.schedule, "年度")
        raise ValidationError({"period": [f"不能登记未来{what}的公开。"]})
    if published_on < first:
        raise ValidationError({"published_on": ["公开日期早于所属期间的开始，请检查。"]})
    return year, period, None, due_on(category.schedule, year, period, day)


@transaction.atomic
def openness_publish(
    *,
    actor,
    union: Union,
    category: OpennessCategory,
    title: str,
    published_on: datetime.date,
    channel: str,
    year: int | None = None,
    period: int | None = None,
    event_on: datetime.date | None = None,
    content: str = "",
    channel_note: str = "",
    sitting=None,
    evidence=None,
    today: datetime.date | None = None,
) -> OpennessPublication:
    """Record that the employer published ``title`` for a period of ``category`` (or for an
    event), on ``published_on``, ``channel``; ``evidence`` a photo or PDF (the attachment
    store). A disclosure at the congress may name its ``sitting``."""
    require(actor, CHANGE, union=union)
    today = today or timezone.localdate()
    _cats, copied = _ensure(union, today)
    if category.union_id != union.pk:
        raise ValidationError({"category": ["请选择本工会的公开类别。"]})
    category = OpennessCategory.objects.get(pk=category.pk)
    if category.retired_on is not None:
        raise ValidationError({"category": ["这个类别已停用。"]})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ["请填写公开事项。"]})
    if channel not in OpennessChannel.values:
        raise ValidationError({"channel": ["请选择公开形式。"]})
    if sitting is not None and sitting.term.union_id != union.pk:
        raise ValidationError({"sitting": ["请选择本工会的职代会会次。"]})
    year, period, event_on, due = _period(
        category, year, period, event_on, published_on, today, queries.due_day(union)
    )
    stored: dict[str, Any] = {}
    if evidence is not None:
        try:
            sha, size, content_type, ext = store.store(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from None
        stored = {
            "evidence_name": store.safe_name(getattr(evidence, "name", ""), ext),
            "evidence_type": content_type,
            "evidence_size": size,
            "evidence_sha256": sha,
        }
    item = OpennessPublication.objects.create(
        union=union,
        category=category,
        year=year,
        period=period,
        event_on=event_on,
        title=title,
        content=(content or "").strip(),
        published_on=published_on,
        channel=channel,
        channel_note=(channel_note or "").strip(),
        sitting=sitting,
        due_on=due,
        recorded_by=person(actor),
        **stored,
    )
    audit.record(
        actor=person(actor),
        action="rights.openness_publish",
        obj=item,
        changes=_created(item, copied),
        union_id=union.pk,
    )
    return item


@transaction.atomic
def openness_withdraw(*, actor, publication: OpennessPublication, reason: str):
    """Withdraw a wrong record (kept and shown with its reason; no longer counted)."""
    require(actor, CHANGE, union=publication.union)
    item = OpennessPublication.objects.select_for_update().get(pk=publication.pk)
    if item.withdrawn_at is not None:
        raise ValidationError("这条记录已经撤回。")
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ValidationError({"reason": ["请写明撤回原因（不超过 200 字）。"]})
    before = audit.snapshot(item)
    item.withdrawn_at = timezone.now()
    item.withdrawn_by = person(actor)
    item.withdraw_reason = reason
    item.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit.record(
        actor=person(actor),
        action="rights.openness_withdraw",
        obj=item,
        before=before,
        union_id=item.union_id,
    )
    return item


@transaction.atomic
def openness_question_ask(
    *, actor, publication: OpennessPublication, text: str, member: Member | None = None
) -> OpennessQuestion:
    """A current member of the union asks about a published item (``actor=None``: the
    system on ``member``'s behalf, the demo)."""
    item = (
        OpennessPublication.objects.select_for_update()
        .select_related("union")
        .get(pk=publication.pk)
    )
    if actor is None:
        if member is None or member.union_id != item.union_id or not member.is_current:
            raise ValidationError("请指明提问的本工会会员。")
        who = member
    else:
        require(actor, "self.view", union=item.union)
        found = queries.own_member(actor, item.union)
        if found is None:
            raise PermissionDenied("只有本工会的在册会员可以对公开事项提问。")
        who = found
    if item.withdrawn_at is not None:
        raise ValidationError("这条公开记录已撤回，不能再提问。")
    text = (text or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise ValidationError({"text": [f"请写下您的问题（不超过 {MAX_TEXT} 字）。"]})
    try:
        with transaction.atomic():
            question = OpennessQuestion.objects.create(
                publication=item, union=item.union, member=who, text=text
            )
    except IntegrityError as exc:  # pragma: no cover - no unique rule today
        raise ValidationError("提问未能保存，请重试。") from exc
    audit.record(
        actor=person(actor), action="rights.openness_ask", obj=question, union_id=item.union_id
    )
    return question


@transaction.atomic
def openness_question_answer(*, actor, question: OpennessQuestion, answer: str):
    """The committee answers a question (once; a further word is a new question)."""
    require(actor, CHANGE, union=question.union)
    question = OpennessQuestion.objects.select_for_update().get(pk=question.pk)
    if question.answered_at is not None:
        raise ValidationError("这条提问已经答复过。")
    answer = (answer or "").strip()
    if not answer or len(answer) > MAX_TEXT:
        raise ValidationError({"answer": [f"请填写答复（不超过 {MAX_TEXT} 字）。"]})
    before = audit.snapshot(question)
    question.answer = answer
    question.answered_by = person(actor)
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    audit.record(
        actor=person(actor),
        action="rights.openness_answer",
        obj=question,
        before=before,
        union_id=question.union_id,
    )
    return question


@transaction.atomic
def openness_poll_create(
    *, actor, union: Union, year: int, sitting, on_paper: bool = False
) -> OpennessPoll:
    """The year's 满意度测评 at ``sitting``: a congress evaluation (secret ballot of the
    representatives present: 满意 / 基本满意 / 不满意) of each live category's openness.
    Needs ``rights.change`` here and ``congress.manage`` (checked by evaluation_create)."""
    from gonghui.congress.services.evaluation import evaluation_create

    require(actor, CHANGE, union=union)
    if sitting.term.union_id != union.pk:
        raise ValidationError({"sitting": ["请选择本工会的职代会会次。"]})
    if OpennessPoll.objects.filter(union=union, year=year).exists():
        raise ValidationError("本年度已设置公开满意度测评。")
    cats, copied = _ensure(union, timezone.localdate())
    subjects = [(f"{c.name}公开", "") for c in cats if c.retired_on is None]
    evaluation = evaluation_create(
        actor=actor,
        sitting=sitting,
        title=f"{year}年度{queries.word(union)}满意度测评",
        subjects=subjects,
        on_paper=on_paper,
    )
    poll = OpennessPoll.objects.create(
        union=union, year=year, evaluation=evaluation, created_by=person(actor)
    )
    audit.record(
        actor=person(actor),
        action="rights.openness_poll",
        obj=poll,
        changes=_created(poll, copied),
        union_id=union.pk,
    )
    return poll
