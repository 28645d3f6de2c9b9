"""Paper democratic evaluation (纸质评议票): opened like an electronic one, nobody casts on a
phone, the counters' figures close it; the result table and the .xlsx read the paper
counts through the same arithmetic; every refusal writes nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.congress import todos
from gonghui.congress.models import (
    Evaluation,
    EvaluationBallot,
    EvaluationMark,
    EvaluationStatus,
    EvaluationSubject,
)
from gonghui.congress.queries import evaluation as queries
from gonghui.congress.services import evaluation as services
from gonghui.core.models import AuditEntry

from .test_evaluation_services import MANAGERS, ballot
from .test_polls_fixtures import congress


@pytest.fixture
def c(world):
    return congress(world, 10)


def paper_opened(world, c, **kw):
    ev = services.evaluation_create(
        actor=world.chair,
        sitting=c.sitting,
        title="2026年度中层干部民主评议",
        subjects=MANAGERS,
        on_paper=True,
        **kw,
    )
    return services.evaluation_open(actor=world.chair, evaluation=ev)


def counts_for(ev, rows):
    subjects = list(ev.subjects.order_by("order"))
    return {s.pk: row for s, row in zip(subjects, rows, strict=True)}


# 10 present, 10 issued, 10 returned, 2 invalid: 8 valid ballots per manager.
GOOD = [[5, 2, 1], [2, 1, 5], [3, 2, 3]]


def enter(world, ev, *, issued=10, returned=10, invalid=2, rows=GOOD, scrutineers="王委员、孙组长"):
    return services.evaluation_paper(
        actor=world.chair,
        evaluation=ev,
        issued=issued,
        returned=returned,
        invalid=invalid,
        counts=counts_for(ev, rows),
        scrutineers=scrutineers,
    )


def nothing_recorded(ev):
    ev.refresh_from_db()
    assert ev.status == EvaluationStatus.OPEN
    assert ev.issued is None and ev.returned is None and ev.scrutineers == ""
    assert not EvaluationSubject.objects.filter(evaluation=ev, paper__isnull=False).exists()
    assert not AuditEntry.objects.filter(action="evaluation.paper").exists()


# --- services ----------------------------------------------------------------------------


def test_a_paper_evaluation_opens_on_the_quorum_and_refuses_phone_ballots(world, c):
    ev = paper_opened(world, c)
    assert ev.on_paper and ev.status == EvaluationStatus.OPEN
    assert (ev.seated, ev.present) == (10, 10)
    created = AuditEntry.objects.get(action="evaluation.create")
    assert created.changes["on_paper"] == [None, True]
    with pytest.raises(ValidationError, match="本次评议使用纸质评议票"):
        services.evaluation_cast(
            actor=c.user(c.reps[0]), evaluation=ev, ratings=ballot(ev, [0, 0, 0])
        )
    assert not EvaluationMark.objects.exists() and not EvaluationBallot.objects.exists()
    # Nor does it wait on anyone's 工作台.
    assert todos.votes(c.user(c.reps[0]), world.school) == []


def test_a_paper_evaluation_below_the_quorum_does_not_open(world):
    c = congress(world, 9, present=5)
    ev = services.evaluation_create(
        actor=world.chair, sitting=c.sitting, title="评议", subjects=MANAGERS, on_paper=True
    )
    with pytest.raises(ValidationError, match="需 6 人"):
        services.evaluation_open(actor=world.chair, evaluation=ev)


def test_a_paper_evaluation_is_closed_by_its_count_not_by_the_button(world, c):
    ev = paper_opened(world, c)
    with pytest.raises(ValidationError, match="纸质评议请录入计票结果"):
        services.evaluation_close(actor=world.chair, evaluation=ev)
    nothing_recorded(ev)


def test_the_count_closes_it_and_the_table_reads_the_paper_figures(world, c):
    ev = enter(world, paper_opened(world, c))
    assert ev.status == EvaluationStatus.CLOSED and ev.closed_at is not None
    assert (ev.issued, ev.returned, ev.invalid) == (10, 10, 2)
    assert ev.scrutineers == "王委员、孙组长"
    assert [s.paper for s in ev.subjects.order_by("order")] == GOOD
    result = queries.visible_result(ev)
    assert result.ballots == 8
    rows = {r.name: r for r in result.rows}
    # 张明 (5+2)/8 = 87.5%; 李华 3/8 = 37.5% below the line; 王强 5/8 = 62.5%.
    assert rows["张明"].counts == [5, 2, 1] and rows["张明"].rate == Decimal("0.8750")
    assert rows["李华"].rate == Decimal("0.3750") and rows["李华"].highlighted
    assert rows["王强"].valid == 8 and not rows["王强"].highlighted
    assert [r.name for r in result.highlighted] == ["李华"]
    entry = AuditEntry.objects.get(action="evaluation.paper")
    assert entry.actor == world.chair
    assert entry.changes["status"] == ["open", "closed"]
    assert entry.changes["returned"] == [None, 10] and entry.changes["invalid"] == [None, 2]
    assert "李华：满意 2、基本满意 1、不满意 5" in entry.changes["counts"][1]


def test_exactly_at_the_line_is_not_highlighted_on_paper_either(world):
    c = congress(world, 5)
    ev = paper_opened(world, c)
    ev = enter(world, ev, issued=5, returned=5, invalid=0, rows=[[3, 0, 2], [2, 0, 3], [5, 0, 0]])
    rows = queries.visible_result(ev).rows
    assert [(r.rate, r.highlighted) for r in rows] == [
        (Decimal("0.6000"), False),
        (Decimal("0.4000"), True),
        (Decimal("1.0000"), False),
    ]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"returned": 11}, "收回票数多于发出票数，本次评议无效，请重新组织评议"),
        ({"invalid": 11, "returned": 10}, "无效票 11 张多于收回的 10 张"),
        ({"issued": 11, "returned": 10}, "发出评议票 11 张多于开始评议时实到的 10 名代表"),
        ({"rows": [[5, 2, 1], [2, 1, 4], [3, 2, 3]]}, "李华的各等次票数合计 7 张，与有效票 8 张"),
        ({"rows": [[5, 2, 1], [2, 1, 5], [3, 2]]}, "请填写王强在每个评价等次的票数"),
        ({"rows": [[5, 2, 1], [2, 1, 5], [9, 0, -1]]}, "王强的票数须为不小于 0 的整数"),
        ({"invalid": -1}, "票数须为不小于 0 的整数"),
        ({"scrutineers": "  "}, "请填写监票人、计票人"),
    ],
)
def test_each_refusal_says_why_and_records_nothing(world, c, kw, message):
    ev = paper_opened(world, c)
    with pytest.raises(ValidationError, match=message):
        enter(world, ev, **kw)
    nothing_recorded(ev)


def test_counts_for_someone_not_on_the_list_or_missing_are_refused(world, c):
    ev = paper_opened(world, c)
    counts = counts_for(ev, GOOD)
    first = min(counts)
    with pytest.raises(ValidationError, match="不在本次评议名单"):
        services.evaluation_paper(
            actor=world.chair,
            evaluation=ev,
            issued=10,
            returned=10,
            invalid=2,
            counts={**counts, 999999: [8, 0, 0]},
            scrutineers="王委员",
        )
    del counts[first]
    with pytest.raises(ValidationError, match="请填写张明在每个评价等次的票数"):
        services.evaluation_paper(
            actor=world.chair,
            evaluation=ev,
            issued=10,
            returned=10,
            invalid=2,
            counts=counts,
            scrutineers="王委员",
        )
    nothing_recorded(ev)


def test_only_an_open_paper_evaluation_takes_a_count(world, c):
    electronic = services.evaluation_open(
        actor=world.chair,
        evaluation=services.evaluation_create(
            actor=world.chair, sitting=c.sitting, title="电子评议", subjects=MANAGERS
        ),
    )
    with pytest.raises(ValidationError, match="该评议为电子评议"):
        enter(world, electronic)
    draft = services.evaluation_create(
        actor=world.chair, sitting=c.sitting, title="纸质评议", subjects=MANAGERS, on_paper=True
    )
    with pytest.raises(ValidationError, match="须先开始评议"):
        enter(world, draft)
    done = enter(world, paper_opened(world, c))
    with pytest.raises(ValidationError, match="不在进行中"):
        enter(world, done)
    assert AuditEntry.objects.filter(action="evaluation.paper").count() == 1


def test_only_the_secretariat_enters_the_count(world, c):
    ev = paper_opened(world, c)
    for who in (world.member, world.outsider):
        with pytest.raises(PermissionDenied):
            services.evaluation_paper(
                actor=who,
                evaluation=ev,
                issued=10,
                returned=10,
                invalid=2,
                counts=counts_for(ev, GOOD),
                scrutineers="王委员",
            )
    nothing_recorded(ev)


def test_the_xlsx_of_a_paper_evaluation_carries_its_counts(world, c):
    ev = enter(world, paper_opened(world, c))
    content = services.evaluation_export(actor=world.committee, evaluation=ev)
    ws = load_workbook(io.BytesIO(content)).active
    cells = [[x.value for x in row] for row in ws.iter_rows()]
    flat = [str(v) for row in cells for v in row if v is not None]
    assert any("收回有效票 8 张" in v for v in flat)
    lihua = next(row for row in cells if row[1] == "李华")
    assert lihua[3:7] == [2, 1, 5, 8] and lihua[7] == pytest.approx(0.375)
    row_no = next(i for i, row in enumerate(ws.iter_rows(), start=1) if row[1].value == "李华")
    assert ws.cell(row_no, 2).fill.fgColor.rgb.endswith("FFE699")


# --- pages -------------------------------------------------------------------------------


def paper_post(ev, rows=GOOD, **figures):
    data = {"issued": 10, "returned": 10, "invalid": 2, "scrutineers": "王委员、孙组长"}
    data.update(figures)
    for s, row in zip(ev.subjects.order_by("order"), rows, strict=True):
        for i, n in enumerate(row):
            data[f"c{s.pk}_{i}"] = n
    return data


def test_the_create_form_has_the_paper_checkbox(world, c, client_for):
    r = client_for(world.committee).post(
        reverse("congress:evaluation_new", args=[c.sitting.pk]),
        {
            "title": "纸质评议",
            "subjects": "张明 教务处主任\n李华 总务处主任",
            "levels": "满意、基本满意、不满意",
            "satisfied_levels": 2,
            "threshold": "60",
            "on_paper": "on",
        },
    )
    assert r.status_code == 302
    assert Evaluation.objects.get().on_paper is True


def test_outsiders_and_representatives_cannot_reach_the_counting_page(world, c, client_for):
    ev = paper_opened(world, c)
    url = reverse("congress:evaluation_paper", args=[ev.pk])
    for who, status in ((world.outsider, 404), (world.member, 403)):
        client = client_for(who)
        assert client.get(url).status_code == status
        assert client.post(url, paper_post(ev)).status_code == status
    nothing_recorded(ev)


def test_a_representative_sees_the_paper_note_instead_of_a_ballot(world, c, client_for):
    ev = paper_opened(world, c)
    html = client_for(world.member).get(ev.get_absolute_url()).content.decode()
    assert 'id="ballot"' not in html and "纸质评议票" in html
    assert "请在会场填写纸质票" in html


def test_the_counting_page_has_a_row_per_manager_and_a_field_per_level(world, c, client_for):
    ev = paper_opened(world, c)
    client = client_for(world.committee)
    detail = client.get(ev.get_absolute_url()).content.decode()
    assert reverse("congress:evaluation_paper", args=[ev.pk]) in detail
    assert "结束评议</button>" not in detail
    html = client.get(reverse("congress:evaluation_paper", args=[ev.pk])).content.decode()
    for s in ev.subjects.all():
        assert f'id="paper-subject-{s.pk}"' in html
        for i in range(3):
            assert f'name="c{s.pk}_{i}"' in html
    assert 'name="issued"' in html and 'value="10"' in html  # 发出 defaults to 实到


def test_entering_the_count_closes_and_shows_the_table(world, c, client_for):
    ev = paper_opened(world, c)
    client = client_for(world.committee)
    r = client.post(reverse("congress:evaluation_paper", args=[ev.pk]), paper_post(ev))
    assert r.status_code == 302
    html = client.get(ev.get_absolute_url()).content.decode()
    assert 'id="result"' in html and "发出 10 张，收回 10 张，无效 2 张" in html
    assert "87.50%" in html and "37.50%" in html and html.count('data-below="1"') == 1
    assert "监票人、计票人：王委员、孙组长" in html


def test_a_sum_that_is_off_keeps_the_figures_and_names_the_manager(world, c, client_for):
    ev = paper_opened(world, c)
    client = client_for(world.committee)
    lihua = ev.subjects.get(name="李华")
    r = client.post(
        reverse("congress:evaluation_paper", args=[ev.pk]),
        paper_post(ev, rows=[[5, 2, 1], [2, 1, 4], [3, 2, 3]]),
    )
    html = r.content.decode()
    assert r.status_code == 400 and "李华的各等次票数合计 7 张" in html
    assert f'name="c{lihua.pk}_2" value="4"' in html
    nothing_recorded(ev)


def test_more_returned_than_issued_is_refused_on_the_page(world, c, client_for):
    ev = paper_opened(world, c)
    r = client_for(world.committee).post(
        reverse("congress:evaluation_paper", args=[ev.pk]), paper_post(ev, returned=11)
    )
    assert r.status_code == 400
    assert "收回票数多于发出票数，本次评议无效，请重新组织评议" in r.content.decode()
    nothing_recorded(ev)


def test_the_counting_page_of_an_electronic_evaluation_sends_back(world, c, client_for):
    ev = services.evaluation_create(
        actor=world.chair, sitting=c.sitting, title="电子评议", subjects=MANAGERS
    )
    r = client_for(world.committee).get(reverse("congress:evaluation_paper", args=[ev.pk]))
    assert r.status_code == 302 and r["Location"] == ev.get_absolute_url()
