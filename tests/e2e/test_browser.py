"""The main paths through a real browser: login, dashboard, switcher, htmx group form,
audit trail, refusal, lockout, and the phone layout.

Run alone with ``pytest tests/e2e``; screenshots for review land in test-results/screens/.
"""

import re

import pytest
from playwright.sync_api import expect

from gonghui.core.models import AuditEntry
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, UnionGroup

from .conftest import DESKTOP, PHONE

# Bootstrap 5.3's --bs-danger (#dc3545) and the house navbar red (#b3261e, gonghui.css).
BOOTSTRAP_DANGER = "rgb(220, 53, 69)"
HOUSE_RED = "rgb(179, 38, 30)"


def figure(page, label):
    """The big number on the figure card whose label contains ``label``."""
    card = page.locator("#figures .card").filter(
        has=page.locator(".gh-figure-label", has_text=label)
    )
    return card.locator(".gh-figure")


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = no sideways scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.e2e
def test_static_assets_load(e2e_world, page):
    page.goto("/login/")
    button = page.get_by_role("button", name="登录")
    expect(button).to_have_css("background-color", BOOTSTRAP_DANGER)
    expect(page.get_by_label("用户名或手机号")).to_have_css("display", "block")
    # htmx and Bootstrap's JS bundle are vendored static files too.
    assert page.evaluate("() => typeof window.htmx?.ajax") == "function"
    assert page.evaluate("() => typeof window.bootstrap?.Collapse") == "function"


@pytest.mark.e2e
def test_chair_logs_in_and_sees_real_figures(e2e_world, page, login):
    school = e2e_world.school
    expected = Member.objects.filter(union=school, status__in=CURRENT_MEMBER_STATUSES).count()
    assert expected == 7  # the world fixture's seven school members

    login(page, "chair")

    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))  # the dashboard, not /login/
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_role("heading", name=school.name)).to_be_visible()
    expect(figure(page, "会员（在会）")).to_have_text(str(expected))
    expect(figure(page, "工会小组")).to_have_text(str(school.groups.count()))
    expect(figure(page, "职工人数")).to_have_text("40")
    # The navbar is styled by gonghui.css on top of Bootstrap.
    expect(page.locator("nav.gh-navbar")).to_have_css("background-color", HOUSE_RED)
    expect(page.locator("nav.gh-navbar")).to_contain_text("chair")


@pytest.mark.e2e
def test_wrong_password_stays_on_login_with_chinese_error(e2e_world, page, login):
    login(page, "chair", "wrong-password")
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("用户名/手机号或密码不正确")


