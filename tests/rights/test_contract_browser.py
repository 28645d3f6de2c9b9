"""In a real browser, the issue's path of a collective contract: the chair records the 要约,
two 协商会议 and a draft, and puts the draft to the 职代会 sitting; two representatives vote
on their phones; the chair closes the vote, signs and submits the contract; the review
period passes and the page shows 已生效 with its date; the plan item "8月前签订…" links it
as its 落实记录.

"The period passes" is a fixed clock, not waiting: every page reads today through Django's
``timezone.localdate()``, which the test moves to the computed effective date (and to the
day before it) for the live server in the same process. The representatives (two a side)
and the congress sitting with its checked-in representatives are set up through the
services; everything else goes through the pages. Screenshots at 390 and 1280 px land in
test-results/screens/contracts-*.png."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.congress.services import sittings as sitting_services
from gonghui.plans import services as plan_services
from gonghui.rights import services_contracts as services
from gonghui.rights.models_contracts import CollectiveContract, ContractStage, DraftState
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.congress.support import seat
from tests.e2e import conftest as e2e
from tests.e2e.conftest import DESKTOP, settled

PHONE = {"width": 390, "height": 844}
TITLE = "第一中学集体合同（2026—2029）"
# tests/rights has no conftest of its own: the browser fixtures, for this module
e2e_world, new_page, login, results_dir = e2e.e2e_world, e2e.new_page, e2e.login, e2e.results_dir


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"contracts-{name}.png"), full_page=True)


def _sides(world, contract, today):
    for i, (member, boss) in enumerate((("王委员", "刘校长"), ("吴老师", "陈副校长"))):
        services.representative_add(
            actor=world.chair,
            contract=contract,
            side="workers",
            member=world.members[member],
            chief=i == 0,
            appointed_on=today,
        )
        services.representative_add(
            actor=world.chair,
            contract=contract,
            side="employer",
            name=boss,
            chief=i == 0,
            appointed_on=today,
        )


def _sitting(world, today):
    """The school's congress sitting today, open, its three representatives checked in."""
    term, reps = seat(world, 1, named=("周会员", "王委员"))
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
    for rep in reps:
        sitting_services.rep_checkin(
            actor=world.chair, sitting=sitting, representative=rep, by_secretariat=True
        )
    return sitting_services.sitting_open(actor=world.chair, sitting=sitting)


