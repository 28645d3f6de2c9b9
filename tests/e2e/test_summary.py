"""The chair edits the year-end summary before sending it: opens 年度总结 from the menu,
rewrites one paragraph, downloads the Word file and finds the words there; 重新生成 asks
first, and only then gives the paragraph back to the records."""

from pathlib import Path

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.plans.models import SummaryText
from tests.plans.support import make_plan

from .conftest import DESKTOP, PHONE
from .test_browser import horizontal_overflow

EDITED = "明年，工会将把教职工体检和提案办理作为两项重点，逐月督办，确保年内完成。"


def docx_lines(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


@pytest.mark.e2e
def test_the_chair_edits_a_paragraph_and_finds_it_in_the_word_file(
    e2e_world, new_page, login, results_dir
):
    year = timezone.localdate().year
    make_plan(e2e_world.school, year=year)
    page = new_page(DESKTOP)
    login(page, "chair")
    page.get_by_role("button", name="计划总结").click()  # the menu on the bar
    page.get_by_role("link", name="年度总结").click()
    expect(page.get_by_role("heading", name=f"第一中学工会{year}年工作总结")).to_be_visible()
    paragraph = page.locator('[id="p-next_year"]')
    draft = paragraph.locator(".summary-text").inner_text()
    paragraph.get_by_text("修改这一段").click()
    paragraph.get_by_label("段落内容").fill(EDITED)
    paragraph.get_by_role("button", name="保存这一段").click()
    expect(page.get_by_text("已保存这一段的修改")).to_be_visible()
    paragraph = page.locator('[id="p-next_year"]')
    expect(paragraph.locator(".summary-text")).to_have_text(EDITED)
    expect(paragraph).to_contain_text("已修改")

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Word 文档").click()
    download = info.value
    assert download.suggested_filename == f"第一中学工会{year}年工作总结.docx"
    lines = docx_lines(Path(download.path()))
    assert EDITED in lines and draft not in lines

    # 重新生成 asks first: dismissed, the edit stays
    page.once("dialog", lambda dialog: dialog.dismiss())
    paragraph.get_by_role("button", name="重新生成").click()
    expect(paragraph.locator(".summary-text")).to_have_text(EDITED)
    assert SummaryText.objects.filter(key="next_year").exists()
    # accepted, the paragraph comes from the records again
    page.once("dialog", lambda dialog: dialog.accept())
    paragraph.get_by_role("button", name="重新生成").click()
    expect(page.get_by_text("已按最新记录重新生成这一段")).to_be_visible()
    expect(page.locator('[id="p-next_year"] .summary-text')).to_have_text(draft)
    assert not SummaryText.objects.exists()


@pytest.mark.e2e
def test_the_summary_on_a_phone(e2e_world, new_page, login, results_dir):
    year = timezone.localdate().year
    make_plan(e2e_world.school, year=year)
    page = new_page(PHONE)
    login(page, "chair")
    page.goto(f"/unions/school/summary/{year}/")
    paragraph = page.locator('[id="p-shortfalls"]')
    paragraph.get_by_text("修改这一段").click()
    expect(paragraph.get_by_label("段落内容")).to_be_visible()
    assert horizontal_overflow(page) == 0
    page.screenshot(path=str(results_dir / "plans-summary-phone.png"), full_page=True)
