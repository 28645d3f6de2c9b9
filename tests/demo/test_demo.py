"""``gonghui demo``: the town, its school's books, congress and plan, as a new user sees them.

The demo is in the database for every test of this package (``demo_site`` in
``tests/demo/conftest.py``); each test runs in a savepoint within it, as every test does, so
what one test writes (a vote) is gone for the next.
"""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.congress import papers
from gonghui.congress.models import (
    BallotMark,
    CongressTerm,
    Election,
    ElectionStatus,
    Evaluation,
    EvaluationStatus,
    Poll,
    PollStatus,
    Proposal,
    ProposalStatus,
    RepKind,
    Sitting,
)
from gonghui.congress.queries import polls as poll_queries
from gonghui.congress.queries import proposals as proposal_queries
from gonghui.congress.queries.elections import result as election_result
from gonghui.congress.queries.evaluation import result as evaluation_result
from gonghui.core import audit
from gonghui.core.models import AuditEntry, User
from gonghui.finance.models import Budget, DuesCharge, Voucher, VoucherStatus
from gonghui.finance.spending import check_voucher
from gonghui.members.synthetic import Synth
from gonghui.orgs.demo import GRASSROOTS
from gonghui.orgs.models import Member, Union
from gonghui.plans import queries as plan_queries
from gonghui.plans.models import ItemLink, ItemStatus, Plan, Target

from ..congress.papers_support import docx_text


@pytest.fixture
def site(demo_site):
    """What ``gonghui demo`` printed (the demo is in the database: tests/demo/conftest.py)."""
    return demo_site


# --- the town -----------------------------------------------------------------------------


def test_demo_builds_the_town_with_three_unions(site, db):
    codes = set(Union.objects.values_list("code", flat=True))
    assert codes == {"demo-fed", "demo-school", "demo-hospital", "demo-factory"}
    school = Union.objects.get(code="demo-school")
    assert school.groups.count() == 9
    assert Member.objects.current().filter(union=school).count() == 230
    assert school.terms.filter(closed_on=None).count() == 3
    # One login per role, each printed.
    for username in ("admin", "fed", "chair", "weiyuan", "caiwu", "jingshen", "zuzhang", "huiyuan"):
        assert User.objects.filter(username=username).exists()
        assert username in site
    assert User.objects.get(username="chair").check_password("gonghui-demo-2026")


def test_demo_is_deterministic_and_idempotent(site, db, capsys):
    first = list(Member.objects.order_by("id").values_list("name", "sex", "group__name"))
    entries = AuditEntry.objects.count()
    call_command("demo")
    assert "已存在" in capsys.readouterr().out
    assert AuditEntry.objects.count() == entries
    # The people come from a seeded generator: a fresh database gets the same ones.
    synth = Synth(random.Random(20260101), today=datetime.date(2026, 1, 1))
    expected = [
        (p["name"], p["sex"], group)
        for _, _, kind, _, _, _, groups in GRASSROOTS
        for group, size, w in groups
        for p in (
            synth.member_fields(
                kind, department="" if group.startswith("退休") else group, women_share=w
            )
            for _ in range(size)
        )
    ]
    assert first == expected


# --- the school's books -------------------------------------------------------------------


def test_the_demo_school_has_a_year_of_books(site, db, client):
    """A year of dues, posted vouchers, an adopted budget, a gift let through by the chair,
    and one festival voucher held back by the spending rules."""
    school = Union.objects.get(code="demo-school")
    months = set(DuesCharge.objects.filter(union=school).values_list("month__month", flat=True))
    assert months == set(range(1, 11))
    assert Voucher.objects.filter(union=school, status=VoucherStatus.POSTED).count() >= 30
    assert Budget.objects.get(union=school, year=2026).adopted
    overridden = Voucher.objects.filter(union=school).exclude(override_reason="")
    assert overridden.get().status == VoucherStatus.POSTED

    assert Voucher.objects.filter(union=school, status=VoucherStatus.SUBMITTED).count() == 1
    # the festival gift left as a draft (care's 帮扶 and 金秋助学 drafts are the others)
    blocked = Voucher.objects.get(
        union=school, status=VoucherStatus.DRAFT, lines__category__code="50101"
    )
    messages = [v.message for v in check_voucher(blocked)]
    assert any("节日慰问" in m and "2,200.00" in m for m in messages)
    assert any("购物卡" in m for m in messages)
    client.force_login(User.objects.get(username="chair"))
    page = client.get(blocked.get_absolute_url()).content.decode()
    assert "违反开支标准【节日慰问】" in page
    assert audit.verify().ok


# --- the school's congress ----------------------------------------------------------------


def test_the_demo_school_has_a_congress_under_way(site, db, client):
    """Representatives, a sitting under way, proposals in every state, a finished paper vote
    and an open one the demo member can still vote in."""
    term = CongressTerm.objects.get(union__code="demo-school")
    assert str(term) == "第八届教职工代表大会"
    assert term.representatives.filter(kind=RepKind.VOTING).count() >= 30
    assert term.representatives.filter(kind=RepKind.OBSERVER).exists()
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {
        ProposalStatus.DRAFT,
        ProposalStatus.SUBMITTED,
        ProposalStatus.REJECTED,
        ProposalStatus.MERGED,
        ProposalStatus.ASSIGNED,
        ProposalStatus.REHANDLING,
        ProposalStatus.CLOSED,
        ProposalStatus.ACCEPTED,
        ProposalStatus.SUGGESTION,
        ProposalStatus.ANSWERED,
        ProposalStatus.WITHDRAWN,
    } <= statuses
    paper = Poll.objects.get(on_paper=True, sitting__term__union__code="demo-school")
    assert paper.status == PollStatus.CLOSED and poll_queries.result(paper).passed
    live = Poll.objects.get(status=PollStatus.OPEN)
    # huiyuan (a seated, checked-in representative) has not voted yet and can, on the page.
    huiyuan = User.objects.get(username="huiyuan")
    client.force_login(huiyuan)
    # The open vote puts an accepted proposal of the term to the vote: its ballot page
    # shows a visitor what 关联提案 looks like.
    linked = live.proposal
    assert linked is not None and linked.status == ProposalStatus.ACCEPTED
    assert linked.sitting.term == term
    ballot = client.get(f"/congress/polls/{live.pk}/").content.decode()
    assert 'id="poll-document"' in ballot and linked.title in ballot
    assert "待表决的事项" in client.get("/").content.decode()
    client.post(f"/congress/polls/{live.pk}/vote/", {"choice": "yes"})
    assert BallotMark.objects.filter(poll=live, representative__member__user=huiyuan).exists()
    assert live.marks.count() == 6  # the ballots themselves stay sealed until the close
    assert audit.verify().ok


