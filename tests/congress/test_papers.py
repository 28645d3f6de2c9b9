"""Session documents (会议文件): the notice, the sign-in sheet, ballot papers, counting
sheets, resolutions and the 公示 hold the sitting's real figures; downloads need
``congress.view`` and are audited; the command writes the files."""

import datetime
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from gonghui.congress import papers
from gonghui.congress.models import CheckIn, RepKind, Sitting
from gonghui.congress.papers_ballots import ELECTION_HEAD, EVALUATION_HEAD, POLL_HEAD
from gonghui.congress.papers_results import public_period
from gonghui.congress.queries import polls as poll_queries
from gonghui.congress.services import papers as services
from gonghui.congress.services import polls as poll_services
from gonghui.core.models import AuditEntry
from gonghui.core.pages import DOCX

from .papers_support import (
    closed_election,
    closed_evaluation,
    docx_text,
    election,
    paper_poll,
    table_rows,
)
from .support import seat
from .test_polls_fixtures import congress, open_poll

SITTING_NAME = "第八届第四次教职工代表大会"


def build(sitting, kind, obj=None) -> str:
    content, _name = papers.build(sitting, kind, obj)
    return docx_text(content)


@pytest.fixture
def vote90(world):
    """90 seated, 60 present; 46 赞成 passes, 45 fails (more than half of ALL seated)."""
    c = congress(world, 90, present=60)
    passed = paper_poll(
        world, c, title="关于《教职工绩效工资分配方案》的决议", yes=46, no=10, abstain=2, invalid=2
    )
    failed = paper_poll(
        world, c, title="关于《校园停车管理办法》的决议", yes=45, no=11, abstain=2, invalid=2
    )
    return c, passed, failed


# --- 决议 ---------------------------------------------------------------------------------


def test_the_resolution_carries_the_vote_and_only_passed_items_become_resolutions(vote90):
    c, passed, failed = vote90
    assert poll_queries.result(passed).passed and not poll_queries.result(failed).passed
    text = build(c.sitting, "resolutions")
    assert f"{SITTING_NAME}关于《教职工绩效工资分配方案》的决议" in text
    assert "于2026年3月20日召开" in text
    assert "应到代表 90 人，实到 60 人" in text
    assert "发出选票 60 张，收回 60 张，有效 58 张，无效 2 张" in text
    assert "赞成 46 票，反对 10 票，弃权 2 票，赞成票超过全体代表半数" in text
    assert "会议决定通过《教职工绩效工资分配方案》" in text
    # 45 of 90 is not more than half: listed as failed, never as a resolution.
    assert f"{SITTING_NAME}关于《校园停车管理办法》的决议" not in text
    assert "关于《校园停车管理办法》的决议：未通过" in text
    assert "赞成 45 票，未超过全体代表 90 人的半数 45 人（需 46 票），未通过" in text


def test_a_void_poll_and_an_unvoted_one_are_not_resolutions(world):
    c = congress(world, 6)
    poll = open_poll(world, c, on_paper=True)
    poll_services.poll_paper(
        actor=world.chair,
        poll=poll,
        issued=6,
        returned=7,
        invalid=0,
        yes=7,
        no=0,
        abstain=0,
        scrutineers="监票人 王老师",
    )
    poll_services.poll_create(actor=world.chair, sitting=c.sitting, title="关于《校历》的决议")
    text = build(c.sitting, "resolutions")
    assert "本次会议尚无表决通过的事项" in text
    assert "表决无效" in text and "收回票数多于发出票数" in text
    assert "关于《校历》的决议（未开始）" in text


# --- 会议通知 -------------------------------------------------------------------------------


def test_the_notice_lists_the_agenda_in_order_and_who_attends(world):
    c = congress(world, 6)
    seat(world, 0, named=("吴老师",), kind=RepKind.OBSERVER, term=c.term)
    poll_services.poll_create(
        actor=world.chair, sitting=c.sitting, title="关于《学校工作报告》的决议"
    )
    poll_services.poll_create(
        actor=world.chair, sitting=c.sitting, title="关于《校务公开办法》的决议"
    )
    election(world, c)
    Sitting.objects.filter(pk=c.sitting.pk).update(
        place="学校报告厅",
        noticed_on=datetime.date(2026, 3, 10),
        proposals_open=datetime.date(2026, 3, 1),
        proposals_close=datetime.date(2026, 3, 15),
    )
    c.sitting.refresh_from_db()
    text = build(c.sitting, "notice")
    assert f"关于召开{SITTING_NAME}的通知" in text
    assert "定于2026年3月20日在学校报告厅召开" in text
    agenda = [
        "（一）审议并表决：关于《学校工作报告》的决议",
        "（二）审议并表决：关于《校务公开办法》的决议",
        "（三）选举：选举第九届工会委员会委员（应选 2 名，候选人 3 名）",
    ]
    positions = [text.index(item) for item in agenda]
    assert positions == sorted(positions)
    assert "提案征集时间为2026年3月1日至2026年3月15日" in text
    assert "正式代表 6 人，列席代表 1 人" in text
    assert "预告日期：2026年3月10日（会前 10 天）" in text
    assert text.rstrip().endswith("第一中学工会\n2026年3月10日")


