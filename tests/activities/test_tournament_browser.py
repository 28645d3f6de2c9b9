"""In a real browser: a referee on a 390 px phone opens the tournament after the group stage,
taps a semi-final on the drawn bracket, enters the games and sees the winner move into the
final; a tournament still taking entries at 390 px; the page at 1280 px. Screenshots land in test-results/screens/tournament-*.png."""

import pytest
from playwright.sync_api import expect

from gonghui.activities import services_tournament as ts
from gonghui.activities.models_tournament import Stage
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import DESKTOP, settled

from .test_tournament_services import drawn, make_tournament

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"tournament-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_a_referee_enters_a_semi_final_on_a_phone_and_the_bracket_moves(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    t = drawn(world, n=8, groups=2)
    for m in t.matches.filter(stage=Stage.GROUPS).select_related("a", "b"):
        games = [[11, 6], [11, 8], [9, 11], [11, 7]]
        if m.a.position > m.b.position:
            games = [[b, a] for a, b in games]
        ts.match_result(actor=None, match=m, games=games)
    semi = t.matches.get(stage=Stage.KNOCKOUT, round=1, index=0)
    final = t.matches.get(stage=Stage.KNOCKOUT, round=2)
    winner = semi.a.name

    phone = new_page(viewport=PHONE, name="committee")
    login(phone, "committee")
    phone.goto(t.get_absolute_url())
    bracket = phone.locator("#bracket")
    expect(bracket).to_contain_text("决赛")
    expect(phone.locator(f"#ko-{final.pk}")).to_contain_text("半决赛1胜者")
    shoot(phone, screens, "before-390")
    assert overflow(phone) == 0  # the bracket scrolls inside its own box
    phone.get_by_label("录入 半决赛1").click()
    expect(phone.locator("#result-form")).to_contain_text(winner)
    for i, (a, b) in enumerate([(11, 9), (7, 11), (11, 8), (11, 5)]):
        phone.get_by_label(f"第{i + 1}局 {semi.a.name}").fill(str(a))
        phone.get_by_label(f"第{i + 1}局 {semi.b.name}").fill(str(b))
    shoot(phone, screens, "match-390")
    assert overflow(phone) == 0
    phone.get_by_role("button", name="保存比分").click()
    expect(phone.locator(".alert-success")).to_contain_text("已录入比赛结果")
    box = phone.locator(f"#ko-{final.pk}")
    expect(box).to_contain_text(winner)
    expect(phone.locator(f"#ko-{semi.pk} .won")).to_contain_text(winner)
    shoot(phone, screens, "after-390")
    final.refresh_from_db()
    assert final.a.name == winner

    # a tournament still taking entries: the list and the committee's forms fit the phone
    waiting = make_tournament(world, n=5, title="羽毛球赛")
    phone.goto(waiting.get_absolute_url())
    expect(phone.locator("#entries")).to_contain_text("选手04")
    expect(phone.locator("#draw")).to_be_visible()
    shoot(phone, screens, "entries-390")
    assert overflow(phone) == 0

    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(t.get_absolute_url())
    expect(desk.locator(f"#ko-{final.pk}")).to_contain_text(winner)
    shoot(desk, screens, "page-1280")
    assert overflow(desk) == 0
