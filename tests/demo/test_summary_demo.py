"""The demo school's 年度工作总结 agrees with its records: the quarterly birthday item with its
three vouchers, the dues-rate item short of 100%, the 不足 draft naming the demo's real
shortfalls, the congress said from its proposals; the town's federation adds its unions up.

The demo is in the database for every test of this package (``tests/demo/conftest.py``)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Exists, OuterRef

from gonghui.congress.models import Answer, Proposal, Sitting, SittingStatus
from gonghui.congress.queries.proposals import ASSIGNED, OVERDUE_STATUSES, SUBMITTED
from gonghui.core import metrics
from gonghui.finance.queries.dues import arrears_query
from gonghui.members.metrics import _counts
from gonghui.orgs.models import FEDERATION_KINDS, Union
from gonghui.plans import status
from gonghui.plans.models import Plan
from gonghui.plans.summary import build

from ..plans.summary_support import assert_every_paragraph_from_records

# The demo plan is carried out to October; the statuses are pinned on this day.
PINNED = datetime.date(2026, 11, 21)


@pytest.fixture
def demo(demo_site):
    """The demo in the database (tests/demo/conftest.py)."""


@pytest.fixture
def plan(demo, db):
    return Plan.objects.select_related("union").get(union__code="demo-school", year=2026)


def _item(plan, words: str):
    return plan.items.get(text__contains=words)


def test_the_birthday_item_counts_its_three_vouchers(plan):
    birthday = _item(plan, "生日会")
    s = status.of(birthday, PINNED)
    assert (s.key, s.label, s.detail) == ("doing", "进行中", "4 次中已落实 3 次")
    draft = build(plan.union, 2026, PINNED, plan)
    text = "".join(b.text for b in draft.paragraphs())
    assert "每季度组织一次教职工生日会，4次中已落实3次，落实记录有3月25日凭证" in text


def test_the_dues_rate_item_is_under_way_at_its_live_figure(plan):
    dues = _item(plan, "会费收缴率达到100%")
    rate = metrics.get("finance.dues_rate").value(plan.union, datetime.date(2026, 1, 1), PINNED)
    assert 0 < rate < 100
    s = status.of(dues, PINNED)
    assert (s.key, s.by_hand) == ("doing", False)
    assert s.detail == f"会费收缴率 {rate:.2f}%，目标 ≥ 100%"


def test_the_shortfalls_draft_lists_the_demo_s_real_shortfalls(plan):
    year_end = datetime.date(2026, 12, 31)
    draft = build(plan.union, 2026, datetime.date(2027, 1, 5), plan)
    lines = draft.block("shortfalls").text.splitlines()
    rate = metrics.get("finance.dues_rate").value(plan.union, datetime.date(2026, 1, 1), year_end)
    targets = next(line for line in lines if "部分目标尚未达到" in line)
    assert f"会费收缴率{rate:.2f}%（目标≥100%）" in targets
    late = next(line for line in lines if "未按期落实" in line)
    assert "做好教职工体检工作，6月底前完成（期限6月30日已过）" in late  # left late on purpose
    duties = next(line for line in lines if "经常性工作" in line)
    assert "每周五下午开放教工活动室" in duties
    flagged = arrears_query(plan.union, flagged_only=True, until=year_end).count()
    assert flagged and any(
        line.startswith(f"四是{flagged}名会员截至12月31日已连续6个月") for line in lines
    )
    # the demo holds its sitting on the day it is built: its proposals count when in 2026
    waiting = Proposal.objects.filter(
        sitting__term__union=plan.union, sitting__date__year=2026, status__in=OVERDUE_STATUSES
    ).count()
    said = "".join(lines)
    if waiting:
        assert any(
            line.startswith(f"五是已交办的提案中有{waiting}件尚未办结答复") for line in lines
        )
    else:
        assert "尚未办结答复" not in said
    # the visits the demo left late (one visited late, one not yet visited and overdue)
    assert any(
        line.startswith(("五是", "六是")) and "五必访有2人次未在规定天数内走访" in line
        for line in lines
    )
    # a target met is not a shortfall; the birthday item lacks its fourth quarter
    assert "入会率" not in "".join(lines)
    assert "每季度组织一次教职工生日会（4次中已落实3次）" in duties


def test_the_congress_is_said_from_its_proposals(plan):
    today = min(datetime.date.today(), datetime.date(2026, 12, 31))
    draft = build(plan.union, 2026, today, plan)
    sittings = Sitting.objects.filter(
        term__union=plan.union,
        date__year=2026,
        date__lte=today,
        status__in=(SittingStatus.OPEN, SittingStatus.CLOSED),
    )
    block = draft.block("congress.sittings")
    if not sittings.exists():  # the demo holds its sitting on the day it is built
        assert block is None
        return
    [sitting] = sittings
    submitted = Proposal.objects.filter(sitting=sitting, status__in=SUBMITTED)
    accepted = sum(
        1 for p in submitted if (p.review_decision or p.status) in ("accepted", "merged")
    )
    assigned = submitted.filter(status__in=ASSIGNED)
    answered = assigned.filter(Exists(Answer.objects.filter(proposal=OuterRef("pk")))).count()
    rate = (accepted * 2000 // submitted.count() + 1) // 2  # in tenths of a percent, half up
    assert block.text.startswith(
        f"{sitting.date.month}月{sitting.date.day}日召开{sitting.name}，"
        f"征集提案{submitted.count()}件，立案{accepted}件，立案率{rate // 10}.{rate % 10}%；"
        f"交办{assigned.count()}件，已答复{answered}件，其中按期办结"
    )
    # the congress goes under the plan's 民主管理 section
    keys = [b.key or b.text for b in draft.blocks]
    assert keys.index("二、推进民主管理") < keys.index("congress.sittings")
    assert keys.index("congress.sittings") < keys.index("三、维护教职工权益")


def test_every_paragraph_of_the_demo_states_only_figures_from_the_records(plan):
    for union in (plan.union, Union.objects.get(code="demo-fed")):
        for today in (PINNED, datetime.date(2027, 1, 5)):
            assert_every_paragraph_from_records(build(union, 2026, today))


def test_the_federation_adds_up_its_unions(demo, db):
    fed = Union.objects.get(code="demo-fed")
    end = datetime.date(2026, 12, 31)
    draft = build(fed, 2026, datetime.date(2027, 1, 5))
    grassroots = Union.objects.filter(path__startswith=fed.path).exclude(kind__in=FEDERATION_KINDS)
    total = sum(_counts(u, end)["total"] for u in grassroots)
    assert f"所辖基层工会共有会员{total}人" in draft.block("members.roll").text
    assert draft.block("plans.items").text.startswith(
        f"所辖{grassroots.count()}个基层工会中，1个制定了本年度工作计划"
    )
    # sums, not a list of each union
    said = "".join(b.text for b in draft.paragraphs())
    assert not any(u.name in said for u in grassroots)
    assert draft.plan is None and not draft.target_rows
