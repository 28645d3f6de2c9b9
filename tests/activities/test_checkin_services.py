"""活动签到: the self check-in window, a repeated scan that changes nothing, late arrivals and
no-shows, the organiser's marks, walk-ins, and every refusal in Chinese with nothing
written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.activities import queries_checkin, services, services_checkin, services_training
from gonghui.activities.models import Audience, RegState
from gonghui.activities.models_checkin import CheckIn
from gonghui.core.models import AuditEntry

from .support import NOW, START, make_activity, signup
from .support_training import past_course

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)
ON_TIME = START - 10 * MINUTE  # the window (examples): START - 60 min to START + 30 min


def opened(activity, walk_ins=None):
    return services_checkin.checkin_session_open(actor=None, activity=activity, walk_ins=walk_ins)


def scan(user, activity, at=ON_TIME, token=None):
    token = token or opened(activity).token
    return services_checkin.checkin_scan(actor=user, activity=activity, token=token, now=at)


def refusal(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


# --- the scan -------------------------------------------------------------------------------


def test_a_member_checks_in_with_their_companions_and_a_second_scan_changes_nothing(world):
    activity = make_activity(world.school)
    reg = signup(world, activity, "周会员", companions=2)
    checkin, new = scan(world.member, activity)
    assert new and (checkin.registration, checkin.persons, checkin.late) == (reg, 3, False)
    entries = AuditEntry.objects.filter(action="activities.checkin").count()
    again, new = scan(world.member, activity, at=ON_TIME + 5 * MINUTE)
    assert (again.pk, new, again.at) == (checkin.pk, False, ON_TIME)
    assert CheckIn.objects.filter(activity=activity).count() == 1
    assert AuditEntry.objects.filter(action="activities.checkin").count() == entries
    # even after the window: the member is told they are in, not refused
    assert scan(world.member, activity, at=START + 3 * 60 * MINUTE) == (checkin, False)


def test_the_window_opens_an_hour_before_and_closes_half_an_hour_after_the_start(world):
    activity = make_activity(world.school)
    signup(world, activity, "周会员")
    early = refusal(lambda: scan(world.member, activity, at=START - 61 * MINUTE))
    assert "签到将于" in early and "开始" in early
    late = refusal(lambda: scan(world.member, activity, at=START + 30 * MINUTE))
    assert "扫码签到已于" in late and "请找活动组织者登记" in late
    assert not CheckIn.objects.exists()
    checkin, _ = scan(world.member, activity, at=START - 60 * MINUTE)  # the opening counts
    assert not checkin.late


def test_late_after_the_start_plus_five_minutes(world):
    activity = make_activity(world.school)
    signup(world, activity, "周会员")
    signup(world, activity, "李主席")
    on_time, _ = scan(world.member, activity, at=START + 5 * MINUTE)
    late, _ = scan(world.chair, activity, at=START + 5 * MINUTE + datetime.timedelta(seconds=1))
    assert (on_time.late, late.late) == (False, True)


def test_the_window_follows_the_unions_settings(world):
    services_checkin.checkin_settings_save(
        actor=world.chair,
        union=world.school,
        fields={"open_minutes": 10, "close_minutes": 60, "late_minutes": 0},
    )
    activity = make_activity(world.school)
    signup(world, activity, "周会员")
    assert "签到将于" in refusal(lambda: scan(world.member, activity, at=START - 11 * MINUTE))
    checkin, _ = scan(world.member, activity, at=START + 45 * MINUTE)
    assert checkin.late


def test_a_bad_setting_is_refused_in_chinese(world):
    with pytest.raises(ValidationError) as caught:
        services_checkin.checkin_settings_save(
            actor=world.chair, union=world.school, fields={"late_minutes": "半小时"}
        )
    assert "须为整数" in caught.value.messages[0]
    with pytest.raises(PermissionDenied):
        services_checkin.checkin_settings_save(
            actor=world.member, union=world.school, fields={"late_minutes": 1}
        )


def test_a_token_of_another_activity_or_an_old_one_is_refused(world):
    activity = make_activity(world.school)
    other = make_activity(world.school, title="三八节")
    signup(world, activity, "周会员")
    wrong = opened(other).token
    assert "不属于本活动" in refusal(lambda: scan(world.member, activity, token=wrong))
    old = opened(activity).token
    services_checkin.checkin_token_renew(actor=world.chair, activity=activity)
    assert "签到码无效或已更换" in refusal(lambda: scan(world.member, activity, token=old))
    assert "签到码无效" in refusal(lambda: scan(world.member, activity, token="0" * 32))
    assert not CheckIn.objects.exists()
    checkin, _ = scan(world.member, activity)  # the new code works
    assert checkin.persons == 1


def test_someone_not_signed_up_is_refused_unless_walk_ins_are_allowed(world):
    activity = make_activity(world.school)
    assert "您没有报名这个活动" in refusal(lambda: scan(world.member, activity))
    opened(activity, walk_ins=True)
    checkin, new = scan(world.member, activity)
    assert new and (checkin.walk_in, checkin.persons, checkin.registration) == (True, 1, None)
    assert checkin.member == world.members["周会员"]


def test_a_walk_in_outside_the_audience_is_refused(world):
    activity = make_activity(world.school, audience=Audience.WOMEN)
    opened(activity, walk_ins=True)
    text = refusal(lambda: scan(world.member, activity))  # 周会员 is a man
    assert "本活动面向女会员" in text
    assert not CheckIn.objects.exists()


def test_a_waiting_or_unconfirmed_sign_up_cannot_check_in(world):
    activity = make_activity(world.school, capacity=1)
    signup(world, activity, "李主席")
    signup(world, activity, "周会员")  # waits
    assert "候补名单" in refusal(lambda: scan(world.member, activity))
    assert not CheckIn.objects.exists()


def test_a_cancelled_activity_needs_no_check_in(world):
    activity = make_activity(world.school)
    signup(world, activity, "周会员")
    token = opened(activity).token
    services.activity_cancel(actor=None, activity=activity, reason="下雨", now=NOW)
    activity.refresh_from_db()
    assert "活动已取消" in refusal(lambda: scan(world.member, activity, token=token))


def test_a_member_signed_up_from_a_paper_list_checks_in_with_their_own_account(world):
    activity = make_activity(world.school)
    member = world.members["周会员"]
    reg = services.registration_signup(actor=world.chair, activity=activity, member=member, now=NOW)
    assert reg.user == world.member  # the member's account, found by the committee's sign-up
    checkin, _ = scan(world.member, activity)
    assert checkin.registration == reg


def test_another_unions_member_cannot_scan(world):
    activity = make_activity(world.school)
    with pytest.raises(PermissionDenied):
        scan(world.outsider, activity)


# --- the organiser --------------------------------------------------------------------------


def test_the_organiser_marks_a_sign_up_present_and_the_members_scan_then_changes_nothing(world):
    activity = make_activity(world.school)
    reg = signup(world, activity, "周会员", companions=1)
    checkin, new = services_checkin.checkin_mark(
        actor=world.committee, registration=reg, now=START + 10 * MINUTE
    )
    assert new and (checkin.by_organiser, checkin.late, checkin.persons) == (True, True, 2)
    assert checkin.recorded_by == world.committee
    assert scan(world.member, activity) == (checkin, False)
    again, new = services_checkin.checkin_mark(actor=world.committee, registration=reg, now=START)
    assert (again, new) == (checkin, False)


def test_the_organiser_types_in_a_paper_sheet_after_the_end_nobody_is_judged_late(world):
    activity = make_activity(world.school)
    reg = signup(world, activity, "周会员")
    after = activity.ends_at + datetime.timedelta(days=1)
    checkin, _ = services_checkin.checkin_mark(actor=world.chair, registration=reg, now=after)
    assert (checkin.late, checkin.by_organiser) == (False, True)


def test_the_organiser_cannot_mark_before_the_window_or_a_waiting_sign_up(world):
    activity = make_activity(world.school, capacity=1)
    held = signup(world, activity, "李主席")
    waiting = signup(world, activity, "周会员")
    text = refusal(
        lambda: services_checkin.checkin_mark(
            actor=world.chair, registration=held, now=START - 2 * 60 * MINUTE
        )
    )
    assert "之后才能登记到场" in text
    text = refusal(
        lambda: services_checkin.checkin_mark(actor=world.chair, registration=waiting, now=START)
    )
    assert "周会员的报名候补中" in text
    assert not CheckIn.objects.exists()


def test_a_member_cannot_mark_anyone_present(world):
    activity = make_activity(world.school)
    reg = signup(world, activity, "周会员")
    with pytest.raises(PermissionDenied):
        services_checkin.checkin_mark(actor=world.member, registration=reg, now=START)
    with pytest.raises(PermissionDenied):
        services_checkin.checkin_session_open(actor=world.member, activity=activity)
    assert not CheckIn.objects.exists()


# --- late arrivals, no-shows, 人次 and 签到率 -----------------------------------------------


def test_the_roll_keeps_late_arrivals_and_no_shows_once_the_activity_ended(world):
    activity = make_activity(world.school, capacity=8)
    signup(world, activity, "周会员", companions=2)  # on time, 3 persons
    signup(world, activity, "李主席")  # late
    signup(world, activity, "王委员", companions=1)  # never comes: 2 persons
    signup(world, activity, "赵财务")  # never comes
    opened(activity, walk_ins=True)
    scan(world.member, activity)
    scan(world.chair, activity, at=START + 20 * MINUTE)
    scan(world.auditor, activity)  # 钱经审 walks in
    during = queries_checkin.roll(activity, now=START + MINUTE)
    assert (during.no_shows, during.ended) == (0, False)
    found = queries_checkin.roll(activity, now=activity.ends_at)
    assert (found.registered, found.checked, found.walk_in_persons) == (7, 4, 1)
    assert (found.participants, found.late, found.rate) == (5, 1, "57.1%")
    assert (found.no_shows, found.no_show_persons) == (2, 3)
    no_show = sorted(r.name for r in found.rows if getattr(r, "no_show", False))
    assert no_show == ["王委员", "赵财务"]
    assert [c.name for c in found.walk_ins] == ["钱经审"]
    assert found.rows[0].state == RegState.CONFIRMED


# --- undoing a mistaken check-in ------------------------------------------------------------


def test_the_organiser_undoes_a_mistaken_mark_with_a_reason_and_the_member_can_scan_again(world):
    activity = make_activity(world.school)
    reg = signup(world, activity, "周会员", companions=1)
    checkin, _ = services_checkin.checkin_mark(actor=world.committee, registration=reg, now=START)
    assert "请写明撤销原因" in refusal(
        lambda: services_checkin.checkin_undo(actor=world.committee, checkin=checkin, reason=" ")
    )
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
    services_checkin.checkin_undo(actor=world.committee, checkin=checkin, reason="误点登记到场")
    assert not CheckIn.objects.filter(activity=activity).exists()
    entry = AuditEntry.objects.get(action="activities.checkin_undo")
    assert entry.changes["reason"] == [None, "误点登记到场"]
    assert entry.changes["persons"] == [2, None]
    # the roll counts them absent again, and their own scan checks them in afresh
    assert queries_checkin.roll(activity, now=START).checked == 0
    again, new = scan(world.member, activity)
    assert new and again.pk != checkin.pk
    # twice: the second is told it is gone, nothing else happens
    services_checkin.checkin_undo(actor=world.committee, checkin=again, reason="代扫")
    assert "已经撤销" in refusal(
        lambda: services_checkin.checkin_undo(actor=world.committee, checkin=again, reason="代扫")
    )


def test_a_member_cannot_undo_a_check_in_not_even_their_own(world):
    activity = make_activity(world.school)
    signup(world, activity, "周会员")
    checkin, _ = scan(world.member, activity)
    with pytest.raises(PermissionDenied):
        services_checkin.checkin_undo(actor=world.member, checkin=checkin, reason="不想签了")
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_a_check_in_counted_in_a_certificate_cannot_be_undone(world):
    course = past_course(world, world.school, ["周会员"])
    services_training.training_certificates_issue(actor=world.chair, activity=course)
    checkin = CheckIn.objects.filter(activity=course).first()
    assert "已为周会员发放结业证书" in refusal(
        lambda: services_checkin.checkin_undo(actor=world.chair, checkin=checkin, reason="误点")
    )
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
