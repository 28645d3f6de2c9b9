"""Each step of the 帮扶 flow and its refusals: bad amounts, a household of 0, a non-member,
a second open application, a step in the wrong state, 建档 before the 公示 clears; the
history kept through 退档 and 返困."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.care import services
from gonghui.care.models import Aid, Assessment, FileState, HardshipFile, StateChange, Visit
from gonghui.care.rules import Tier
from gonghui.core.models import AuditEntry
from gonghui.core.queries_publicity import publicity_for
from gonghui.members import services as member_services
from gonghui.orgs.models import MemberStatus

from .conftest import clear_publicity, figures, household, png, run_to


def _counts():
    return (HardshipFile.objects.count(), Assessment.objects.count(), AuditEntry.objects.count())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("income", "-1", "家庭年可支配收入不能为负数"),
        ("income", "30000.001", "超过两位小数"),
        ("rigid", "-0.01", "年刚性支出不能为负数"),
        ("rigid", "100.555", "超过两位小数"),
        ("hardship_cost", "-5", "年度致困费用不能为负数"),
        ("income", "三万", "不是有效的金额"),
    ],
)
def test_bad_amounts_are_refused_by_field_and_nothing_is_written(world, field, value, message):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.hardship_apply(
            actor=world.member, member=world.members["周会员"], **figures(**{field: value})
        )
    assert field in exc.value.error_dict
    assert message in " ".join(exc.value.message_dict[field])
    assert _counts() == before


def test_a_household_of_nobody_is_refused(world):
    before = _counts()
    blank = [{"relation": "", "name": "", "age": None, "standing": "", "health": ""}]
    for people in ([], blank):
        with pytest.raises(ValidationError) as exc:
            services.hardship_apply(
                actor=world.member, member=world.members["周会员"], **figures(household=people)
            )
        assert "共同生活人口至少为 1 人" in str(exc.value)
    assert _counts() == before


def test_the_member_applies_and_the_tier_is_computed(world, applied):
    # (30,000 − 6,000) / 12 / 3 = 666.67 < 1,062: 深度困难
    assessment = applied.assessments.get()
    assert assessment.per_capita == Decimal("666.67")
    assert assessment.household_size == 3
    assert applied.tier == Tier.DEEP
    assert applied.state == FileState.APPLIED
    assert [h.step for h in applied.history.all()] == ["申请"]
    entry = AuditEntry.objects.filter(action="care.apply").latest("id")
    assert entry.actor == world.member
    # the trail names the step, never the figures
    assert "30000" not in str(entry.changes) and "尿毒症" not in str(entry.changes)


def test_a_second_open_application_is_refused(world, applied):
    before = _counts()
    with pytest.raises(ValidationError, match="不能重复申请"):
        services.hardship_apply(actor=world.chair, member=world.members["周会员"], **figures())
    assert _counts() == before


def test_an_application_for_a_non_member_is_refused(world):
    member = world.members["吴老师"]
    member_services.member_leave(
        actor=None, member=member, on=datetime.date.today(), reason="调离本校"
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    before = _counts()
    with pytest.raises(ValidationError, match="不是本会在册会员"):
        services.hardship_apply(actor=world.chair, member=member, **figures())
    assert _counts() == before


def test_the_committee_applies_for_a_member_the_member_not_for_another(world):
    file = services.hardship_apply(actor=world.chair, member=world.members["吴老师"], **figures())
    assert file.member == world.members["吴老师"]
    with pytest.raises(PermissionDenied):
        services.hardship_apply(actor=world.member, member=world.members["孙组长"], **figures())


def test_the_whole_flow_to_a_file_with_aid(world, applied):
    file = run_to(applied, FileState.VISITED, world.chair)
    visit = Visit.objects.get(file=file)
    assert visit.consent_size == len(png().read())
    file = services.hardship_publicize(actor=world.chair, file=file)
    item = publicity_for(file)
    # the 公示 shows name, group and tier, nothing else
    assert item.columns == ["姓名", "小组", "困难类别"]
    assert item.rows == [["周会员", "语文组", "深度困难"]]
    assert "30000" not in str(item.rows) + item.body and "尿毒症" not in str(item.rows) + item.body
    with pytest.raises(ValidationError, match="公示期满"):
        services.hardship_establish(actor=world.chair, file=file, plan="慰问")
    clear_publicity(file, world.chair)
    file = services.hardship_establish(actor=world.chair, file=file, plan="每季度慰问")
    assert file.state == FileState.FILED
    assert file.review_due == file.filed_on.replace(year=file.filed_on.year + 1)
    aid = services.aid_record(
        actor=world.chair, file=file, kind="money", given_on=file.filed_on, amount="800.00"
    )
    assert aid.amount == Decimal("800.00")
    assert [h.step for h in file.history.all()] == ["申请", "初审通过", "入户调查", "公示", "建档"]


def test_steps_out_of_order_are_refused(world, applied):
    with pytest.raises(ValidationError, match="只能在“待入户调查”时办理"):
        services.hardship_visit(
            actor=world.chair,
            file=applied,
            visited_on=datetime.date.today(),
            visitors="王委员",
            findings="……",
            consent=png(),
        )
    with pytest.raises(ValidationError, match="只能在“公示中”时办理"):
        services.hardship_establish(actor=world.chair, file=applied, plan="计划")
    with pytest.raises(ValidationError, match="只能在“已建档”时办理"):
        services.aid_record(
            actor=world.chair,
            file=applied,
            kind="money",
            given_on=datetime.date.today(),
            amount="1",
        )
    assert Visit.objects.count() == 0 and Aid.objects.count() == 0


def test_a_visit_needs_the_signed_consent_form(world, applied):
    file = run_to(applied, FileState.SCREENED, world.chair)
    with pytest.raises(ValidationError) as exc:
        services.hardship_visit(
            actor=world.chair,
            file=file,
            visited_on=datetime.date.today(),
            visitors="王委员、李主席",
            findings="……",
            consent=None,
        )
    assert "consent" in exc.value.error_dict

    with pytest.raises(ValidationError, match="JPG、PNG"):
        services.hardship_visit(
            actor=world.chair,
            file=file,
            visited_on=datetime.date.today(),
            visitors="王委员、李主席",
            findings="……",
            consent=SimpleUploadedFile("a.png", b"MZ not an image"),
        )
    file.refresh_from_db()
    assert file.state == FileState.SCREENED


def test_a_visit_dated_before_the_application_is_refused(world, applied):
    file = run_to(applied, FileState.SCREENED, world.chair)
    with pytest.raises(ValidationError, match="调查日期不能早于这次申请的日期") as exc:
        services.hardship_visit(
            actor=world.chair,
            file=file,
            visited_on=datetime.date.today() - datetime.timedelta(days=1),
            visitors="王委员、李主席",
            findings="……",
            consent=png(),
        )
    assert list(exc.value.error_dict) == ["visited_on"]
    assert Visit.objects.count() == 0


def test_aid_before_the_file_was_filed_is_refused(world, applied):
    file = run_to(applied, FileState.FILED, world.chair)
    with pytest.raises(ValidationError, match="先建档、后帮扶"):
        services.aid_record(
            actor=world.chair,
            file=file,
            kind="money",
            given_on=file.filed_on - datetime.timedelta(days=1),
            amount="100",
        )
    assert Aid.objects.count() == 0


@pytest.mark.parametrize(("amount", "message"), [("-1", "不能为负数"), ("1.001", "两位小数")])
def test_aid_with_a_bad_amount_is_refused(world, applied, amount, message):
    file = run_to(applied, FileState.FILED, world.chair)
    with pytest.raises(ValidationError, match=message):
        services.aid_record(
            actor=world.chair,
            file=file,
            kind="goods",
            given_on=datetime.date.today(),
            amount=amount,
        )
    assert Aid.objects.count() == 0


def test_an_application_that_does_not_qualify_cannot_pass_screening(world):
    file = services.hardship_apply(
        actor=world.member,
        member=world.members["周会员"],
        **figures(income="200000", cause="", household=household(1)),
    )
    assert file.tier == Tier.NONE
    with pytest.raises(ValidationError, match="不符合困难职工条件"):
        services.hardship_screen(actor=world.chair, file=file)
    services.hardship_reject(actor=world.chair, file=file, reason="收入高于标准")
    file.refresh_from_db()
    assert file.state == FileState.REJECTED


def test_review_exit_and_reentry_keep_the_history(world, applied):
    file = run_to(applied, FileState.FILED, world.chair)
    services.aid_record(
        actor=world.chair, file=file, kind="medical", given_on=datetime.date.today(), amount="500"
    )
    review = services.hardship_review(
        actor=world.chair, file=file, **figures(income="120000", cause="")
    )
    assert review.tier == Tier.NONE  # 120,000 − 6,000 over 36 months: 3,166.67
    file.refresh_from_db()
    services.hardship_exit(actor=world.chair, file=file, reason="配偶康复，家庭收入稳定")
    file.refresh_from_db()
    assert file.state == FileState.EXITED and file.review_due is None
    # a year later, 返困: the same file opens again, second round, everything before kept
    again = services.hardship_apply(actor=world.member, member=world.members["周会员"], **figures())
    assert again.pk == file.pk and again.round == 2 and again.state == FileState.APPLIED
    assert Assessment.objects.filter(file=file).count() == 3
    assert Aid.objects.filter(file=file).count() == 1
    steps = list(StateChange.objects.filter(file=file).values_list("step", flat=True))
    assert steps == [
        "申请", "初审通过", "入户调查", "公示", "建档", "年度复核", "脱困退档", "返困重新申请",
    ]  # fmt: skip
    # the second round goes through its own 公示: the first one's clearing does not count
    file = run_to(again, FileState.PUBLICITY, world.chair)
    with pytest.raises(ValidationError, match="公示期满"):
        services.hardship_establish(actor=world.chair, file=file, plan="计划")
