"""职工互助保障 through its services: a plan and its refusals (a negative premium, three
decimals, the end before the start, a period over a year, a 女职工 plan open to men), bulk
enrolment from a roster filter (idempotent, men skipped for a women-only plan), withdrawal
and re-enrolment, the premium as one share-less draft voucher in 50299 (and 补缴), claims and
their refusals (a member not enrolled, a day outside the cover, more than claimed, past the
maximum), renewal, who may do what, and an audit trail that names nobody and no illness."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.care import queries_insurance as queries
from gonghui.care import services_insurance as services
from gonghui.care.models_insurance import (
    InsuranceClaim,
    InsuranceEnrollment,
    InsurancePlan,
)
from gonghui.care.rules_insurance import ClaimState, Eligibility, PlanKind
from gonghui.core.models import AuditEntry
from gonghui.finance.models import Voucher, VoucherShare, VoucherStatus
from gonghui.finance.services import vouchers as voucher_services
from gonghui.orgs.models import MemberStatus, Sex

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=100)
END = START + datetime.timedelta(days=364)


def plan_data(**over):
    data = {
        "name": "职工住院医疗互助保障",
        "kind": PlanKind.HOSPITAL,
        "provider_kind": "mutual",
        "provider": "示范市职工互助保障会",
        "premium": "60",
        "max_benefit": "50000",
        "starts_on": START,
        "ends_on": END,
        "eligibility": Eligibility.ALL,
        "notes": "",
    }
    data.update(over)
    return data


def new_plan(world, **over):
    return services.insurance_plan_create(
        actor=world.chair, union=world.school, **plan_data(**over)
    )


@pytest.fixture
def plan(world):
    return new_plan(world)


def enrol_all(world, plan, **over):
    return services.insurance_enrol(actor=world.chair, plan=plan, **({"on": START} | over))


def refusal(call, model=InsurancePlan) -> dict | list:
    """The refusal's messages (by field when the service named one); nothing written."""
    before = (model.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as info:
        call()
    assert (model.objects.count(), AuditEntry.objects.count()) == before
    exc = info.value
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


# --- plans ----------------------------------------------------------------------------------


def test_a_plan_keeps_its_terms_to_the_fen(world, plan):
    assert (plan.premium, plan.max_benefit) == (Decimal("60.00"), Decimal("50000.00"))
    assert (plan.starts_on, plan.ends_on, plan.union) == (START, END, world.school)
    entry = AuditEntry.objects.filter(action="care.insurance_plan").get()
    assert entry.object_repr == "职工住院医疗互助保障"


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"premium": "-60"}, "premium", "每人每年保费不能为负数"),
        ({"premium": "60.005"}, "premium", "超过两位小数"),
        ({"premium": "六十"}, "premium", "不是有效的金额"),
        ({"premium": ""}, "premium", "请填写每人每年保费"),
        ({"max_benefit": "-1"}, "max_benefit", "最高保障金额不能为负数"),
        ({"ends_on": START - datetime.timedelta(days=1)}, "ends_on", "结束日期不能早于开始日期"),
        ({"ends_on": START + datetime.timedelta(days=366)}, "ends_on", "保障期限最长一年"),
        ({"name": "  "}, "name", "请填写计划名称"),
        ({"provider": ""}, "provider", "请填写承办机构"),
        ({"kind": "dental"}, "kind", "请选择保障类别"),
        (
            {"kind": PlanKind.WOMEN, "eligibility": Eligibility.ALL},
            "eligibility",
            "女职工特殊疾病互助只能由女会员参加",
        ),
    ],
)
def test_a_bad_plan_is_refused_by_field_with_nothing_written(world, over, field, message):
    found = refusal(lambda: new_plan(world, **over))
    assert message in " ".join(found[field])


def test_a_plan_of_a_whole_leap_year_is_a_year(world):
    found = new_plan(
        world, starts_on=datetime.date(2028, 1, 1), ends_on=datetime.date(2028, 12, 31)
    )
    assert found.ends_on == datetime.date(2028, 12, 31)


def test_the_same_plan_twice_for_a_period_and_a_federation_are_refused(world, plan):
    assert "同名" in refusal(lambda: new_plan(world))["name"][0]
    with pytest.raises(ValidationError, match="基层工会"):
        services.insurance_plan_create(actor=None, union=world.fed, **plan_data())


