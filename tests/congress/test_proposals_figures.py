"""Proposal figures, the 提案汇编, overdue reminders (工作台 and ``gonghui remind``)."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.congress import reminders as congress_reminders
from gonghui.congress import todos as congress_todos
from gonghui.congress.models import Proposal, Rating
from gonghui.congress.models import ProposalStatus as S
from gonghui.congress.queries import proposals as q
from gonghui.congress.services import proposals as services
from gonghui.core import reminders, todo
from gonghui.core.models import AuditEntry

from .proposal_world import answered, assigned, collecting, submitted


@pytest.fixture(autouse=True)
def _registered():
    # The lead registers these in CongressConfig.ready(); registering twice is a no-op.
    reminders.register(congress_reminders.overdue_proposals)
    todo.register(congress_todos.overdue_proposals)


def overdue_one(world, sitting, reps, title="逾期的提案"):
    p = assigned(world, sitting, reps, title)
    Proposal.objects.filter(pk=p.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    return p


def test_figures_of_a_sitting(world):
    sitting, reps = collecting(world)
    today = timezone.localdate()
    # 5 submitted: accepted+closed satisfied, suggestion answered, merged, rejected, overdue.
    a = answered(world, sitting, reps, "甲")
    services.proposal_rate(actor=world.member, proposal=a, rating=Rating.SATISFIED)
    b = submitted(world, sitting, reps, "乙")
    services.proposal_review(actor=world.committee, proposal=b, decision="suggest", note="建议")
    services.proposal_assign(
        actor=world.committee, proposal=b, lead_department="教务处", due_on=today
    )
    services.proposal_answer(actor=world.committee, proposal=b, department="教务处", text="答")
    services.proposal_rate(actor=world.member, proposal=b, rating=Rating.UNSATISFIED)
    c = overdue_one(world, sitting, reps, "丙")
    d = submitted(world, sitting, reps, "丁")
    services.proposal_review(actor=world.committee, proposal=d, decision="merge", merge_into=c)
    e = submitted(world, sitting, reps, "戊")
    services.proposal_review(actor=world.committee, proposal=e, decision="reject", note="不属于")
    f = q.figures(sitting, today)
    assert (f.submitted, f.accepted, f.merged, f.suggestions, f.rejected) == (5, 2, 1, 1, 1)
    assert f.accept_rate == Decimal("60.0")  # (2 accepted + 1 merged) / 5
    assert f.assigned == 3 and f.closed_on_time == 1
    assert f.on_time_rate == Decimal("33.3")
    assert (f.rated, f.satisfied) == (2, 1) and f.satisfaction_rate == Decimal("50.0")
    assert [p.pk for p in f.overdue] == [c.pk]


def test_late_answer_is_not_on_time(world):
    sitting, reps = collecting(world)
    p = answered(world, sitting, reps)
    Proposal.objects.filter(pk=p.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    services.proposal_rate(actor=world.member, proposal=p, rating=Rating.SATISFIED)
    f = q.figures(sitting, timezone.localdate())
    assert f.closed_on_time == 0 and f.on_time_rate == Decimal("0.0")


def test_empty_sitting_has_no_rates(world):
    sitting, _ = collecting(world)
    f = q.figures(sitting, timezone.localdate())
    assert f.accept_rate is None and f.on_time_rate is None and f.satisfaction_rate is None


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_rate_is_a_decimal_percentage(part_a, part_b, rest):
    part, whole = part_a, part_a + part_b + rest
    rate = q._rate(part, whole)
    if whole == 0:
        assert rate is None
    else:
        assert isinstance(rate, Decimal)
        assert abs(rate - Decimal(part) * 100 / whole) <= Decimal("0.05")
        assert Decimal(0) <= rate <= Decimal(100)


def test_book_has_every_title_and_the_figures(world):
    sitting, reps = collecting(world)
    a = answered(world, sitting, reps, "关于改善午餐的提案")
    services.proposal_rate(actor=world.member, proposal=a, rating=Rating.BASIC)
    submitted(world, sitting, reps, "关于增设休息室的提案")
    content = services.proposals_book_export(actor=world.committee, sitting=sitting)
    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "提案汇编" in text and sitting.name in text and "第一中学工会" in text
    for title in ("关于改善午餐的提案", "关于增设休息室的提案"):
        assert title in text and title in cells
    assert "立案率：50.0%" in text and "满意率：100.0%" in text
    assert "已增加一个窗口。" in text and "基本满意" in text
    assert "孙组长、赵财务" in text
    assert AuditEntry.objects.filter(action="proposal.export").count() == 1


def test_remind_lists_overdue_grouped_by_union(world):
    sitting, reps = collecting(world)
    p = overdue_one(world, sitting, reps)
    assigned(world, sitting, reps, "按期的提案")
    out = io.StringIO()
    call_command("remind", stdout=out)
    text = out.getvalue()
    assert "【第一中学工会】1 项" in text
    assert f"第{p.number}号提案《逾期的提案》已超过办理期限" in text and "总务处" in text
    assert "按期的提案" not in text
    out = io.StringIO()
    call_command("remind", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["count"] == 1
    assert payload["unions"][0]["code"] == "school"
    assert payload["unions"][0]["reminders"][0]["url"] == f"/congress/proposals/{p.pk}/"


def test_remind_with_nothing_due(world):
    out = io.StringIO()
    call_command("remind", stdout=out)
    assert "没有需要提醒的事项" in out.getvalue()


def test_overdue_on_the_workbench_for_the_secretariat_only(world):
    sitting, reps = collecting(world)
    overdue_one(world, sitting, reps)
    items = todo.items(world.committee, world.school)
    mine = [t for t in items if t.text == "超期未答复的提案"]
    assert mine and mine[0].count == 1 and "status=overdue" in mine[0].url
    assert not [
        t for t in todo.items(world.member, world.school) if t.text.startswith("超期未答复")
    ]
    assert not [t for t in todo.items(world.outsider, world.hospital) if t.text.startswith("超期")]


def test_answering_clears_the_overdue_flag(world):
    sitting, reps = collecting(world)
    p = overdue_one(world, sitting, reps)
    services.proposal_answer(actor=world.committee, proposal=p, department="总务处", text="答")
    assert not q.overdue(timezone.localdate()).exists()
    assert p.status == S.ANSWERED


def test_remind_on_a_given_date(world):
    sitting, reps = collecting(world)
    p = assigned(world, sitting, reps, due_days=3)
    later = (timezone.localdate() + datetime.timedelta(days=4)).isoformat()
    out = io.StringIO()
    call_command("remind", "--date", later, stdout=out)
    assert f"第{p.number}号提案" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--date", "明天")
