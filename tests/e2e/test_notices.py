"""提醒 in a real browser: the navbar badge arrives by htmx, opening a notice marks it read
and leads to its page; screenshots at phone and desktop width land in test-results/screens/."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.core import notices
from gonghui.core.reminders import Reminder

from .conftest import DESKTOP

PHONE_390 = {"width": 390, "height": 844}


def horizontal_overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["phone", "desktop"])
def test_badge_and_notices_page(e2e_world, new_page, login, results_dir, viewport):
    w = e2e_world
    notices.deliver(
        [
            Reminder(
                w.school,
                "《2026年工作计划》事项「组织教职工秋季运动会」将于 10月1日（星期四）到期"
                "（期限当天为节假日，请提前办理）",
                "/me/",
                key="e2e.a",
            ),
            Reminder(w.school, "第3号提案《关于改善午餐的提案》已超过办理期限", "/", key="e2e.b"),
        ]
    )
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    size = f"{viewport['width']}x{viewport['height']}"
    page = new_page(viewport=viewport)
    login(page, "chair")
    link = page.locator("#notice-link")
    expect(link).to_contain_text("2")
    page.screenshot(path=str(screens / f"notices-navbar-{size}.png"))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 条未读")
    page.screenshot(path=str(screens / f"notices-{size}.png"), full_page=True)
    assert horizontal_overflow(page) == 0
    page.get_by_role("button", name="秋季运动会").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    page.goto("/notices/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 条未读")
    page.get_by_role("button", name="全部标为已读").click()
    expect(page.get_by_text("已将 1 条提醒标为已读。")).to_be_visible()
    expect(page.locator("#notice-link .badge")).to_have_count(0)