@pytest.mark.parametrize("who", ["treasurer", "committee", "auditor", "member", "outsider"])
def test_only_care_change_holders_create_plans_and_enrol(world, plan, who):
    with pytest.raises(PermissionDenied):
        services.insurance_plan_create(
            actor=world.users[who], union=world.school, **plan_data(name="另一个")
        )
    with pytest.raises(PermissionDenied):
        services.insurance_enrol(actor=world.users[who], plan=plan)
    assert not InsuranceEnrollment.objects.exists()


def test_the_welfare_member_runs_it_by_their_post(world, plan, welfare):
    result = services.insurance_enrol(actor=welfare, plan=plan, on=START)
    assert result.added == 7


# --- enrolment ------------------------------------------------------------------------------


def test_bulk_enrolment_by_group_is_idempotent(world, plan):
    first = enrol_all(world, plan, group=world.chinese)
    assert (first.added, first.already, first.ineligible) == (4, 0, 0)
    again = enrol_all(world, plan, group=world.chinese)
    assert (again.added, again.already) == (0, 4)
    assert InsuranceEnrollment.objects.filter(plan=plan).count() == 4
    # the second time wrote no audit entry
    assert AuditEntry.objects.filter(action="care.insurance_enrol").count() == 1
    whole = enrol_all(world, plan)
    assert (whole.added, whole.already) == (3, 4)


def test_bulk_enrolment_by_sex_and_status(world, plan):
    from gonghui.members import services as member_services

    member_services.member_retire(
        actor=None, member=world.members["孙组长"], on=TODAY - datetime.timedelta(days=3)
    )
    result = enrol_all(world, plan, sex=Sex.FEMALE, status=MemberStatus.ACTIVE)
    enrolled = set(
        InsuranceEnrollment.objects.filter(plan=plan).values_list("member__name", flat=True)
    )
    assert result.added == 3 and enrolled == {"李主席", "赵财务", "吴老师"}


def test_a_women_only_plan_skips_men(world):
    women = new_plan(
        world, name="女职工特殊疾病互助", kind=PlanKind.WOMEN, eligibility=Eligibility.WOMEN
    )
    result = enrol_all(world, women)
    assert (result.added, result.ineligible) == (4, 3)
    assert not InsuranceEnrollment.objects.filter(plan=women, member__sex=Sex.MALE).exists()


def test_picked_members_only_and_never_another_unions(world, plan):
    result = enrol_all(world, plan, members=[world.members["周会员"]])
    assert result.added == 1
    found = refusal(
        lambda: enrol_all(world, plan, members=[world.members["郑护士"]]),
        InsuranceEnrollment,
    )
    assert "不是本会在册会员" in found["members"][0]
    found = refusal(lambda: enrol_all(world, plan, group=world.ward), InsuranceEnrollment)
    assert "工会小组" in found["group"][0]


def test_enrolment_day_within_the_period_and_not_after_it_ends(world, plan):
    found = refusal(
        lambda: enrol_all(world, plan, on=START - datetime.timedelta(days=1)), InsuranceEnrollment
    )
    assert "保障期限" in found["on"][0]
    past = new_plan(
        world,
        name="去年的计划",
        starts_on=START - datetime.timedelta(days=400),
        ends_on=START - datetime.timedelta(days=40),
    )
    with pytest.raises(ValidationError, match="保障期已于"):
        services.insurance_enrol(actor=world.chair, plan=past)


def test_withdrawal_is_kept_and_the_member_can_enrol_again(world, plan):
    enrol_all(world, plan, members=[world.members["周会员"]])
    mine = InsuranceEnrollment.objects.get()
    found = refusal(
        lambda: services.insurance_withdraw(actor=world.chair, enrollment=mine, reason=""),
        AuditEntry,
    )
    assert "退保原因" in found["reason"][0]
    services.insurance_withdraw(actor=world.chair, enrollment=mine, reason="调离本单位", on=TODAY)
    mine.refresh_from_db()
    assert (mine.withdrawn_on, mine.withdraw_reason) == (TODAY, "调离本单位")
    with pytest.raises(ValidationError, match="已于"):
        services.insurance_withdraw(actor=world.chair, enrollment=mine, reason="再退")
    again = services.insurance_enrol(actor=world.chair, plan=plan, members=[mine.member])
    assert again.added == 1
    assert InsuranceEnrollment.objects.filter(plan=plan, member=mine.member).count() == 2


