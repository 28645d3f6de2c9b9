"""Every write of 疗休养: the settings, the members' priority categories, a round, its fair
proposal (ranked in SQL and stored in one ``INSERT … SELECT``), the committee's adjustments
with their reasons, the 公示 of the list, the confirmation once the 公示 has cleared, who
went and who declined (the next in the proposal moves up), and the cost through one finance
voucher.

Each checks its actor first and writes one audit entry in the same transaction. Audit
entries carry states, counts, amounts and the committee's reasons — never a member's name
or categories: the trail is read by more people (``audit.view``) than the list is.

The flow of a round::

    拟定名单 ──公示──► 公示中 ──(closed 无异议 / 异议不成立)──确认──► 名单已确认 ──结算──► 费用已结算
        ▲                │                                          │ 参加 / 放弃 (→ 递补)
        └── 异议成立: adjust the list, publish again ──┘
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.core import services as core_services
from gonghui.core.queries_publicity import cleared, publicity_for
from gonghui.core.services_publicity import publicity_open
from gonghui.finance.models import PayForm
from gonghui.orgs.models import Member, MemberStatus, Union

from . import queries_rest as queries
from . import rules_rest as rules
from .models_rest import (
    EntryState,
    RestEntry,
    RestRound,
    RestRoundStatus,
    RestSettings,
    RestTag,
)
from .payments import Payee, payment_draft
from .services import ONLY_THIS_ROW, _money, _own

PUBLICITY_KIND = "care.rest"
# What a 疗休养 公示 shows, and nothing else: never health (因工负伤 and 康复 read 优先照顾),
# hardship, the years since a trip or the weights.
PUBLICITY_COLUMNS = ("序号", "姓名", "小组", "优先类别", "名单")
RESERVE_MAX = 10  # the candidates published after the list, who move up when someone declines
# 其他职工活动 (《工会会计制度》): the finance seed has no 疗休养 category of its own; a union
# that wants its caps checked on the voucher sets a spending rule on it (cap_day, cap_year).
CATEGORY = "50199"
NOTE_MAX = 300
GRASSROOTS = "疗休养由基层工会组织，请进入所属基层工会。"
LISTED_BASE = (
    f"疗休养须安排在上级工会公布的疗休养基地（依据：{rules.ANHUI}，含“皖美民宿”），"
    "请确认基地在名录内。"
)


def _today() -> datetime.date:
    return timezone.localdate()


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def _int(value: Any, label: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}请填写整数。") from None
    if not low <= number <= high:
        raise ValidationError(f"{label}应在 {low} 到 {high} 之间。")
    return number


# --- settings -------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "categories",
    "frontline_category",
    "retiring_category",
    "retire_age_male",
    "retire_age_female",
    "retiring_years",
    "cap_day",
    "max_days",
    "cap_year",
    "basis",
)
LABELS = {
    "retire_age_male": ("男职工退休年龄", 40, 70),
    "retire_age_female": ("女职工退休年龄", 40, 70),
    "retiring_years": ("即将退休年限", 0, 10),
    "max_days": ("每次最多天数", 1, 30),
}


def _clean_setting(field: str, value: Any):
    if field == "categories":
        return rules.parse_categories(value)
    if field in ("frontline_category", "retiring_category"):
        return _text(value, rules.NAME_MAX)
    if field in LABELS:
        return _int(value, *LABELS[field])
    if field == "basis":
        text = _text(value, 200)
        if not text:
            raise ValidationError("请填写标准的依据（文件名称和文号）。")
        return text
    label = "每人每天上限" if field == "cap_day" else "每人每年上限"
    amount = _money(value, label)
    if amount <= 0:
        raise ValidationError(f"{label}须大于 0。")
    return amount


def _check_derived(union: Union, fields: dict[str, Any]) -> None:
    """The categories the roster fills must be among the categories."""
    current = queries.settings_for(union)
    try:
        names = {
            c["name"] for c in rules.parse_categories(fields.get("categories", current.categories))
        }
    except ValidationError:
        return  # the field's own message says it
    problems = {}
    for field, label in (("frontline_category", "一线职工"), ("retiring_category", "即将退休")):
        name = _text(fields.get(field, getattr(current, field)), rules.NAME_MAX)
        if name and name not in names:
            problems[field] = (
                f"“{name}”不在优先类别中：请先在类别中列出，或留空（{label}不自动计入）。"
            )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def rest_settings_save(*, actor, union: Union, fields: dict[str, Any]) -> RestSettings:
    """Set the union's categories, weights, retirement ages and caps (its own row from then
    on); a federation's reach every union beneath it that has none of its own."""
    scoping.require(actor, "care.rules", union=union)
    _check_derived(union, fields)
    return core_services.union_settings_save(
        actor=actor,
        perm="care.rules",
        model=RestSettings,
        union=union,
        fields=fields,
        allowed=SETTINGS_FIELDS,
        clean=_clean_setting,
        action="care.rest_settings",
        source=queries.settings_for,
        copy=lambda field, value: [dict(c) for c in value] if isinstance(value, list) else value,
    )


