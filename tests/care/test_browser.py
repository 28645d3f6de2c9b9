"""In a real browser: a member applies for hardship aid on a phone → the committee screens
and records the home visit with the signed consent form → 公示 → the member objects → the
objection is answered → the 公示 ends → 建档 → a 资金帮扶 becomes a draft voucher that the
treasurer's submission runs through the spending rules, which refuse it over the cap. Screenshots land in test-results/screens/."""

import datetime

import pytest
from playwright.sync_api import expect

from gonghui.care.models import FileState, HardshipFile
from gonghui.core.models import Publicity
from gonghui.finance.models import Voucher, VoucherStatus
from gonghui.finance.services.rules import rule_save
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def browser():
    """As tests/e2e's, for this module only: Playwright's loop must not outlive it, or the
    other care tests (plain ORM) would run inside it."""
    if not CHROMIUM.exists():
        pytest.skip(
            "浏览器测试需要 /usr/bin/chromium（apt-get install -y chromium fonts-noto-cjk）"
        )
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp, sync_playwright() as pw:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        found = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield found
        found.close()


def overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.e2e
def test_apply_visit_publicity_objection_establish(
    e2e_world, new_page, login, results_dir, tmp_path, settings
):
    settings.DATA_DIR = tmp_path
    screens = results_dir / "screens"
    screens.mkdir(exist_ok=True)
    # the member, on a phone
    phone = new_page(viewport=PHONE, name="member")
    login(phone, "member")
    phone.goto("/care/mine/")
    phone.get_by_label("家庭年可支配收入（元）").fill("30000")
    phone.get_by_label("年刚性支出（元）").fill("6000")
    phone.get_by_label("致困原因").select_option(label="重大疾病")
    phone.locator("#id_p-0-relation").fill("本人")
    phone.locator("#id_p-0-name").fill("周会员")
    phone.locator("#id_p-0-age").fill("41")
    phone.locator("#id_p-0-standing").select_option(label="在岗")
    phone.locator("#id_p-1-relation").fill("配偶")
    phone.locator("#id_p-1-name").fill("陈某")
    phone.locator("#id_p-1-age").fill("40")
    phone.locator("#id_p-1-standing").select_option(label="失业")
    phone.locator("#id_p-1-health").fill("尿毒症")
    phone.screenshot(path=str(screens / "care-apply-375.png"), full_page=True)
    assert overflow(phone) == 0
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator("#my-file")).to_contain_text("待初审")
    expect(phone.locator("#my-file")).to_contain_text("深度困难")
    file = HardshipFile.objects.get()

    # the chair: 初审, 入户调查 with the consent form, 公示
    desk = new_page(viewport=DESKTOP, name="chair")
    login(desk, "chair")
    desk.goto(f"/care/files/{file.pk}/")
    expect(desk.locator("#assessment-" + str(file.assessments.get().pk))).to_contain_text("1000.00")
    desk.get_by_role("button", name="初审通过").click()
    expect(desk.locator("#state")).to_have_text("待入户调查")
    desk.get_by_label("调查日期").fill(datetime.date.today().isoformat())
    desk.get_by_label("调查人员").fill("王委员、李主席")
    desk.get_by_label("调查情况").fill("情况属实，配偶每周透析三次。")
    consent = tmp_path / "授权委托书.png"
    consent.write_bytes(PNG)
    desk.get_by_label("《家庭经济状况核对授权委托书》（职工签字）").set_input_files(str(consent))
    desk.get_by_role("button", name="记录入户调查").click()
    expect(desk.locator("#state")).to_have_text("待公示")
    desk.get_by_role("button", name="发布公示").click()
    expect(desk.locator("#state")).to_have_text("公示中")
    item = Publicity.objects.get()

    # the member sees name, group and tier only, and objects
    phone.goto(f"/publicity/{item.pk}/")
    rows = phone.locator("#publicity-rows")
    expect(rows).to_contain_text("周会员")
    expect(rows).to_contain_text("深度困难")
    for secret in ("30000", "尿毒症", "陈某"):
        expect(phone.locator("body")).not_to_contain_text(secret)
    phone.get_by_label("异议内容").fill("据我所知其配偶已康复，请核实。")
    phone.get_by_role("button", name="提交异议").click()
    expect(phone.locator("#objections")).to_contain_text("等待工会委员会核实答复")

    # the chair answers; the period ends; 结束公示; 建档
    desk.goto(f"/publicity/{item.pk}/")
    desk.get_by_label("核实结论").select_option(label="异议不成立")
    desk.get_by_label("答复").fill("经入户核实，配偶仍需每周透析，异议不成立。")
    desk.get_by_role("button", name="提交答复").click()
    expect(desk.locator("#objections")).to_contain_text("异议不成立")
    past = datetime.timedelta(days=30)
    Publicity.objects.filter(pk=item.pk).update(
        starts_on=item.starts_on - past, ends_on=item.ends_on - past
    )
    desk.reload()
    desk.get_by_role("button", name="结束公示").click()
    expect(desk.locator("#publicity-outcome")).to_have_text("异议不成立")
    desk.goto(f"/care/files/{file.pk}/")
    desk.get_by_label("帮扶计划").fill("每季度慰问一次，协助申请医疗救助。")
    desk.get_by_role("button", name="建档").click()
    expect(desk.locator("#state")).to_have_text("已建档")
    desk.screenshot(path=str(screens / "care-file-1280.png"), full_page=True)
    file.refresh_from_db()
    assert file.state == FileState.FILED and file.review_due is not None

    # a 资金帮扶 of 800 where the union's rule allows 600 a year: the draft voucher is refused
    rule_save(
        actor=e2e_world.chair,
        union=e2e_world.school,
        key="hardship",
        name="困难帮扶",
        category="50201",
        cap_year="600",
        source="本会困难职工帮扶办法第五条",
    )
    desk.get_by_label("帮扶类型").select_option(label="资金帮扶")
    desk.get_by_label("帮扶日期").fill(datetime.date.today().isoformat())
    desk.get_by_label("金额或折价（元）").fill("800")
    desk.get_by_role("button", name="记录帮扶").click()
    expect(desk.locator(".aid-voucher")).to_contain_text("凭证草稿")
    voucher = Voucher.objects.get()
    books = new_page(viewport=DESKTOP, name="treasurer")
    login(books, "treasurer")
    books.goto(f"/finance/vouchers/{voucher.pk}/")
    expect(books.locator("#violations")).to_contain_text("困难帮扶")
    expect(books.locator("#violations")).to_contain_text("周会员")
    books.get_by_role("button", name="提交审批").click()
    expect(books.locator("body")).to_contain_text("违反开支标准【困难帮扶】")
    books.screenshot(path=str(screens / "care-aid-voucher-1280.png"), full_page=True)
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.DRAFT