# --- premium --------------------------------------------------------------------------------


def test_the_premium_is_one_draft_voucher_paying_the_provider(world, plan):
    enrol_all(world, plan)
    premium = services.insurance_premium_draft(actor=world.chair, plan=plan, date=TODAY)
    assert (premium.members, premium.amount) == (7, Decimal("420.00"))
    voucher = premium.voucher
    assert voucher.status == VoucherStatus.DRAFT and voucher.total == Decimal("420.00")
    (line,) = voucher.lines.select_related("category")
    assert (line.category.code, line.payee, line.amount) == (
        "50299",
        "示范市职工互助保障会",
        Decimal("420.00"),
    )
    assert not VoucherShare.objects.filter(line=line).exists()  # nobody is paid money
    assert "7人×60.00元" in voucher.summary
    with pytest.raises(ValidationError, match="无需重复制单"):
        services.insurance_premium_draft(actor=world.chair, plan=plan)


def test_the_premium_draft_submits_as_any_voucher(world, plan):
    enrol_all(world, plan)
    premium = services.insurance_premium_draft(actor=world.chair, plan=plan, date=TODAY)
    voucher_services.voucher_submit(actor=world.treasurer, voucher=premium.voucher)
    assert Voucher.objects.get(pk=premium.voucher.pk).status == VoucherStatus.SUBMITTED


def test_a_deleted_draft_can_be_drafted_again_and_new_members_are_paid_for(world, plan):
    enrol_all(world, plan, group=world.chinese)
    first = services.insurance_premium_draft(actor=world.chair, plan=plan)
    enrol_all(world, plan, group=world.maths)
    second = services.insurance_premium_draft(actor=world.chair, plan=plan)
    assert (first.members, second.members, second.amount) == (4, 3, Decimal("180.00"))
    voucher_services.voucher_delete(actor=world.treasurer, voucher=second.voucher)
    assert services.insurance_premium_draft(actor=world.chair, plan=plan).members == 3


def test_a_free_plan_has_no_premium_to_draft(world):
    free = new_plan(world, name="意外伤害（单位全额承担）", kind=PlanKind.ACCIDENT, premium="0")
    enrol_all(world, free)
    with pytest.raises(ValidationError, match="不收保费"):
        services.insurance_premium_draft(actor=world.chair, plan=free)


# --- claims ---------------------------------------------------------------------------------


def claim(world, plan, name="周会员", **over):
    data = {
        "event_on": TODAY - datetime.timedelta(days=10),
        "claimed": "3200",
        "diagnosis": "急性阑尾炎，住院7天",
    }
    data.update(over)
    return services.insurance_claim_record(
        actor=world.chair, plan=plan, member=world.members[name], **data
    )


def test_a_claim_for_a_member_not_enrolled_is_refused(world, plan):
    enrol_all(world, plan, group=world.maths)
    found = refusal(lambda: claim(world, plan, "周会员"), InsuranceClaim)
    assert "「周会员」在" in found["member"][0] and "未参加" in found["member"][0]
    found = refusal(lambda: claim(world, plan, "郑护士"), InsuranceClaim)
    assert "未参加" in found["member"][0]


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"claimed": "-5"}, "claimed", "申报金额须大于 0"),
        ({"claimed": "0"}, "claimed", "须大于 0"),
        ({"claimed": "100.123"}, "claimed", "超过两位小数"),
        ({"event_on": TODAY + datetime.timedelta(days=1)}, "event_on", "不能晚于今天"),
        ({"event_on": START - datetime.timedelta(days=1)}, "member", "未参加"),
    ],
)
def test_a_bad_claim_is_refused_by_field(world, plan, over, field, message):
    enrol_all(world, plan)
    found = refusal(lambda: claim(world, plan, **over), InsuranceClaim)
    assert message in " ".join(found[field])