# --- priority categories of members ---------------------------------------------------------


@transaction.atomic
def rest_tag_add(
    *, actor, union: Union, member: Member, category: str, year: int, reason: str = ""
) -> RestTag:
    """登记 a member's priority category (劳动模范 2024 …), with the year and the reason."""
    scoping.require(actor, "care.change", union=union)
    if union.is_federation:
        raise ValidationError(GRASSROOTS)
    member = Member.objects.get(pk=member.pk)
    if member.union_id != union.pk or not member.is_current:
        raise ValidationError({"member": f"「{member.name}」不是本会在册会员。"})
    names = [c["name"] for c in queries.settings_for(union).categories]
    category = _text(category, rules.NAME_MAX)
    if category not in names:
        raise ValidationError({"category": "请从疗休养设置的优先类别中选择。"})
    year = _int(year, "认定年度", 1950, _today().year)
    if RestTag.objects.filter(member=member, category=category, removed_at__isnull=True).exists():
        raise ValidationError({"category": f"「{member.name}」已登记为“{category}”。"})
    tag = RestTag.objects.create(
        union=union,
        member=member,
        category=category,
        year=year,
        reason=_text(reason, 200),
        created_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="care.rest_tag", obj=tag, changes={"year": [None, year]})
    return tag


@transaction.atomic
def rest_tag_remove(*, actor, tag: RestTag) -> RestTag:
    """取消 a category (kept, with when and by whom)."""
    scoping.require(actor, "care.change", union=tag.union)
    tag = RestTag.objects.select_for_update().get(pk=tag.pk)
    if tag.removed_at is not None:
        raise ValidationError("这一优先类别已经取消。")
    tag.removed_at, tag.removed_by = timezone.now(), scoping.person(actor)
    tag.save(update_fields=["removed_at", "removed_by"])
    audit.record(
        actor=actor,
        action="care.rest_tag_remove",
        obj=tag,
        changes={"removed_at": [None, tag.removed_at]},
    )
    return tag


# --- the round ------------------------------------------------------------------------------


