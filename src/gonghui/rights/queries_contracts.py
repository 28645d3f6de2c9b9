"""Reads of the collective-contract procedure: the scoped getters of its pages, the current
representatives, the contract's deadlines (each from ``contract_clock``) with what is late,
the status a page shows (in force is a matter of dates, not of a stored stage), and the
querysets of its 待办 and reminders.

Deadlines that end on a rest day move to the next working day, so a due date cannot be
computed in SQL; but each is a non-decreasing function of the date it counts from, so "due
by ``limit``" is "counted from a day no later than ``latest_start(...)``" — a plain date
comparison the database can do, exact on every boundary (:func:`latest_start`). The
union's setting is read in the same statement, and the threshold of each value it may take
is a branch of a CASE (:func:`due_querysets`): the 待办 costs no query of its own.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    DateField,
    Exists,
    Expression,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from gonghui.congress.models import CongressTerm, Sitting, SittingStatus
from gonghui.core import union_settings
from gonghui.core.dates import add_months
from gonghui.core.queries import get_scoped
from gonghui.orgs.models import Union

from . import contract_clock as clock
from .models import RightsSettings
from .models_contracts import (
    CollectiveContract,
    ContractDraft,
    ContractReport,
    ContractRepresentative,
    ContractStage,
    DraftState,
    NegotiationSession,
    OfferSide,
)

S = ContractStage
VIEW = "rights.view"
MISSING = "没有这份集体合同，或您无权查看。"
# How far ahead a deadline shows on the 工作台 (and is reminded).
SOON_DAYS = 7


# --- getters --------------------------------------------------------------------------------


def get_contract(user, pk: int, perm: str = VIEW) -> CollectiveContract:
    return get_scoped(
        CollectiveContract.objects.select_related("union", "predecessor"),
        user,
        perm,
        union="union",
        missing=MISSING,
        pk=pk,
    )


def get_session(user, pk: int, perm: str = VIEW) -> NegotiationSession:
    return get_scoped(
        NegotiationSession.objects.select_related("contract__union"),
        user,
        perm,
        union="contract.union",
        missing="没有这次协商会议，或您无权查看。",
        pk=pk,
    )


def get_representative(user, pk: int, perm: str = VIEW) -> ContractRepresentative:
    return get_scoped(
        ContractRepresentative.objects.select_related("contract__union"),
        user,
        perm,
        union="contract.union",
        missing="没有这名协商代表，或您无权查看。",
        pk=pk,
    )


def get_draft(user, pk: int, perm: str = VIEW) -> ContractDraft:
    return get_scoped(
        ContractDraft.objects.select_related("contract__union", "poll"),
        user,
        perm,
        union="contract.union",
        missing="没有这份草案，或您无权查看。",
        pk=pk,
    )


def contracts_of(union: Union) -> QuerySet[CollectiveContract]:
    return CollectiveContract.objects.filter(union=union).select_related("predecessor")


# --- the procedure's facts ------------------------------------------------------------------


def current_representatives(
    contract: CollectiveContract, on: datetime.date | None = None
) -> QuerySet[ContractRepresentative]:
    """The representatives in office (on ``on``: appointed by then and not yet left)."""
    reps = ContractRepresentative.objects.filter(contract=contract)
    if on is None:
        return reps.filter(left_on=None)
    return reps.filter(appointed_on__lte=on).filter(Q(left_on=None) | Q(left_on__gt=on))


def passed_on(contract: CollectiveContract) -> datetime.date | None:
    """The day the 职代会 passed the contract's current draft (its poll's close)."""
    from django.utils import timezone

    draft = (
        contract.drafts.filter(state=DraftState.PASSED, poll__closed_at__isnull=False)
        .select_related("poll")
        .order_by("-version")
        .first()
    )
    if draft is None or draft.poll is None or draft.poll.closed_at is None:
        return None
    return timezone.localdate(draft.poll.closed_at)


def next_chair(contract: CollectiveContract) -> str:
    """The side to chair the next session: the other one than last time (第三十四条: chaired
    alternately), the side that made the offer first."""
    last = contract.sessions.order_by("-number").values_list("chaired_by", flat=True).first()
    if last is None:
        return contract.offer_side
    return OfferSide.EMPLOYER if last == OfferSide.WORKERS else OfferSide.WORKERS


def open_sittings(contract: CollectiveContract) -> QuerySet[Sitting]:
    """The sittings a draft may be put to: not closed, of the union's current terms."""
    terms = CongressTerm.objects.filter(union=contract.union_id, closed_on=None)
    return (
        Sitting.objects.filter(term__in=terms)
        .exclude(status=SittingStatus.CLOSED)
        .select_related("term")
        .order_by("date", "number")
    )


