"""The 比赛 pages: the committee creates a tournament, adds players, draws; the page shows
each group's table, the bracket drawn and the timetable; a referee enters a result on the
match page; members of the union read it, the outsider gets 404; the draw sheet downloads."""

from __future__ import annotations

import io

import pytest
from docx import Document

from gonghui.activities import services_tournament as ts
from gonghui.activities.models_tournament import Stage, Tournament

from .support import make_activity
from .test_tournament_services import drawn, players

pytestmark = pytest.mark.django_db


def client_of(client, world, name):
    client.force_login(world.users[name])
    return client


def test_the_committee_creates_enters_and_draws(client, world):
    c = client_of(client, world, "chair")
    activity = make_activity(world.school, kind="sports", title="乒乓球赛", capacity=50)
    manage = c.get(f"/activities/{activity.pk}/tournaments/new/")
    assert manage.status_code == 200
    assert "积分相同时依次比较" in manage.content.decode()
    form = {
        "title": "教职工乒乓球赛",
        "sport": "乒乓球",
        "entry_kind": "single",
        "group_count": 2,
        "advance": 2,
        "best_of": 5,
        "win_points": 2,
        "loss_points": 1,
        "walkover_points": 0,
        "tiebreaks": "h2h_match,h2h_games,h2h_points",
        "courts": 2,
        "court_label": "球台",
        "first_slot_at": "2099-03-11T09:00",
        "slot_minutes": 20,
    }
    done = c.post(f"/activities/{activity.pk}/tournaments/new/", form)
    t = Tournament.objects.get(activity=activity)
    assert done.status_code == 302 and done.url == t.get_absolute_url()
    for m in players(world, 8):
        answer = c.post(f"/activities/tournaments/{t.pk}/entries/", {"members": [m.pk]})
        assert answer.status_code == 302
    assert t.entries.count() == 8
    page = c.get(t.get_absolute_url()).content.decode()
    assert "选手00" in page and "抽签分组" in page
    c.post(f"/activities/tournaments/{t.pk}/draw/", {"seed": "页面"})
    t.refresh_from_db()
    assert (t.stage, t.seed) == (Stage.GROUPS, "页面")
    page = c.get(t.get_absolute_url()).content.decode()
    assert "A组" in page and "B组" in page
    assert 'id="bracket"' in page and "A组第1名" in page and "决赛" in page
    assert 'id="timetable"' in page and "1号" in page


def test_a_referee_enters_a_result_on_the_match_page(client, world):
    t = drawn(world, n=4, groups=1, advance=2)
    m = t.matches.filter(stage=Stage.GROUPS).select_related("a", "b").first()
    c = client_of(client, world, "committee")
    form = c.get(m.get_absolute_url()).content.decode()
    assert m.a.name in form and "第5局" in form and "弃权" in form
    answer = c.post(
        m.get_absolute_url(), {"g0a": 11, "g0b": 7, "g1a": 11, "g1b": 9, "g2a": 11, "g2b": 3}
    )
    assert answer.status_code == 302 and answer.url.endswith(f"#group-{m.group_id}")
    m.refresh_from_db()
    assert (m.winner_id, m.score()) == (m.a_id, "3:0")
    page = c.get(t.get_absolute_url()).content.decode()
    assert "3:0" in page
    # a bad score: the page says why, nothing changes
    bad = c.post(m.get_absolute_url(), {"g0a": 11, "g0b": 11}, follow=True).content.decode()
    assert "每局须分出胜负" in bad
    half = c.post(m.get_absolute_url(), {"g0a": 11}, follow=True).content.decode()
    assert "第 1 局比分没有填完整" in half
    m.refresh_from_db()
    assert m.score() == "3:0"
    # a walkover
    other = t.matches.filter(stage=Stage.GROUPS, winner__isnull=True).first()
    c.post(other.get_absolute_url(), {"walkover": "b"})
    other.refresh_from_db()
    assert (other.walkover, other.winner_id) == (True, other.b_id)