def _round_problems(
    union,
    settings,
    *,
    year,
    name,
    base,
    base_listed,
    procurement_ref,
    starts_on,
    days,
    places,
    cost_per_day,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not 2000 <= year <= _today().year + 1:
        problems["year"] = f"年度应在 2000 到 {_today().year + 1} 之间。"
    if not name:
        problems["name"] = "请填写批次名称，如“2026年暑期疗休养（第一批）”。"
    elif RestRound.objects.filter(union=union, year=year, name=name).exists():
        problems["name"] = f"{year}年已有名为“{name}”的批次。"
    if not base:
        problems["base"] = "请填写疗休养基地。"
    elif not base_listed:
        problems["base_listed"] = LISTED_BASE
    if not procurement_ref:
        problems["procurement_ref"] = (
            "请填写采购程序（如采购编号、比选或会议纪要），依规履行采购程序。"
        )
    if starts_on is None:
        problems["starts_on"] = "请填写开始日期。"
    elif starts_on.year != year:
        problems["starts_on"] = f"开始日期须在 {year} 年内。"
    if not 1 <= places <= 10000:
        problems["places"] = "名额应在 1 到 10000 之间。"
    problems.update(rules.trip_problems(settings, cost_per_day=cost_per_day, days=days))
    return problems


def _month_end_before(day: datetime.date) -> datetime.date:
    return day.replace(day=1) - datetime.timedelta(days=1)


@transaction.atomic
def rest_round_create(
    *,
    actor,
    union: Union,
    year: int,
    name: str,
    base: str,
    base_listed: bool,
    procurement_ref: str,
    starts_on: datetime.date,
    days: int,
    places: int,
    cost_per_day,
    dues_until: datetime.date | None = None,
) -> RestRound:
    """A 疗休养批次 at a listed base (its 采购程序 recorded), within the caps of the
    settings: per day, days per trip, per person per year. ``dues_until`` (default: the end
    of last month): dues charged up to that day must be paid to take part."""
    scoping.require(actor, "care.change", union=union)
    if union.is_federation:
        raise ValidationError(GRASSROOTS)
    settings = queries.settings_for(union)
    problems: dict[str, str] = {}
    cost, numbers = Decimal("0.00"), {}
    try:
        cost = _money(cost_per_day, "每人每天费用")
    except ValidationError as exc:
        problems["cost_per_day"] = exc.messages[0]
    for field, value, label in (
        ("year", year, "年度"),
        ("days", days, "天数"),
        ("places", places, "名额"),
    ):
        try:
            numbers[field] = _int(value, label, 0, 100000)
        except ValidationError as exc:
            problems[field], numbers[field] = exc.messages[0], 0
    name, base = _text(name, 60), _text(base, 100)
    problems = (
        _round_problems(
            union,
            settings,
            name=name,
            base=base,
            base_listed=bool(base_listed),
            procurement_ref=_text(procurement_ref, 200),
            starts_on=starts_on,
            cost_per_day=cost,
            **numbers,
        )
        | problems
    )
    if problems:
        raise ValidationError(problems)
    year, days, places = numbers["year"], numbers["days"], numbers["places"]
    found = RestRound.objects.create(
        union=union,
        year=year,
        name=name,
        base=base,
        base_listed=True,
        procurement_ref=_text(procurement_ref, 200),
        starts_on=starts_on,
        days=days,
        places=places,
        cost_per_day=cost,
        dues_until=dues_until or _month_end_before(_today()),
        created_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="care.rest_round", obj=found)
    return found


def _locked(round: RestRound) -> RestRound:
    return (
        RestRound.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=round.pk)
    )


# --- the proposal ---------------------------------------------------------------------------

# The proposal's order (rules_rest.sort_key): never been first, then the longest since the
# last trip, the weight, seniority (unknown last), the member's number.
ORDER = (
    "CASE WHEN s.last_year IS NULL THEN 0 ELSE 1 END, s.last_year, {weight} DESC,"
    " CASE WHEN s.m_joined IS NULL THEN 1 ELSE 0 END, s.m_joined, s.m_id"
)