@pytest.mark.e2e
def test_federation_admin_switches_to_school(e2e_world, page, login):
    login(page, "fed_admin")
    expect(page.get_by_role("heading", name="示范镇总工会（含下属工会）")).to_be_visible()

    switcher = page.locator("#switch-union")
    expect(switcher).to_have_value("fed")
    switcher.select_option("school")  # onchange submits the form

    expect(page).to_have_url(re.compile(r"/unions/school/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(e2e_world.school.name)
    expect(page.locator("#switch-union")).to_have_value("school")
    # The choice sticks: the dashboard now shows the school's figures.
    page.get_by_role("link", name="工作台").click()
    expect(page.get_by_role("heading", name=e2e_world.school.name)).to_be_visible()
    expect(figure(page, "会员（在会）")).to_have_text("7")
    # At 1280 px the school's whole menu fits: no item breaks mid-word (工作/台).
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.gh-navbar .nav-link')]
            .filter(a => [...a.childNodes].some(n => {
                if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim()) return false;
                const r = document.createRange(); r.selectNodeContents(n);
                return r.getClientRects().length > 1;  // the words run onto a second line
            }))
            .map(a => a.textContent.trim())"""
    )
    assert broken == []
    # and nothing runs past the window's right edge (the 提醒 link last of all)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    right = page.evaluate("document.querySelector('#notice-link').getBoundingClientRect().right")
    assert right <= 1280


@pytest.mark.e2e
def test_chair_creates_group_in_place_and_finds_it_in_audit(e2e_world, page, login):
    login(page, "chair")
    page.goto("/unions/school/")
    groups = page.locator("#groups")
    expect(groups.get_by_role("row")).to_have_count(1 + 2)  # header + 语文组, 数学组
    # Survives an htmx swap, not a full page load.
    page.evaluate("() => { window.__sameDocument = true; }")

    page.get_by_text("新建工会小组").click()
    groups.get_by_label("小组名称").fill("英语组")
    leader = groups.get_by_label("小组长")  # the member picker: a search, not a select
    leader.fill("吴")
    expect(groups.get_by_role("option", name="吴老师")).to_be_visible()
    leader.press("Enter")
    expect(groups.locator("[data-picker-chip]")).to_contain_text("吴老师")
    with page.expect_response(
        lambda r: r.url.endswith("/unions/school/groups/new/") and r.request.method == "POST"
    ) as posted:
        groups.get_by_role("button", name="保存小组").click()
    assert posted.value.request.headers.get("hx-request") == "true"
    assert posted.value.status == 200

    expect(groups.get_by_role("link", name="英语组")).to_be_visible()
    expect(groups.get_by_role("row")).to_have_count(1 + 3)
    expect(groups.get_by_role("row", name="英语组")).to_contain_text("吴老师")
    expect(groups.get_by_role("status")).to_contain_text("已新建小组「英语组」")
    assert page.evaluate("() => window.__sameDocument") is True
    expect(page).to_have_url(re.compile(r"/unions/school/$"))
    group = UnionGroup.objects.get(union=e2e_world.school, name="英语组")
    assert group.leader == e2e_world.members["吴老师"]

    page.goto("/audit/")
    entry = page.get_by_role("row").filter(has_text="新建小组").filter(has_text="英语组")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("chair")

    # The group's own history, reached from its page.
    page.goto(f"/groups/{group.pk}/")
    page.get_by_role("link", name="修改历史").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("英语组")
    expect(page.get_by_role("row").filter(has_text="新建小组")).to_have_count(1)
    assert AuditEntry.objects.filter(action="group.create", object_id=str(group.pk)).count() == 1


@pytest.mark.e2e
def test_outsider_is_refused_the_school(e2e_world, page, login):
    login(page, "outsider")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    response = page.goto("/unions/school/")
    # Not even refused: outside every grant of theirs, the school is not there at all.
    assert response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("第一中学工会")
    # Nor can a hand-made switcher request reach it.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        "/switch/", form={"union": "school"}, headers={"X-CSRFToken": token}, max_redirects=0
    )
    assert response.status == 404


@pytest.mark.e2e
def test_login_flood_locks_the_username(e2e_world, page, login):
    for _ in range(4):
        login(page, "chair", "wrong-password")
        expect(page.get_by_role("alert")).to_contain_text("用户名/手机号或密码不正确")
    login(page, "chair", "wrong-password")  # the fifth
    login(page, "chair")  # the right password no longer helps

    expect(page.get_by_role("heading", level=1)).to_contain_text("锁定")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))

    # Axes keys on username + address: another account from the same browser still works.
    login(page, "committee")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


@pytest.mark.e2e
def test_phone_layout_has_no_sideways_scroll(e2e_world, new_page, login):
    page = new_page(viewport=PHONE)
    page.goto("/login/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert horizontal_overflow(page) == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    login(page, "chair")
    page.goto("/unions/school/")
    expect(page.get_by_role("heading", level=1)).to_have_text("第一中学工会")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    # The navbar collapses to the toggler; the toggler opens it.
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    menu = page.locator("#mainnav")
    expect(menu).to_be_hidden()
    toggler.click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="会员")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


SCREENS = [
    ("login", "/login/"),
    ("dashboard", "/"),
    ("union", "/unions/school/"),
    ("group", None),  # filled in with the 语文组's id
    ("members", "/unions/school/members/?status=all"),
    ("audit", "/audit/"),
    ("roles", "/unions/school/roles/"),
]


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screens_for_review(e2e_world, new_page, login, results_dir, viewport):
    """Full-page screenshots of the main pages, for a person to look at; on a phone no
    page may scroll sideways (wide tables scroll inside their own box)."""
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    size = f"{viewport['width']}x{viewport['height']}"
    page = new_page(viewport=viewport)
    for name, url in SCREENS:
        if name == "dashboard":
            login(page, "chair")
            expect(page.get_by_role("heading", name="工作台")).to_be_visible()
        else:
            page.goto(url or f"/groups/{e2e_world.chinese.pk}/")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.screenshot(path=str(screens / f"{name}-{size}.png"), full_page=True)
        assert horizontal_overflow(page) == 0, f"{name} 页面在 {size} 下出现横向滚动"


@pytest.mark.e2e
def test_a_name_in_a_confirmation_is_text_never_code(e2e_world, page, login):
    # A union named to break out of an inline confirm('…') handler. Confirmations are
    # data-confirm attributes read by static/gonghui.js: the name is shown, never run.
    from gonghui.orgs.models import Union

    name = "第一中学工会');window.__pwned=1;('"
    Union.objects.filter(pk=e2e_world.school.pk).update(name=name)
    login(page, "fed_admin")
    page.goto(f"/unions/{e2e_world.school.code}/")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()  # 取消: nothing is archived

    page.on("dialog", answer)
    page.get_by_role("button", name="归档").click()
    expect(page.get_by_role("button", name="归档")).to_be_visible()
    assert asked == [f"确定归档「{name}」吗？归档后不再出现在统计中。"]
    assert page.evaluate("() => window.__pwned") is None
    assert Union.objects.get(pk=e2e_world.school.pk).archived_at is None
