"""In a real browser, on a phone (390 px): the chair creates a 疗休养 round (a cost over the
cap refused beside its field), proposes the list, takes one member off with a reason, adds
another with the picker and a reason, and publishes it; the member opens the 公示 on their
phone and sees names, groups and categories — 因工负伤 only as 优先照顾. The pages at
1280 px too. Screenshots land in test-results/screens/rest-*.png."""

import pytest
from playwright.sync_api import expect

from gonghui.care import services_rest as services
from gonghui.care.models_rest import EntryState, RestEntry, RestRound
from gonghui.core.queries_publicity import publicity_for
from tests.e2e.conftest import DESKTOP, settled
from tests.e2e.picking import pick

# the module-scoped browser of the care browser tests (its Playwright loop ends with the module)
from .test_browser import browser, overflow  # noqa: F401

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    page.screenshot(path=str(screens / f"rest-{name}.png"), full_page=True)
    assert overflow(page) == 0, name


@pytest.mark.e2e
def test_propose_adjust_publish_on_a_phone_and_the_member_sees_the_list(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    for name, category in (
        ("王委员", "劳动模范"),
        ("王委员", "因工负伤"),
        ("赵财务", "高技能人才"),
    ):
        services.rest_tag_add(
            actor=world.chair,
            union=world.school,
            member=world.members[name],
            category=category,
            year=2024,
        )

    # the chair, on a phone: a new round (over the cap first)
    chair = new_page(viewport=PHONE, name="chair")
    login(chair, "chair")
    chair.goto("/unions/school/care/rest/")
    chair.get_by_label("批次名称").fill("2026年暑期疗休养")
    chair.locator("#id_base").fill("莫干山职工疗休养基地")
    chair.get_by_label("该基地在上级工会公布的疗休养基地名录内").check()
    chair.get_by_label("采购程序").fill("工会委员会会议纪要〔2026〕2号")
    chair.get_by_label("开始日期").fill("2026-07-06")
    chair.get_by_label("天数").fill("3")
    chair.get_by_label("名额（人）").fill("3")
    chair.get_by_label("每人每天费用（元）").fill("650")
    chair.get_by_role("button", name="创建批次").click()
    expect(chair.locator(".invalid-feedback")).to_contain_text("每人每天不超过 600.00 元")
    shoot(chair, screens, "new-refused-390")
    chair.get_by_label("每人每天费用（元）").fill("500")
    chair.get_by_role("button", name="创建批次").click()
    expect(chair.locator("#status")).to_have_text("拟定名单")
    found = RestRound.objects.get()

    # propose: 王委员 (劳动模范 + 因工负伤) first, 赵财务 second, then seniority
    chair.get_by_role("button", name="拟定推荐名单").click()
    entries = chair.locator("#entries")
    expect(entries).to_contain_text("王委员")
    expect(entries).to_contain_text("从未参加")
    expect(chair.locator("#reserve")).to_be_visible()
    shoot(chair, screens, "proposed-390")

    # take 周会员 off with a reason, add 孙组长 with the picker and a reason
    zhou = RestEntry.objects.get(round=found, member=world.members["周会员"])
    row = chair.locator(f"#entry-{zhou.pk}")
    row.locator("summary", has_text="调出").click()
    row.get_by_label("调出理由").fill("本人申请暑期带毕业班")
    row.get_by_role("button", name="确定").click()
    expect(chair.locator(f"#entry-{zhou.pk}")).to_contain_text("调出理由：本人申请暑期带毕业班")
    adjust = chair.locator("#adjust")
    field = adjust.locator("div.mb-3").filter(has=chair.get_by_role("combobox", name="增补会员"))
    pick(chair, field, "孙", "孙组长", 1, purpose="care")
    adjust.get_by_label("增补理由").fill("连续三年满工作量，经工会委员会研究增补")
    adjust.get_by_role("button", name="增补进名单").click()
    expect(chair.locator(".alert-success")).to_contain_text("已将「孙组长」增补进名单")
    shoot(chair, screens, "adjusted-390")
    settled(chair)
    assert {e.member.name for e in found.entries.filter(state=EntryState.LISTED)} == {
        "王委员",
        "赵财务",
        "孙组长",
    }

    # publish
    chair.get_by_role("button", name="公示名单").click()
    expect(chair.locator("#status")).to_have_text("公示中")
    expect(chair.locator("#publicity")).to_contain_text("公示中")
    shoot(chair, screens, "publicity-390")
    settled(chair)
    item = publicity_for(found)

    # the member, on a phone, opens the 公示
    member = new_page(viewport=PHONE, name="member")
    login(member, "member")
    member.goto(f"/publicity/{item.pk}/")
    body = member.locator("body")
    expect(body).to_contain_text("王委员")
    expect(body).to_contain_text("劳动模范、优先照顾")
    expect(body).to_contain_text("候补1")
    expect(body).not_to_contain_text("因工负伤")
    shoot(member, screens, "member-publicity-390")

    # the pages at 1280 px, and the categories and settings on the phone
    desk = new_page(viewport=DESKTOP, name="chair-desk")
    login(desk, "chair")
    for url, name in (
        (found.get_absolute_url(), "round"),
        ("/unions/school/care/rest/", "rounds"),
        ("/unions/school/care/rest/categories/", "categories"),
        ("/unions/school/care/rest/settings/", "settings"),
    ):
        desk.goto(url)
        shoot(desk, screens, f"{name}-1280")
        if name in ("categories", "settings"):
            chair.goto(url)
            shoot(chair, screens, f"{name}-390")
    expect(desk.locator("#source")).to_contain_text("衢州市总工会")
    settled(desk)
    settled(chair)
    settled(member)
