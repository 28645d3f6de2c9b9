"""Every write to a plan: creating, importing and copying it, its sections, items, targets and
the records linked to items. Each first checks ``plan.change`` on the plan's union
(``scoping.require``; the command line passes ``actor=None``, the operator) — recording a
download needs only ``plan.view`` — and writes its audit entry in the same transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from gonghui.core import audit, metrics, scoping
from gonghui.core.dates import add_years
from gonghui.orgs.models import Member, Union

from . import queries, recurrence
from .importer.model import ParsedPlan, ParsedTarget
from .models import (
    Item,
    ItemLink,
    ItemStatus,
    Op,
    OwnerRole,
    Plan,
    Section,
    SummaryText,
    Target,
)


def _check_union(union: Union) -> None:
    if union.is_federation:
        raise ValidationError("年度工作计划由基层工会制定，请切换到基层工会。")


def _year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise ValidationError("请填写年度，如 2026。") from exc
    if not 2000 <= year <= 2100:
        raise ValidationError("年度应在 2000 至 2100 之间。")
    return year


def _months(months) -> list[int]:
    try:
        values = sorted({int(m) for m in months or []})
    except (TypeError, ValueError) as exc:
        raise ValidationError("月份须为 1 至 12 的数字。") from exc
    if any(not 1 <= m <= 12 for m in values):
        raise ValidationError("月份须为 1 至 12 的数字。")
    return values


def _due(plan: Plan, due) -> datetime.date | None:
    if due in (None, ""):
        return None
    if isinstance(due, str):
        try:
            due = datetime.date.fromisoformat(due)
        except ValueError as exc:
            raise ValidationError(f"完成期限「{due}」不是日期，应如 2026-08-31。") from exc
    if due.year != plan.year:
        raise ValidationError(f"完成期限须在 {plan.year} 年内。")
    return due


def _value(value) -> Decimal:
    try:
        value = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"目标值「{value}」不是数字。") from exc
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValidationError("目标值超出范围。")
    return value.quantize(Decimal("0.01"))


def _target_fields(*, text: str, metric: str | None, op: str, value, unit: str) -> dict:
    metric = (metric or "").strip()
    known = metrics.get(metric) if metric else None
    if metric and known is None:
        raise ValidationError(f"没有名为「{metric}」的指标。")
    if op not in Op.values:
        raise ValidationError("比较方式只能是 ≥、＞、≤、＜ 或 ＝。")
    unit = (unit or "").strip()[:8]
    if known is not None and not unit:
        unit = known.unit
    return {
        "text": (text or "").strip()[:200],
        "metric": metric,
        "op": op,
        "value": _value(value),
        "unit": unit,
    }


# --- plans ------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, actor, union: Union, year: int, title: str = "", guiding_idea: str = "", source: str = ""
) -> Plan:
    scoping.require(actor, "plan.change", union=union)
    _check_union(union)
    year = _year(year)
    if Plan.objects.filter(union=union, year=year).exists():
        raise ValidationError(f"{union.name}已有 {year} 年度的工作计划。")
    plan = Plan.objects.create(
        union=union,
        year=year,
        title=(title or "").strip()[:200] or queries.default_title(union, year),
        guiding_idea=(guiding_idea or "").strip(),
        source=source[:200],
    )
    audit.record(actor=actor, action="plan.create", obj=plan)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, title: str, guiding_idea: str) -> Plan:
    scoping.require(actor, "plan.change", union=plan.union)
    before = audit.snapshot(plan)
    plan.title = (title or "").strip()[:200] or queries.default_title(plan.union, plan.year)
    plan.guiding_idea = (guiding_idea or "").strip()
    plan.save(update_fields=["title", "guiding_idea"])
    audit.record(actor=actor, action="plan.update", obj=plan, before=before)
    return plan


@transaction.atomic
def plan_import(
    *, actor, union: Union, year: int, parsed: ParsedPlan, source: str = "", replace: bool = False
) -> Plan:
    """Save what the importer read (a ``plans.importer.ParsedPlan``, possibly edited in the
    preview) as the union's plan for ``year``. ``replace`` swaps out an existing plan for the
    year, as long as none of its items has been started or linked to a record."""
    scoping.require(actor, "plan.change", union=union)
    _check_union(union)
    year = _year(year)
    old = Plan.objects.select_for_update().filter(union=union, year=year).first()
    if old is not None:
        if not replace:
            raise ValidationError(
                f"{union.name}已有 {year} 年度的工作计划《{old.title}》。如要用导入的内容替换，请选择“替换现有计划”。"
            )
        if queries.has_progress(old):
            raise ValidationError(
                f"《{old.title}》已有事项开始落实或关联了记录，不能整体替换；请在计划页逐项修改。"
            )
        audit.record(
            actor=actor,
            action="plan.replace",
            obj=old,
            changes={"items": [old.items.count(), None]},
        )
        old.delete()
    if not parsed.items:
        raise ValidationError("没有读出任何计划事项，请检查文本（每项以“1、”“（一）”等编号开头）。")
    plan = Plan.objects.create(
        union=union,
        year=year,
        title=(parsed.title or "").strip()[:200] or queries.default_title(union, year),
        guiding_idea=(parsed.guiding_idea or "").strip(),
        source=(source or "导入")[:200],
    )
    sections = [
        Section(plan=plan, order=i + 1, number=s.number[:16], title=s.title.strip()[:300] or "—")
        for i, s in enumerate(parsed.sections)
    ]
    Section.objects.bulk_create(sections)
    items: list[Item] = []
    targets: list[tuple[Item, ParsedTarget]] = []
    for i, p in enumerate(parsed.items):
        text = (p.text or "").strip()
        if not text:
            raise ValidationError(f"第 {i + 1} 项没有内容。")
        section = sections[p.section] if p.section is not None else None
        item = Item(
            plan=plan,
            section=section,
            order=i + 1,
            number=(p.number or "")[:16],
            text=text,
            months=_months(p.months),
            due=_due(plan, p.due),
            rrule=recurrence.clean(p.rrule or ""),
            in_schedule=bool(p.schedule),
        )
        items.append(item)
        targets.extend((item, t) for t in p.targets)
    Item.objects.bulk_create(items)
    Target.objects.bulk_create(
        Target(
            item=item,
            **_target_fields(text=t.text, metric=t.metric, op=t.op, value=t.value, unit=t.unit),
        )
        for item, t in targets
    )
    audit.record(
        actor=actor,
        action="plan.import",
        obj=plan,
        changes={"items": [None, len(items)], "targets": [None, len(targets)]},
    )
    return plan


@transaction.atomic
def plan_copy(*, actor, plan: Plan, year: int) -> Plan:
    """Next year's plan started as a copy of this one: sections, items, owners, recurrences
    and targets; deadlines move by the years between; statuses, notes and links stay behind."""
    scoping.require(actor, "plan.change", union=plan.union)
    year = _year(year)
    if year == plan.year:
        raise ValidationError("请选择另一个年度。")
    new = plan_create(
        actor=actor,
        union=plan.union,
        year=year,
        title=plan.title.replace(str(plan.year), str(year)),
        guiding_idea=plan.guiding_idea,
        source=f"复制自{plan.year}年计划",
    )
    new.copied_from = plan
    new.save(update_fields=["copied_from"])
    sections = {}
    for s in plan.sections.all():
        sections[s.pk] = Section.objects.create(
            plan=new, order=s.order, number=s.number, title=s.title
        )
    for item in plan.items.prefetch_related("targets"):
        copy = Item.objects.create(
            plan=new,
            section=None if item.section_id is None else sections.get(item.section_id),
            order=item.order,
            number=item.number,
            text=item.text,
            months=item.months,
            due=add_years(item.due, year - plan.year) if item.due else None,
            rrule=item.rrule,
            in_schedule=item.in_schedule,
            owner_role=item.owner_role,
            owner=item.owner if item.owner and item.owner.is_current else None,
        )
        Target.objects.bulk_create(
            Target(item=copy, text=t.text, metric=t.metric, op=t.op, value=t.value, unit=t.unit)
            for t in item.targets.all()
        )
    audit.record(
        actor=actor,
        action="plan.copy",
        obj=new,
        changes={"copied_from": [None, plan.pk]},
    )
    return new


@transaction.atomic
def plan_export(*, actor, plan: Plan, kind: str) -> None:
    """Record that the plan (``kind`` "plan": ``plan.download``) or its year-end summary
    ("summary": ``summary_export``) was downloaded, each under its own action. Entries
    before the two were told apart read ``plan.export``."""
    scoping.require(actor, "plan.view", union=plan.union)
    if kind != "plan":
        summary_export(actor=actor, union=plan.union, year=plan.year)
        return
    audit.record(
        actor=actor,
        action="plan.download",
        obj=plan,
        changes={"document": [None, f"{plan.year}年工作计划"]},
    )


# --- sections and items -----------------------------------------------------------------


@transaction.atomic
def section_save(
    *, actor, plan: Plan, section: Section | None = None, number: str = "", title: str
) -> Section:
    scoping.require(actor, "plan.change", union=plan.union)
    title = (title or "").strip()
    if not title:
        raise ValidationError("请填写这一部分的标题。")
    before = audit.snapshot(section) if section else None
    if section is None:
        last = plan.sections.aggregate(m=Max("order"))["m"] or 0
        section = Section(plan=plan, order=last + 1)
    elif section.plan_id != plan.pk:
        raise ValidationError("这一部分不属于该计划。")
    section.number, section.title = (number or "").strip()[:16], title[:300]
    section.save()
    audit.record(
        actor=actor,
        action="plan.section",
        obj=section,
        before=before,
        union_id=plan.union_id,
    )
    return section


def _owner(plan: Plan, owner: Member | None) -> Member | None:
    if owner is not None and owner.union_id != plan.union_id:
        raise ValidationError(f"{owner.name}不是{plan.union.name}的会员。")
    return owner


@transaction.atomic
def item_save(
    *,
    actor,
    plan: Plan,
    item: Item | None = None,
    text: str,
    section: Section | None = None,
    number: str = "",
    months=(),
    due=None,
    rrule: str = "",
    in_schedule: bool = False,
    owner_role: str = "",
    owner: Member | None = None,
    notes: str = "",
) -> Item:
    """Add an item to the plan or change one."""
    scoping.require(actor, "plan.change", union=plan.union)
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写事项内容。")
    if section is not None and section.plan_id != plan.pk:
        raise ValidationError("所选部分不属于该计划。")
    if owner_role and owner_role not in OwnerRole.values:
        raise ValidationError("请选择责任人的职务。")
    before = audit.snapshot(item) if item else None
    if item is None:
        last = plan.items.aggregate(m=Max("order"))["m"] or 0
        item = Item(plan=plan, order=last + 1)
    elif item.plan_id != plan.pk:
        raise ValidationError("该事项不属于这个计划。")
    item.text = text
    item.section = section
    item.number = (number or "").strip()[:16]
    item.months = _months(months)
    item.due = _due(plan, due)
    item.rrule = recurrence.clean(rrule)
    item.in_schedule = bool(in_schedule)
    if item.in_schedule and not item.months:
        raise ValidationError("列入月度安排的事项须选择月份。")
    item.owner_role = owner_role or ""
    item.owner = _owner(plan, owner)
    item.notes = (notes or "").strip()
    item.save()
    audit.record(
        actor=actor,
        action="plan.item_create" if before is None else "plan.item_update",
        obj=item,
        before=before,
        union_id=plan.union_id,
    )
    return item


@transaction.atomic
def item_delete(*, actor, item: Item) -> None:
    plan = item.plan
    scoping.require(actor, "plan.change", union=plan.union)
    if item.links.exists():
        raise ValidationError("该事项已关联落实记录，不能删除；可将其标为“已取消”。")
    audit.record(
        actor=actor,
        action="plan.item_delete",
        obj=item,
        changes={"text": [item.text, None]},
        union_id=plan.union_id,
    )
    item.delete()


AUTO = ""  # item_set_status(status=AUTO): the status is read from the records again


@transaction.atomic
def item_set_status(
    *,
    actor,
    item: Item,
    status: str,
    done_on: datetime.date | None = None,
    reason: str | None = None,
    notes: str | None = None,
) -> Item:
    """Set the item's status by hand — 未开始 / 进行中 / 已完成 (with the day) / 已取消 — over
    what its records say (``plans.status``), with the reason: required, except for 已完成,
    whose date says it (a cancelled item's reason may also be in its notes, as before).
    ``status=AUTO`` ("") gives the item back to its records."""
    plan = item.plan
    scoping.require(actor, "plan.change", union=plan.union)
    if status != AUTO and status not in ItemStatus.values:
        raise ValidationError("请选择事项状态。")
    before = audit.snapshot(item)
    reason = (reason or "").strip()[:300]
    if notes is not None:
        item.notes = notes.strip()
    if status == ItemStatus.DONE:
        if done_on is None:
            raise ValidationError("请填写完成日期。")
        if done_on.year not in (plan.year, plan.year + 1):
            raise ValidationError(f"完成日期应在 {plan.year} 年内（或次年初补记）。")
    else:
        done_on = None
    if status == ItemStatus.DROPPED and not (reason or item.notes.strip()):
        raise ValidationError("取消事项请写明原因。")
    if status in (ItemStatus.PLANNED, ItemStatus.DOING) and not reason:
        raise ValidationError(
            "手动设置状态请写明理由（如“活动记录在小组台账，未录入平台”）；"
            "不写理由时，状态按落实记录和目标数值自动判断。"
        )
    item.status = status or ItemStatus.PLANNED
    item.done_on = done_on
    item.status_by_hand = status != AUTO
    item.status_reason = reason if status != AUTO else ""
    item.save(update_fields=["status", "done_on", "notes", "status_by_hand", "status_reason"])
    audit.record(
        actor=actor,
        action="plan.item_status",
        obj=item,
        before=before,
        union_id=plan.union_id,
    )
    return item


# --- targets ----------------------------------------------------------------------------


@transaction.atomic
def target_save(
    *,
    actor,
    item: Item,
    target: Target | None = None,
    text: str = "",
    metric: str = "",
    op: str = Op.GE,
    value,
    unit: str = "",
) -> Target:
    plan = item.plan
    scoping.require(actor, "plan.change", union=plan.union)
    fields = _target_fields(text=text, metric=metric, op=op, value=value, unit=unit)
    before = audit.snapshot(target) if target else None
    if target is None:
        target = Target(item=item)
    elif target.item_id != item.pk:
        raise ValidationError("该目标不属于这个事项。")
    for name, value in fields.items():
        setattr(target, name, value)
    target.save()
    audit.record(
        actor=actor,
        action="plan.target",
        obj=target,
        before=before,
        union_id=plan.union_id,
    )
    return target


@transaction.atomic
def target_delete(*, actor, target: Target) -> None:
    plan = target.item.plan
    scoping.require(actor, "plan.change", union=plan.union)
    audit.record(
        actor=actor,
        action="plan.target_delete",
        obj=target,
        changes={"text": [str(target), None]},
        union_id=plan.union_id,
    )
    target.delete()


# --- links to the records that carried an item out --------------------------------------


@transaction.atomic
def item_link(*, actor, item: Item, obj, label: str, on: datetime.date) -> ItemLink:
    """Record that ``obj`` (a sitting, a voucher, a proposal…) carried the item out. The
    caller (``plans.links``) has checked that the record belongs to the plan's union."""
    plan = item.plan
    scoping.require(actor, "plan.change", union=plan.union)
    try:
        with transaction.atomic():
            link = ItemLink.objects.create(
                item=item,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                label=label[:200],
                linked_on=on,
            )
    except IntegrityError as exc:
        raise ValidationError(f"「{label}」已经关联到这个事项。") from exc
    audit.record(actor=actor, action="plan.link", obj=link, before=None, union_id=plan.union_id)
    return link


@transaction.atomic
def item_unlink(*, actor, link: ItemLink) -> None:
    plan = link.item.plan
    scoping.require(actor, "plan.change", union=plan.union)
    audit.record(
        actor=actor,
        action="plan.unlink",
        obj=link,
        changes={"label": [link.label, None]},
        union_id=plan.union_id,
    )
    link.delete()


# --- the year-end summary: the chair's edits of its paragraphs ----------------------------


@transaction.atomic
def summary_edit(
    *, actor, union: Union, year: int, key: str, text: str, draft: str
) -> SummaryText | None:
    """Keep the chair's wording of one paragraph of ``union``'s summary of ``year`` (under
    the paragraph's ``key``), with the generated ``draft`` it replaces, so that the page can
    say when the records have since changed it. Text equal to the draft keeps no edit. A
    grassroots union's summary needs ``plan.change``; a federation's, which its own staff
    write, ``org.change`` on the federation (``queries.summary_perm``)."""
    scoping.require(actor, queries.summary_perm(union), union=union)
    year = _year(year)
    key = (key or "").strip()[:80]
    text = (text or "").strip()
    if not key:
        raise ValidationError("请选择要修改的段落。")
    if not text:
        raise ValidationError("段落不能为空；要恢复系统生成的内容，请点“重新生成”。")
    row = SummaryText.objects.select_for_update().filter(union=union, year=year, key=key).first()
    if text == draft.strip():
        if row is not None:
            _summary_drop(actor, row)
        return None
    before = audit.snapshot(row) if row is not None else None
    if row is None:
        row = SummaryText(union=union, year=year, key=key)
    row.text, row.draft, row.edited_by = text, draft.strip(), scoping.person(actor)
    row.save()
    audit.record(
        actor=actor,
        action="plan.summary_edit",
        obj=row,
        before=before,
        union_id=union.pk,
    )
    return row


def _summary_drop(actor, row: SummaryText) -> None:
    audit.record(
        actor=actor,
        action="plan.summary_regenerate",
        obj=row,
        changes={"text": [row.text, None]},
        union_id=row.union_id,
    )
    row.delete()


@transaction.atomic
def summary_regenerate(*, actor, union: Union, year: int, key: str) -> bool:
    """Throw the chair's wording of one paragraph away, so that it is generated from the
    records again. The words thrown away stay in the audit entry. False when there was no
    edit."""
    scoping.require(actor, queries.summary_perm(union), union=union)
    row = SummaryText.objects.select_for_update().filter(union=union, year=year, key=key).first()
    if row is None:
        return False
    _summary_drop(actor, row)
    return True


@transaction.atomic
def summary_export(*, actor, union: Union, year: int) -> None:
    """Record that the summary of ``year`` was downloaded (a federation's has no plan)."""
    scoping.require(actor, "plan.view", union=union)
    audit.record(
        actor=actor,
        action="plan.summary_export",
        obj=union,
        changes={"document": [None, f"{year}年工作总结"]},
    )