def test_the_demo_sitting_has_an_evaluation_and_an_election_counted(site, db):
    evaluation = Evaluation.objects.get(sitting__term__union__code="demo-school")
    table = evaluation_result(evaluation)
    assert evaluation.status == EvaluationStatus.CLOSED and evaluation.on_paper
    assert len(table.rows) == 5 and len(table.highlighted) == 1
    assert all(row.valid == evaluation.returned - evaluation.invalid for row in table.rows)
    election = Election.objects.get(sitting__term__union__code="demo-school")
    count = election_result(election)
    assert election.status == ElectionStatus.CLOSED
    assert (len(count.elected), count.open_seats) == (7, 0)
    assert count.rows[-1].outcome == "未过半数"


def test_the_demo_proposal_book_and_resolutions_hold_its_figures(site, db):
    def build(sitting, kind) -> str:
        return docx_text(papers.build(sitting, kind, None)[0])

    sitting = Sitting.objects.get(term__union__code="demo-school")
    paper = sitting.polls.get(on_paper=True)
    r = poll_queries.result(paper)
    resolutions = build(sitting, "resolutions")
    assert f"{sitting.name}关于《学校工作报告》的决议" in resolutions
    assert f"应到代表 {r.seated} 人，实到 {r.present} 人" in resolutions
    assert f"赞成 {r.yes} 票，反对 {r.no} 票，弃权 {r.abstain} 票" in resolutions
    fig = proposal_queries.figures(sitting, timezone.localdate())
    book = build(sitting, "proposals")
    assert f"立案率：{fig.accept_rate}%" in book
    assert f"满意率：{fig.satisfaction_rate}%" in book
    assert f"提交提案 {fig.submitted} 件" in book
    announcement = build(sitting, "announcement")
    assert f"立案率 {fig.accept_rate}%" in announcement
    assert f"赞成 {r.yes} 票，反对 {r.no} 票，弃权 {r.abstain} 票" in announcement
    # A vote still open is listed as such, never as a resolution.
    for poll in sitting.polls.filter(status=PollStatus.OPEN):
        assert f"{poll.title}（表决中）" in resolutions
        assert f"{sitting.name}{poll.title}" not in resolutions


# --- the school's plan --------------------------------------------------------------------


def test_the_demo_school_has_a_plan_carried_out_to_october(site, db):
    """Imported from its text, ten months carried out."""
    plan = Plan.objects.get(union__code="demo-school", year=2026)
    assert plan.title == "示范镇第一中学工会2026年工作计划"
    assert plan.sections.count() == 6  # five numbered sections and the month schedule
    assert plan.items.count() == 25
    schedule = plan.items.filter(in_schedule=True)
    assert schedule.count() == 11
    assert sorted(m for item in schedule for m in item.months) == list(range(1, 13))
    assert plan.items.get(text__contains="暑期疗休养").months == [7, 8]
    assert plan.items.get(text__contains="每周五下午").rrule == "FREQ=WEEKLY;BYDAY=FR"
    assert plan.items.get(text__contains="每季度").rrule == "FREQ=MONTHLY;INTERVAL=3"
    assert plan.items.get(text__contains="5月前完成集体合同").due == datetime.date(2026, 8, 31)
    assert set(Target.objects.filter(item__plan=plan).values_list("metric", flat=True)) == {
        "members.new",
        "members.rate",
        "congress.ontime_rate",
        "congress.satisfaction",
        "finance.care_count",
        "finance.dues_rate",
        "finance.budget_rate",
    }
    assert plan.items.filter(status=ItemStatus.DONE).count() >= 10
    assert plan.items.get(text__contains="乒乓球").owner_role == "culture"
    assert plan.items.get(text__contains="会费收缴率").owner_role == "finance"
    # the birthday item carries the three quarterly birthday vouchers; no reversal is linked
    birthday = plan.items.get(text__contains="生日会")
    assert birthday.links.count() == 3
    assert not ItemLink.objects.filter(label__contains="冲销").exists()
    # the check-up is left late on purpose
    late = plan_queries.overdue(plan, datetime.date(2026, 11, 21))
    assert any("体检" in item.text for item in late)
    today = datetime.date(2026, 11, 21)
    progress = {p.target.metric: p for p in plan_queries.progress(plan, today)}
    assert progress["members.rate"].state == "met"
    assert progress["finance.budget_rate"].actual is not None


def test_the_demo_school_paid_its_2026_bursaries_after_publicity(site, db):
    from gonghui.care.models_bursary import BursaryRound

    found = BursaryRound.objects.get(union__code="demo-school")
    assert found.status == "paid"
    assert found.applications.filter(state="paid").count() == 3
    assert found.applications.filter(state="rejected").count() == 1