def _insert_ranked(round: RestRound, settings: RestSettings) -> int:
    """Every eligible member as a candidate, ranked by ``ROW_NUMBER()`` over the scored
    rows, in one ``INSERT … SELECT``; returns how many. The scored rows are a
    ``MATERIALIZED`` common table expression (SQLite ≥ 3.35, PostgreSQL ≥ 12): each
    member's subqueries run once, where a subquery in FROM would be flattened into the
    ranking and its mask computed again for every category's weight."""
    sql, params = queries.scored(round, settings).query.sql_with_params()
    weight = rules.weight_sql(list(settings.categories), "s.mask")
    q = connection.ops.quote_name
    columns = ["round_id", "union_id", "member_id", "year", "rank", "last_year", "weight"]
    columns += ["mask", "amount", "state", "reason"]
    statement = (
        f"WITH s AS MATERIALIZED ({sql})"
        f" INSERT INTO {q(RestEntry._meta.db_table)} ({', '.join(q(c) for c in columns)})"
        f" SELECT %s, %s, s.m_id, %s, ROW_NUMBER() OVER (ORDER BY {ORDER.format(weight=weight)}),"
        f" s.last_year, {weight}, s.mask, %s, %s, '' FROM s"
    )
    amount = connection.ops.adapt_decimalfield_value(round.cost, 14, 2)
    head = [round.pk, round.union_id, round.year, amount, EntryState.CANDIDATE]
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *head])
    # counted, not cursor.rowcount: Python's sqlite3 reports -1 for a statement led by WITH
    return RestEntry.objects.filter(round=round).count()


def _adjustable(round: RestRound) -> None:
    """The list may change while it is drafted, or after a 公示 that ended with an objection
    upheld (the list is corrected, then published again)."""
    if round.status == RestRoundStatus.DRAFT:
        return
    item = publicity_for(round)
    upheld = item is not None and item.status == "closed" and not cleared(item)
    if round.status == RestRoundStatus.PUBLICITY and upheld:
        round.status = RestRoundStatus.DRAFT
        round.save(update_fields=["status"])
        return
    if round.status == RestRoundStatus.PUBLICITY:
        raise ValidationError("名单正在公示或已公示无异议，不能再调整。")
    raise ValidationError(f"本批次{round.get_status_display()}，不能再调整名单。")


@transaction.atomic
def rest_propose(*, actor, round: RestRound) -> RestRound:
    """拟定推荐名单: every eligible member (在会, dues paid up to ``dues_until``, room left
    under the yearly cap) ranked — never been or longest since the last trip first, then the
    categories' weight, seniority, the member's number — and the first ``places`` put on the
    list. Proposing again (while drafting) starts over: earlier adjustments are dropped."""
    scoping.require(actor, "care.change", union=round.union)
    round = _locked(round)
    if round.status != RestRoundStatus.DRAFT:
        raise ValidationError(f"本批次{round.get_status_display()}，不能重新拟定名单。")
    settings = queries.settings_for(round.union)
    dropped = RestEntry.objects.filter(round=round).exclude(reason="").count()
    RestEntry.objects.filter(round=round).delete()
    eligible = _insert_ranked(round, settings)
    # (round, state, rank): the index's range, not a pass over every candidate
    first = RestEntry.objects.filter(
        round=round, state=EntryState.CANDIDATE, rank__lte=round.places
    )
    listed = first.update(state=EntryState.LISTED)
    round.categories = [dict(c) for c in settings.categories]
    round.n_eligible = eligible
    # who was left out: over the yearly cap (counted once, dues or not), else dues unpaid —
    # by difference, so finance's arrears query runs once, inside the ranking
    round.n_over_cap = queries.over_cap_count(round, settings)
    round.n_arrears = max(queries.active_count(round) - eligible - round.n_over_cap, 0)
    round.proposed_at, round.proposed_by = timezone.now(), scoping.person(actor)
    round.save()
    changes = {"eligible": [None, eligible], "listed": [None, listed]}
    if dropped:
        changes["dropped"] = [dropped, 0]
    audit.record(actor=actor, action="care.rest_propose", obj=round, changes=changes)
    return round


def _reason(reason: Any, what: str) -> str:
    text = _text(reason, NOTE_MAX)
    if not text:
        raise ValidationError({"reason": f"请填写{what}的理由（记入审计日志）。"})
    return text