def in_force(today: datetime.date) -> Q:
    """Contracts in force on ``today`` (for a queryset of CollectiveContract): submitted,
    effective by then and not expired — and not ended before it."""
    return Q(stage=S.SUBMITTED, effective_on__lte=today, expires_on__gte=today) | Q(
        stage=S.ENDED, effective_on__lte=today, ended_on__gt=today
    )


def status(contract: CollectiveContract, today: datetime.date) -> tuple[str, str]:
    """What the page says the contract is, and a colour: in force and expiry are dates."""
    if contract.stage == S.SUBMITTED and contract.effective_on is not None:
        if today < contract.effective_on:
            return f"审查期内，无异议将于 {contract.effective_on:%Y-%m-%d} 生效", "info"
        if contract.expires_on is not None and today > contract.expires_on:
            return f"已期满（{contract.expires_on:%Y-%m-%d}）", "secondary"
        return f"已生效（{contract.effective_on:%Y-%m-%d} 起）", "success"
    colours: dict[str, str] = {S.ENDED: "secondary", S.ABANDONED: "secondary", S.VOTING: "warning"}
    return contract.get_stage_display(), colours.get(contract.stage, "primary")


# --- deadlines ------------------------------------------------------------------------------


@dataclass
class Deadline:
    key: str
    label: str
    due: datetime.date
    done_on: datetime.date | None = None
    note: str = ""
    info: bool = False  # shown, nobody has to meet it (any more)

    def state(self, today: datetime.date) -> str:
        """done / late (done after the due day) / overdue / soon / open / info."""
        if self.done_on is None and (self.info or self.key in INFO):
            return "info"
        if self.done_on is not None:
            return "late" if self.done_on > self.due else "done"
        if today > self.due:
            return "overdue"
        if (self.due - today).days <= SOON_DAYS:
            return "soon"
        return "open"


# Dates shown beside the deadlines that nobody has to meet: the department's review period
# passing without an objection is the contract taking effect, not a delay of the union's.
INFO = {"effective", "expires", "renewal", "review"}


def _last_report(contract: CollectiveContract, reports: list[ContractReport]) -> datetime.date:
    assert contract.effective_on is not None
    return max([contract.effective_on, *(r.reported_on for r in reports)])


