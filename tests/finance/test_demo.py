"""The demo school's books: a year of dues, posted vouchers, an adopted budget, a gift let
through by the chair, and one festival voucher held back by the spending rules."""

from django.core.management import call_command

from gonghui.core import audit
from gonghui.core.models import User
from gonghui.finance.models import Budget, DuesCharge, Voucher, VoucherStatus
from gonghui.finance.spending import check_voucher
from gonghui.orgs.models import Union


def test_the_demo_school_has_a_year_of_books(empty_db, client, capsys):
    call_command("demo")
    school = Union.objects.get(code="demo-school")
    months = set(DuesCharge.objects.filter(union=school).values_list("month__month", flat=True))
    assert months == set(range(1, 11))
    assert Voucher.objects.filter(union=school, status=VoucherStatus.POSTED).count() >= 30
    assert Budget.objects.get(union=school, year=2026).adopted
    overridden = Voucher.objects.filter(union=school).exclude(override_reason="")
    assert overridden.get().status == VoucherStatus.POSTED

    assert Voucher.objects.filter(union=school, status=VoucherStatus.SUBMITTED).count() == 1
    blocked = Voucher.objects.get(union=school, status=VoucherStatus.DRAFT)
    messages = [v.message for v in check_voucher(blocked)]
    assert any("节日慰问" in m and "2,200.00" in m for m in messages)
    assert any("购物卡" in m for m in messages)
    client.force_login(User.objects.get(username="chair"))
    page = client.get(blocked.get_absolute_url()).content.decode()
    assert "违反开支标准【节日慰问】" in page
    assert audit.verify().ok
