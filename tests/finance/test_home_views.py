"""The finance home page: a union's year, what waits for whom, a federation's table."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.nav import NAV
from gonghui.finance.models import DuesCharge, VoucherStatus
from gonghui.finance.services import vouchers as vs
from gonghui.finance.services.budget import budget_adopt, budget_create
from gonghui.finance.services.review import finding_create, finding_respond

from .test_budget_support import fast_voucher, ledger_voucher

S = VoucherStatus
YEAR = datetime.date.today().year
DAY = datetime.date(YEAR, 1, 2)


def home(code="school", **params):
    base = reverse("finance:home", args=[code])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_nav_has_finance_after_members():
    labels = [item.label for item in NAV]
    assert labels.index("经费") == labels.index("会员") + 1


def test_year_figures(world, client_for):
    ledger_voucher(world, [("401", "1000")], date=DAY)
    ledger_voucher(world, [("50111", "250.50")], date=DAY)
    ledger_voucher(world, [("50111", "99")], date=DAY, status=S.SUBMITTED)  # not in the figures
    b = budget_create(actor=world.treasurer, union=world.school, year=YEAR, lines={"501": "1000"})
    budget_adopt(actor=world.chair, budget=b, adopted_on=DAY, adopted_by="committee")
    DuesCharge.objects.create(
        union=world.school,
        member=world.members["周会员"],
        month=DAY.replace(day=1),
        base=Decimal("4000"),
        rate=Decimal("0.005"),
        amount=Decimal("20"),
        paid=Decimal("15"),
    )
    html = client_for(world.auditor).get(home()).content.decode()
    assert "1,000.00" in html and "250.50" in html and "749.50" in html
    assert "25.1%" in html  # 250.50 of 1,000 posted
    assert "含在途 35.0%" in html
    assert "75.0%" in html  # dues


def test_approver_sees_vouchers_to_approve_but_never_their_own(world, client_for):
    theirs = ledger_voucher(
        world, [("50111", "10")], date=DAY, status=S.SUBMITTED, summary="购买羽毛球"
    )
    own = vs.voucher_create(
        actor=world.chair,
        union=world.school,
        kind="expense",
        date=DAY,
        summary="主席自己填的",
        lines=[{"category": "50111", "amount": "5"}],
    )
    vs.voucher_submit(actor=world.chair, voucher=own)
    html = client_for(world.chair).get(home()).content.decode()
    assert "购买羽毛球" in html and reverse("finance:voucher_detail", args=[theirs.pk]) in html
    assert "主席自己填的" not in html
    # the treasurer is not the approver: nothing to approve, but can post approved ones
    html = client_for(world.treasurer).get(home()).content.decode()
    assert "待审批" not in html and "主席自己填的" not in html


def test_maker_sees_returned_drafts_with_the_reason(world, client_for):
    v = ledger_voucher(world, [("50111", "10")], date=DAY, status=S.SUBMITTED, summary="买奖品")
    vs.voucher_return(actor=world.chair, voucher=v, reason="缺少发票")
    html = client_for(world.treasurer).get(home()).content.decode()
    assert "被退回" in html and "缺少发票" in html
    assert "缺少发票" not in client_for(world.auditor).get(home()).content.decode()


def test_findings_wait_for_the_right_people(world, client_for):
    f = finding_create(
        actor=world.auditor,
        union=world.school,
        title="签领表",
        text="缺签字",
        period_start=DAY,
        period_end=DAY,
    )
    assert "待答复" in client_for(world.treasurer).get(home()).content.decode()
    assert "待答复" not in client_for(world.auditor).get(home()).content.decode()
    finding_respond(actor=world.treasurer, finding=f, response="已补")
    assert "已答复待关闭" in client_for(world.auditor).get(home()).content.decode()
    assert "未关闭的审查意见 1 条" in client_for(world.chair).get(home()).content.decode()


def test_links_to_every_finance_page(world, client_for):
    html = client_for(world.chair).get(home()).content.decode()
    for name, args in [
        ("budget_detail", ["school", YEAR]),
        ("statements", ["school", YEAR]),
        ("review_home", ["school"]),
        ("voucher_list", ["school"]),
    ]:
        assert reverse(f"finance:{name}", args=args) in html
    for name in ("dues_home", "rule_list", "aid_fund", "settings"):
        assert reverse(f"finance:{name}", args=["school"]) in html


def test_federation_sees_its_unions_figures(world, client_for, django_assert_num_queries):
    ledger_voucher(world, [("401", "300")], date=DAY)
    ledger_voucher(world, [("50111", "100")], date=DAY)
    ledger_voucher(world, [("401", "700")], date=DAY, union=world.hospital)
    c = client_for(world.fed_admin)
    c.get(home("fed"))
    with django_assert_num_queries(14):
        html = c.get(home("fed")).content.decode()
    assert "第一中学工会" in html and "卫生院工会" in html
    assert "1,000.00" in html  # district income
    assert "辖区开支标准" in html


def test_federation_query_count_does_not_grow_with_unions(
    world, client_for, django_assert_num_queries
):
    from gonghui.orgs import services as org_services

    for i in range(8):
        u = org_services.union_create(
            actor=None, name=f"第{i}小学工会", code=f"p{i}", kind="school", parent=world.fed
        )
        fast_voucher(u, [("401", "1.10")], date=DAY)
    c = client_for(world.fed_admin)
    c.get(home("fed"))
    with django_assert_num_queries(14):
        html = c.get(home("fed")).content.decode()
    assert "第7小学工会" in html and "8.80" in html


@pytest.mark.parametrize(
    ("who", "status"),
    # 404 where no grant reaches the school (they must not learn what it keeps), 403 within.
    [("outsider", 404), ("member", 403), ("group_leader", 403), ("nobody", 404)],
)
def test_refused(world, client_for, who, status):
    assert client_for(getattr(world, who)).get(home()).status_code == status


def test_grassroots_query_count(world, client_for, django_assert_num_queries):
    for _i in range(5):
        ledger_voucher(world, [("50111", "1")], date=DAY, status=S.SUBMITTED)
    c = client_for(world.chair)
    c.get(home())
    # 6 for the session, user, union, grants, menu and session write; the rest is the
    # year's figures (7) and the waiting lists (8), whatever the number of vouchers.
    with django_assert_num_queries(19):
        assert c.get(home()).status_code == 200


def test_district_budget_rate_matches_the_unions_own(world):
    from gonghui.finance.queries.budget import execution
    from gonghui.finance.queries.home import district

    b = budget_create(
        actor=world.treasurer,
        union=world.school,
        year=YEAR,
        lines={"501": "1000", "50111": "400", "503": "500"},
    )
    budget_adopt(actor=world.chair, budget=b, adopted_on=DAY, adopted_by="committee")
    ledger_voucher(world, [("50111", "300"), ("50302", "100")], date=DAY)
    ledger_voucher(world, [("507", "5000")], date=DAY)  # not budgeted: not in the rate
    rows, _total = district(world.fed, YEAR)
    school = next(r for r in rows if r.union == world.school)
    own = execution(world.school, YEAR).expense_total
    assert school.effective == own["effective"] == Decimal("1500")
    assert school.budget_pct == own["pct"] == Decimal("26.7")
    assert school.expense == Decimal("5400")
    assert next(r for r in rows if r.union == world.hospital).budget_pct is None


def test_the_dashboard_lists_what_waits_in_the_books(world, client_for):
    ledger_voucher(world, [("50111", "10")], date=DAY, status=S.SUBMITTED, summary="购买羽毛球")
    chair = client_for(world.chair)
    chair.get(home())  # the finance page makes the school the current union
    html = chair.get("/").content.decode()
    assert "待办" in html and "待审批的凭证" in html
    assert reverse("finance:home", args=["school"]) in html
    # The treasurer has nothing to approve; the outsider's hospital has nothing waiting.
    treasurer = client_for(world.treasurer)
    treasurer.get(home())
    assert "待审批的凭证" not in treasurer.get("/").content.decode()
    outsider = client_for(world.outsider)
    assert "待办" not in outsider.get("/").content.decode()
