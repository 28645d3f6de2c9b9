"""The member picker in a real browser, on a phone: the treasurer pays a festival gift to a
whole group and one more member found by pinyin initials, takes one chip out again, and
the voucher lists exactly those people; on a wide screen a group's leader is chosen by
typing a name and pressing Enter."""

import pytest
from playwright.sync_api import expect

from gonghui.finance.models import Voucher, VoucherShare
from gonghui.orgs.models import UnionGroup

from .conftest import DESKTOP, PHONE
from .picking import pick
from .test_browser import horizontal_overflow


@pytest.mark.e2e
def test_a_voucher_line_pays_a_group_and_a_member_found_by_initials(
    e2e_world, new_page, login, results_dir
):
    page = new_page(PHONE, name="treasurer")
    login(page, "treasurer")
    page.goto("/unions/school/finance/vouchers/new/?kind=expense")
    page.get_by_label("摘要").fill("三八节慰问品")
    line = page.locator(".voucher-line").first
    line.get_by_label("科目").select_option(value="50101")
    line.get_by_text("按人发放").click()
    line.get_by_label("每人金额（元）").fill("150")
    picker = line.locator("[data-picker]")
    chips = picker.locator("[data-picker-chip]")

    def choose(query: str, option: str, chosen: int) -> None:
        pick(page, picker, query, option, chosen, purpose="voucher")

    choose("数学", "整组：数学组", 1)
    choose("zhy", "周会员", 2)
    choose("sun", "孙组长", 3)
    page.screenshot(
        path=str(results_dir / "screens" / "picker-voucher-375x812.png"), full_page=True
    )
    assert not horizontal_overflow(page)
    chips.filter(has_text="孙组长").get_by_role("button").click()  # taken out again
    expect(chips).to_have_count(2)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#voucher-total")).to_have_text("600.00")
    voucher = Voucher.objects.get(summary="三八节慰问品")
    paid = VoucherShare.objects.filter(line__voucher=voucher).values_list("member__name", flat=True)
    assert sorted(paid) == sorted(["赵财务", "钱经审", "吴老师", "周会员"])


@pytest.mark.e2e
def test_a_group_leader_is_chosen_by_name_and_enter(e2e_world, new_page, login, results_dir):
    page = new_page(DESKTOP, name="chair")
    login(page, "chair")
    page.goto(f"/groups/{e2e_world.maths.pk}/edit/")
    search = page.get_by_label("小组长")
    search.fill("吴")
    expect(page.get_by_role("option")).to_have_count(1)  # the answer for 吴, not the first list
    expect(page.get_by_role("option", name="吴老师")).to_be_visible()
    page.screenshot(path=str(results_dir / "screens" / "picker-leader-1280x800.png"))
    search.press("Enter")
    expect(page.locator("[data-picker-chip]")).to_have_text("吴老师（数学组）")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    assert UnionGroup.objects.get(pk=e2e_world.maths.pk).leader == e2e_world.members["吴老师"]