def _entry(entry: RestEntry, *states: str) -> RestEntry:
    found = (
        RestEntry.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("member")
        .get(pk=entry.pk)
    )
    if found.state not in states:
        wanted = "、".join(str(EntryState(s).label) for s in states)
        raise ValidationError(
            f"该会员在名单中为“{found.get_state_display()}”，此操作只能在“{wanted}”时办理。"
        )
    return found


def _cap_check(round: RestRound, member: Member) -> None:
    settings = queries.settings_for(round.union)
    before = queries.spent_in_year(member, round.year, besides=round)
    problem = rules.over_year(settings, before=before, cost=round.cost)
    if problem:
        raise ValidationError({"member": f"「{member.name}」{problem}"})


def _set(entry: RestEntry, actor, state: str, reason: str) -> str:
    before = entry.state
    entry.state, entry.reason = state, reason
    entry.changed_by, entry.changed_at = scoping.person(actor), timezone.now()
    entry.save(update_fields=["state", "reason", "changed_by", "changed_at"])
    return before


@transaction.atomic
def rest_entry_add(*, actor, round: RestRound, member: Member, reason: str) -> RestEntry:
    """增补 a member onto the list, with the reason: one of the proposal's candidates (or
    one taken off earlier), within the places and the yearly cap."""
    scoping.require(actor, "care.change", union=round.union)
    round = _locked(round)
    _adjustable(round)
    reason = _reason(reason, "增补")
    if round.proposed_at is None:
        raise ValidationError("请先拟定推荐名单，再调整。")
    entry = RestEntry.objects.filter(round=round, member_id=member.pk).first()
    if entry is None:
        raise ValidationError(
            {
                "member": f"「{member.name}」不符合本批次参加条件（须为在职会员、会费已缴清，"
                "且本年度疗休养费用未达上限）。"
            }
        )
    entry = _entry(entry, EntryState.CANDIDATE, EntryState.REMOVED)
    taken = queries.listed_count(round)
    if taken >= round.places:
        raise ValidationError(
            f"名额已满（共 {round.places} 个，名单已有 {taken} 人）：请先调出一人，再增补。"
        )
    _cap_check(round, entry.member)
    before = _set(entry, actor, EntryState.LISTED, reason)
    audit.record(
        actor=actor,
        action="care.rest_add",
        obj=entry,
        changes={"state": [before, entry.state], "reason": [None, reason]},
    )
    return entry


@transaction.atomic
def rest_entry_remove(*, actor, entry: RestEntry, reason: str) -> RestEntry:
    """调出 a member from the list, with the reason (the entry stays, 调出)."""
    scoping.require(actor, "care.change", union=entry.union)
    _adjustable(_locked(entry.round))
    reason = _reason(reason, "调出")
    entry = _entry(entry, EntryState.LISTED)
    before = _set(entry, actor, EntryState.REMOVED, reason)
    audit.record(
        actor=actor,
        action="care.rest_remove",
        obj=entry,
        changes={"state": [before, entry.state], "reason": [None, reason]},
    )
    return entry


# --- 公示, confirmation, attendance ---------------------------------------------------------


def _publicity_table(round: RestRound) -> list[list[str]]:
    listed, spare = queries.publicity_rows(round, min(round.places, RESERVE_MAX))
    categories = round.categories
    rows = []
    for number, (entry, label) in enumerate(
        [(e, "入选") for e in listed] + [(e, f"候补{i}") for i, e in enumerate(spare, 1)],
        start=1,
    ):
        member = entry.member
        names = rules.names_of(entry.mask, categories, public_only=True)
        rows.append(
            [
                str(number),
                member.name,
                member.group.name if member.group is not None else "—",
                "、".join(names) or "—",
                label,
            ]
        )
    return rows


