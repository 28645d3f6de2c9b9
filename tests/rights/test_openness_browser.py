"""In a real browser: a member opens 公开事项 on a 390 px phone, opens last month's wage item
and asks a question; the chair, on a phone, answers it on the item page; the member sees the
answer. Then the chair's year grid at 390 and 1280 px. Screenshots land in
test-results/screens/rights-openness-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.rights.models_openness import OpennessQuestion
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e import conftest as e2e
from tests.e2e.conftest import DESKTOP, settled

from .support_openness import adopt, publish

PHONE = {"width": 390, "height": 844}
# tests/rights has no conftest of its own: the browser fixtures, for this module
e2e_world, new_page, login, results_dir = e2e.e2e_world, e2e.new_page, e2e.login, e2e.results_dir


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"rights-openness-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_a_member_asks_on_a_phone_and_the_chair_answers(e2e_world, new_page, login, results_dir):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    today = timezone.localdate()
    cats = adopt(world.school, today)
    last = today.replace(day=1) - datetime.timedelta(days=1)
    item = publish(
        world.school,
        cats["职工切身利益"],
        period=last.month,
        year=last.year,
        published_on=today,
        title=f"{last.month}月份教职工工资、绩效奖金发放情况",
        content="基础性绩效、奖励性绩效发放标准和总额。",
        channel_note="教学楼一楼校务公开栏",
        today=today,
    )

    # the member, on a phone: 我的 · 公开事项 → the item → a question
    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto("/rights/openness/mine/")
    expect(phone.locator("#items")).to_contain_text(item.title)
    shoot(phone, screens, "mine-390")
    assert overflow(phone) == 0
    phone.locator("#items a", has_text=item.title).click()
    expect(phone.locator("#title")).to_have_text(item.title)
    phone.get_by_label("我的问题").fill("班主任津贴是按月发还是按学期发？")
    shoot(phone, screens, "ask-390")
    assert overflow(phone) == 0
    phone.get_by_role("button", name="提交问题").click()
    expect(phone.locator("#questions")).to_contain_text("班主任津贴是按月发还是按学期发？")
    expect(phone.locator("#questions")).to_contain_text("等待工会答复")
    question = OpennessQuestion.objects.get()
    assert question.member == world.members["周会员"]

    # the chair answers on a phone, seeing who asked
    chair = new_page(viewport=PHONE, name="chair")
    login(chair, "chair")
    chair.goto(f"/unions/school/rights/openness/?year={last.year}")
    expect(chair.locator("#questions")).to_contain_text("1 条待答复")
    chair.locator("#questions a", has_text=item.title).click()
    card = chair.locator(f"#q-{question.pk}")
    expect(card).to_contain_text("周会员")
    card.get_by_label("答复").fill("按月随工资发放，寒暑假照发。")
    shoot(chair, screens, "answer-390")
    assert overflow(chair) == 0
    card.get_by_role("button", name="答复").click()
    expect(chair.locator(f"#q-{question.pk} [data-answer]")).to_contain_text("按月随工资发放")

    # the member sees the answer
    phone.reload()
    expect(phone.locator(f"#q-{question.pk} [data-answer]")).to_contain_text("寒暑假照发")
    expect(phone.locator(f"#q-{question.pk}")).to_contain_text("我的提问")
    shoot(phone, screens, "answered-390")

    # the chair's year: the grid scrolls inside its box on a phone, whole on a desktop
    chair.goto(f"/unions/school/rights/openness/?year={last.year}")
    expect(chair.locator('#grid tr[data-category="职工切身利益"]')).to_be_visible()
    shoot(chair, screens, "year-390")
    assert overflow(chair) == 0
    desk = new_page(viewport=DESKTOP, name="chair-desk")
    login(desk, "chair")
    desk.goto(f"/unions/school/rights/openness/?year={last.year}")
    expect(desk.locator("#grid")).to_be_visible()
    shoot(desk, screens, "year-1280")
    assert overflow(desk) == 0
