"""A roster too large to write inside a request, through a real browser: 导出 leads to a
page that says 正在生成 and asks again by itself until the file is ready, then 下载 saves
the .xlsx (the export threshold is lowered to the school's few members)."""

import pytest
from playwright.sync_api import expect

from gonghui.core import prepared


@pytest.mark.e2e
def test_a_large_export_is_downloaded_when_ready(e2e_world, page, login, settings, tmp_path):
    settings.EXPORT_BACKGROUND_ROWS = 3
    settings.PREPARE_IN_BACKGROUND = True
    login(page, "chair")
    page.goto("/unions/school/members/")
    page.locator("#export-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("导出文件")
    for thread in list(prepared.RUNNING):
        thread.join()  # the page asks again every 2 s and finds the file ready
    download_button = page.locator("#prepared-download")
    expect(download_button).to_be_visible(timeout=30_000)
    expect(page.locator("#prepared")).to_contain_text("只有您本人可以下载")
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename.startswith("第一中学工会会员名单-")
    assert download.suggested_filename.endswith(".xlsx")
    download.save_as(tmp_path / "roster.xlsx")
    assert (tmp_path / "roster.xlsx").stat().st_size > 4000