@transaction.atomic
def rest_publicize(
    *, actor, round: RestRound, workdays: int | None = None, today: datetime.date | None = None
) -> RestRound:
    """公示 of the list and the first candidates (core 公示, kind ``care.rest``): number,
    name, group, the public categories and 入选/候补 — nothing else."""
    scoping.require(actor, "care.change", union=round.union)
    round = _locked(round)
    today = today or _today()
    if round.status == RestRoundStatus.PUBLICITY:
        _adjustable(round)  # a new 公示 only after an objection upheld
    elif round.status != RestRoundStatus.DRAFT:
        raise ValidationError(f"本批次{round.get_status_display()}，不能再公示。")
    if round.proposed_at is None:
        raise ValidationError("请先拟定推荐名单。")
    listed = queries.listed_count(round)
    if not listed:
        raise ValidationError("名单为空，无需公示。")
    rows = _publicity_table(round)
    publicity_open(
        actor=actor,
        union=round.union,
        kind=PUBLICITY_KIND,
        title=f"{round.union.name}{round.name}名单公示",
        columns=PUBLICITY_COLUMNS,
        rows=rows,
        body=(
            f"{round.name}：{round.base}，{round.starts_on:%Y年%-m月%-d日}起 {round.days} 天，"
            f"名额 {round.places} 人。名单按“从未参加或距上次疗休养最久的优先，再按优先类别、"
            "入会时间”排序，经工会委员会研究确定；入选人员放弃的，由候补人员依次递补。"
            "如有异议，请在公示期内通过本平台实名提出（仅工会委员会可见）。"
        ),
        subject=round,
        workdays=workdays,
        starts_on=today if actor is None else None,
        today=today,
    )
    before = round.status
    round.status = RestRoundStatus.PUBLICITY
    round.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="care.rest_publicize",
        obj=round,
        changes={"status": [before, round.status], "published": [None, len(rows)]},
    )
    return round


def _cleared(round: RestRound) -> None:
    if round.status != RestRoundStatus.PUBLICITY:
        raise ValidationError(f"本批次{round.get_status_display()}，不是待确认的公示名单。")
    item = publicity_for(round)
    if cleared(item):
        return
    if item is not None and item.status == "open":
        waiting = item.objections.filter(answered_at__isnull=True).count()
        if waiting:
            raise ValidationError(
                f"公示还有 {waiting} 条异议未答复：答复异议、公示期满并结束公示后才能确认名单。"
            )
        raise ValidationError(
            f"名单公示至 {item.ends_on:%Y年%-m月%-d日}，期满并结束公示（无异议或异议不成立）后"
            "才能确认名单。"
        )
    raise ValidationError("公示结果为异议成立：请调整名单后重新公示。")


@transaction.atomic
def rest_confirm(*, actor, round: RestRound) -> RestRound:
    """确认名单 after the 公示 closed 无异议 or 异议不成立 (an objection still open blocks it)."""
    scoping.require(actor, "care.change", union=round.union)
    round = _locked(round)
    _cleared(round)
    round.status = RestRoundStatus.CONFIRMED
    round.confirmed_at, round.confirmed_by = timezone.now(), scoping.person(actor)
    round.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    audit.record(
        actor=actor,
        action="care.rest_confirm",
        obj=round,
        changes={"status": [RestRoundStatus.PUBLICITY, round.status]},
    )
    return round


def _attending(entry: RestEntry) -> RestRound:
    round = _locked(entry.round)
    if round.status != RestRoundStatus.CONFIRMED:
        raise ValidationError("名单确认后才能登记参加或放弃。")
    return round


@transaction.atomic
def rest_entry_take(*, actor, entry: RestEntry) -> RestEntry:
    """参加: the member went (their trip history: years since the last trip)."""
    scoping.require(actor, "care.change", union=entry.union)
    _attending(entry)
    entry = _entry(entry, EntryState.LISTED)
    before = _set(entry, actor, EntryState.TAKEN, entry.reason)
    audit.record(
        actor=actor, action="care.rest_take", obj=entry, changes={"state": [before, entry.state]}
    )
    return entry


