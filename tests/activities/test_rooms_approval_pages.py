"""The pages of approval and 改约: a member books a room needing approval and is told it
waits; the committee finds it under 待审批的预约, refuses one without a reason (told, nothing
written) and approves it; the member moves their booking on the 改约 page (a clash is said on
the form), and the 经审 reads the waiting list without buttons."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.models_rooms import Booking

from .support_rooms import make_room

pytestmark = pytest.mark.django_db


def tomorrow(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def form(start, **extra) -> dict:
    end = start + datetime.timedelta(hours=1)
    data = {"day": start.date().isoformat(), "starts": f"{start:%H:%M}", "ends": f"{end:%H:%M}"}
    return {**data, "purpose": "健身", "persons": "1", "weeks": "1", **extra}


def test_a_waiting_booking_is_refused_without_a_reason_then_approved(world, client_for):
    room = make_room(world.school, hours="每日7:00-22:00", needs_approval=True)
    member = client_for(world.member)
    page = member.post(
        reverse("activities:rooms_book", args=[room.pk]), form(tomorrow(18)), follow=True
    ).content.decode()
    assert "等待工会审批" in page and "（待审批）" in page
    booking = Booking.objects.get(room=room)
    pending = reverse("activities:rooms_pending", args=["school"])
    chair = client_for(world.chair)
    listing = chair.get(pending).content.decode()
    assert f'id="pending-{booking.pk}"' in listing and "周会员 · 健身 · 1 人" in listing
    refuse = reverse("activities:rooms_booking_refuse", args=[booking.pk])
    page = chair.post(refuse, {"reason": " ", "next": pending}, follow=True).content.decode()
    assert "请填写不通过的原因" in page
    assert Booking.objects.get(pk=booking.pk).state == "pending"
    # the 经审 reads the list without the buttons
    read = client_for(world.auditor).get(pending).content.decode()
    assert f'id="pending-{booking.pk}"' in read and 'name="reason"' not in read
    approve = reverse("activities:rooms_booking_approve", args=[booking.pk])
    chair = client_for(world.chair)
    page = chair.post(approve, {"next": pending}, follow=True).content.decode()
    assert "已通过周会员的预约，已通知预约人" in page and "没有待审批的预约" in page
    mine = client_for(world.member).get(reverse("activities:rooms_mine")).content.decode()
    assert "已预约" in mine
    # a plain member may not approve
    assert client_for(world.member).post(approve).status_code == 403


def test_the_member_moves_a_booking_on_the_change_page(world, client_for):
    room = make_room(world.school, hours="每日7:00-22:00")
    other = make_room(world.school, name="乒乓球室", hours="每日7:00-22:00")
    client_for(world.committee).post(
        reverse("activities:rooms_book", args=[other.pk]), form(tomorrow(20))
    )
    member = client_for(world.member)  # the one test client, logged in as the member now
    member.post(reverse("activities:rooms_book", args=[room.pk]), form(tomorrow(18)))
    booking = Booking.objects.get(room=room)
    url = reverse("activities:rooms_booking_edit", args=[booking.pk])
    page = member.get(url).content.decode()
    assert 'value="18:00"' in page and "乒乓球室" in page
    data = {**form(tomorrow(20)), "room": str(other.pk), "persons": "2"}
    page = member.post(url, data).content.decode()
    assert "不能改约：已被预约（王委员 20:00-21:00）" in page
    response = member.post(
        url, {**data, "day": tomorrow(19).date().isoformat(), "starts": "19:00", "ends": "20:00"}
    )
    booking.refresh_from_db()
    assert response.status_code == 302
    assert (booking.room, booking.persons, timezone.localtime(booking.starts_at).hour) == (
        other,
        2,
        19,
    )
    # someone else's booking: the group leader cannot open it
    assert client_for(world.group_leader).get(url).status_code == 403