# --- 签到表 --------------------------------------------------------------------------------


def test_the_sign_in_sheet_has_one_row_per_seated_representative(world):
    c = congress(world, 6, present=4)
    _, observers = seat(world, 0, named=("吴老师",), kind=RepKind.OBSERVER, term=c.term)
    CheckIn.objects.create(sitting=c.sitting, representative=observers[0], by_secretariat=True)
    content, name = papers.build(c.sitting, "signin")
    assert name == f"{SITTING_NAME}签到表.docx"
    rows = table_rows(content)
    assert rows[0] == ["序号", "姓名", "选区／部门", "类别", "签到时间", "本人签名"]
    people = [r for r in rows[1:] if r[0].isdigit()]
    assert [r[0] for r in people] == [str(i) for i in range(1, 8)]
    names = [r[1] for r in people]
    assert sorted(names) == sorted(rep.member.name for rep in [*c.reps, *observers])
    # Voting representatives first, grouped by constituency; the observer last, marked.
    assert people[-1][1] == "吴老师" and people[-1][3] == "列席"
    assert all(r[3] == "正式" for r in people[:-1])
    groups = [r[2] for r in people[:-1]]
    runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert len(runs) == len(set(runs)) == 2  # each constituency in one block
    assert any(r[0].startswith("正式代表 · ") for r in rows if not r[0].isdigit())
    checked = {rep.member.name for rep in c.reps[:4]}
    for r in people[:-1]:
        assert bool(re.fullmatch(r"\d\d:\d\d", r[4])) == (r[1] in checked)
        assert r[5] == ""
    assert people[-1][4].endswith("（代登记）")
    text = docx_text(content)
    assert "应到 6 人，实到 4 人（正式代表）；列席代表 1 人，已报到 1 人" in text


# --- ballot papers -------------------------------------------------------------------------


def test_one_unnumbered_ballot_paper_per_seated_voting_representative(vote90, world):
    c, passed, _ = vote90
    seat(world, 0, named=("吴老师",), kind=RepKind.OBSERVER, term=c.term)
    text = build(c.sitting, "ballots", passed)
    assert text.count(POLL_HEAD) == 90
    assert text.count("表决事项：关于《教职工绩效工资分配方案》的决议") == 90
    assert "赞成 | 反对 | 弃权" in text
    assert "不划或划两项以上的为无效票" in text
    # No numbering: a numbered ballot could be traced to the person it was handed to.
    assert not re.search(r"第\s*\d+\s*张|共\s*\d+\s*张", text)
    # Before a poll opens, the roster now decides (observers never get one).
    draft = poll_services.poll_create(
        actor=world.chair, sitting=c.sitting, title="关于《校历》的决议"
    )
    assert build(c.sitting, "ballots", draft).count(POLL_HEAD) == 90


def test_evaluation_and_election_ballots(world):
    c = congress(world, 6)
    ev = closed_evaluation(world, c, [])
    el = election(world, c)
    text = build(c.sitting, "ballots", ev)
    assert text.count(EVALUATION_HEAD) == 6
    assert "序号 | 姓名 | 职务 | 满意 | 基本满意 | 不满意" in text
    assert "1 | 张主任 | 教务处主任 |  |  | " in text
    text = build(c.sitting, "ballots", el)
    assert text.count(ELECTION_HEAD) == 6
    names = [rep.member.name for rep in c.reps[-3:]]
    rows = [line for line in text.splitlines() if " | " in line]
    assert rows[0] == "序号 | 候选人姓名 | 赞成 | 不赞成 | 弃权"
    assert [r.split(" | ")[1] for r in rows[1:4]] == names
    assert rows.count("另选他人 |  |  | — | —") == 2 * 6  # seats lines on each ballot
    assert "所选人数多于应选名额 2 名的为无效票" in text


def test_an_item_of_another_sitting_is_refused(world):
    c = congress(world, 6)
    poll = open_poll(world, c)
    other = Sitting.objects.create(term=c.term, number=5, date=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="该事项不属于本次会议"):
        papers.build(other, "ballots", poll)
    with pytest.raises(ValidationError, match="没有“minutes”这种会议文件"):
        papers.build(other, "minutes")


# --- counting sheets ---------------------------------------------------------------------


