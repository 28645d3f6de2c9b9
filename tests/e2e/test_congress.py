"""A representative's day at the congress, on a phone: check in by the sitting's QR link,
confirm a co-signature on a colleague's proposal, and cast a secret ballot; and, before
it, file a proposal asking co-signers found with the member picker."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.congress.models import Ballot, BallotMark, CheckIn, Proposal
from gonghui.congress.services import polls as poll_services
from gonghui.congress.services import proposals as proposal_services
from gonghui.congress.services import sittings as sitting_services
from tests.congress.support import seat

from .conftest import PHONE
from .picking import pick
from .test_browser import horizontal_overflow


@pytest.fixture
def congress_day(e2e_world):
    """The school's 教职工代表大会 meeting today: 周会员, 王委员 and two colleagues seated."""
    world = e2e_world
    today = timezone.localdate()
    term, reps = seat(world, 2, named=("周会员", "王委员"))
    sitting = sitting_services.sitting_create(
        actor=world.chair,
        term=term,
        date=today,
        place="学校报告厅",
        proposals_open=today - datetime.timedelta(days=7),
        proposals_close=today,
    )
    sitting = sitting_services.sitting_notice(
        actor=world.chair, sitting=sitting, noticed_on=today, late_reason="演示：当天通知"
    )
    return world, sitting, reps


@pytest.mark.e2e
def test_a_representative_checks_in_and_votes_on_a_phone(
    congress_day, new_page, login, results_dir
):
    world, sitting, reps = congress_day
    zhou, wang, *others = reps
    others.append(wang)
    # 王委员 drafts a proposal and asks 周会员 and a colleague to co-sign it.
    proposal = proposal_services.proposal_create(
        actor=world.committee,
        sitting=sitting,
        title="关于增设教职工健身房开放时段的提案",
        reason="教职工下班后无处锻炼。",
        measures="工作日 17:30—20:00 向教职工开放体育馆健身房。",
        cosigners=[zhou, reps[2]],
    )
    page = new_page(PHONE)
    login(page, "member")  # 周会员
    page.goto(f"/congress/checkin/{sitting.checkin_token}/")
    expect(page.get_by_text(sitting.name).first).to_be_visible()
    page.get_by_role("button", name="报到").click()
    expect(page.locator("#done")).to_contain_text("您已于")
    assert CheckIn.objects.filter(sitting=sitting, representative=zhou).exists()
    assert not horizontal_overflow(page)
    page.screenshot(path=str(results_dir / "screens" / "congress-checkin-375x812.png"))

    # The co-signature request waits on 周会员's own page; confirming it is one tap.
    page.goto("/congress/mine/")
    page.get_by_role("link", name=re.compile("增设教职工健身房")).first.click()
    page.get_by_role("button", name="确认附议").click()
    cosign = proposal.cosigns.get(representative=zhou)
    assert cosign.confirmed_at is not None
    assert not horizontal_overflow(page)

    # The secretariat checks the others in, opens the sitting and the first item.
    for rep in others:
        sitting_services.rep_checkin(
            actor=world.chair, sitting=sitting, representative=rep, by_secretariat=True
        )
    sitting_services.sitting_open(actor=world.chair, sitting=sitting)
    poll = poll_services.poll_create(
        actor=world.chair, sitting=sitting, title="关于《学校绩效工资分配方案》的决议"
    )
    poll_services.poll_open(actor=world.chair, poll=poll)

    page.goto(poll.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="赞成").click()
    expect(page.locator("#voted")).to_have_text("您已投票")
    # The page never says what was chosen; the ballot holds the choice, the mark the voter.
    assert "赞成" not in page.locator("#voted").inner_text()
    assert BallotMark.objects.filter(poll=poll, representative=zhou).count() == 1
    assert not horizontal_overflow(page)
    page.screenshot(path=str(results_dir / "screens" / "congress-voted-375x812.png"))
    poll_services.poll_close(actor=world.chair, poll=poll)  # sealed until the close
    assert list(Ballot.objects.filter(poll=poll).values_list("choice", flat=True)) == ["yes"]


@pytest.mark.e2e
def test_a_representative_files_a_proposal_with_cosigners_found_by_name(
    congress_day, new_page, login, results_dir
):
    _, sitting, reps = congress_day
    zhou, wang, third, _ = reps
    page = new_page(PHONE)
    login(page, "member")  # 周会员
    page.goto(reverse("congress:proposal_new", args=[sitting.pk]))
    page.get_by_label("案由").fill("关于延长图书馆开放时间的提案")
    page.get_by_label("理由").fill("教职工下班后借书不便。")
    page.get_by_label("建议措施").fill("工作日开放到 19:00。")
    form = page.locator("#proposal-form")
    pick(page, form, "wang", wang.member.name, 1, purpose="cosigner")
    # Names and groups only: a number finds nobody, the start of a name does.
    pick(page, form, "代表", third.member.name, 2, purpose="cosigner")
    assert not horizontal_overflow(page)
    page.screenshot(
        path=str(results_dir / "screens" / "proposal-cosigners-375x812.png"), full_page=True
    )
    # The list of matches stays open for more choices; a tap elsewhere closes it.
    page.get_by_role("heading", name="提出提案").click()
    expect(page.get_by_role("option")).to_have_count(0)
    page.get_by_role("button", name="提交并请代表附议").click()
    expect(page.get_by_text("提案已保存，等待附议人确认。")).to_be_visible()
    proposal = Proposal.objects.get(title="关于延长图书馆开放时间的提案")
    asked = proposal.cosigns.values_list("representative", flat=True)
    assert proposal.proposer == zhou and sorted(asked) == sorted([wang.pk, third.pk])
