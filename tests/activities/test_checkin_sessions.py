"""Check-in per session of a training course, through the generic pages: the scan page
names the 课次 as well as the course; the 签到二维码 and 签到名单 pages choose a session
(today's or the next one by default), each with its own code and roll; a scan of session
2's code checks in to session 2 only. And the organiser adds a walk-in found with the
member picker, where the session allows walk-ins."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import services, services_checkin, training_rules
from gonghui.activities.models_checkin import CheckIn

from .support_checkin import live_activity, sign_up
from .support_training import DAY, MINUTE, make_course, sessions

pytestmark = pytest.mark.django_db


def second_day_course(world):
    """A course whose first session ended yesterday and whose second starts in ten minutes
    (its window open by the real clock); 周会员 and 吴老师 signed up before it began."""
    start = timezone.now() + 10 * MINUTE - DAY
    course = make_course(world.school, start=start, publish=False, close_hours=0)
    before = start - DAY
    services.activity_publish(actor=None, activity=course, now=before)
    course.refresh_from_db()
    services.registration_signup(actor=world.member, activity=course, now=before)
    services.registration_signup(
        actor=None, activity=course, member=world.members["吴老师"], now=before
    )
    return course


def roll_url(course, session=None):
    url = reverse("activities:checkin_list", args=[course.pk])
    return url + (f"?session={session.checkin.pk}" if session else "")


def qr_url(course, session=None):
    url = reverse("activities:checkin_qr", args=[course.pk])
    return url + (f"?session={session.checkin.pk}" if session else "")


# --- the rules ------------------------------------------------------------------------------


def test_the_default_session_is_todays_or_the_next_else_the_last():
    days = [datetime.date(2026, 12, d) for d in (1, 3, 8)]
    assert training_rules.default_index(days, datetime.date(2026, 11, 30)) == 0
    assert training_rules.default_index(days, datetime.date(2026, 12, 3)) == 1  # today's
    assert training_rules.default_index(days, datetime.date(2026, 12, 4)) == 2  # the next
    assert training_rules.default_index(days, datetime.date(2026, 12, 9)) == 2  # all past
    assert training_rules.default_index([], datetime.date(2026, 12, 9)) == 0


def test_a_session_is_named_as_the_trainee_reads_it():
    start = datetime.datetime(2026, 12, 5, 14, 0)
    assert (
        training_rules.session_label(2, "劳动法基础", start)
        == "第2次课 · 劳动法基础 · 12月5日 14:00"
    )


# --- the pages ------------------------------------------------------------------------------


def test_the_scan_page_names_the_session_and_session_twos_code_checks_in_to_session_two(
    world, client_for
):
    course = second_day_course(world)
    one, two, _three = sessions(course)
    phone = client_for(world.member)
    url = reverse("activities:checkin_scan", args=[course.pk, two.checkin.token])
    page = phone.get(url).content.decode()
    start = timezone.localtime(two.starts_at)
    label = f"第2次课 · 劳动合同与职工权益 · {start.month}月{start.day}日 {start:%H:%M}"
    assert label in page and course.title in page
    assert 'id="checkin-button"' in page
    phone.post(url)
    checkin = CheckIn.objects.get()
    assert checkin.session == two.checkin  # never session 1
    assert f"签到成功：{label}" in phone.get(url).content.decode()
    # session 1's roll: 周会员 did not come (it ended); session 2's: checked in
    chair = client_for(world.chair)
    first = chair.get(roll_url(course, one)).content.decode()
    second = chair.get(roll_url(course, two)).content.decode()
    row = f'id="reg-{checkin.registration_id}"'
    assert "未到" in first.split(row)[1].split("</tr>")[0]
    assert "已签到" in second.split(row)[1].split("</tr>")[0]
    assert "已签到" not in first.split(row)[1].split("</tr>")[0]


def test_the_qr_and_roll_pages_choose_the_session_todays_by_default(world, client_for):
    course = second_day_course(world)
    one, two, three = sessions(course)
    chair = client_for(world.chair)
    page = chair.get(qr_url(course)).content.decode()  # today's: session 2
    assert two.checkin.token in page and one.checkin.token not in page
    assert 'id="session-choice"' in page and "第2次课：劳动合同与职工权益" in page
    for s in (one, three):
        chosen = chair.get(qr_url(course, s)).content.decode()
        assert s.checkin.token in chosen and two.checkin.token not in chosen
    roll = chair.get(roll_url(course)).content.decode()
    assert f'name="session" value="{two.checkin.pk}"' in roll
    assert f"?session={two.checkin.pk}" in roll  # its QR code's link


def test_a_new_code_and_walk_ins_are_set_for_the_chosen_session_only(world, client_for):
    course = second_day_course(world)
    one, two, three = sessions(course)
    tokens = [s.checkin.token for s in (one, two, three)]
    chair = client_for(world.chair)
    chair.post(
        reverse("activities:checkin_qr", args=[course.pk]),
        {
            "action": "renew",
            "session": three.checkin.pk,
        },
    )
    chair.post(
        reverse("activities:checkin_qr", args=[course.pk]),
        {
            "action": "walk_ins",
            "walk_ins": "on",
            "session": two.checkin.pk,
        },
    )
    after = sessions(course)
    assert [s.checkin.token for s in after][:2] == tokens[:2]
    assert after[2].checkin.token != tokens[2]
    assert [s.checkin.walk_ins for s in after] == [False, True, False]


def test_the_organiser_marks_present_at_the_chosen_session(world, client_for):
    course = second_day_course(world)
    one, two, _ = sessions(course)
    reg = course.registrations.get(member=world.members["吴老师"])
    chair = client_for(world.chair)
    mark = reverse("activities:checkin_mark", args=[reg.pk])
    response = chair.post(mark, {"session": one.checkin.pk})  # a paper sheet of yesterday
    assert response.status_code == 302 and f"?session={one.checkin.pk}" in response.url
    assert CheckIn.objects.get().session == one.checkin
    chair.post(mark, {"session": two.checkin.pk})
    assert sorted(c.session_id for c in CheckIn.objects.all()) == sorted(
        [one.checkin.pk, two.checkin.pk]
    )
    # a session of another activity is no session of this one
    other = make_course(world.school)
    assert chair.post(mark, {"session": sessions(other)[0].checkin.pk}).status_code == 404
    assert CheckIn.objects.count() == 2


def test_an_activity_without_sessions_keeps_its_one_code_and_roll(world, client_for):
    activity = live_activity(world.school)
    chair = client_for(world.chair)
    chair.post(reverse("activities:checkin_qr", args=[activity.pk]), {"action": "open"})
    page = chair.get(reverse("activities:checkin_qr", args=[activity.pk])).content.decode()
    assert 'id="session-choice"' not in page and activity.checkin_sessions.get().token in page


# --- walk-ins from the member picker -------------------------------------------------------


def walk_in(client, activity, member, **extra):
    url = reverse("activities:checkin_walk_in", args=[activity.pk])
    return client.post(url, {"member": member.pk, **extra})


def test_the_organiser_adds_a_walk_in_found_with_the_member_picker(world, client_for):
    activity = live_activity(world.school)
    chair = client_for(world.chair)
    roll = reverse("activities:checkin_list", args=[activity.pk])
    services_checkin.checkin_session_open(actor=world.chair, activity=activity)
    assert 'id="walk-in"' not in chair.get(roll).content.decode()  # walk-ins not allowed
    wu = world.members["吴老师"]
    walk_in(chair, activity, wu)
    assert "未允许未报名的会员现场签到" in chair.get(roll).content.decode()
    assert not CheckIn.objects.exists()
    services_checkin.checkin_session_open(actor=world.chair, activity=activity, walk_ins=True)
    page = chair.get(roll).content.decode()
    assert 'id="walk-in"' in page and "/members/pick/" in page  # the roster's search box
    walk_in(chair, activity, wu)
    found = CheckIn.objects.get()
    assert (found.member, found.persons, found.walk_in, found.by_organiser) == (wu, 1, True, True)
    page = chair.get(roll).content.decode()
    assert "已登记 吴老师 现场签到" in page
    assert "吴老师" in page.split('<ul class="list-group mb-3" id="walk-ins">')[1]
    walk_in(chair, activity, wu)  # twice: nothing more
    assert "无需重复登记" in chair.get(roll).content.decode()
    assert CheckIn.objects.count() == 1


def test_a_walk_in_is_refused_for_a_member_who_signed_up_or_of_another_union(world, client_for):
    activity = live_activity(world.school)
    services_checkin.checkin_session_open(actor=None, activity=activity, walk_ins=True)
    sign_up(activity, world.member)
    chair = client_for(world.chair)
    roll = reverse("activities:checkin_list", args=[activity.pk])
    walk_in(chair, activity, world.members["周会员"])
    assert "周会员已报名（已报名），请在名单中登记到场" in chair.get(roll).content.decode()
    walk_in(chair, activity, world.members["郑护士"])
    assert "请从本工会的在册会员中选择" in chair.get(roll).content.decode()
    assert not CheckIn.objects.exists()
    # a plain member may not add anyone; another union's committee is told 404
    assert walk_in(client_for(world.member), activity, world.members["吴老师"]).status_code == 403
    assert walk_in(client_for(world.outsider), activity, world.members["吴老师"]).status_code == 404
    assert not CheckIn.objects.exists()


def test_a_walk_in_at_a_course_goes_to_the_chosen_session(world, client_for):
    course = second_day_course(world)
    one, two, _ = sessions(course)
    services_checkin.checkin_session_open(
        actor=None, activity=course, walk_ins=True, session=two.checkin
    )
    chair = client_for(world.chair)
    response = walk_in(chair, course, world.members["王委员"], session=two.checkin.pk)
    assert f"?session={two.checkin.pk}" in response.url
    assert CheckIn.objects.get().session == two.checkin
    # session 1 does not allow walk-ins
    walk_in(chair, course, world.members["孙组长"], session=one.checkin.pk)
    assert CheckIn.objects.count() == 1


def test_the_walk_in_service_refuses_before_the_window_and_outside_the_audience(world):
    from django.core.exceptions import ValidationError

    activity = live_activity(world.school, audience="women")
    services_checkin.checkin_session_open(actor=None, activity=activity, walk_ins=True)
    early = activity.starts_at - datetime.timedelta(hours=3)
    with pytest.raises(ValidationError, match="之后才能登记到场"):
        services_checkin.checkin_walk_in(
            actor=world.chair, activity=activity, member=world.members["吴老师"], now=early
        )
    with pytest.raises(ValidationError, match="不在参加范围内"):
        services_checkin.checkin_walk_in(
            actor=world.chair, activity=activity, member=world.members["王委员"]
        )
    assert not CheckIn.objects.exists()
