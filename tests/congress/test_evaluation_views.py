"""Evaluation pages: the list, the phone-first ballot, results after close, the .xlsx.
Every page refuses the hospital's chair."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.congress.ballots import EVALUATIONS
from gonghui.congress.models import Evaluation, EvaluationBallot, EvaluationStatus
from gonghui.congress.services import evaluation as services
from gonghui.core.models import AuditEntry

from .test_evaluation_services import MANAGERS, ballot, make, opened, vote
from .test_polls_fixtures import congress


@pytest.fixture
def c(world):
    return congress(world, 5)


def test_outsider_is_refused_on_every_page(world, c, client_for):
    ev = opened(world, c)
    client = client_for(world.outsider)
    gets = [
        reverse("congress:evaluation_list", args=[c.sitting.pk]),
        reverse("congress:evaluation_new", args=[c.sitting.pk]),
        reverse("congress:evaluation_detail", args=[ev.pk]),
        reverse("congress:evaluation_xlsx", args=[ev.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("congress:evaluation_vote", args=[ev.pk]), {}),
        (reverse("congress:evaluation_action", args=[ev.pk, "close"]), {}),
        (reverse("congress:evaluation_new", args=[c.sitting.pk]), {"title": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    ev.refresh_from_db()
    assert ev.status == EvaluationStatus.OPEN and not EvaluationBallot.objects.exists()
    assert Evaluation.objects.count() == 1


def test_a_member_who_is_no_representative_cannot_see_it(world, c, client_for):
    client = client_for(world.treasurer)
    url = reverse("congress:evaluation_list", args=[c.sitting.pk])
    assert client.get(url).status_code == 403


def test_a_representative_cannot_open_or_close(world, c, client_for):
    ev = make(world, c)
    r = client_for(world.member).post(reverse("congress:evaluation_action", args=[ev.pk, "open"]))
    assert r.status_code == 403
    ev.refresh_from_db()
    assert ev.status == EvaluationStatus.DRAFT


def test_secretariat_sets_up_opens_and_closes(world, c, client_for):
    client = client_for(world.committee)
    r = client.post(
        reverse("congress:evaluation_new", args=[c.sitting.pk]),
        {
            "title": "2026年度中层干部民主评议",
            "subjects": "张明 教务处主任\n李华 总务处主任\n\n王强",
            "levels": "满意、基本满意、不满意",
            "satisfied_levels": 2,
            "threshold": "60",
        },
    )
    assert r.status_code == 302
    ev = Evaluation.objects.get()
    assert [(s.name, s.post) for s in ev.subjects.all()] == [
        ("张明", "教务处主任"),
        ("李华", "总务处主任"),
        ("王强", ""),
    ]
    assert str(ev.threshold) == "0.6000"
    client.post(reverse("congress:evaluation_action", args=[ev.pk, "open"]))
    ev.refresh_from_db()
    assert ev.status == EvaluationStatus.OPEN and ev.present == 5
    client.post(reverse("congress:evaluation_action", args=[ev.pk, "close"]))
    ev.refresh_from_db()
    assert ev.status == EvaluationStatus.CLOSED


def test_a_bad_set_up_shows_the_message_on_the_form(world, c, client_for):
    r = client_for(world.committee).post(
        reverse("congress:evaluation_new", args=[c.sitting.pk]),
        {
            "title": "评议",
            "subjects": "张明",
            "levels": "满意",
            "satisfied_levels": 1,
            "threshold": "60",
        },
    )
    assert r.status_code == 200 and "评价等次须为 2 至 6 个" in r.content.decode()
    assert not Evaluation.objects.exists()


def test_the_ballot_form_has_a_radio_row_per_manager(world, c, client_for):
    ev = opened(world, c)
    page = client_for(world.member).get(reverse("congress:evaluation_detail", args=[ev.pk]))
    html = page.content.decode()
    assert 'id="ballot"' in html
    for s in ev.subjects.all():
        assert html.count(f'name="s{s.pk}"') == 3
    assert "基本满意" in html


def test_voting_through_the_page_then_the_ballot_is_gone(world, c, client_for):
    ev = opened(world, c)
    client = client_for(world.member)
    data = {f"s{k}": v for k, v in ballot(ev, [0, 1, 2]).items()}
    r = client.post(reverse("congress:evaluation_vote", args=[ev.pk]), data)
    assert r.status_code == 302
    html = client.get(reverse("congress:evaluation_detail", args=[ev.pk])).content.decode()
    assert "您已参加本次评议" in html and 'id="ballot"' not in html
    assert EVALUATIONS.sealed_count(ev) == 1 and not EvaluationBallot.objects.exists()


def test_an_unrated_manager_is_refused_with_the_ticks_kept(world, c, client_for):
    ev = opened(world, c)
    first, second, _ = ev.subjects.order_by("order")
    r = client_for(world.member).post(
        reverse("congress:evaluation_vote", args=[ev.pk]),
        {f"s{first.pk}": "0", f"s{second.pk}": "2"},
    )
    html = r.content.decode()
    assert r.status_code == 200 and "尚未评价：王强" in html
    assert f'id="s{second.pk}-2" value="2" autocomplete="off" required checked' in html
    assert EVALUATIONS.sealed_count(ev) == 0


def test_results_hidden_until_close_then_highlighted(world, c, client_for):
    ev = opened(world, c)
    vote(c, ev, [[0, 2, 0], [0, 2, 0], [1, 2, 2], [0, 0, 2], [2, 1, 1]])
    client = client_for(world.chair)
    url = reverse("congress:evaluation_detail", args=[ev.pk])
    html = client.get(url).content.decode()
    assert 'id="result"' not in html and "评议结束后公布结果" in html
    assert client.get(reverse("congress:evaluation_xlsx", args=[ev.pk])).status_code == 403
    services.evaluation_close(actor=world.chair, evaluation=ev)
    html = client.get(url).content.decode()
    assert 'id="result"' in html
    # 张明 4/5 = 80%; 李华 2/5 = 40% (highlighted); 王强 3/5 = 60% (at the line: not).
    assert "80.00%" in html and "40.00%" in html and "60.00%" in html
    assert html.count('data-below="1"') == 1 and "低于警示线" in html


def test_xlsx_carries_the_table_title_and_signatures(world, c, client_for):
    ev = opened(world, c)
    vote(c, ev, [[0, 2, 0], [0, 2, 0], [1, 2, 2], [0, 0, 2], [2, 1, 1]])
    services.evaluation_close(actor=world.chair, evaluation=ev)
    r = client_for(world.committee).get(reverse("congress:evaluation_xlsx", args=[ev.pk]))
    assert r.status_code == 200
    assert "filename*=UTF-8''" in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [str(v) for row in cells for v in row if v is not None]
    assert flat[0] == "2026年度中层干部民主评议结果统计表"
    assert any("第一中学工会" in v for v in flat)
    header = next(row for row in cells if row[0] == "序号")
    assert header == ["序号", "姓名", "职务", "满意", "基本满意", "不满意", "有效票", "满意率"]
    lihua = next(row for row in cells if row[1] == "李华")
    assert lihua[3:7] == [1, 1, 3, 5] and lihua[7] == pytest.approx(0.4)
    row_no = next(i for i, row in enumerate(ws.iter_rows(), start=1) if row[1].value == "李华")
    assert ws.cell(row_no, 2).fill.fgColor.rgb.endswith("FFE699")
    zhang = next(row for row in cells if row[1] == "张明")
    row_no = next(i for i, row in enumerate(ws.iter_rows(), start=1) if row[1].value == "张明")
    assert zhang[7] == pytest.approx(0.8) and ws.cell(row_no, 2).fill.fgColor.rgb != "00FFE699"
    assert any("监票人" in v for v in flat) and any("导出人" in v for v in flat)
    assert ws.cell(row_no, 8).number_format == "0.00%"
    entry = AuditEntry.objects.get(action="evaluation.export")
    assert entry.actor == world.committee and "结果.xlsx" in entry.changes["导出"][1]


def test_list_page_query_count_is_pinned(world, c, client_for, django_assert_num_queries):
    for i in range(4):
        services.evaluation_create(
            actor=world.chair, sitting=c.sitting, title=f"评议{i}", subjects=MANAGERS
        )
    client = client_for(world.member)
    url = reverse("congress:evaluation_list", args=[c.sitting.pk])
    client.get(url)
    with django_assert_num_queries(11):
        r = client.get(url)
    assert r.status_code == 200 and r.content.decode().count("被评议 3 人") == 4


def test_an_open_evaluation_waits_on_the_representatives_dashboard(world, c, client_for):
    ev = opened(world, c)
    client = client_for(world.member)
    html = client.get("/").content.decode()
    assert "待参加的民主评议" in html
    assert reverse("congress:evaluation_detail", args=[ev.pk]) in html
    data = {f"s{k}": v for k, v in ballot(ev, [0, 1, 2]).items()}
    client.post(reverse("congress:evaluation_vote", args=[ev.pk]), data)
    assert "待参加的民主评议" not in client.get("/").content.decode()
    assert "待参加的民主评议" not in client_for(world.outsider).get("/").content.decode()
