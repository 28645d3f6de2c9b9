"""What the 工作台 costs: each registered 待办 source (``core.todo``) and panel
(``core.panels``) answers in a fixed number of queries, the same with 2 open items as with 20,
and the whole page stays within 15 queries. A module that registers a new source adds its row
to ``COST`` (the first test fails until it does) and a ``grow`` that opens its items.

Also here: a plan target's figure is computed once per request (``core.metrics``' memo) and
kept until the next audited write when the cache is on (it is off in tests by default)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.care.models import HardshipFile
from gonghui.congress.models import Election, Evaluation, Poll, Proposal, Sitting, SittingStatus
from gonghui.core import metrics, panels, scoping, todo
from gonghui.core.models import User
from gonghui.finance.models import Finding, Voucher
from gonghui.members import services as member_services
from gonghui.members.models import JoinApplication
from gonghui.plans.models import Item, Target

from ..congress.proposal_world import assigned, collecting
from ..congress.support import seat
from ..congress.test_polls_fixtures import Congress, check_in, congress, open_poll
from ..plans.support import make_plan
from . import tables


def name(fn) -> str:
    return f"{fn.__module__.removeprefix('gonghui.')}.{fn.__qualname__}"


# --- how each contributor's open items are made ----------------------------------------


def grow_finance(world, n: int) -> None:
    """``n`` of each list the chair sees: vouchers to approve, to post, drafts returned to
    them; findings to answer and (as a reviewer would) to close."""
    today = timezone.localdate()
    have = Voucher.objects.filter(union=world.school).count() // 3
    for i in range(have, n):
        for status, by, returned in (
            ("submitted", world.treasurer, ""),
            ("approved", world.treasurer, ""),
            ("draft", world.chair, "附件不全"),
        ):
            Voucher.objects.create(
                union=world.school, kind="expense", date=today, summary=f"凭证{i}",
                status=status, created_by=by, submitted_by=by, returned_reason=returned,
            )  # fmt: skip
        for status in ("open", "responded"):
            Finding.objects.create(
                union=world.school, title=f"意见{i}", text="……", status=status,
                created_by=world.auditor,
            )  # fmt: skip


def grow_applications(world, n: int) -> None:
    """``n`` 入会申请 waiting in the school, for its chair."""
    for i in range(JoinApplication.objects.filter(union=world.school).count(), n):
        JoinApplication.objects.create(
            union=world.school, reference=f"T{i:07d}", name=f"申请人{i}", sex="F",
            id_number=f"11010119900101{i:04d}", mobile=f"137{i:08d}",
        )  # fmt: skip


def grow_publicity(world, n: int) -> None:
    """``n`` open 公示 with a waiting objection each, and ``n`` whose period is over."""
    from .test_publicity_pages import grow

    grow(world, n)


def grow_care(world, n: int) -> None:
    """``n`` hardship applications waiting for 初审 in the school."""
    from gonghui.care import services as care_services
    from gonghui.orgs.models import Member

    from ..care.conftest import figures

    have = HardshipFile.objects.filter(union=world.school).count()
    for i in range(have, n):
        member = Member.objects.create(union=world.school, name=f"困难{i}", sex="F")
        care_services.hardship_apply(actor=None, member=member, **figures())


class Votes:
    """An open sitting where 周会员 (``world.member``) is seated and checked in, and ``n``
    open polls, evaluations and elections."""

    def __init__(self, world):
        self.c = congress(world, 3)
        self.poll = open_poll(world, self.c)

    def grow(self, world, n: int) -> None:
        now, sitting = timezone.now(), self.c.sitting
        for i in range(Poll.objects.filter(sitting=sitting).count(), n):
            Poll.objects.create(
                sitting=sitting, order=i + 2, title=f"事项{i}", status="open",
                opened_at=self.poll.opened_at,
            )  # fmt: skip
        for i in range(Evaluation.objects.filter(sitting=sitting).count(), n):
            Evaluation.objects.create(
                sitting=sitting, title=f"评议{i}", threshold="0.6", status="open", opened_at=now
            )
        for i in range(Election.objects.filter(sitting=sitting).count(), n):
            Election.objects.create(
                sitting=sitting, title=f"选举{i}", seats=3, status="open", opened_at=now
            )


class Overdue:
    """Proposals past their deadline, for the secretariat (``world.committee``)."""

    def __init__(self, world):
        sitting, reps = collecting(world)
        self.first = assigned(world, sitting, reps)
        Proposal.objects.filter(pk=self.first.pk).update(
            due_on=timezone.localdate() - datetime.timedelta(days=3)
        )

    def grow(self, world, n: int) -> None:
        for i in range(Proposal.objects.count(), n):
            copy = Proposal.objects.get(pk=self.first.pk)
            copy.pk = None
            copy.number = 100 + i
            copy.save(force_insert=True)


class Targets:
    """This year's plan, with ``n`` items each aiming at 新入会人数."""

    def __init__(self, world):
        self.plan = make_plan(world.school, year=timezone.localdate().year)

    def grow(self, world, n: int) -> None:
        have = Target.objects.filter(item__plan=self.plan).count()
        for i in range(have, n):
            item = Item.objects.create(plan=self.plan, order=200 + i, text=f"事项{i}", months=[3])
            Target.objects.create(item=item, metric="members.new", value=Decimal(10 + i))


