"""The mutual-aid fund's pages: who may see and use them, and what they show."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.finance.models import AidEntry, FinanceSettings
from gonghui.finance.queries import aid as q
from gonghui.finance.services import aid as services
from gonghui.orgs.models import Member, MemberStatus

D = Decimal


def today():
    return timezone.localdate()


@pytest.fixture
def fund(world):
    FinanceSettings.objects.update_or_create(union=world.school, defaults={"mutual_aid": True})
    services.aid_deposit(
        actor=world.treasurer,
        union=world.school,
        member=world.members["周会员"],
        amount="5000",
        on=today() - datetime.timedelta(days=200),
    )
    return world.school


@pytest.fixture
def late_loan(world, fund):
    """吴老师 borrowed 1,200 over 12 months about four months ago and has repaid nothing."""
    return services.aid_loan(
        actor=world.treasurer,
        union=fund,
        member=world.members["吴老师"],
        amount="1200",
        on=q.add_months(today(), -4),
        months=12,
    )


def url(name, *args, code="school"):
    return reverse(f"finance:{name}", args=[code, *args])


# --- access ------------------------------------------------------------------------------


def test_the_outsider_is_refused_every_page_of_the_schools_fund(world, fund, late_loan, client_for):
    client = client_for(world.outsider)
    pages = [
        url("aid_fund"),
        url("aid_deposit"),
        url("aid_withdraw"),
        url("aid_loan"),
        url("aid_schedule_preview") + "?amount=100&months=2",
        url("aid_loan_detail", late_loan.pk),
        url("aid_repay", late_loan.pk),
        url("aid_member", world.members["周会员"].pk),
    ]
    # Not found, not refused: the hospital's chair must not learn the school has a fund.
    for page in pages:
        assert client.get(page).status_code == 404, page
    response = client.post(
        url("aid_deposit"),
        {"member": world.members["周会员"].pk, "amount": "100", "on": today().isoformat()},
    )
    assert response.status_code == 404
    assert AidEntry.objects.filter(kind="deposit").count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, world, fund):
    response = client.get(url("aid_fund"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_auditor_reads_the_fund_but_may_not_record_movements(world, fund, client_for):
    client = client_for(world.auditor)
    page = client.get(url("aid_fund"))
    assert page.status_code == 200
    assert "5,000.00" in page.content.decode() and "登记存入" not in page.content.decode()
    assert client.get(url("aid_deposit")).status_code == 403


def test_a_plain_member_and_a_group_leader_are_refused(world, fund, client_for):
    for user in (world.member, world.group_leader):
        assert client_for(user).get(url("aid_fund")).status_code == 403


def test_a_federation_keeps_no_fund_of_its_own(world, client_for):
    assert client_for(world.fed_admin).get(url("aid_fund", code="fed")).status_code == 403


# --- not switched on -----------------------------------------------------------------------


def test_without_the_fund_the_page_says_so_and_the_chair_gets_the_settings_link(world, client_for):
    chair_page = client_for(world.chair).get(url("aid_fund")).content.decode()
    assert "本会未开办储金会/互助金" in chair_page
    assert 'href="/unions/school/finance/settings/"' in chair_page
    treasurer = client_for(world.treasurer)
    treasurer_page = treasurer.get(url("aid_fund")).content.decode()
    assert "本会未开办储金会/互助金" in treasurer_page
    assert "/finance/settings/" not in treasurer_page
    form = treasurer.get(url("aid_deposit")).content.decode()
    assert "本会未开办储金会/互助金" in form and 'id="aid-form"' not in form


# --- the fund page -------------------------------------------------------------------------


def test_the_fund_page_shows_balance_holders_and_flags_the_overdue_loan(
    world, fund, late_loan, client_for
):
    response = client_for(world.treasurer).get(url("aid_fund"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="fund-balance">3,800.00<' in html
    assert 'id="overdue"' in html and "吴老师" in html
    # Instalments of 100 fell due each month since; three or four have passed (the fourth
    # falls due about today), none paid.
    state = q.loan_state(late_loan, today())
    assert state.overdue_count in (3, 4) and state.overdue == 100 * state.overdue_count
    assert f'id="overdue-total">{state.y["overdue"]}<' in html
    assert "table-danger" in html and f"逾期 {state.y['overdue']}" in html


def test_the_fund_page_runs_a_fixed_number_of_queries(
    world, fund, late_loan, client_for, django_assert_num_queries
):
    client = client_for(world.treasurer)
    for name in ("孙组长", "王委员", "赵财务", "钱经审"):
        services.aid_deposit(
            actor=world.treasurer,
            union=fund,
            member=world.members[name],
            amount="10",
            on=today(),
        )
    services.aid_loan(
        actor=world.treasurer,
        union=fund,
        member=world.members["孙组长"],
        amount="30",
        on=today(),
        months=3,
    )
    with django_assert_num_queries(13):
        response = client.get(url("aid_fund"))
    assert response.status_code == 200


def test_the_loan_page_lists_the_schedule_and_the_repayments(world, fund, late_loan, client_for):
    services.aid_repay(actor=world.treasurer, loan=late_loan, amount="150", on=today())
    html = client_for(world.treasurer).get(url("aid_loan_detail", late_loan.pk)).content.decode()
    assert html.count("<td>1</td>") == 1 and "<td>12</td>" in html
    assert "1,050.00" in html and "150.00" in html
    assert "登记还款" in html


def test_a_loan_of_another_union_is_not_found_here(world, fund, late_loan, client_for):
    FinanceSettings.objects.create(union=world.hospital, mutual_aid=True)
    response = client_for(world.outsider).get(url("aid_loan_detail", late_loan.pk, code="hospital"))
    assert response.status_code == 404


def test_the_member_page_shows_savings_and_loans(world, fund, late_loan, client_for):
    zhou = client_for(world.treasurer).get(url("aid_member", world.members["周会员"].pk))
    assert 'id="member-savings">5,000.00<' in zhou.content.decode()
    wu = client_for(world.treasurer).get(url("aid_member", world.members["吴老师"].pk))
    assert 'id="member-outstanding">1,200.00<' in wu.content.decode()
    hospital_member = world.members["郑护士"].pk
    assert client_for(world.treasurer).get(url("aid_member", hospital_member)).status_code == 404


# --- the forms -----------------------------------------------------------------------------


def post(client, name, data, *args):
    return client.post(url(name, *args), data)


def test_depositing_through_the_form_records_once_even_if_submitted_twice(world, fund, client_for):
    client = client_for(world.treasurer)
    page = client.get(url("aid_deposit")).content.decode()
    assert 'name="key"' in page
    assert f'type="date" name="on" value="{today().isoformat()}"' in page
    data = {
        "member": world.members["吴老师"].pk,
        "amount": "1,234.50",
        "on": today().isoformat(),
        "note": "",
        "key": "form-key-1",
    }
    first = post(client, "aid_deposit", data)
    assert first.status_code == 302 and first["Location"] == url("aid_fund")
    again = post(client, "aid_deposit", data)
    assert again.status_code == 302
    assert AidEntry.objects.filter(kind="deposit", member=world.members["吴老师"]).count() == 1
    followed = client.get(url("aid_fund")).content.decode()
    assert "已登记「吴老师」存入 1,234.50 元" in followed


def test_a_form_refusal_shows_the_reason_and_writes_nothing(world, fund, client_for):
    client = client_for(world.treasurer)
    response = post(
        client,
        "aid_loan",
        {
            "member": world.members["吴老师"].pk,
            "amount": "5000.01",
            "months": "12",
            "on": today().isoformat(),
            "key": "k",
        },
    )
    assert response.status_code == 200
    assert "不足以借出 5,000.01 元" in response.content.decode()
    three = post(
        client,
        "aid_deposit",
        {"member": world.members["吴老师"].pk, "amount": "1.005", "on": today().isoformat()},
    )
    assert "超过两位小数" in three.content.decode()
    assert AidEntry.objects.count() == 1


def test_lending_through_the_form_goes_to_the_loan_page(world, fund, client_for):
    client = client_for(world.treasurer)
    response = post(
        client,
        "aid_loan",
        {
            "member": world.members["吴老师"].pk,
            "amount": "1000",
            "months": "3",
            "on": today().isoformat(),
            "key": "loan-1",
        },
    )
    loan = AidEntry.objects.get(kind="loan")
    assert response["Location"] == url("aid_loan_detail", loan.pk)
    assert loan.months == 3 and loan.recorded_by == world.treasurer


def test_the_loan_form_previews_the_schedule(world, fund, client_for):
    client = client_for(world.treasurer)
    html = client.get(
        url("aid_schedule_preview") + "?amount=100&months=3&on=2025-01-15"
    ).content.decode()
    assert "2025-02-15" in html and "33.34" in html and "共 3 期" in html
    bad = client.get(url("aid_schedule_preview") + "?amount=1.001&months=3").content.decode()
    assert "超过两位小数" in bad
    assert (
        "1 至 60"
        in client.get(url("aid_schedule_preview") + "?amount=1&months=99").content.decode()
    )


def test_repaying_through_the_form_proposes_the_overdue_sum(world, fund, late_loan, client_for):
    client = client_for(world.treasurer)
    overdue = q.loan_state(late_loan, today()).overdue
    assert overdue >= D("300")
    page = client.get(url("aid_repay", late_loan.pk)).content.decode()
    assert f'value="{overdue}"' in page and f"其中逾期 {overdue} 元" in page
    response = post(
        client,
        "aid_repay",
        {"amount": "300", "on": today().isoformat(), "key": "r-1"},
        late_loan.pk,
    )
    assert response["Location"] == url("aid_loan_detail", late_loan.pk)
    assert q.outstanding_of(late_loan) == D("900.00")


def test_withdraw_form_picks_any_member_and_pays_back_only_savings(world, fund, client_for):
    # The member is chosen with the picker (any member of the union: someone who has left
    # is paid back too); the member page's 退还储金 comes with the depositor chosen.
    client = client_for(world.treasurer)
    zhou, wu = world.members["周会员"], world.members["吴老师"]
    html = client.get(url("aid_withdraw") + f"?member={zhou.pk}").content.decode()
    assert f'name="member" value="{zhou.pk}">周会员（' in html and "吴老师" not in html
    Member.objects.filter(pk=zhou.pk).update(status=MemberStatus.LEFT)
    found = client.get("/unions/school/members/pick/?for=aid_savings&q=zhou").content.decode()
    assert "周会员" in found
    # Someone without savings is refused by the service, with the reason.
    data = {"member": wu.pk, "amount": "10", "on": today().isoformat(), "key": "k-1"}
    html = client.post(url("aid_withdraw"), data).content.decode()
    assert "的储金余额为 0.00 元，不能退还 10.00 元" in html
    assert not AidEntry.objects.filter(member=wu).exists()
