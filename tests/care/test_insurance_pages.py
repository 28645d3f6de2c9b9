"""The 互助保障 pages: the member sees their own enrolments and claims on a phone page and
nobody else's; a claim's diagnosis only on the claim's page, for the chair, the welfare
member, the 经审 and the member (every look by someone else audited), never in a list or the
insurer's list; bad input shown beside the field with nothing written; bulk enrolment of a
group, twice; the .xlsx for the insurer (numbers masked unless revealed, text kept as text);
the 投保率 page of a federation; another union's plan is 404; the plan page's queries do not
grow with its rows."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.care import services_insurance as services
from gonghui.care.models_insurance import InsuranceClaim, InsuranceEnrollment, InsurancePlan
from gonghui.core.models import AuditEntry
from gonghui.finance.models import Voucher
from gonghui.members import services as member_services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Sex

from .test_insurance import END, START, TODAY, new_plan, plan_data

DIAGNOSIS = "急性阑尾炎，住院7天"


@pytest.fixture
def plan(world):
    return new_plan(world)


@pytest.fixture
def enrolled(world, plan):
    services.insurance_enrol(actor=world.chair, plan=plan, on=START)
    return plan


def record(world, plan, name="周会员", diagnosis=DIAGNOSIS, **over):
    data = {"event_on": TODAY - datetime.timedelta(days=10), "claimed": "3200"} | over
    return services.insurance_claim_record(
        actor=world.chair, plan=plan, member=world.members[name], diagnosis=diagnosis, **data
    )


@pytest.fixture
def claim(world, enrolled):
    return record(world, enrolled)


def page(client, name, *args, **query):
    url = reverse(f"care:{name}", args=args)
    response = client.get(url, query)
    return response.status_code, response.content.decode()


# --- the member -----------------------------------------------------------------------------


def test_the_member_sees_their_own_cover_and_claims_only(world, client_for, enrolled, claim):
    other = record(world, enrolled, "吴老师", diagnosis="乳腺结节切除")
    client = client_for(world.member)
    status, text = page(client, "insurance_mine")
    assert status == 200
    assert "职工住院医疗互助保障" in text and "保障中" in text and "已申报" in text
    assert "吴老师" not in text and "乳腺结节" not in text
    assert DIAGNOSIS not in text  # the list: kind, day, amounts; the diagnosis on its page
    status, text = page(client, "insurance_claim", claim.pk)
    assert status == 200 and DIAGNOSIS in text
    assert not AuditEntry.objects.filter(action="care.insurance_claim_view").exists()
    assert page(client, "insurance_claim", other.pk)[0] == 403
    assert page(client, "insurance_plan", enrolled.pk)[0] == 403
    assert page(client, "insurance", world.school.code)[0] == 403


def test_an_account_without_a_member_record(world, client_for):
    status, text = page(client_for(world.nobody), "insurance_mine")
    assert status == 200 and "没有关联在册会员档案" in text


# --- who sees the diagnosis -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["chair", "auditor", "welfare"])
def test_the_diagnosis_is_for_the_chair_the_welfare_member_and_the_auditor(
    world, client_for, claim, welfare, who
):
    user = welfare if who == "welfare" else world.users[who]
    status, text = page(client_for(user), "insurance_claim", claim.pk)
    assert status == 200 and DIAGNOSIS in text
    entry = AuditEntry.objects.get(action="care.insurance_claim_view")
    assert entry.actor == user and DIAGNOSIS not in str(entry.changes)
    # the plan's list names the claim without its diagnosis
    status, text = page(client_for(user), "insurance_plan", claim.plan_id)
    assert status == 200 and "周会员" in text and DIAGNOSIS not in text


@pytest.mark.parametrize(
    ("who", "status"), [("treasurer", 403), ("committee", 403), ("outsider", 404)]
)
def test_others_never_see_it(world, client_for, claim, who, status):
    client = client_for(world.users[who])
    assert page(client, "insurance_claim", claim.pk)[0] == status
    assert page(client, "insurance_plan", claim.plan_id)[0] == status


def test_the_auditor_reads_but_cannot_act(world, client_for, claim):
    client = client_for(world.auditor)
    status, text = page(client, "insurance_claim", claim.pk)
    assert status == 200 and DIAGNOSIS in text and "登记赔付结果" not in text
    url = reverse("care:insurance_claim_pay", args=[claim.pk])
    assert client.post(url, {"paid": "100"}).status_code == 403
    assert page(client, "insurance_enrol", claim.plan_id)[0] == 403


# --- another union --------------------------------------------------------------------------


def test_another_unions_plan_enrolment_and_claim_are_404(world, client_for, claim):
    client = client_for(world.outsider)
    enrollment = InsuranceEnrollment.objects.filter(plan=claim.plan).first()
    for name, pk in (
        ("insurance_plan", claim.plan_id),
        ("insurance_plan_edit", claim.plan_id),
        ("insurance_enrol", claim.plan_id),
        ("insurance_export", claim.plan_id),
        ("insurance_claim_new", claim.plan_id),
        ("insurance_claim", claim.pk),
    ):
        assert page(client, name, pk)[0] == 404, name
    for name, pk in (
        ("insurance_withdraw", enrollment.pk),
        ("insurance_premium", claim.plan_id),
        ("insurance_renew", claim.plan_id),
        ("insurance_claim_review", claim.pk),
        ("insurance_claim_pay", claim.pk),
        ("insurance_claim_deny", claim.pk),
    ):
        assert client.post(reverse(f"care:{name}", args=[pk]), {}).status_code == 404, name
    assert InsuranceEnrollment.objects.filter(withdrawn_on__isnull=False).count() == 0
    assert page(client, "insurance", world.school.code)[0] == 404


# --- the committee's pages ------------------------------------------------------------------


def test_the_plans_page_shows_each_plans_rate(world, client_for, enrolled):
    women = new_plan(world, name="女职工特殊疾病互助", kind="women", eligibility="women")
    services.insurance_enrol(
        actor=world.chair, plan=women, members=[world.members["吴老师"]], on=START
    )
    status, text = page(client_for(world.chair), "insurance", world.school.code)
    assert status == 200
    assert "100.0%" in text and "参保 7 / 7 人" in text
    assert "25.0%" in text and "参保 1 / 4 人" in text  # women only: 4 women
    assert "示例" in text and "台州" in text
    assert page(client_for(world.treasurer), "insurance", world.school.code)[0] == 403


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"premium": "-60"}, "每人每年保费不能为负数"),
        ({"premium": "60.125"}, "超过两位小数"),
        ({"ends_on": (START - datetime.timedelta(days=1)).isoformat()}, "结束日期不能早于开始日期"),
    ],
)
def test_a_bad_plan_form_says_why_beside_the_field(world, client_for, over, message):
    data = plan_data(starts_on=START.isoformat(), ends_on=END.isoformat(), max_benefit="")
    data.update(over)
    response = client_for(world.chair).post(
        reverse("care:insurance_plan_new", args=[world.school.code]), data
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not InsurancePlan.objects.exists()


def test_a_new_plan_from_the_form(world, client_for):
    data = plan_data(starts_on=START.isoformat(), ends_on=END.isoformat())
    response = client_for(world.chair).post(
        reverse("care:insurance_plan_new", args=[world.school.code]), data
    )
    found = InsurancePlan.objects.get()
    assert response.status_code == 302 and response["Location"] == found.get_absolute_url()


def test_bulk_enrolment_of_a_group_on_its_page(world, client_for, plan):
    client = client_for(world.chair)
    url = reverse("care:insurance_enrol", args=[plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"members": [f"g{world.chinese.pk}"]}, follow=True)
    assert "新参保 4 人" in response.content.decode()
    response = client.post(url, {"members": [f"g{world.chinese.pk}"]}, follow=True)
    assert "新参保 0 人，4 人此前已参保（跳过）" in response.content.decode()
    response = client.post(url, {"sex": "F"}, follow=True)
    assert "新参保 2 人，2 人此前已参保（跳过）" in response.content.decode()
    assert InsuranceEnrollment.objects.filter(plan=plan).count() == 6
    response = client.post(url, {"members": [str(world.members["郑护士"].pk)]})
    assert response.status_code == 400 and "请从本工会的在册会员中选择" in response.content.decode()


def test_a_claim_for_a_member_not_enrolled_is_refused_on_the_form(world, client_for, plan):
    client = client_for(world.chair)
    url = reverse("care:insurance_claim_new", args=[plan.pk])
    data = {
        "member": world.members["周会员"].pk,
        "event_on": TODAY.isoformat(),
        "kind": "hospital",
        "claimed": "1000",
    }
    text = client.post(url, data).content.decode()
    assert "「周会员」在" in text and "未参加" in text
    assert not InsuranceClaim.objects.exists()
    services.insurance_enrol(actor=world.chair, plan=plan, on=START)
    response = client.post(url, data | {"diagnosis": DIAGNOSIS})
    found = InsuranceClaim.objects.get()
    assert response["Location"] == found.get_absolute_url() and found.diagnosis == DIAGNOSIS


def test_the_claim_steps_on_its_page(world, client_for, claim):
    client = client_for(world.chair)
    review = reverse("care:insurance_claim_review", args=[claim.pk])
    assert client.post(review).status_code == 302
    pay = reverse("care:insurance_claim_pay", args=[claim.pk])
    response = client.post(pay, {"paid": "9999"})
    assert response.status_code == 400 and "不能超过申报金额" in response.content.decode()
    assert client.post(pay, {"paid": "2400", "paid_on": TODAY.isoformat()}).status_code == 302
    claim.refresh_from_db()
    assert claim.state == "paid"
    text = page(client_for(world.member), "insurance_mine")[1]
    assert "已赔付" in text and "2,400.00" in text


def test_the_premium_button_drafts_the_voucher(world, client_for, enrolled):
    client = client_for(world.chair)
    text = page(client, "insurance_plan", enrolled.pk)[1]
    assert "尚有 7 人的保费未列入凭证" in text and "420.00" in text
    client.post(reverse("care:insurance_premium", args=[enrolled.pk]))
    voucher = Voucher.objects.get()
    text = page(client, "insurance_plan", enrolled.pk)[1]
    assert "凭证草稿" in text and voucher.get_absolute_url() in text
    assert "尚有" not in text


def test_the_plan_page_costs_the_same_with_few_and_many_rows(
    world, client_for, plan, django_assert_num_queries
):
    services.insurance_enrol(actor=world.chair, plan=plan, group=world.maths, on=START)
    record(world, plan, "吴老师")
    client = client_for(world.chair)
    url = reverse("care:insurance_plan", args=[plan.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    services.insurance_enrol(actor=world.chair, plan=plan, on=START)
    for name in ("周会员", "李主席", "王委员"):
        record(world, plan, name)
    with django_assert_num_queries(QUERIES):
        text = client.get(url).content.decode()
    assert text.count('id="enrollment-') == 7 and text.count('id="claim-') == 4


QUERIES = 13


# --- the insurer's list ---------------------------------------------------------------------


def sheet(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_the_insurers_list_masks_numbers_and_holds_no_claim(world, client_for, claim):
    url = reverse("care:insurance_export", args=[claim.plan_id])
    ws = sheet(client_for(world.auditor).get(url))
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert "导出人：auditor" in rows[0][0] and "已隐去" in rows[0][0]
    assert rows[1][:4] == ["序号", "姓名", "性别", "身份证号"]
    mine = next(r for r in rows if r[1] == "周会员")
    assert mine[3] == "110101***********" + world.members["周会员"].id_number[-1]
    assert mine[4] == "138****5678"
    assert len(rows) == 2 + 7
    assert not any(DIAGNOSIS in str(v) for r in rows for v in r)
    entry = AuditEntry.objects.get(action="care.insurance_export")
    assert entry.changes == {"count": [None, 7], "masked": [None, True]}
    assert client_for(world.auditor).get(url, {"full": "1"}).status_code == 403


def test_the_chair_exports_full_numbers_for_the_insurer(world, client_for, enrolled):
    url = reverse("care:insurance_export", args=[enrolled.pk])
    ws = sheet(client_for(world.chair).get(url, {"full": "1"}))
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    mine = next(r for r in rows if r[1] == "周会员")
    assert mine[3] == world.members["周会员"].id_number and mine[4] == "13812345678"
    assert AuditEntry.objects.get(action="care.insurance_export").changes["masked"] == [None, False]


def test_text_that_looks_like_a_formula_stays_text(world, client_for, plan):
    group = org_services.group_create(actor=None, union=world.school, name='=HYPERLINK("x")')
    person = member_services.member_create(
        actor=None, union=world.school, name="冯老师", sex=Sex.MALE, group=group
    )
    services.insurance_enrol(actor=world.chair, plan=plan, members=[person], on=START)
    ws = sheet(client_for(world.chair).get(reverse("care:insurance_export", args=[plan.pk])))
    cell = ws.cell(3, 6)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


# --- 投保率 -----------------------------------------------------------------------------------


def test_the_federation_sees_each_unions_rate(world, client_for, enrolled):
    status, text = page(client_for(world.fed_admin), "insurance_rates", world.fed.code)
    assert status == 200
    rows = text.split('id="unions"')[1]
    assert "卫生院工会" in rows and "第一中学工会" in rows
    assert rows.index("卫生院工会") < rows.index("第一中学工会")  # lowest rate first
    assert "100.0%" in rows and "0.0%" in rows
    assert "87.5%" in text  # 7 of the tree's 8 members
    assert "周会员" not in text
    # the school's own figures, for its chair; the hospital's chair cannot see the school's
    assert page(client_for(world.chair), "insurance_rates", world.school.code)[0] == 200
    assert page(client_for(world.outsider), "insurance_rates", world.school.code)[0] == 404