def test_members_read_the_tournament_others_do_not(client, world):
    t = drawn(world, n=4, groups=1, advance=0)
    m = t.matches.first()
    c = client_of(client, world, "member")
    page = c.get(t.get_absolute_url())
    assert page.status_code == 200
    assert "录入" not in page.content.decode()
    assert c.get(m.get_absolute_url()).status_code == 403
    assert c.post(m.get_absolute_url(), {"walkover": "a"}).status_code == 403
    outsider = client_of(client, world, "outsider")
    assert outsider.get(t.get_absolute_url()).status_code == 404
    assert outsider.get(m.get_absolute_url()).status_code == 404
    assert outsider.get(f"/activities/tournaments/{t.pk}/sheet.docx").status_code == 404


def test_draft_activity_tournament_is_the_committees_only(client, world):
    activity = make_activity(world.school, publish=False)
    t = ts.tournament_save(actor=None, activity=activity, fields={"title": "羽毛球赛"})
    assert client_of(client, world, "member").get(t.get_absolute_url()).status_code == 403
    assert client_of(client, world, "auditor").get(t.get_absolute_url()).status_code == 200


def test_the_draw_sheet_holds_groups_grid_bracket_and_timetable(client, world):
    t = drawn(world, n=8, groups=2)
    m = t.matches.filter(stage=Stage.GROUPS).first()
    ts.match_result(actor=None, match=m, games=[[11, 1], [11, 2], [11, 3]])
    answer = client_of(client, world, "member").get(f"/activities/tournaments/{t.pk}/sheet.docx")
    assert answer.status_code == 200
    doc = Document(io.BytesIO(answer.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "教职工乒乓球赛对阵表" in text and "A组" in text and "淘汰赛" in text
    cells = {c.text for table in doc.tables for row in table.rows for c in row.cells}
    assert "3:0" in cells and "0:3" in cells  # the result both ways in the grid
    assert "A组第1名" in cells and "裁判签字" in cells


def test_prize_voucher_is_linked_by_its_number_and_shown(client, world):
    from gonghui.finance.models import Kind, Voucher

    t = drawn(world, n=4, groups=1, advance=0)
    Voucher.objects.create(
        union=world.school,
        kind=Kind.EXPENSE,
        date=t.first_slot_at.date(),
        summary="奖品",
        number="记-007",
    )
    c = client_of(client, world, "chair")
    c.post(f"/activities/tournaments/{t.pk}/prize/", {"number": "记-007"})
    t.refresh_from_db()
    assert t.prize_voucher.number == "记-007"
    page = c.get(t.get_absolute_url()).content.decode()
    assert "记-007" in page and "最多 1 人" in page  # four players: one in three
    missing = c.post(f"/activities/tournaments/{t.pk}/prize/", {"number": "无此号"}, follow=True)
    assert "没有凭证号为 无此号" in missing.content.decode()


def test_group_results_offer_no_correction_once_the_knockout_started(client, world):
    t = drawn(world, n=4, groups=1, advance=2)
    for m in t.matches.filter(stage=Stage.GROUPS):
        ts.match_result(actor=None, match=m, walkover_winner="a")
    c = client_of(client, world, "chair")
    assert "更正" in c.get(t.get_absolute_url()).content.decode()
    final = t.matches.get(stage=Stage.KNOCKOUT)
    ts.match_result(actor=None, match=final, walkover_winner="b")
    page = c.get(t.get_absolute_url()).content.decode()
    assert "更正" not in page and "冠军" in page


def test_the_activitys_pages_lead_to_its_tournaments(client, world):
    """The committee finds the tournament and 新建比赛 on the sign-up list; a member finds the
    tournament on the activity's page, without the button."""
    t = drawn(world, n=4, groups=1, advance=2)
    activity = t.activity
    manage = client_of(client, world, "chair").get(f"/activities/{activity.pk}/manage/")
    page = manage.content.decode()
    assert t.get_absolute_url() in page and t.title in page
    assert f"/activities/{activity.pk}/tournaments/new/" in page
    detail = client_of(client, world, "member").get(f"/activities/{activity.pk}/")
    page = detail.content.decode()
    assert detail.status_code == 200
    assert t.get_absolute_url() in page
    assert "新建比赛" not in page
