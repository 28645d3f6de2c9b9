"""The dues pages as each role sees them; the outsider (the hospital's chair) is refused
everywhere in the school."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.finance.models import DuesBase, DuesBatch, DuesCharge, DuesPayment, Voucher
from gonghui.members import services as member_services

from ..conftest import id_number
from .test_dues_support import MONTH, charged_world, pay, set_bases, xlsx

D = Decimal
M = "2026-10"
ZHOU_ID = id_number("19850301", 123)


def url(name, *args, union="school"):
    return reverse(f"finance:{name}", args=[union, *args])


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def charged(world):
    return charged_world(world)


# --- access -------------------------------------------------------------------------------

PAGES = [
    ("dues_home", ()),
    ("dues_arrears", ()),
    ("dues_bases", ()),
]
WRITE_PAGES = [
    ("dues_pay", ()),
    ("dues_import", ()),
    ("dues_base_import", ()),
]


@pytest.mark.parametrize(("name", "args"), PAGES + WRITE_PAGES)
def test_the_outsider_and_people_without_finance_rights_are_refused(world, client_for, name, args):
    # Not found for the hospital's chair; refused for the school's people without the right.
    for who, status in (("outsider", 404), ("group_leader", 403), ("member", 403)):
        assert client_for(getattr(world, who)).get(url(name, *args)).status_code == status


def test_a_member_page_and_reversal_refuse_the_outsider(charged, client_for):
    pay(charged, "赵财务", "30")
    payment = DuesPayment.objects.get()
    zhao = charged.members["赵财务"].pk
    client = client_for(charged.outsider)
    assert client.get(url("dues_member", zhao)).status_code == 404
    assert client.get(url("dues_reverse", payment.pk)).status_code == 404
    assert client.post(url("dues_reverse", payment.pk), {"reason": "x"}).status_code == 404
    assert client.post(url("dues_run"), {"month": M}).status_code == 404
    assert client.post(url("dues_book"), {"month": M}).status_code == 404
    # The hospital's chair cannot reach the school's members through the hospital either.
    assert client.get(url("dues_member", zhao, union="hospital")).status_code == 404
    assert DuesPayment.objects.count() == 1 and not DuesPayment.objects.filter(amount__lt=0)


def test_reading_roles_see_no_write_buttons_and_cannot_write(charged, client_for):
    client = client_for(charged.auditor)
    page = client.get(url("dues_home"), {"month": M})
    assert page.status_code == 200 and "计算本月会费" not in text(page)
    assert client.post(url("dues_run"), {"month": M}).status_code == 403
    assert client.get(url("dues_pay")).status_code == 403


def test_a_federation_keeps_no_dues(world, client_for):
    client = client_for(world.fed_admin)
    assert client.get(url("dues_home", union="fed")).status_code == 403
    assert client.get(url("dues_home")).status_code == 200  # its school, read only


def test_anonymous_visitors_go_to_the_login_page(world, client):
    response = client.get(url("dues_home"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- the month page -------------------------------------------------------------------------


def test_the_month_page_shows_the_figures_per_group(charged, client_for, django_assert_num_queries):
    pay(charged, "李主席", "15")
    client = client_for(charged.treasurer)
    with django_assert_num_queries(16):
        page = client.get(url("dues_home"), {"month": M})
    body = text(page)
    assert "会费 · 2026年10月" in body
    assert "110.00" in body and "95.00" in body and "13.6%" in body
    assert "语文组" in body and "数学组" in body
    assert "计算本月会费" in body and "入账（15.00 元）" in body
    assert "比例 0.5%" in body and "基本工资、岗位（薪级）工资、基础性绩效工资" in body


def test_running_the_month_from_the_page(world, client_for):
    set_bases(world)
    client = client_for(world.treasurer)
    response = client.post(url("dues_run"), {"month": M}, follow=True)
    assert DuesCharge.objects.filter(month=MONTH).count() == 6
    assert "新增应缴 6 笔，合计 110.00 元" in text(response)
    again = client.post(url("dues_run"), {"month": M}, follow=True)
    assert "已计算过" in text(again) and DuesCharge.objects.count() == 6
    assert client.get(url("dues_run")).status_code == 405
    bad = client.post(url("dues_run"), {"month": "2099-01"}, follow=True)
    assert "还没到" in text(bad)


def test_a_month_without_charges_says_so_and_bases_missing_are_pointed_out(world, client_for):
    member_services.member_create(actor=None, union=world.school, name="冯新人", sex="M")
    body = text(client_for(world.chair).get(url("dues_home"), {"month": M}))
    assert "本月尚未计算会费" in body and "还没有会费基数" in body


def test_booking_from_the_page_makes_a_draft_voucher(charged, client_for):
    pay(charged, "李主席", "15")
    response = client_for(charged.treasurer).post(url("dues_book"), {"month": M}, follow=True)
    assert "会费收入凭证草稿，金额 15.00 元" in text(response)
    voucher = Voucher.objects.get()
    assert voucher.total == D("15.00") and DuesBatch.objects.get().voucher == voucher


# --- arrears ------------------------------------------------------------------------------


def test_the_arrears_list_flags_and_searches(world, client_for, django_assert_num_queries):
    set_bases(world)
    from gonghui.finance.services import dues as ds

    for m in range(5, 11):
        ds.dues_run(actor=None, union=world.school, month=f"2026-{m:02d}")
    pay(world, "李主席", "15")
    client = client_for(world.auditor)
    with django_assert_num_queries(10):
        page = client.get(url("dues_arrears"))
    body = text(page)
    assert "连续6个月未缴会费（章程：无正当理由视为自动退会，由工会委员会研究决定）" in body
    assert "周会员" in body and "90.00" in body
    fragment = client.get(
        url("dues_arrears"), {"flagged": "1", "q": "HY0001"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in text(fragment) and "周会员" in text(fragment)
    assert "赵财务" not in text(fragment)


# --- one payment --------------------------------------------------------------------------


def _payment_form(client):
    page = client.get(url("dues_pay"), {"month": M})
    key = page.context["form"].initial["key"]
    assert f'value="{key}"' in text(page)  # the hidden idempotency token
    return {
        "member": "周会员（HY0001）",
        "month": M,
        "amount": "15.00",
        "paid_on": "2026-10-20",
        "method": "cash",
        "note": "",
        "key": key,
    }


def test_a_payment_posted_twice_is_recorded_once(charged, client_for):
    client = client_for(charged.treasurer)
    data = _payment_form(client)
    first = client.post(url("dues_pay"), data, follow=True)
    assert "已登记「周会员」2026年10月会费 15.00 元" in text(first)
    client.post(url("dues_pay"), data)
    assert DuesPayment.objects.count() == 1
    assert DuesCharge.objects.get(member=charged.members["周会员"]).paid == D("15.00")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "15.001"}, "超过两位小数"),
        ({"amount": "-3"}, "不能为负数"),
        ({"amount": "15.01"}, "未缴的 15.00 元"),
        ({"member": "郑护士"}, "本会没有找到“郑护士”"),
        ({"member": "HY9999"}, "没有找到"),
        ({"month": "2026-09"}, "还没有应缴会费记录"),
    ],
)
def test_payment_refusals_show_on_the_form(charged, client_for, changes, message):
    client = client_for(charged.treasurer)
    data = _payment_form(client) | changes
    response = client.post(url("dues_pay"), data)
    assert response.status_code == 200 and message in text(response)
    assert not DuesPayment.objects.exists()


def test_two_members_of_one_name_must_be_told_apart(charged, client_for):
    member_services.member_create(
        actor=None, union=charged.school, name="周会员", sex="M", card_number="HY0099"
    )
    client = client_for(charged.treasurer)
    data = _payment_form(client) | {"member": "周会员"}
    response = client.post(url("dues_pay"), data)
    assert "找到多名会员" in text(response) and not DuesPayment.objects.exists()


def test_the_member_suggestions_fragment(charged, client_for):
    response = client_for(charged.treasurer).get(url("dues_member_options"), {"member": "zhou"})
    assert '<option value="周会员（HY0001）">' in text(response)
    assert (
        client_for(charged.outsider).get(url("dues_member_options"), {"member": "z"}).status_code
        == 404
    )


# --- the payroll list -----------------------------------------------------------------------


def _upload(client, name, data, filename="代扣.xlsx", **fields):
    return client.post(
        url(name), {"file": SimpleUploadedFile(filename, data), **fields}, follow=True
    )


def _token(response) -> str:
    return re.search(r'name="token" value="([0-9a-f]+)"', text(response))[1]


def test_upload_preview_then_apply(charged, client_for):
    client = client_for(charged.treasurer)
    rows = [("周会员", ZHOU_ID, "", 15), ("张三", id_number("19800101", 111), "", 10)]
    # One file, uploaded twice below: a workbook saved again a second later differs in
    # its stored timestamps, and so in its checksum.
    data = xlsx(rows)
    preview = _upload(client, "dues_import", data, month=M, method="payroll")
    body = text(preview)
    assert "若导入：<strong>1</strong> 笔，合计 <strong>15.00</strong> 元" in body
    assert "第一中学工会没有身份证号为" in body and "跳过有误的 1 行，导入其余的行" in body
    token = _token(preview)
    refused = client.post(url("dues_import_apply"), {"token": token}, follow=True)
    assert "未写入任何数据" in text(refused) and not DuesPayment.objects.exists()
    done = client.post(url("dues_import_apply"), {"token": token, "skip_invalid": "1"}, follow=True)
    assert "已导入2026年10月代扣会费 1 笔，合计 15.00 元，跳过有误的 1 行" in text(done)
    assert DuesPayment.objects.get().member == charged.members["周会员"]
    # The same file again is refused at the preview.
    again = _upload(client, "dues_import", data, month=M, method="payroll")
    assert "导入过" in text(again)


def test_an_expired_or_foreign_token_writes_nothing(charged, client_for):
    client = client_for(charged.treasurer)
    response = client.post(url("dues_import_apply"), {"token": "nope"}, follow=True)
    assert "导入已过期" in text(response) and not DuesBatch.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused_by_the_form(charged, client_for):
    response = _upload(
        client_for(charged.treasurer),
        "dues_import",
        b"x",
        filename="a.pdf",
        month=M,
        method="payroll",
    )
    assert "请上传 Excel 文件" in text(response)


# --- bases --------------------------------------------------------------------------------


def test_the_bases_list_and_editing_one(world, client_for, django_assert_num_queries):
    set_bases(world)
    client = client_for(world.treasurer)
    with django_assert_num_queries(10):
        page = client.get(url("dues_bases"))
    body = text(page)
    assert "3,009.99" in body and "免交" in body and "病休" in body
    lee = world.members["李主席"].pk
    form = client.get(url("dues_base_edit", lee))
    assert form.status_code == 200 and "奖金（不计入基数）" in text(form)
    saved = client.post(
        url("dues_base_edit", lee),
        {"basic": "3200", "post": "", "performance": "100.5", "allowance": "", "bonus": ""},
        follow=True,
    )
    assert "已保存「李主席」的会费基数" in text(saved)
    base = DuesBase.objects.get(member_id=lee)
    assert (base.basic, base.performance, base.exempt) == (D("3200"), D("100.50"), False)
    bad = client.post(url("dues_base_edit", lee), {"basic": "3200.123", "exempt": "on"})
    assert "超过两位小数" in text(bad)
    assert client_for(world.outsider).get(url("dues_base_edit", lee)).status_code == 404


def test_bases_import_preview_and_apply(charged, client_for):
    client = client_for(charged.treasurer)
    rows = [("周会员", ZHOU_ID, "", 4000, 1000)]
    preview = _upload(
        client,
        "dues_base_import",
        xlsx(rows, header=("姓名", "身份证号", "会员证号", "基本工资", "岗位工资")),
    )
    assert "更新 <strong>1</strong> 人" in text(preview)
    token = _token(preview)
    done = client.post(url("dues_base_import_apply"), {"token": token}, follow=True)
    assert "更新 1 人" in text(done)
    assert DuesBase.objects.get(member=charged.members["周会员"]).basic == D("4000")


# --- a member and reversal ----------------------------------------------------------------


def test_a_members_page_and_reversing_a_payment(charged, client_for):
    pay(charged, "赵财务", "30")
    payment = DuesPayment.objects.get()
    zhao = charged.members["赵财务"].pk
    client = client_for(charged.treasurer)
    page = client.get(url("dues_member", zhao))
    assert "30.00" in text(page) and url("dues_reverse", payment.pk) in text(page)
    empty = client.post(url("dues_reverse", payment.pk), {"reason": ""})
    assert "这个字段是必填项" in text(empty) or "必填" in text(empty)
    done = client.post(url("dues_reverse", payment.pk), {"reason": "重复登记"}, follow=True)
    assert "已冲销「赵财务」的 30.00 元" in text(done) and "已冲销" in text(done)
    assert DuesCharge.objects.get(member_id=zhao).paid == 0
    again = client.post(url("dues_reverse", payment.pk), {"reason": "再来"})
    assert "不能重复冲销" in text(again)
    assert DuesPayment.objects.filter(amount__lt=0).count() == 1
