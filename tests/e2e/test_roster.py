"""The roster through a real browser: upload a 花名册 with mistakes, read the preview,
import the good rows, find a member by pinyin initials; a phone-sized join form."""

import datetime
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from gonghui.members import services
from gonghui.members.models import JoinApplication
from gonghui.orgs.models import Member
from tests.conftest import id_number

from .conftest import DESKTOP, PHONE
from .test_browser import horizontal_overflow


def roster_file(path):
    """A roster as unions keep them: a merged title row, then the header, then people —
    one with an ID number Excel stored as a number, one with a mistyped check digit."""
    wb = Workbook()
    ws = wb.active
    ws.append(["第一中学教职工花名册（2026年）"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "姓名", "身份证号码", "手机号码", "入会时间", "工会小组"])
    ws.append([1, "张伟", id_number("19850301", 151), "13811112222", "2010-09-01", "英语组"])
    ws.append([2, "刘芳", id_number("19900612", 262), "13811113333", "2014.09", "英语组"])
    ws.append([3, "陈明", None, "13811114444", "2012年9月", "数学组"])
    ws.cell(row=5, column=3, value=110101198807071234)  # Excel's 1.10101E+17
    ws.append([4, "黄丽", "110101199001010002", "13811115555", "2015/09/01", "语文组"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.mark.e2e
def test_chair_imports_a_roster_with_errors_then_finds_a_member(
    e2e_world, page, login, tmp_path, results_dir
):
    file = roster_file(tmp_path / "花名册.xlsx")
    login(page, "chair")
    page.goto("/unions/school/members/")
    page.get_by_role("link", name="导入花名册").click()
    page.get_by_label("花名册文件").set_input_files(str(file))
    page.get_by_role("button", name="上传并预览").click()

    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("共读到 4 行数据（表头在第 2 行）")
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("5")
    expect(errors.nth(0)).to_contain_text("数字")
    expect(errors.nth(1)).to_contain_text("6")
    expect(errors.nth(1)).to_contain_text("校验位")
    page.screenshot(
        path=str(results_dir / "screens" / "import-preview-1280x800.png"), full_page=True
    )
    assert not Member.objects.filter(name="张伟").exists()  # a preview writes nothing
    # On a phone the errors are part of the page, not a box scrolling inside it.
    box = "() => getComputedStyle(document.querySelector('#import-errors').parentElement).maxHeight"
    page.set_viewport_size(PHONE)
    assert page.evaluate(box) == "none"
    page.set_viewport_size(DESKTOP)
    assert page.evaluate(box) != "none"

    # Fix nothing: import the good rows only.
    # With errors the only import offered is without them: nothing to press that would be
    # refused and send the chair back to the upload.
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    page.get_by_role("button", name="跳过有误的 2 行，导入其余的行").click()
    expect(page.locator(".alert-success")).to_contain_text("新增 2 人")
    expect(page.locator(".alert-success")).to_contain_text("跳过有误的 2 行")
    assert set(Member.objects.filter(group__name="英语组").values_list("name", flat=True)) == {
        "张伟",
        "刘芳",
    }

    search = page.get_by_placeholder("姓名、拼音或首字母、手机/证件后四位")
    search.fill("zw")
    expect(page.locator("#roster-count")).to_contain_text("共 1 人")
    expect(page.locator("#roster tbody")).to_contain_text("张伟")
    assert "q=zw" in page.url  # the search is in the address, so it can be shared
    expect(page.locator("#export-link")).to_have_attribute("href", re.compile(r"q=zw"))

    page.locator("#roster").get_by_role("link", name="张伟").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("张伟")
    expect(page.locator("#mobile")).to_have_text("138****2222")
    page.get_by_role("button", name="显示").last.click()
    expect(page.locator("#mobile")).to_have_text("13811112222")
    # The import wrote the 入会 step, and the member's audit history shows the import.
    history = page.locator("#history")
    expect(history).to_contain_text("2010-09-01")
    expect(history).to_contain_text("入会")
    expect(history).to_contain_text("导入花名册“花名册.xlsx”")
    page.get_by_role("link", name="查看修改记录（审计日志）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("张伟")
    expect(page.locator("main")).to_contain_text("导入花名册")


@pytest.mark.e2e
def test_someone_applies_on_a_phone(e2e_world, new_page):
    page = new_page(viewport=PHONE)
    page.goto("/join/school/")
    expect(page.get_by_role("heading", level=1)).to_have_text("申请加入工会")
    assert horizontal_overflow(page) == 0
    page.get_by_label("姓名").fill("冯晓")
    page.get_by_label("证件号码").fill(id_number("19950505", 124))
    page.get_by_label("手机号码").fill("13700001234")
    page.get_by_label("我自愿加入中国工会").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    application = JoinApplication.objects.get()
    assert (application.sex, application.birth_date) == ("F", datetime.date(1995, 5, 5))


SCREENS = [
    ("roster", "/unions/school/members/"),
    ("roster-search", "/unions/school/members/?q=zhy"),
    ("member", None),  # 周会员's page
    ("member-edit", None),
    ("import", "/unions/school/members/import/"),
    ("applications", "/unions/school/applications/"),
    ("join", "/join/school/"),
]


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_roster_screens_for_review(e2e_world, new_page, login, results_dir, viewport):
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    size = f"{viewport['width']}x{viewport['height']}"
    page = new_page(viewport=viewport)
    login(page, "chair")
    member = e2e_world.members["周会员"]
    application = services.member_apply(
        union=e2e_world.school,
        name="冯晓",
        id_number=id_number("19950505", 124),
        mobile="13700001234",
        department="初二年级",
        statement="自愿加入工会。",
    )
    for name, url in [*SCREENS, ("application", f"/applications/{application.pk}/")]:
        if url is None:
            url = f"/members/{member.pk}/" + ("edit/" if name == "member-edit" else "")
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.screenshot(path=str(screens / f"{name}-{size}.png"), full_page=True)
        assert horizontal_overflow(page) == 0, f"{name} 页面在 {size} 下出现横向滚动"


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_federation_screens_for_review(e2e_world, new_page, login, results_dir, viewport):
    size = f"{viewport['width']}x{viewport['height']}"
    page = new_page(viewport=viewport)
    login(page, "fed_admin")
    for name, url in [("unions", "/unions/"), ("fed-roster", "/unions/fed/members/?q=z")]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.screenshot(path=str(results_dir / "screens" / f"{name}-{size}.png"), full_page=True)
        assert horizontal_overflow(page) == 0, f"{name} 页面在 {size} 下出现横向滚动"
    expect(page.locator("#roster tbody")).to_contain_text("周会员")
    expect(page.locator("#roster thead")).to_contain_text("所在工会")