# source → (the user who sees it, its queries, what opens its items)
COST = {
    # counted with the other sources' in one query (the approver setting read inside it)
    "finance.queries.home.todos": ("chair", 1, lambda world: grow_finance),
    # one UNION ALL over polls, evaluations and elections
    "congress.todos.votes": ("member", 1, lambda world: Votes(world).grow),
    # one aggregate
    "congress.todos.overdue_proposals": ("committee", 1, lambda world: Overdue(world).grow),
    # one count of the union's pending applications
    "members.todos.applications": ("chair", 1, lambda world: grow_applications),
    # counted with the other sources' in one query (core.todo.Counted)
    "core.todos_publicity.todos": ("member", 1, lambda world: grow_publicity),
    # counted with the other sources' in one query
    "care.todos.waiting": ("chair", 1, lambda world: grow_care),
    # the items, their targets, and each metric the targets name once (here one: 新入会人数)
    "plans.views.panel.dashboard_panel": ("chair", 3, lambda world: Targets(world).grow),
}
COST.update(tables.merged("COST"))  # the newer parts' rows (tests/core/tables.py)


def contributors():
    return [(name(s), s, False) for s in todo.SOURCES] + [
        (name(s), s, True) for s in panels.SOURCES
    ]


def test_every_registered_source_and_panel_has_a_pinned_cost():
    assert {n for n, _, _ in contributors()} == set(COST)
    # The rule of docs/architecture.md: a 待办 source in at most 2 queries.
    assert all(COST[n][1] <= 2 for n, _, is_panel in contributors() if not is_panel)


def ask(source, is_panel: bool, user, union):
    """The contributor as a request asks it: grants already loaded, a fresh metric memo.
    Returns what the page would show (the panel, or the 待办 lines with a count)."""
    user = User.objects.get(pk=user.pk)
    scoping.grants(user)
    today = timezone.localdate()
    with metrics.request_memo(), CaptureQueriesContext(connection) as ctx:
        if is_panel:
            found = source(user, union, today)
        else:
            found = [t for t in todo.resolve(union, source(user, union)) if t.count]
    return found, len(ctx)


@pytest.mark.parametrize("key", sorted(COST))
def test_a_source_costs_the_same_with_2_and_with_20_open_items(world, key):
    source, is_panel = next((s, p) for n, s, p in contributors() if n == key)
    who, queries, make = COST[key]
    user = world.users[who]
    grow = make(world)
    for n in (2, 20):
        grow(world, n)
        found, cost = ask(source, is_panel, user, world.school)
        assert found, f"{key} shows nothing with {n} open items"
        assert cost == queries, f"{key}: {cost} queries with {n} open items, pinned {queries}"
    if not is_panel:
        assert all(t.count >= 20 for t in found), found
    else:
        assert len(found.context["board"].progress) >= 20


def test_a_source_with_nothing_to_show_is_as_cheap(world):
    for key, source, is_panel in contributors():
        who, queries, _ = COST[key]
        found, cost = ask(source, is_panel, world.users[who], world.school)
        assert not found and cost <= queries, (key, cost)
        # An outsider of the school, and a federation, cost no more.
        assert ask(source, is_panel, world.outsider, world.school)[1] <= queries
        assert ask(source, is_panel, world.fed_admin, world.fed)[1] <= queries