def test_the_counting_sheet_is_blank_before_the_count_and_filled_after(vote90, world):
    c, passed, _ = vote90
    draft = poll_services.poll_create(
        actor=world.chair, sitting=c.sitting, title="关于《校历》的决议", on_paper=True
    )
    content, _name = papers.build(c.sitting, "count", draft)
    assert table_rows(content) == [
        ["发出票数", "收回票数", "有效票", "无效票", "赞成", "反对", "弃权"],
        ["", "", "", "", "", "", ""],  # paper figures left for the counters
    ]
    blank_sheet = docx_text(content)
    assert "赞成票须超过全体代表 90 人的半数（至少 46 票）方为通过" in blank_sheet
    assert "监票人（签字）" in blank_sheet and "计票人（签字）" in blank_sheet
    filled = build(c.sitting, "count", passed)
    assert "60 | 60 | 58 | 2 | 46 | 10 | 2" in filled
    for text in poll_queries.result(passed).arithmetic:
        assert text in filled
    assert "表决结果：通过" in filled
    assert "监票人、计票人：监票人 王老师、计票人 李老师" in filled


def test_the_evaluation_and_election_counting_sheets_hold_the_results(world):
    c = congress(world, 6)
    ev = closed_evaluation(world, c, [(0, 2), (0, 2), (1, 2), (2, 0)])
    text = build(c.sitting, "count", ev)
    assert "— | — | 4 | —" in text  # electronic: no paper issued, 4 valid ballots
    assert "1 | 张主任 | 教务处主任 | 2 | 1 | 1 | 4 | 75.00%" in text
    assert "2 | 刘主任 | 总务处主任 | 1 | 0 | 3 | 4 | 25.00% ▲" in text
    el = closed_election(
        world,
        c,
        [["yes", "yes", "no"], ["yes", "yes", "no"], ["yes", "no", "yes"], ["yes", "yes", "no"]],
    )
    text = build(c.sitting, "count", el)
    a, b, third = (rep.member.name for rep in c.reps[-3:])
    assert f"1 | {a} | 4 | 0 | 0 | 当选" in text
    assert f"2 | {b} | 3 | 1 | 0 | 未过半数" in text
    assert f"3 | {third} | 1 | 3 | 0 | 未过半数" in text
    assert "至少 4 票" in text


# --- 结果公示 ------------------------------------------------------------------------------


def test_the_announcement_has_every_result_and_a_five_working_day_period(world):
    c = congress(world, 6)
    paper_poll(world, c, title="关于《学校工作报告》的决议", yes=5, no=1, abstain=0)
    closed_evaluation(world, c, [(0, 2), (0, 2), (1, 2), (2, 0)])
    closed_election(
        world,
        c,
        [["yes", "yes", "no"], ["yes", "yes", "no"], ["yes", "no", "yes"], ["yes", "yes", "no"]],
    )
    Sitting.objects.filter(pk=c.sitting.pk).update(
        closed_at=timezone.make_aware(datetime.datetime(2026, 3, 20, 17, 0))
    )
    c.sitting.refresh_from_db()
    text = build(c.sitting, "announcement")
    assert f"关于{SITTING_NAME}有关结果的公示" in text
    assert "一、表决结果" in text and "1. 关于《学校工作报告》的决议：通过" in text
    assert "赞成 5 票 > 全体代表 6 人的半数 3 人，通过" in text
    assert "二、民主评议结果" in text and "25.00% ▲" in text and "75.00%" in text
    a = c.reps[-3].member.name
    assert "三、选举结果" in text and f"1 | {a} | 4 | 当选" in text
    assert "四、提案工作情况" in text and "本次会议未收到提案" in text
    # Closed on Friday 20 March 2026: from Monday 23 to Friday 27 March.
    assert "公示期为 5 个工作日，自2026年3月23日起至2026年3月27日止" in text
    assert "向第一中学工会反映" in text


def test_the_public_period_counts_working_days():
    sitting = Sitting(date=datetime.date(2026, 3, 19))
    sitting.closed_at = timezone.make_aware(datetime.datetime(2026, 3, 19, 16, 0))  # Thursday
    assert public_period(sitting, datetime.date(2026, 4, 1)) == (
        datetime.date(2026, 3, 20),
        datetime.date(2026, 3, 26),
    )
    sitting.closed_at = None  # not closed yet: from the working day after today
    assert public_period(sitting, datetime.date(2026, 3, 21)) == (
        datetime.date(2026, 3, 23),
        datetime.date(2026, 3, 27),
    )


# --- service, pages, command --------------------------------------------------------------


def test_an_export_is_audited(vote90, world):
    c, passed, _ = vote90
    content, name = services.paper_export(
        actor=world.chair, sitting=c.sitting, kind="ballots", obj=passed
    )
    assert name == "关于《教职工绩效工资分配方案》的决议表决票.docx"
    assert docx_text(content).count(POLL_HEAD) == 90
    entry = AuditEntry.objects.get(action="congress.export")
    assert entry.actor == world.chair and entry.changes == {"导出": [None, name]}
    assert entry.object_id == str(passed.pk)


