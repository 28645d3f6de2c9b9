"""The chair takes the sitting's documents on a phone: the 决议 and the 提案汇编 download
from the sitting page and hold the figures the pages show."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from gonghui.congress.services import evaluation as evaluation_services
from gonghui.congress.services import polls as poll_services
from gonghui.congress.services import proposals as proposal_services
from gonghui.congress.services import sittings as sitting_services
from tests.congress.support import seat

from .conftest import DESKTOP
from .test_browser import horizontal_overflow

PHONE = {"width": 390, "height": 844}


def docx_text(path: Path) -> str:
    doc = Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in doc.paragraphs]
    parts += [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
    return "\n".join(parts)


@pytest.fixture
def sitting_done(e2e_world):
    """Today's sitting: six representatives all checked in, one accepted proposal and a
    paper vote counted 5 赞成, 1 反对."""
    world = e2e_world
    today = timezone.localdate()
    term, reps = seat(world, 3, named=("周会员", "王委员", "李主席"))
    zhou, _wang, li = reps[:3]
    sitting = sitting_services.sitting_create(
        actor=world.chair,
        term=term,
        date=today,
        place="学校报告厅",
        proposals_open=today - datetime.timedelta(days=7),
        proposals_close=today,
    )
    proposal = proposal_services.proposal_create(
        actor=world.committee,
        sitting=sitting,
        title="关于增设教职工健身房开放时段的提案",
        reason="教职工下班后无处锻炼。",
        measures="工作日 17:30—20:00 向教职工开放体育馆健身房。",
        cosigners=[zhou, li],
    )
    proposal_services.cosign_confirm(actor=world.member, proposal=proposal)
    proposal_services.cosign_confirm(actor=world.chair, proposal=proposal)
    proposal.refresh_from_db()
    proposal_services.proposal_review(actor=world.chair, proposal=proposal, decision="accept")
    sitting = sitting_services.sitting_notice(
        actor=world.chair, sitting=sitting, noticed_on=today, late_reason="演示：当天通知"
    )
    for rep in reps:
        sitting_services.rep_checkin(
            actor=world.chair, sitting=sitting, representative=rep, by_secretariat=True
        )
    sitting_services.sitting_open(actor=world.chair, sitting=sitting)
    poll = poll_services.poll_create(
        actor=world.chair, sitting=sitting, title="关于《学校工作报告》的决议", on_paper=True
    )
    poll = poll_services.poll_open(actor=world.chair, poll=poll)
    poll_services.poll_paper(
        actor=world.chair,
        poll=poll,
        issued=6,
        returned=6,
        invalid=0,
        yes=5,
        no=1,
        abstain=0,
        scrutineers="监票人 王老师、计票人 李老师",
    )
    evaluation_services.evaluation_create(
        actor=world.chair,
        sitting=sitting,
        title="中层干部民主评议",
        subjects=[("张主任", "教务处主任"), ("刘主任", "总务处主任")],
    )
    return world, sitting, poll


def _figure(page, selector: str) -> str:
    return page.locator(selector).first.inner_text().strip()


@pytest.mark.e2e
def test_the_chair_downloads_the_resolutions_and_the_proposal_book_on_a_phone(
    sitting_done, new_page, login, results_dir
):
    _world, sitting, poll = sitting_done
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    page = new_page(PHONE)
    login(page, "chair")

    # What the pages show: the vote on the item's page, the proposal figures on the list.
    page.goto(poll.get_absolute_url())
    counts = page.locator("#poll-result .fs-3")
    yes, no, abstain = (counts.nth(i).inner_text().strip() for i in range(3))
    assert (yes, no, abstain) == ("5", "1", "0")
    expect(page.locator("#poll-papers")).to_contain_text("表决票")
    page.goto(f"/congress/sittings/{sitting.pk}/proposals/")
    figures = page.locator("#proposal-figures .gh-figure")
    submitted, accept_rate = figures.nth(0).inner_text().strip(), figures.nth(1).inner_text()
    assert (submitted, accept_rate.strip()) == ("1", "100.0%")

    page.goto(sitting.get_absolute_url())
    seated = _figure(page, "[data-figure=seated]")
    present = _figure(page, "[data-figure=present]")
    card = page.locator("#papers")
    card.scroll_into_view_if_needed()
    expect(card).to_contain_text("会议文件")
    assert not horizontal_overflow(page)
    page.screenshot(path=str(screens / "congress-papers-390x844.png"), full_page=True)

    with page.expect_download() as info:
        card.get_by_role("link", name="决议").click()
    download = info.value
    assert download.suggested_filename == f"{sitting.name}决议.docx"
    text = docx_text(Path(download.path()))
    assert f"{sitting.name}关于《学校工作报告》的决议" in text
    assert f"应到代表 {seated} 人，实到 {present} 人" in text
    assert f"赞成 {yes} 票，反对 {no} 票，弃权 {abstain} 票" in text

    with page.expect_download() as info:
        card.get_by_role("link", name="提案汇编").click()
    download = info.value
    assert download.suggested_filename == f"{sitting.name}提案汇编.docx"
    text = docx_text(Path(download.path()))
    assert "关于增设教职工健身房开放时段的提案" in text
    assert f"提交提案 {submitted} 件" in text
    assert f"立案率：{accept_rate.strip()}" in text

    evaluation = sitting.evaluations.get()
    page.goto(evaluation.get_absolute_url())
    expect(page.locator("#evaluation-papers")).to_contain_text("评议票")
    assert not horizontal_overflow(page)
    page.screenshot(path=str(screens / "congress-evaluation-papers-390x844.png"), full_page=True)

    # The same card on a desktop, for review.
    wide = new_page(DESKTOP, name="desktop")
    login(wide, "chair")
    wide.goto(sitting.get_absolute_url())
    wide.locator("#papers").scroll_into_view_if_needed()
    wide.screenshot(path=str(screens / "congress-papers-1280x800.png"), full_page=True)
    wide.goto(poll.get_absolute_url())
    wide.screenshot(path=str(screens / "congress-poll-papers-1280x800.png"), full_page=True)
    assert re.search(r"打印：\s*表决票\s*·\s*计票单", wide.locator("#poll-papers").inner_text())
    wide.goto(evaluation.get_absolute_url())
    wide.screenshot(path=str(screens / "congress-evaluation-papers-1280x800.png"), full_page=True)
