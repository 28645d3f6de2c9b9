"""The 培训 pages: the committee's course page (sessions, the grid on a desktop, one session
at a time on a phone, marking present), a session's form, QR poster and removal; a scan of
one session's code on the phone; the certificates issued and downloaded (the trainee their
own only); the year and the completion rule; who may open what."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from gonghui.activities import services_training
from gonghui.activities.models_checkin import CheckIn
from gonghui.activities.models_training import TrainingCertificate, TrainingSession
from gonghui.members.services import member_create

from .support_checkin import sign_up
from .support_training import live_course, past_course, sessions

pytestmark = pytest.mark.django_db


def course_url(course, session=None):
    url = reverse("activities:training", args=[course.pk])
    return url + (f"?session={session.pk}" if session else "")


def test_a_member_scans_session_ones_code_on_the_phone_and_the_grid_shows_it(world, client_for):
    course = live_course(world.school)
    sign_up(course, world.member)
    one, two, _ = sessions(course)
    phone = client_for(world.member)
    url = reverse("activities:checkin_scan", args=[course.pk, one.checkin.token])
    assert 'id="checkin-button"' in phone.get(url).content.decode()
    phone.post(url)
    assert CheckIn.objects.get().session == one.checkin
    # session 2's code opens tomorrow
    url2 = reverse("activities:checkin_scan", args=[course.pk, two.checkin.token])
    assert "签到尚未开始" in phone.get(url2).content.decode()
    mine = phone.get(reverse("activities:training_mine", args=[course.pk])).content.decode()
    assert "已出勤 <strong>2</strong> / 5 课时" in mine and mine.count("已签到") == 1
    page = client_for(world.chair).get(course_url(course)).content.decode()
    assert 'id="attendance-grid"' in page and 'id="attendance-phone"' in page
    assert '<span id="person-times">1</span>' in page
    # the phone part shows session 1 (the first not ended) with 周会员 checked in
    phone_part = page.split('id="attendance-phone"')[1].split('id="attendance-grid"')[0]
    assert "工会法与工会章程" in phone_part and "✓" in phone_part


def test_the_committee_marks_someone_present_at_the_chosen_session(world, client_for):
    course = live_course(world.school)
    reg = sign_up(course, world.chair)
    one, two, _ = sessions(course)
    chair = client_for(world.chair)
    page = chair.get(course_url(course, one)).content.decode()
    assert "登记到场" in page
    response = chair.post(
        reverse("activities:training_mark", args=[one.pk]), {"registration": reg.pk}
    )
    assert response.status_code == 302 and response.url.endswith(f"?session={one.pk}")
    assert CheckIn.objects.get().session == one.checkin
    # session 2 has not opened: no button, and a forged POST is refused in Chinese
    page = chair.get(course_url(course, two)).content.decode()
    part = page.split('id="attendance-phone"')[1].split('id="attendance-grid"')[0]
    assert "登记到场" not in part and "未开始" in part
    chair.post(reverse("activities:training_mark", args=[two.pk]), {"registration": reg.pk})
    assert CheckIn.objects.count() == 1


def test_sessions_are_added_changed_shown_as_a_poster_and_removed(world, client_for):
    course = live_course(world.school, hours=("2",))
    chair = client_for(world.chair)
    new = reverse("activities:training_session_new", args=[course.pk])
    begin = timezone.localtime(course.starts_at) + datetime.timedelta(hours=3)
    start = begin.strftime("%Y-%m-%dT%H:%M")
    end = (begin + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    fields = {"topic": "心理健康讲座", "teacher": "=cmd|", "starts_at": start, "ends_at": end}
    response = chair.post(new, {**fields, "hours": "1.25"})
    assert response.status_code == 200 and "一位小数" in response.content.decode()
    response = chair.post(new, {**fields, "hours": "1.5"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    made = TrainingSession.objects.get(topic="心理健康讲座")
    assert made.teacher == "=cmd|" and str(made.hours) == "1.5"
    poster = chair.get(reverse("activities:training_session_qr", args=[made.pk])).content.decode()
    assert made.checkin.token in poster and "第2次课" in poster
    old = made.checkin.token
    chair.post(reverse("activities:training_session_qr", args=[made.pk]))
    made.checkin.refresh_from_db()
    assert made.checkin.token != old
    chair.post(reverse("activities:training_session_remove", args=[made.pk]))
    assert not TrainingSession.objects.filter(pk=made.pk).exists()


def test_certificates_are_issued_downloaded_and_each_trainee_gets_only_their_own(world, client_for):
    course = past_course(world, world.school, ["周会员", "李主席"])
    chair = client_for(world.chair)
    page = chair.get(course_url(course)).content.decode()
    assert "发放结业证书（2 人）" in page
    chair.post(reverse("activities:training_issue", args=[course.pk]))
    certs = list(TrainingCertificate.objects.order_by("seq"))
    assert [c.name for c in certs] == ["周会员", "李主席"]
    response = chair.get(reverse("activities:training_certificates", args=[course.pk]))
    doc = Document(io.BytesIO(response.content))
    assert sum("结 业 证 书" in p.text for p in doc.paragraphs) == 2
    mine, theirs = certs
    member = client_for(world.member)
    page = member.get(reverse("activities:training_mine", args=[course.pk])).content.decode()
    assert 'id="my-certificate"' in page and mine.number in page
    response = member.get(reverse("activities:training_certificate", args=[mine.pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert member.get(reverse("activities:training_certificate", args=[theirs.pk])).status_code in (
        403,
        404,
    )
    assert (
        client_for(world.outsider)
        .get(reverse("activities:training_certificate", args=[mine.pk]))
        .status_code
        == 404
    )


def test_who_may_open_the_course_page(world, client_for):
    course = live_course(world.school)
    url = course_url(course)
    assert client_for(world.auditor).get(url).status_code == 200
    assert 'name="registration"' not in client_for(world.auditor).get(url).content.decode()
    assert client_for(world.member).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    trip = past_course(world, world.school, [])
    trip.kind = "trip"
    trip.save(update_fields=["kind"])
    assert client_for(world.chair).get(course_url(trip)).status_code == 404


def test_the_activity_pages_lead_to_the_course(world, client_for):
    course = live_course(world.school)
    sign_up(course, world.member)
    manage = client_for(world.chair).get(reverse("activities:manage", args=[course.pk]))
    assert reverse("activities:training", args=[course.pk]) in manage.content.decode()
    detail = client_for(world.member).get(course.get_absolute_url()).content.decode()
    assert 'id="training"' in detail and "劳动合同与职工权益" in detail
    assert reverse("activities:training_mine", args=[course.pk]) in detail


def test_the_year_and_the_completion_rule(world, client_for):
    course = past_course(world, world.school, ["周会员", "吴老师"], days_ago=5)
    services_training.training_certificates_issue(actor=None, activity=course)
    year = timezone.localtime(course.starts_at).year
    page = client_for(world.auditor).get(
        reverse("activities:training_year", args=[world.school.code]) + f"?year={year}"
    )
    text = page.content.decode()
    assert "全年举办培训 <strong>1</strong> 期" in text and "<strong>6</strong> 人次" in text
    assert "吴老师" in text
    settings = reverse("activities:training_settings", args=[world.school.code])
    read = client_for(world.auditor).get(settings).content.decode()
    assert "示例值" in read and "80%" in read
    assert client_for(world.auditor).post(settings, {"completion_percent": 50}).status_code == 403
    chair = client_for(world.chair)
    assert chair.post(settings, {"completion_percent": 86}).status_code == 302
    assert "本会自己的设置" in chair.get(settings).content.decode()


def test_the_course_page_costs_the_same_with_more_trainees(world, client_for):
    chair = client_for(world.chair)
    small = past_course(world, world.school, ["周会员"])
    others = [
        member_create(actor=None, union=world.school, name=f"学员{i}", sex="F") for i in range(6)
    ]
    large = past_course(world, world.school, ["周会员", *others])
    chair.get(course_url(small))
    with CaptureQueriesContext(connection) as few:
        chair.get(course_url(small))
    with CaptureQueriesContext(connection) as many:
        chair.get(course_url(large))
    assert len(many) == len(few)