def test_cover_runs_from_enrolment_to_withdrawal(world, plan):
    services.insurance_enrol(
        actor=world.chair,
        plan=plan,
        members=[world.members["周会员"]],
        on=TODAY - datetime.timedelta(days=20),
    )
    assert (
        "未参加"
        in refusal(
            lambda: claim(world, plan, event_on=TODAY - datetime.timedelta(days=21)), InsuranceClaim
        )["member"][0]
    )
    services.insurance_withdraw(
        actor=world.chair,
        enrollment=InsuranceEnrollment.objects.get(),
        reason="调离",
        on=TODAY - datetime.timedelta(days=5),
    )
    # an event before the withdrawal is still covered; one on its day is not
    assert claim(world, plan, event_on=TODAY - datetime.timedelta(days=6)).state == "submitted"
    assert (
        "未参加"
        in refusal(
            lambda: claim(world, plan, event_on=TODAY - datetime.timedelta(days=5)), InsuranceClaim
        )["member"][0]
    )


def test_a_withdrawal_cannot_leave_a_claim_uncovered(world, plan):
    """A claim's event must stay inside the cover: a 退保 dated on or before it is refused
    (cover ends the day before the withdrawal); after the claim is denied it no longer holds
    the day."""
    services.insurance_enrol(
        actor=world.chair, plan=plan, members=[world.members["周会员"]], on=START
    )
    found = claim(world, plan, event_on=TODAY - datetime.timedelta(days=6))
    mine = InsuranceEnrollment.objects.get()
    on_the_day = refusal(
        lambda: services.insurance_withdraw(
            actor=world.chair, enrollment=mine, reason="调离", on=found.event_on
        ),
        AuditEntry,
    )
    assert f"出险日期为 {found.event_on} 的理赔" in on_the_day["on"][0]
    mine.refresh_from_db()
    assert mine.withdrawn_on is None
    services.insurance_claim_deny(actor=world.chair, claim=found, reason="不属于保障范围")
    services.insurance_withdraw(
        actor=world.chair, enrollment=mine, reason="调离", on=found.event_on
    )
    mine.refresh_from_db()
    assert mine.withdrawn_on == found.event_on


def test_a_claim_goes_through_review_to_paid(world, plan):
    enrol_all(world, plan)
    found = claim(world, plan)
    assert (found.state, found.kind, found.claimed) == ("submitted", "hospital", Decimal("3200.00"))
    services.insurance_claim_review(actor=world.chair, claim=found)
    with pytest.raises(ValidationError, match="审核中"):
        services.insurance_claim_review(actor=world.chair, claim=found)
    with pytest.raises(ValidationError) as info:
        services.insurance_claim_pay(actor=world.chair, claim=found, paid="3200.01")
    assert "不能超过申报金额" in info.value.message_dict["paid"][0]
    with pytest.raises(ValidationError) as info:
        services.insurance_claim_pay(actor=world.chair, claim=found, paid="0")
    assert "不予赔付" in info.value.message_dict["paid"][0]
    services.insurance_claim_pay(actor=world.chair, claim=found, paid="2400.50", paid_on=TODAY)
    found.refresh_from_db()
    assert (found.state, found.paid, found.paid_on) == (ClaimState.PAID, Decimal("2400.50"), TODAY)
    with pytest.raises(ValidationError, match="已赔付"):
        services.insurance_claim_deny(actor=world.chair, claim=found, reason="重复")