@pytest.mark.e2e
def test_offer_sessions_draft_congress_vote_sign_submit_effective(
    e2e_world, new_page, login, results_dir, monkeypatch
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    today = timezone.localdate()

    # the chair records the offer
    chair = new_page(viewport=DESKTOP, name="chair")
    chair.on("dialog", lambda dialog: dialog.accept())
    login(chair, "chair")
    chair.goto("/unions/school/rights/contracts/")
    chair.locator("#contract-new").click()
    chair.get_by_label("合同名称").fill(TITLE)
    chair.get_by_label("要约内容").fill("就工资、工时、休息休假、劳动安全卫生等事项进行集体协商。")
    chair.get_by_role("button", name="保存").click()
    expect(chair.locator("#contract-status")).to_have_text("已发出要约")
    settled(chair)
    contract = CollectiveContract.objects.get()
    _sides(world, contract, today)

    # two sessions, the chair alternating as the form suggests
    for n, minutes in ((1, "双方就工资增长幅度交换意见。"), (2, "就第八条加班工资达成一致。")):
        chair.goto(contract.get_absolute_url())
        chair.locator("#session-new").click()
        expected = "workers" if n == 1 else "employer"
        expect(chair.get_by_label("主持方")).to_have_value(expected)
        chair.get_by_label("记录员").fill("钱记录")
        chair.get_by_label("会议纪要").fill(minutes)
        chair.get_by_role("button", name="保存").click()
        expect(chair.locator(".alert-success")).to_contain_text(f"第{n}次协商会议")
        settled(chair)

    # a draft, sent to the congress
    chair.locator("#draft-new").click()
    chair.get_by_label("修改说明").fill("第二次协商一致的文本。")
    chair.get_by_label("合同文本").fill("第一条 为维护职工和学校的合法权益……\n第八条 加班工资……")
    chair.get_by_role("button", name="保存").click()
    expect(chair.locator("[data-draft='1']")).to_contain_text("草案")
    shoot(chair, screens, "negotiating-1280")
    assert overflow(chair) == 0
    settled(chair)
    _sitting(world, today)
    chair.goto(contract.get_absolute_url())
    chair.locator("#to-congress").click()
    chair.get_by_role("button", name="保存").click()
    expect(chair.locator("#contract-status")).to_have_text("职代会审议中")

    # the chair opens the vote on the poll's page
    chair.locator("#drafts").get_by_role("link", name="第1项表决").click()
    chair.get_by_role("button", name="开始表决").click()
    expect(chair.get_by_role("button", name="结束表决")).to_be_visible()
    settled(chair)
    poll_url = contract.drafts.get().poll.get_absolute_url()

    # two representatives vote on their phones
    for username in ("member", "committee"):
        phone = new_page(viewport=PHONE, name=username)
        login(phone, username)
        phone.goto(poll_url)
        expect(
            phone.get_by_text("审议《第一中学集体合同（2026—2029）》（第1稿）").first
        ).to_be_visible()
        phone.once("dialog", lambda dialog: dialog.accept())
        phone.get_by_role("button", name="赞成").click()
        expect(phone.locator("#voted")).to_have_text("您已投票")
        assert overflow(phone) == 0
        if username == "member":
            shoot(phone, screens, "vote-390")
        settled(phone)

    # the chair closes the vote: the draft passes in the same transaction
    chair.reload()
    chair.get_by_role("button", name="结束表决").click()
    expect(chair.get_by_text("通过").first).to_be_visible()
    settled(chair)
    assert contract.drafts.get().state == DraftState.PASSED
    chair.goto(contract.get_absolute_url())
    expect(chair.locator("#contract-status")).to_have_text("职代会通过，待签字")

    # signed and submitted today
    chair.locator("#sign").click()
    chair.get_by_role("button", name="保存").click()
    expect(chair.locator("#contract-status")).to_have_text("已签字，待报送")
    chair.locator("#submit").click()
    chair.get_by_label("审查部门").fill("县人力资源和社会保障局")
    chair.get_by_role("button", name="保存").click()
    expect(chair.locator(".alert-success")).to_contain_text("将于")
    settled(chair)
    contract.refresh_from_db()
    assert contract.stage == ContractStage.SUBMITTED
    effective = contract.effective_on
    assert effective > today + datetime.timedelta(days=15)
    expect(chair.locator("#contract-status")).to_contain_text(
        f"无异议将于 {effective:%Y-%m-%d} 生效"
    )

    # the review period passes: the day before the effective date, then the day itself
    real = timezone.localdate

    def on(day):
        def fixed(value=None, timezone=None):
            if value is None:
                return day
            return real(value) if timezone is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", fixed)

    on(effective - datetime.timedelta(days=1))
    chair.reload()
    expect(chair.locator("#contract-status")).to_contain_text("审查期内")
    settled(chair)
    on(effective)
    chair.reload()
    expect(chair.locator("#contract-status")).to_have_text(f"已生效（{effective:%Y-%m-%d} 起）")
    expect(chair.locator("#publish")).to_be_visible()
    expect(chair.locator("[data-deadline='effective']")).to_contain_text(f"{effective:%Y-%m-%d}")
    shoot(chair, screens, "effective-1280")
    assert overflow(chair) == 0
    settled(chair)

    # the plan item "8月前签订集体合同" is carried out by the signing: its page lists it
    plan = plan_services.plan_create(actor=None, union=world.school, year=contract.signed_on.year)
    item = plan_services.item_save(
        actor=None, plan=plan, text="8月前签订新一期集体合同", months=[8]
    )
    chair.goto(item.get_absolute_url())
    chair.locator("#link-form select[name=kind]").select_option("contract")
    record = chair.locator("#link-record select")
    expect(record.locator("option", has_text=TITLE)).to_have_count(1)
    record.select_option(label=record.locator("option", has_text=TITLE).inner_text())
    chair.locator("#link-form").get_by_role("button", name="关联").click()
    expect(chair.locator("#links")).to_contain_text(f"《{TITLE}》签订")
    shoot(chair, screens, "plan-item-linked-1280")

    # the chair on a phone: the same page and the list
    mobile = new_page(viewport=PHONE, name="chair-phone")
    login(mobile, "chair")
    mobile.goto(contract.get_absolute_url())
    expect(mobile.locator("#contract-status")).to_have_text(f"已生效（{effective:%Y-%m-%d} 起）")
    shoot(mobile, screens, "effective-390")
    assert overflow(mobile) == 0
    mobile.goto("/unions/school/rights/contracts/")
    expect(mobile.locator("#contracts")).to_contain_text("已生效")
    shoot(mobile, screens, "list-390")
    assert overflow(mobile) == 0