def test_the_chair_downloads_the_resolutions(vote90, world, client_for):
    c, _, _ = vote90
    response = client_for(world.chair).get(
        f"/congress/sittings/{c.sitting.pk}/papers/resolutions.docx"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    assert "赞成 46 票" in docx_text(response.content)
    entry = AuditEntry.objects.get(action="congress.export")
    assert entry.changes == {"导出": [None, f"{SITTING_NAME}决议.docx"]}


@pytest.mark.parametrize(
    "url",
    [
        "/congress/sittings/{s}/papers/notice.docx",
        "/congress/sittings/{s}/archive.zip",
        "/congress/polls/{p}/papers/ballots.docx",
        "/congress/polls/{p}/papers/count.docx",
    ],
)
def test_downloads_are_refused_to_members_outsiders_and_representatives(world, client_for, url):
    c = congress(world, 6, named=("孙组长",))  # 周会员 (world.member) is not a representative
    poll = open_poll(world, c)
    url = url.format(s=c.sitting.pk, p=poll.pk)
    assert client_for(world.member).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    # A representative votes and reads the results on the pages; printing papers is the
    # secretariat's (congress.view).
    assert client_for(world.group_leader).get(url).status_code == 403
    assert not AuditEntry.objects.filter(action="congress.export").exists()
    assert client_for(world.chair).get(url).status_code == 200


def test_item_downloads_and_unknown_kinds(world, client_for):
    c = congress(world, 6)
    ev = closed_evaluation(world, c, [(0, 0)])
    el = election(world, c)
    chair = client_for(world.chair)
    for url in (
        f"/congress/evaluations/{ev.pk}/papers/ballots.docx",
        f"/congress/evaluations/{ev.pk}/papers/count.docx",
        f"/congress/elections/{el.pk}/papers/ballots.docx",
        f"/congress/elections/{el.pk}/papers/count.docx",
    ):
        response = chair.get(url)
        assert response.status_code == 200 and response["Content-Type"] == DOCX, url
    assert chair.get(f"/congress/sittings/{c.sitting.pk}/papers/minutes.docx").status_code == 404
    assert chair.get(f"/congress/elections/{el.pk}/papers/notice.docx").status_code == 404
    assert AuditEntry.objects.filter(action="congress.export").count() == 4


def test_the_command_writes_the_files(vote90, tmp_path, capsys):
    c, passed, _ = vote90
    out = tmp_path / "ballots.docx"
    call_command(
        "congress",
        "paper",
        "ballots",
        "--sitting",
        str(c.sitting.pk),
        "--poll",
        str(passed.pk),
        "--out",
        str(out),
    )
    assert docx_text(out.read_bytes()).count(POLL_HEAD) == 90
    assert "已导出关于《教职工绩效工资分配方案》的决议表决票.docx" in capsys.readouterr().out
    out = tmp_path / "notice.docx"
    call_command("congress", "paper", "notice", "--sitting", str(c.sitting.pk), "--out", str(out))
    assert "正式代表 90 人" in docx_text(out.read_bytes())
    out = tmp_path / "all.zip"
    call_command("congress", "archive", "--sitting", str(c.sitting.pk), "--out", str(out))
    assert "决议.docx" in zipfile.ZipFile(out).namelist()
    entries = AuditEntry.objects.filter(action="congress.export")
    assert entries.count() == 3 and not entries.exclude(actor=None).exists()


def test_the_command_refuses_clearly(vote90, tmp_path):
    c, passed, _ = vote90
    out = str(tmp_path / "x.docx")
    sitting = str(c.sitting.pk)
    with pytest.raises(CommandError, match="找不到编号为 999999 的会次"):
        call_command("congress", "archive", "--sitting", "999999", "--out", out)
    with pytest.raises(CommandError, match="须指定且只指定一项"):
        call_command("congress", "paper", "count", "--sitting", sitting, "--out", out)
    with pytest.raises(CommandError, match="找不到编号为 999999 的表决事项"):
        call_command(
            "congress", "paper", "count", "--sitting", sitting, "--poll", "999999", "--out", out
        )
    other = Sitting.objects.create(term=c.term, number=5, date=datetime.date(2026, 6, 1))
    with pytest.raises(CommandError, match="该事项不属于本次会议"):
        call_command(
            "congress",
            "paper",
            "count",
            "--sitting",
            str(other.pk),
            "--poll",
            str(passed.pk),
            "--out",
            out,
        )
    with pytest.raises(CommandError, match="输出目录不存在"):
        call_command(
            "congress", "archive", "--sitting", sitting, "--out", str(tmp_path / "no" / "a.zip")
        )
    assert not (tmp_path / "x.docx").exists()
