import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.members import services
from gonghui.members.models import ApplicationStatus, EventKind, JoinApplication, MemberEvent
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Member, MemberStatus, Post, Sex, UnionKind
from tests.conftest import id_number

TODAY = datetime.date.today()


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_a_resident_id_fills_birth_date_and_sex(world):
    m = services.member_create(
        actor=world.chair, union=world.school, name="冯老师", id_number=id_number("19800202", 555)
    )
    assert m.birth_date == datetime.date(1980, 2, 2)
    assert m.sex == Sex.MALE
    assert (m.name_pinyin, m.name_initials, m.id_tail) == ("fenglaoshi", "fls", m.id_number[-4:])


@pytest.mark.parametrize(
    "fields, field, text",
    [
        ({"id_number": "110101198002025551"}, "id_number", "校验位不符"),
        ({"id_number": id_number("19800202", 555), "sex": Sex.FEMALE}, "sex", "不一致"),
        (
            {"id_number": id_number("19800202", 555), "birth_date": datetime.date(1980, 2, 3)},
            "birth_date",
            "不一致",
        ),
        ({"sex": Sex.MALE, "mobile": "1381234567"}, "mobile", "格式不对"),
        (
            {
                "sex": Sex.MALE,
                "birth_date": datetime.date(2000, 1, 1),
                "joined_on": datetime.date(2015, 12, 31),
            },
            "joined_on",
            "未满 16 周岁",
        ),
        (
            {"sex": Sex.MALE, "joined_on": TODAY + datetime.timedelta(days=1)},
            "joined_on",
            "晚于今天",
        ),
    ],
)
def test_a_record_that_contradicts_itself_is_refused(world, fields, field, text):
    before = Member.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.member_create(actor=world.chair, union=world.school, name="冯老师", **fields)
    assert text in " ".join(exc.value.message_dict[field])
    assert Member.objects.count() == before


def test_one_id_number_is_one_membership_anywhere(world):
    taken = world.members["周会员"].id_number
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            actor=world.outsider, union=world.hospital, name="周某", id_number=taken
        )
    assert "第一中学工会" in messages(exc) and "周会员" in messages(exc)
    assert taken not in messages(exc)  # the message masks the number too


def test_card_numbers_are_unique(world):
    with pytest.raises(ValidationError, match="会员证号 HY0001 已被使用"):
        services.member_create(
            actor=world.chair, union=world.school, name="冯老师", sex=Sex.MALE, card_number="HY0001"
        )


def test_the_audit_trail_keeps_numbers_masked(world):
    member = world.members["周会员"]
    services.member_update(actor=world.chair, member=member, mobile="13900001111")
    entry = AuditEntry.objects.filter(action="member.update", object_id=str(member.pk)).latest("id")
    assert entry.changes["mobile"] == ["138****5678", "139****1111"]
    assert "13900001111" not in str(AuditEntry.objects.values_list("changes", flat=True))


def test_revealing_a_number_is_itself_recorded(world):
    member = world.members["周会员"]
    assert services.member_reveal(actor=world.chair, member=member, field="id_number") == (
        member.id_number
    )
    entry = AuditEntry.objects.get(action="member.reveal")
    assert entry.actor == world.chair and entry.object_id == str(member.pk)
    assert audit.verify().ok


def test_a_group_change_is_a_dated_event(world):
    member = world.members["周会员"]
    services.member_update(actor=world.chair, member=member, group=world.maths)
    event = member.events.get(kind=EventKind.GROUP)
    assert event.on == TODAY and "数学组" in event.reason


# --- lifecycle ---------------------------------------------------------------------


def test_transfer_inside_the_tree_moves_the_record_with_its_history(world):
    kindergarten = org_services.union_create(
        actor=None, name="中心幼儿园工会", code="kg", kind=UnionKind.SCHOOL, parent=world.fed
    )
    member = world.members["周会员"]
    services.member_transfer(
        actor=world.chair, member=member, to_union=kindergarten, on=TODAY, reason="工作调动"
    )
    member.refresh_from_db()
    assert member.union == kindergarten and member.group is None
    assert member.status == MemberStatus.ACTIVE
    kinds = list(member.events.values_list("kind", flat=True))
    assert kinds == [EventKind.JOIN, EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN]
    assert member.id_number and member.card_number == "HY0001"  # the same record