def deadlines(
    contract: CollectiveContract,
    settings: RightsSettings,
    today: datetime.date,
    *,
    reps: list[ContractRepresentative],
    reports: list[ContractReport],
    review_on: datetime.date | None = None,
) -> list[Deadline]:
    """Every computed date of the contract, in the order of the procedure."""
    # once negotiation has begun without a recorded reply, the reply is no longer awaited
    moot = contract.replied_on is None and contract.stage != S.OFFERED
    out = [
        Deadline(
            "reply",
            "书面答复要约",
            clock.reply_due(contract.offer_delivered_on, settings),
            contract.replied_on,
            "《集体合同规定》第三十二条" + ("；未登记书面答复，已开始协商" if moot else ""),
            info=moot,
        )
    ]
    for r in reps:
        if r.left_on is not None:
            successor = next((x for x in reps if x.replaces_id == r.pk), None)
            out.append(
                Deadline(
                    f"refill-{r.pk}",
                    f"补齐协商代表（{r.name}离任）",
                    clock.refill_due(r.left_on, settings),
                    successor.appointed_on if successor else None,
                    "第三十一条",
                )
            )
    if contract.recorded:  # 补录: its procedure happened before the platform
        out = []
    elif contract.signed_on is not None:
        out.append(
            Deadline(
                "submit",
                "报送人社部门审查",
                clock.submit_due(contract.signed_on, settings),
                contract.submitted_on,
                "第四十二条",
            )
        )
    if contract.received_on is not None and contract.effective_on is not None:
        out.append(
            Deadline(
                "review",
                "人社部门提出审查意见的期限",
                clock.review_due(contract.received_on, settings),
                review_on,
                "第四十五、四十七条：期内无异议即生效",
            )
        )
    if contract.effective_on is not None:
        out.append(Deadline("effective", "生效日期", contract.effective_on, None, "第四十七条"))
        if not contract.recorded or contract.published_on:
            out.append(
                Deadline(
                    "publish",
                    "向全体职工公布",
                    clock.publish_due(contract.effective_on, settings),
                    contract.published_on,
                    "第四十八条",
                )
            )
        if contract.stage == S.SUBMITTED:
            last = _last_report(contract, reports)
            out.append(
                Deadline(
                    "report",
                    "下次履约检查报告",
                    clock.performance_report_due(last, settings),
                    None,
                    "每年至少向职代会报告一次",
                )
            )
        if contract.expires_on is not None:
            out.append(
                Deadline(
                    "renewal",
                    "续订窗口开启",
                    clock.renewal_opens(contract.expires_on, settings),
                    None,
                    "第三十八条：期满前三个月内可提出续订",
                )
            )
            out.append(Deadline("expires", "期满日期", contract.expires_on, None, "第三十八条"))
    return out


# --- 待办 and reminders ----------------------------------------------------------------------


def latest_start(
    due: Callable[[datetime.date], datetime.date], limit: datetime.date, guess: datetime.date
) -> datetime.date:
    """The latest day ``d`` with ``due(d) <= limit``, for a ``due`` that never decreases
    (a period end moved past rest days; a date some months on), walking from ``guess``."""
    day = guess
    while due(day) > limit:
        day -= datetime.timedelta(days=1)
    # A period of months can end on the same day from a later start (31 May - 3 months
    # = 28 Feb = 30 May - 3 months): walk forward while it still fits.
    while due(day + datetime.timedelta(days=1)) <= limit:
        day += datetime.timedelta(days=1)
    return day


class _Days:
    """A period of N days: its latest start for a limit (the due day is at least start + N,
    so the walk begins at limit - N and takes a few steps past rest days)."""

    def __init__(self, fn: Callable[[datetime.date, int], datetime.date]):
        self.fn = fn

    def latest(self, n: int, limit: datetime.date) -> datetime.date:
        return latest_start(lambda d: self.fn(d, n), limit, limit - datetime.timedelta(days=n))


class _Months(_Days):
    def latest(self, n: int, limit: datetime.date) -> datetime.date:
        return latest_start(lambda d: self.fn(d, n), limit, add_months(limit, -n))


class _Before(_Days):
    """A window opening ``n`` months before a day: the latest day whose window has opened
    by the limit (day - n months <= limit)."""

    def latest(self, n: int, limit: datetime.date) -> datetime.date:
        return latest_start(lambda d: add_months(d, -n), limit, add_months(limit, n))


# field of RightsSettings: (how its deadline is counted, its allowed values)
CLOCKS: dict[str, tuple[_Days, range]] = {
    "offer_reply_days": (_Days(clock.period_end), range(1, 61)),
    "seat_refill_days": (_Days(clock.period_end), range(1, 61)),
    "submit_days": (_Days(clock.period_end), range(1, 61)),
    "publish_days": (_Days(clock.period_end), range(1, 61)),
    "performance_report_months": (_Months(add_months), range(1, 25)),
    # the window opens ``n`` months before expiry: due(d) = d - n months
    "renewal_months": (_Before(add_months), range(1, 13)),
}


