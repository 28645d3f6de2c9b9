"""The 活动签到 pages: the member opens the QR code's address on the phone and checks in with
one button (a second tap says so and writes nothing); a bad code or no sign-up is a Chinese
message; the committee opens check-in, prints the code, allows walk-ins, renews the code,
marks people present on the roll; the list, the activity's pages and the year's
participation show 人次 and 签到率; the settings are read by the 经审 and changed by the
committee."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import services_checkin
from gonghui.activities.models_checkin import CheckIn, CheckinSession

from .support_checkin import live_activity, sign_up

pytestmark = pytest.mark.django_db


def scan_url(activity, token=None):
    token = token or services_checkin.checkin_session_open(actor=None, activity=activity).token
    return reverse("activities:checkin_scan", args=[activity.pk, token])


def test_the_member_checks_in_from_the_qr_code_and_a_second_tap_writes_nothing(world, client_for):
    activity = live_activity(world.school)
    sign_up(activity, world.member, companions=1)
    client = client_for(world.member)
    url = scan_url(activity)
    page = client.get(url).content.decode()
    assert 'id="checkin-button"' in page and "签到（2 人）" in page
    assert not CheckIn.objects.exists()  # opening the page checks nobody in
    response = client.post(url)
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "签到成功：2 人" in page and "已签到" in page
    client.post(url)
    assert "无需重复扫码" in client.get(url).content.decode()
    assert CheckIn.objects.filter(activity=activity).count() == 1
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert 'id="my-checkin"' in detail and "2 人" in detail


def test_a_visitor_is_sent_to_log_in_first(world, client):
    activity = live_activity(world.school)
    url = scan_url(activity)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url and "next=" in response.url


def test_a_bad_code_and_a_member_not_signed_up_are_told_why(world, client_for):
    activity = live_activity(world.school)
    client = client_for(world.member)
    bad = reverse("activities:checkin_scan", args=[activity.pk, "0" * 32])
    assert "签到码无效" in client.get(bad).content.decode()
    client.post(bad)
    assert "签到码无效或已更换" in client.get(bad).content.decode()
    url = scan_url(activity)
    client.post(url)
    assert "您没有报名这个活动" in client.get(url).content.decode()
    assert not CheckIn.objects.exists()


def test_another_unions_member_gets_404(world, client_for):
    activity = live_activity(world.school)
    assert client_for(world.outsider).post(scan_url(activity)).status_code == 404
    assert not CheckIn.objects.exists()


def test_the_committee_opens_check_in_and_prints_the_code(world, client_for):
    activity = live_activity(world.school)
    client = client_for(world.committee)
    url = reverse("activities:checkin_qr", args=[activity.pk])
    assert "生成签到二维码" in client.get(url).content.decode()
    client.post(url, {"action": "open"})
    session = CheckinSession.objects.get(activity=activity)
    page = client.get(url).content.decode()
    assert "<svg" in page and session.token in page and "data-print" in page
    client.post(url, {"action": "walk_ins", "walk_ins": "on"})
    session.refresh_from_db()
    assert session.walk_ins
    old = session.token
    client.post(url, {"action": "renew"})
    session.refresh_from_db()
    assert session.token != old and session.token in client.get(url).content.decode()
    assert client_for(world.member).get(url).status_code == 403
    assert client_for(world.auditor).get(url).status_code == 403


def test_a_walk_in_checks_in_when_the_committee_allows_it(world, client_for):
    activity = live_activity(world.school)
    services_checkin.checkin_session_open(actor=None, activity=activity, walk_ins=True)
    client = client_for(world.member)
    url = scan_url(activity)
    client.post(url)
    checkin = CheckIn.objects.get(activity=activity)
    assert (checkin.walk_in, checkin.persons) == (True, 1)
    roll = client_for(world.chair).get(reverse("activities:checkin_list", args=[activity.pk]))
    assert "未报名到场" in roll.content.decode() and "周会员" in roll.content.decode()


def test_the_organiser_marks_people_present_on_the_roll(world, client_for):
    activity = live_activity(world.school)
    reg = sign_up(activity, world.member, companions=2)
    sign_up(activity, world.chair)
    mark = reverse("activities:checkin_mark", args=[reg.pk])
    assert client_for(world.member).post(mark).status_code == 403  # not their own to mark
    chair = client_for(world.chair)  # (the same test client, logged in again)
    roll = reverse("activities:checkin_list", args=[activity.pk])
    page = chair.get(roll).content.decode()
    assert "登记到场" in page and "0 人" in page
    chair.post(mark)
    checkin = CheckIn.objects.get(registration=reg)
    assert checkin.by_organiser and checkin.persons == 3
    page = chair.get(roll).content.decode()
    assert "已登记 周会员 到场（3 人）" in page and "组织者登记" in page
    assert "75.0%" in page  # 3 of 4 persons
    # the union's list, the sign-up list and the member's page show it
    listing = chair.get(reverse("activities:list", args=["school"])).content.decode()
    assert "3 / 4" in listing
    manage = chair.get(reverse("activities:manage", args=[activity.pk])).content.decode()
    assert "签到率 75.0%" in manage
    assert "已于" in client_for(world.member).get(activity.get_absolute_url()).content.decode()


def test_the_auditor_reads_the_roll_but_cannot_mark(world, client_for):
    activity = live_activity(world.school)
    reg = sign_up(activity, world.member)
    auditor = client_for(world.auditor)
    page = auditor.get(reverse("activities:checkin_list", args=[activity.pk])).content.decode()
    assert "周会员" in page and "登记到场" not in page
    assert auditor.post(reverse("activities:checkin_mark", args=[reg.pk])).status_code == 403
    assert not CheckIn.objects.exists()


def test_the_years_participation_per_group_and_member(world, client_for):
    activity = live_activity(world.school)
    sign_up(activity, world.member, companions=1)
    sign_up(activity, world.committee)
    sign_up(activity, world.treasurer)  # 数学组, does not come
    for user in (world.member, world.committee):
        client_for(user).post(scan_url(activity))
    year = activity.starts_at.year
    url = reverse("activities:participation", args=["school"]) + f"?year={year}"
    page = client_for(world.chair).get(url).content.decode()
    assert "共 3 人次" in page and "签到率 75.0%" in page
    assert "语文组" in page and "100.0%" in page and "数学组" in page and "0.0%" in page
    assert page.index("周会员") < page.index("王委员")  # two persons before one


def test_the_settings_are_read_by_the_auditor_and_changed_by_the_committee(world, client_for):
    url = reverse("activities:checkin_settings", args=["school"])
    page = client_for(world.auditor).get(url).content.decode()
    assert "示例值" in page and "60" in page
    fields = {"open_minutes": "30", "close_minutes": "15", "late_minutes": "0"}
    assert client_for(world.auditor).post(url, fields).status_code == 403
    response = client_for(world.committee).post(url, fields)
    assert response.status_code == 302
    from gonghui.activities.queries_checkin import settings_for

    found = settings_for(world.school)
    assert (found.open_minutes, found.close_minutes, found.late_minutes) == (30, 15, 0)
    assert "本会自己的设置" in client_for(world.committee).get(url).content.decode()


def test_the_roll_costs_the_same_with_more_sign_ups_and_check_ins(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.activities import services
    from gonghui.members.services import member_create

    activity = live_activity(world.school, capacity=50)
    reg = sign_up(activity, world.member)
    services_checkin.checkin_mark(actor=world.chair, registration=reg)
    client = client_for(world.chair)
    urls = [
        reverse("activities:checkin_list", args=[activity.pk]),
        reverse("activities:participation", args=["school"]) + f"?year={activity.starts_at.year}",
    ]
    counts = []
    for rnd in range(2):
        with CaptureQueriesContext(connection) as few:
            for url in urls:
                assert client.get(url).status_code == 200
        counts.append(len(few))
        for i in range(6):
            member = member_create(actor=None, union=world.school, name=f"会员{rnd}{i}", sex="F")
            more = services.registration_signup(actor=None, activity=activity, member=member)
            services_checkin.checkin_mark(actor=world.chair, registration=more)
    assert counts[0] == counts[1]


def test_my_activities_says_how_many_the_member_attended_this_year(world, client_for):
    client = client_for(world.member)
    before = client.get(reverse("activities:mine")).content.decode()
    assert "年我参加了 <strong>0</strong> 项活动" in before
    activity = live_activity(world.school)
    if timezone.localtime(activity.starts_at).year != timezone.localdate().year:
        pytest.skip("the activity starts in the next year (ten minutes before New Year)")
    sign_up(activity, world.member, companions=1)
    client.post(scan_url(activity))
    page = client.get(reverse("activities:mine")).content.decode()
    assert "年我参加了 <strong>1</strong> 项活动，计 <strong>2</strong> 人次" in page
    # another member's check-ins are not theirs
    other = client_for(world.committee).get(reverse("activities:mine")).content.decode()
    assert "我参加了 <strong>0</strong> 项活动" in other


def test_the_organiser_undoes_a_check_in_from_the_roll(world, client_for):
    activity = live_activity(world.school)
    sign_up(activity, world.member)
    client_for(world.member).post(scan_url(activity))
    checkin = CheckIn.objects.get(activity=activity)
    committee = client_for(world.committee)
    roll = reverse("activities:checkin_list", args=[activity.pk])
    assert f'id="undo-{checkin.pk}"' in committee.get(roll).content.decode()
    undo = reverse("activities:checkin_undo", args=[checkin.pk])
    refused = committee.post(undo, {"reason": ""}, follow=True).content.decode()
    assert "请写明撤销原因" in refused and CheckIn.objects.filter(pk=checkin.pk).exists()
    done = committee.post(undo, {"reason": "代同事扫码"}, follow=True)
    assert done.redirect_chain[-1][0] == roll
    assert "已撤销 周会员 的签到" in done.content.decode()
    assert not CheckIn.objects.filter(activity=activity).exists()
