"""In a real browser: the organiser on a 390 px phone, once the groups are played, moves the
final to another table in a later slot (改期) and sees the timetable follow; the bracket
shows the 季军赛 under the final; the settings page and the tournament at 1280 px.
Screenshots land in test-results/screens/tournament-more-*.png."""

import pytest
from playwright.sync_api import expect

from gonghui.activities import queries_tournament as tq
from gonghui.activities import services_tournament as ts
from gonghui.activities.models_tournament import Stage
from tests.care.test_browser import browser, overflow  # noqa: F401  (Playwright, this module)
from tests.e2e.conftest import DESKTOP, settled

from .test_tournament_services import drawn

PHONE = {"width": 390, "height": 844}


def shoot(page, screens, name):
    settled(page)
    page.screenshot(path=str(screens / f"tournament-more-{name}.png"), full_page=True)


@pytest.mark.e2e
def test_the_organiser_moves_the_final_and_the_third_place_match_shows(
    e2e_world, new_page, login, results_dir
):
    world = e2e_world
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    t = drawn(world, n=8, groups=2, third_place=True)
    for m in t.matches.filter(stage=Stage.GROUPS).select_related("a", "b"):
        games = [[11, 6], [11, 8], [11, 7]]
        if m.a.position > m.b.position:
            games = [[b, a] for a, b in games]
        ts.match_result(actor=None, match=m, games=games)
    final = t.matches.get(stage=Stage.KNOCKOUT, third_place=False, round=2)
    third = t.matches.get(third_place=True)

    phone = new_page(viewport=PHONE, name="committee")
    login(phone, "committee")
    phone.goto(t.get_absolute_url())
    expect(phone.locator(f"#ko-{third.pk}")).to_contain_text("半决赛1负者")
    expect(phone.locator("#rules")).to_contain_text("示例默认值（国际乒联规程）")
    shoot(phone, screens, "bracket-390")
    assert overflow(phone) == 0
    phone.goto(final.get_absolute_url())
    move = phone.locator("#move")
    expect(move).to_contain_text("改期")
    later = final.slot + 1
    move.get_by_label("时间").select_option(str(later))
    move.get_by_label("场地").select_option("1")
    move.get_by_label("原因（可空）").fill("决赛改到2号球台")
    shoot(phone, screens, "move-390")
    assert overflow(phone) == 0
    move.get_by_role("button", name="改期").click()
    where = tq.place_text(t, later, 1)
    expect(phone.locator(".alert-success")).to_contain_text(f"改到 {where}")
    expect(phone.locator("#timetable")).to_contain_text(f"{tq.time_text(t, later)[-5:]}")
    final.refresh_from_db()
    assert (final.slot, final.court) == (later, 1)

    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(t.get_absolute_url())
    expect(desk.locator("#notice")).to_be_visible()
    shoot(desk, screens, "page-1280")
    assert overflow(desk) == 0
    desk.goto("/unions/school/activities/tournament-settings/")
    expect(desk.get_by_text("示例值：按国际乒联规程")).to_be_visible()
    shoot(desk, screens, "settings-1280")