# --- once per request, kept until the next write ----------------------------------------


def plan_panel():
    return next(s for n, s, p in contributors() if n == "plans.views.panel.dashboard_panel")


def test_the_same_figure_is_computed_once_per_request(world):
    Targets(world).grow(world, 5)
    metric = metrics.get("members.new")
    original, calls = metric.compute, []

    def counted(*args):
        calls.append(args)
        return original(*args)

    object.__setattr__(metric, "compute", counted)  # a frozen dataclass
    try:
        ask(plan_panel(), True, world.chair, world.school)
        assert len(calls) == 1  # five targets, one figure
        # Outside a request (a command, a document) every call computes.
        start = datetime.date(timezone.localdate().year, 1, 1)
        metric.value(world.school, start, timezone.localdate())
        metric.value(world.school, start, timezone.localdate())
        assert len(calls) == 3
    finally:
        object.__setattr__(metric, "compute", original)


def test_a_kept_figure_is_recomputed_after_an_audited_write(world, settings):
    settings.GONGHUI_METRICS_CACHE_SECONDS = 600
    cache.clear()
    Targets(world).grow(world, 3)
    source = plan_panel()
    board, cold = ask(source, True, world.chair, world.school)
    before = board.context["board"].progress[-1].actual
    board, warm = ask(source, True, world.chair, world.school)
    assert warm == cold - 1  # the figure comes from the cache; the head is read instead
    assert board.context["board"].progress[-1].actual == before
    member_services.member_create(
        actor=None, union=world.school, name="新会员", sex="F", joined_on=timezone.localdate()
    )
    board, cost = ask(source, True, world.chair, world.school)
    assert cost == cold
    assert board.context["board"].progress[-1].actual == before + 1


# --- the whole page -----------------------------------------------------------------------


def busy_school(world):
    """Everything the chair can be waited on for at once: vouchers and findings, an open poll
    they can vote in, an overdue proposal, this year's plan with targets on seven metrics."""
    grow_finance(world, 3)
    sitting, reps = collecting(world)
    proposal = assigned(world, sitting, reps)
    Proposal.objects.filter(pk=proposal.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    _, chairs = seat(world, 0, named=("李主席",), term=sitting.term)
    Sitting.objects.filter(pk=sitting.pk).update(status=SittingStatus.OPEN)
    sitting.refresh_from_db()
    check_in(sitting, [*chairs, *reps])
    open_poll(world, Congress(sitting.term, sitting, [*chairs, *reps]))
    plan = Targets(world).plan
    keys = [
        "members.new", "members.rate", "congress.ontime_rate", "congress.satisfaction",
        "finance.care_count", "finance.dues_rate", "finance.budget_rate",
    ]  # fmt: skip
    for i, key in enumerate(keys):
        item = Item.objects.create(plan=plan, order=300 + i, text=key, months=[i + 1])
        Target.objects.create(item=item, metric=key, value=Decimal(50))


def test_the_page_stays_within_15_queries(world, client_for, settings):
    settings.GONGHUI_METRICS_CACHE_SECONDS = 600
    cache.clear()
    busy_school(world)
    client = client_for(world.chair)
    first = client.get(reverse("core:dashboard"))  # computes and keeps the figures
    page = first.content.decode()
    for text in ("待审批的凭证", "待表决的事项", "超期未答复的提案", 'id="plan-panel"'):
        assert text in page
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(reverse("core:dashboard"))
    assert again.content.decode().count("list-group-item-action") == page.count(
        "list-group-item-action"
    )
    # 15 with 公示's and care's 待办: the sources that count rows (入会申请, 公示, 帮扶) are
    # counted together in one query (core.todo.Counted).
    assert len(ctx) == 13, "\n".join(q["sql"][:120] for q in ctx.captured_queries)


def test_the_page_is_sent_compressed(world, client_for):
    page = client_for(world.chair).get(reverse("core:dashboard"), HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    assert "echarts" not in page.content.decode("latin-1")  # compressed, so not readable


def test_echarts_is_loaded_only_where_a_chart_is_drawn(world, client_for):
    client = client_for(world.chair)
    assert "echarts" not in client.get(reverse("core:dashboard")).content.decode()
    Targets(world)
    assert "vendor/echarts/" in client.get(reverse("core:dashboard")).content.decode()