@functools.lru_cache(maxsize=64)
def _thresholds(field: str, limit: datetime.date) -> tuple[tuple[int, datetime.date], ...]:
    how, values = CLOCKS[field]
    return tuple((n, how.latest(n, limit)) for n in values)


class _Pick(Expression):
    """``CASE <value> WHEN n1 THEN r1 WHEN n2 THEN r2 … END``: SQL's simple CASE, which
    computes ``value`` once. Django's ``Case`` repeats its value in every ``WHEN``: sixty
    copies of the settings subquery per deadline made the 工作台's one query take 0.4 s to
    compile. The branches are plain values, written as parameters: only ``value`` is an
    expression to resolve."""

    def __init__(self, value, pairs, output_field):
        super().__init__(output_field=output_field)
        self.value = value
        self.pairs = tuple(pairs)

    def get_source_expressions(self):
        return [self.value]

    def set_source_expressions(self, exprs):
        (self.value,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.value)
        out = [*params]
        for n, r in self.pairs:
            out += [n, self.output_field.get_db_prep_value(r, connection)]
        whens = " ".join("WHEN %s THEN %s" for _ in self.pairs)
        return f"CASE {sql} {whens} END", out


def _due_by(union: Union, field: str, limit: datetime.date):
    """The latest start day whose deadline (by the union's setting ``field``) falls on or
    before ``limit``: the setting read once, in the query, and each of its allowed values'
    day a branch."""
    return _Pick(
        union_settings.inherited_value(RightsSettings, union, field),
        _thresholds(field, limit),
        DateField(),
    )


def due_querysets(union: Union, today: datetime.date) -> dict[str, QuerySet]:
    """The contracts (and vacant seats) of ``union`` with a deadline passed or due within
    :data:`SOON_DAYS` days, or whose renewal window is open with no renewal begun. Each a
    plain queryset of no query of its own: the union's settings are a subquery and every
    possible value's threshold day a CASE, so the 工作台 counts them with the other
    sources' in its one query."""
    limit = today + datetime.timedelta(days=SOON_DAYS)
    contracts = CollectiveContract.objects.filter(union=union)
    reps = ContractRepresentative.objects.filter(
        contract__union=union,
        contract__stage__in=(S.OFFERED, S.NEGOTIATING, S.VOTING, S.APPROVED, S.SIGNED),
    )

    last_report = Subquery(
        ContractReport.objects.filter(contract=OuterRef("pk"))
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )
    successor = CollectiveContract.objects.filter(predecessor=OuterRef("pk")).exclude(
        stage=S.ABANDONED
    )
    return {
        "reply": contracts.filter(stage=S.OFFERED, replied_on=None).filter(
            offer_delivered_on__lte=_due_by(union, "offer_reply_days", limit)
        ),
        "refill": reps.filter(left_on__isnull=False)
        .filter(left_on__lte=_due_by(union, "seat_refill_days", limit))
        .exclude(Exists(ContractRepresentative.objects.filter(replaces=OuterRef("pk")))),
        "submit": contracts.filter(stage=S.SIGNED).filter(
            signed_on__lte=_due_by(union, "submit_days", limit)
        ),
        "publish": contracts.filter(stage=S.SUBMITTED, published_on=None, recorded=False).filter(
            effective_on__lte=_due_by(union, "publish_days", limit)
        ),
        "report": contracts.filter(stage=S.SUBMITTED, expires_on__gte=today)
        .annotate(_last=Coalesce(last_report, "effective_on"))
        .filter(_last__lte=_due_by(union, "performance_report_months", limit)),
        "renewal": contracts.filter(stage=S.SUBMITTED, expires_on__gte=today)
        .filter(expires_on__lte=_due_by(union, "renewal_months", today))
        .exclude(Exists(successor)),
    }


DUE_LABELS = {
    "reply": "要约待书面答复",
    "refill": "协商代表出缺待补齐",
    "submit": "已签字的集体合同待报送审查",
    "publish": "已生效的集体合同待公布",
    "report": "集体合同履约检查待报告",
    "renewal": "集体合同进入续订期",
}
