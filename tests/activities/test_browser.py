"""In a real browser, on phones, the issue's whole path: a member signs up with a companion
and the activity is full; a second member lands on the waiting list; the first cancels; the
second is promoted and confirms; the first signs up again for the place left; both check in
by scanning the QR code the chair shows; the chair links the activity to a plan item, whose
page then lists it as its 落实记录. The member's pages at 390 px (nothing wider than the
screen) and the committee's at 1280 px. Screenshots land in
test-results/screens/activities-*.png."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.activities.models import CheckIn, Registration, RegState
from gonghui.plans import services as plan_services
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import DESKTOP, settled

from .support_checkin import live_activity

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"activities-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_sign_up_fill_wait_cancel_promote_confirm_on_phones(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    # it starts in ten minutes: sign-up stays open until the start, the check-in window is open
    activity = live_activity(
        world.school, title="春季踏青：梅花山徒步", capacity=2, description="含往返大巴和午餐。"
    )

    # the first member signs up with a companion: the activity is full
    first = new_page(viewport=PHONE, name="member")
    first.on("dialog", lambda dialog: dialog.accept())
    login(first, "member")
    first.goto("/activities/")
    card = first.locator(f"#activity-{activity.pk}")
    expect(card).to_contain_text("余 2 / 2 人")
    shoot(first, screens, "mine-390")
    assert overflow(first) == 0
    card.click()
    first.get_by_label("同行家属（最多 2 人）").fill("1")
    first.get_by_label("家属姓名").fill("周太太")
    shoot(first, screens, "signup-390")
    first.get_by_role("button", name="报名").click()
    expect(first.locator("#my-signup [data-state]")).to_have_text("已报名")
    expect(first.locator("#places")).to_contain_text("已报名 2 / 2 人")
    shoot(first, screens, "signed-up-390")
    assert overflow(first) == 0

    # a second member finds it full and is wait-listed
    second = new_page(viewport=PHONE, name="committee")
    login(second, "committee")
    second.goto(activity.get_absolute_url())
    second.get_by_role("button", name="名额已满，登记候补").click()
    expect(second.locator("#my-signup [data-state]")).to_have_text("候补中")
    expect(second.locator("#position")).to_contain_text("候补第 1 位")
    shoot(second, screens, "waiting-390")
    assert overflow(second) == 0

    # the first cancels (the confirmation dialog accepted): the place is offered to the second
    first.get_by_role("button", name="取消报名").click()
    expect(first.locator(".alert-success")).to_contain_text("已取消报名")
    settled(first)
    second.reload()
    expect(second.locator("#offer")).to_contain_text("有名额递补给您")
    shoot(second, screens, "offered-390")
    second.get_by_role("button", name="确认参加").click()
    expect(second.locator("#my-signup [data-state]")).to_have_text("已报名")
    settled(second)
    reg = Registration.objects.get(activity=activity, user=world.committee)
    assert reg.state == RegState.CONFIRMED

    # the first signs up again, alone, for the place left
    first.reload()
    first.get_by_role("button", name="报名").click()
    expect(first.locator("#my-signup [data-state]")).to_have_text("已报名")
    expect(first.locator("#places")).to_contain_text("已报名 2 / 2 人")
    settled(first)

    # the chair shows the QR code; both scan it on their phones and tap 签到
    poster = new_page(viewport=DESKTOP, name="chair-qr")
    login(poster, "chair")
    poster.goto(f"/activities/{activity.pk}/qr/")
    poster.get_by_role("button", name="生成签到二维码").click()
    expect(poster.locator("#checkin-poster svg")).to_be_visible()
    scan_url = poster.locator("#scan-url").inner_text().strip()
    for phone in (first, second):
        phone.goto(scan_url)
        phone.get_by_role("button", name="签到", exact=True).click()
        expect(phone.locator("[data-checkin-state]")).to_have_text("已签到")
        settled(phone)
    shoot(second, screens, "checked-in-390")
    assert overflow(second) == 0
    assert sorted(CheckIn.objects.filter(activity=activity).values_list("persons", flat=True)) == [
        1,
        1,
    ]

    # the chair links the activity to this year's plan item: the item lists it as its record
    plan = plan_services.plan_create(
        actor=None, union=world.school, year=timezone.localtime(activity.starts_at).year
    )
    item = plan_services.item_save(actor=None, plan=plan, text="组织春季踏青活动", months=[4])
    poster.goto(item.get_absolute_url())
    poster.locator("#link-form select[name=kind]").select_option("activity")
    record = poster.locator("#link-record select")
    expect(record.locator("option", has_text="春季踏青：梅花山徒步")).to_have_count(1)
    record.select_option(label=record.locator("option", has_text="春季踏青").inner_text())
    poster.locator("#link-form").get_by_role("button", name="关联").click()
    expect(poster.locator("#links")).to_contain_text("春季踏青：梅花山徒步")
    shoot(poster, screens, "plan-item-linked-1280")

    # the committee's list at 1280 px, and the member's page there
    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(f"/activities/{activity.pk}/manage/")
    expect(desk.locator("#registrations")).to_contain_text("王委员")
    shoot(desk, screens, "manage-1280")
    desk.goto(f"/unions/{world.school.code}/activities/")
    expect(desk.locator("#activities")).to_contain_text("春季踏青")
    shoot(desk, screens, "list-1280")
    desk.goto(f"/unions/{world.school.code}/activities/new/")
    shoot(desk, screens, "new-1280")
    desk.goto(activity.get_absolute_url())
    shoot(desk, screens, "detail-1280")
    assert overflow(desk) == 0
    # the committee's list and sign-up list on a phone too
    for url, name in (
        (f"/activities/{activity.pk}/manage/", "manage-390"),
        (f"/unions/{world.school.code}/activities/", "list-390"),
    ):
        second.goto(url)
        shoot(second, screens, name)
        assert overflow(second) == 0