def test_the_plans_maximum_per_member_counts_what_was_paid_before(world):
    small = new_plan(world, max_benefit="5000")
    enrol_all(world, small)
    first = claim(world, small, claimed="4000")
    services.insurance_claim_pay(actor=world.chair, claim=first, paid="4000")
    second = claim(world, small, claimed="3000", event_on=TODAY - datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as info:
        services.insurance_claim_pay(actor=world.chair, claim=second, paid="1000.01")
    assert "本次最多 1000.00 元" in info.value.message_dict["paid"][0]
    services.insurance_claim_pay(actor=world.chair, claim=second, paid="1000")
    # another member has their own maximum
    third = claim(world, small, "吴老师", claimed="5000")
    services.insurance_claim_pay(actor=world.chair, claim=third, paid="5000")


def test_a_denial_needs_a_reason_the_member_reads(world, plan):
    enrol_all(world, plan)
    found = claim(world, plan)
    assert (
        "理由"
        in refusal(
            lambda: services.insurance_claim_deny(actor=world.chair, claim=found, reason=" "),
            AuditEntry,
        )["reason"][0]
    )
    services.insurance_claim_deny(actor=world.chair, claim=found, reason="既往症，不在保障范围")
    found.refresh_from_db()
    assert (found.state, found.reason) == (ClaimState.DENIED, "既往症，不在保障范围")


def test_the_audit_trail_names_nobody_and_no_illness(world, plan):
    enrol_all(world, plan)
    found = claim(world, plan)
    services.insurance_claim_review(actor=world.chair, claim=found)
    services.insurance_claim_pay(actor=world.chair, claim=found, paid="2400")
    services.insurance_claim_view(actor=world.auditor, claim=found)
    services.insurance_claim_view(actor=world.member, claim=found)  # their own: no entry
    entries = AuditEntry.objects.filter(action__startswith="care.insurance")
    assert entries.filter(action="care.insurance_claim_view").count() == 1
    text = " ".join(f"{e.object_repr} {e.changes}" for e in entries)
    for secret in ("周会员", "阑尾炎", "住院7天"):
        assert secret not in text
    with pytest.raises(PermissionDenied):
        services.insurance_claim_view(actor=world.treasurer, claim=found)


@pytest.mark.parametrize("who", ["treasurer", "auditor", "member", "outsider"])
def test_only_care_change_holders_record_and_decide_claims(world, plan, who):
    enrol_all(world, plan)
    found = claim(world, plan)
    actor = world.users[who]
    with pytest.raises(PermissionDenied):
        claim_as = services.insurance_claim_record
        claim_as(actor=actor, plan=plan, member=world.members["吴老师"], event_on=TODAY, claimed=1)
    for call in (
        lambda: services.insurance_claim_review(actor=actor, claim=found),
        lambda: services.insurance_claim_pay(actor=actor, claim=found, paid="1"),
        lambda: services.insurance_claim_deny(actor=actor, claim=found, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()


# --- changing and renewing ------------------------------------------------------------------


def test_a_plans_premium_is_fixed_once_on_a_voucher_and_its_period_keeps_its_claims(world, plan):
    enrol_all(world, plan)
    services.insurance_plan_update(actor=world.chair, plan=plan, **plan_data(premium="40"))
    plan.refresh_from_db()
    assert plan.premium == Decimal("40.00")
    services.insurance_premium_draft(actor=world.chair, plan=plan)
    found = refusal(
        lambda: services.insurance_plan_update(
            actor=world.chair, plan=plan, **plan_data(premium="60")
        )
    )
    assert "已列入凭证" in found["premium"][0]
    claim(world, plan, event_on=START + datetime.timedelta(days=5))
    later = START + datetime.timedelta(days=10)
    found = refusal(
        lambda: services.insurance_plan_update(
            actor=world.chair, plan=plan, **plan_data(premium="40", starts_on=later)
        )
    )
    assert "理赔" in found["ends_on"][0]
    found = refusal(
        lambda: services.insurance_plan_update(
            actor=world.chair, plan=plan, **plan_data(premium="40", eligibility="women")
        )
    )
    assert "男会员" in found["eligibility"][0]


def test_renewal_carries_the_members_still_on_the_roll(world, plan):
    from gonghui.members import services as member_services

    enrol_all(world, plan)
    member_services.member_leave(
        actor=None, member=world.members["王委员"], on=TODAY, reason="离职"
    )
    new = services.insurance_plan_renew(actor=world.chair, plan=plan)
    assert (new.starts_on, new.renewed_from, new.premium) == (
        END + datetime.timedelta(days=1),
        plan,
        plan.premium,
    )
    assert (new.ends_on - new.starts_on) == (END - START)
    names = set(new.enrollments.values_list("member__name", flat=True))
    assert len(names) == 6 and "王委员" not in names
    assert set(new.enrollments.values_list("enrolled_on", flat=True)) == {new.starts_on}
    with pytest.raises(ValidationError, match="已经续保"):
        services.insurance_plan_renew(actor=world.chair, plan=plan)
    assert queries.ending_soon(END - datetime.timedelta(days=5), 30).filter(pk=plan.pk).count() == 0