def test_transfer_out_of_the_tree_numbers_a_letter(world):
    member = world.members["吴老师"]
    first = services.member_transfer(
        actor=world.chair, member=member, to_name="外县第二中学工会", on=TODAY
    )
    second = services.member_transfer(
        actor=world.chair, member=world.members["周会员"], to_name="外县第三中学工会", on=TODAY
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED and member.status_on == TODAY
    assert first.letter_number == f"〔{TODAY.year}〕转字第1号"
    assert second.letter_number == f"〔{TODAY.year}〕转字第2号"


def test_transfer_letter_is_a_word_document_naming_both_unions(world):
    import io

    from docx import Document

    member = world.members["周会员"]
    event = services.member_transfer(
        actor=world.chair, member=member, to_name="外县第二中学工会", on=TODAY, reason="工作调动"
    )
    text = "\n".join(
        p.text
        for p in Document(
            io.BytesIO(services.transfer_letter_issue(actor=world.chair, event=event))
        ).paragraphs
    )
    assert "外县第二中学工会：" in text
    assert "兹有周会员同志" in text and member.id_number in text and "工作调动" in text
    assert event.letter_number in text and "回 执" in text
    assert AuditEntry.objects.filter(action="member.letter").count() == 1
    # It carries the full ID number: a treasurer (member.view only) cannot issue it.
    with pytest.raises(PermissionDenied):
        services.transfer_letter_issue(actor=world.treasurer, event=event)
    assert AuditEntry.objects.filter(action="member.letter").count() == 1


def test_cannot_transfer_to_the_same_union_or_a_federation(world):
    member = world.members["周会员"]
    with pytest.raises(ValidationError, match="现在所在"):
        services.member_transfer(actor=world.chair, member=member, to_union=world.school, on=TODAY)
    with pytest.raises(ValidationError, match="不是在用的基层工会"):
        services.member_transfer(actor=world.chair, member=member, to_union=world.fed, on=TODAY)


def test_retirement_keeps_membership_and_moves_to_the_retirees_group(world):
    retirees = org_services.group_create(
        actor=None, union=world.school, name="退休组", for_retirees=True
    )
    member = world.members["吴老师"]
    services.member_retire(actor=world.chair, member=member, on=TODAY)
    member.refresh_from_db()
    assert member.status == MemberStatus.RETIRED and member.group == retirees
    assert member in Member.objects.current()
    with pytest.raises(ValidationError, match="不能办理退休"):
        services.member_retire(actor=world.chair, member=member, on=TODAY)


def test_retirement_without_a_retirees_group_keeps_the_group(world):
    member = world.members["吴老师"]
    services.member_retire(actor=world.chair, member=member, on=TODAY)
    member.refresh_from_db()
    assert member.group == world.maths


def test_leaving_needs_a_reason_and_ends_posts(world):
    member = world.members["孙组长"]
    org_services.group_update(actor=None, group=world.chinese, name="语文组", leader=member)
    term = org_services.term_create(
        actor=None,
        union=world.school,
        body="committee",
        number=1,
        elected_on=datetime.date(2024, 1, 1),
        term_years=5,
    )
    org_services.position_add(actor=None, term=term, member=member, post=Post.MEMBER)
    with pytest.raises(ValidationError, match="请填写离会原因"):
        services.member_leave(actor=world.chair, member=member, on=TODAY, reason=" ")
    services.member_leave(actor=world.chair, member=member, on=TODAY, reason="本人申请")
    member.refresh_from_db()
    world.chinese.refresh_from_db()
    assert member.status == MemberStatus.LEFT and member.group is None
    assert world.chinese.leader is None
    assert term.positions.get(member=member).ended_on == TODAY
    with pytest.raises(ValidationError, match="不能办理此事项"):
        services.member_death(actor=world.chair, member=member, on=TODAY)


def test_removal_is_its_own_status(world):
    member = world.members["周会员"]
    services.member_leave(
        actor=world.chair, member=member, on=TODAY, reason="连续六个月未缴会费", removal=True
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.REMOVED
    assert member.events.last().kind == EventKind.REMOVE


def test_death_is_recorded_with_its_date(world):
    member = world.members["吴老师"]
    day = TODAY - datetime.timedelta(days=3)
    services.member_death(actor=world.chair, member=member, on=day)
    member.refresh_from_db()
    assert (member.status, member.status_on) == (MemberStatus.DECEASED, day)
    with pytest.raises(ValidationError, match="晚于今天"):
        services.member_death(
            actor=world.chair, member=world.members["周会员"], on=TODAY + datetime.timedelta(1)
        )


# --- applications --------------------------------------------------------------------

APPLICANT = {
    "name": "冯晓",
    "id_number": id_number("19950505", 124),
    "mobile": "13700001234",
    "department": "初二年级",
}


def test_an_application_is_approved_into_a_member(world):
    application = services.member_apply(union=world.school, **APPLICANT)
    assert application.sex == Sex.FEMALE and application.birth_date == datetime.date(1995, 5, 5)
    member = services.application_approve(
        actor=world.chair, application=application, joined_on=TODAY, group=world.chinese
    ).member
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED and application.member == member
    assert (member.department, member.group, member.joined_on) == ("初二年级", world.chinese, TODAY)
    with pytest.raises(ValidationError, match="已批准"):
        services.application_approve(actor=world.chair, application=application, joined_on=TODAY)
    with pytest.raises(ValidationError, match="已是工会会员"):
        services.member_apply(union=world.school, **APPLICANT)


def test_a_rejection_needs_a_reason(world):
    application = services.member_apply(union=world.school, **APPLICANT)
    with pytest.raises(ValidationError, match="须写明理由"):
        services.application_reject(actor=world.chair, application=application, reason="")
    services.application_reject(actor=world.chair, application=application, reason="非本单位职工")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert not Member.objects.filter(name="冯晓").exists()


def test_one_pending_application_per_person(world):
    services.member_apply(union=world.school, **APPLICANT)
    with pytest.raises(ValidationError, match="待审批"):
        services.member_apply(union=world.hospital, **APPLICANT)
    assert JoinApplication.objects.count() == 1


def test_applications_need_id_and_mobile(world):
    with pytest.raises(ValidationError) as exc:
        services.member_apply(union=world.school, name="冯晓", sex=Sex.MALE)
    assert set(exc.value.message_dict) == {"id_number", "mobile"}


def test_every_lifecycle_step_is_in_the_chain(world):
    services.member_retire(actor=world.chair, member=world.members["吴老师"], on=TODAY)
    services.member_leave(
        actor=world.chair, member=world.members["周会员"], on=TODAY, reason="调离"
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"member.retire", "member.leave"} <= actions
    assert audit.verify().ok
    assert MemberEvent.objects.filter(kind__in=[EventKind.RETIRE, EventKind.LEAVE]).count() == 2