def _move_up(round: RestRound, actor, freed: RestEntry) -> RestEntry | None:
    """The next candidate by rank who is still 在会 and within the yearly cap, onto the list."""
    settings = queries.settings_for(round.union)
    for candidate in queries.next_candidates(round).select_for_update(of=ONLY_THIS_ROW):
        if candidate.member.status != MemberStatus.ACTIVE:
            continue
        before = queries.spent_in_year(candidate.member, round.year, besides=round)
        if rules.over_year(settings, before=before, cost=round.cost):
            continue
        reason = f"递补（第 {freed.rank} 名放弃）"
        old = _set(candidate, actor, EntryState.LISTED, reason)
        audit.record(
            actor=actor,
            action="care.rest_replace",
            obj=candidate,
            changes={"state": [old, candidate.state], "reason": [None, reason]},
        )
        return candidate
    return None


@transaction.atomic
def rest_entry_decline(*, actor, entry: RestEntry, reason: str = "") -> RestEntry | None:
    """放弃, by the committee or by the member on their phone (我的疗休养): the place goes to
    the next in the proposal (returned; None when nobody is left who can go)."""
    if not _own(actor, entry.member):
        scoping.require(actor, "care.change", union=entry.union)
    round = _attending(entry)
    entry = _entry(entry, EntryState.LISTED)
    reason = _text(reason, NOTE_MAX) or "本人放弃"
    before = _set(entry, actor, EntryState.DECLINED, reason)
    audit.record(
        actor=actor,
        action="care.rest_decline",
        obj=entry,
        changes={"state": [before, entry.state], "reason": [None, reason]},
    )
    return _move_up(round, actor, entry)


# --- the cost -------------------------------------------------------------------------------


@transaction.atomic
def rest_pay(
    *, actor, round: RestRound, insured: bool, date: datetime.date | None = None
) -> RestRound:
    """结算: one draft expense voucher (其他职工活动), one share per participant — the
    place's cost, event key ``care.rest:<round>`` and the round's days, so a spending rule
    per day or per year checks it when the treasurer submits it (``care.payments``)."""
    scoping.require(actor, "care.change", union=round.union)
    round = _locked(round)
    if round.status == RestRoundStatus.PAID:
        raise ValidationError("本批次费用已结算，请勿重复结算。")
    if round.status != RestRoundStatus.CONFIRMED:
        raise ValidationError("名单确认、疗休养结束后才能结算费用。")
    if not insured:
        raise ValidationError(
            {"insured": f"须为参加人员购买人身意外险（依据：{rules.ANHUI}），请确认已购买。"}
        )
    waiting = RestEntry.objects.filter(round=round, state=EntryState.LISTED).count()
    if waiting:
        raise ValidationError(f"还有 {waiting} 人未登记参加或放弃，登记后再结算。")
    taken = list(
        RestEntry.objects.filter(round=round, state=EntryState.TAKEN)
        .select_related("member")
        .order_by("rank")
    )
    if not taken:
        raise ValidationError("没有参加人员，无需结算。")
    shares = payment_draft(
        actor=actor,
        union=round.union,
        category=CATEGORY,
        payees=[Payee(e.member, e.amount, f"care.rest:{round.pk}") for e in taken],
        date=date or _today(),
        summary=f"{round.name}（{round.base}）疗休养费用",
        event="疗休养",
        pay_form=PayForm.TRANSFER,
        days=round.days,
        source=str(round),
    )
    for entry, share in zip(taken, shares, strict=True):
        entry.voucher_share = share
    RestEntry.objects.bulk_update(taken, ["voucher_share"])
    round.status, round.insured = RestRoundStatus.PAID, True
    round.paid_on, round.paid_by = date or _today(), scoping.person(actor)
    round.save(update_fields=["status", "insured", "paid_on", "paid_by"])
    total = sum((e.amount for e in taken), start=Decimal("0.00"))
    audit.record(
        actor=actor,
        action="care.rest_pay",
        obj=round,
        changes={
            "status": [RestRoundStatus.CONFIRMED, round.status],
            "paid": [None, f"{len(taken)} 人 {total:.2f} 元"],
        },
    )
    return round
