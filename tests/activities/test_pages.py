"""The 文体活动 pages: the member finds their union's activities on the phone, signs up with a
companion, is wait-listed when full, cancels, confirms a promotion; a refusal comes back as
a Chinese message with nothing written; the committee creates, publishes, reads the list
with the waiting list and cancels; another union's activity is 404, a draft 403 to a member;
the committee's list costs the same with more activities."""

import pytest
from django.urls import reverse

from gonghui.activities import services
from gonghui.activities.models import Activity, Registration, RegState, State
from gonghui.core.models import Notice

from .support import make_activity, signup

pytestmark = pytest.mark.django_db


def test_the_member_sees_their_unions_open_activities(world, client_for):
    activity = make_activity(world.school, title="踏青")
    make_activity(world.school, title="未发布的讲座", publish=False)
    make_activity(world.hospital, title="卫生院活动")
    page = client_for(world.member).get(reverse("activities:mine")).content.decode()
    assert "踏青" in page and f"activity-{activity.pk}" in page
    assert "未发布的讲座" not in page and "卫生院活动" not in page


def test_the_member_signs_up_with_a_companion_and_cancels(world, client_for):
    activity = make_activity(world.school, capacity=2)
    client = client_for(world.member)
    url = activity.get_absolute_url()
    response = client.post(
        reverse("activities:signup", args=[activity.pk]),
        {"companions": "1", "companion_names": "周太太"},
    )
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "报名成功（2 人）" in page and "周太太" in page and "已报名 2 / 2 人" in page
    reg = Registration.objects.get(activity=activity, user=world.member)
    client.post(reverse("activities:registration_cancel", args=[reg.pk]))
    reg.refresh_from_db()
    assert reg.state == RegState.CANCELLED


def test_a_refused_sign_up_is_a_message_and_writes_nothing(world, client_for):
    activity = make_activity(world.school)
    client = client_for(world.member)
    client.post(reverse("activities:signup", args=[activity.pk]), {"companions": "5"})
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "最多带 2 位家属" in page
    assert not Registration.objects.filter(activity=activity).exists()


def test_the_wait_listed_member_is_promoted_and_confirms(world, client_for):
    activity = make_activity(world.school, capacity=1)
    first = signup(world, activity, "李主席")
    client = client_for(world.member)
    client.post(reverse("activities:signup", args=[activity.pk]), {})
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "已为您登记候补" in page and "候补第 1 位" in page
    services.registration_cancel(actor=world.chair, registration=first)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "有名额递补给您" in page
    mine = Registration.objects.get(activity=activity, user=world.member)
    client.post(reverse("activities:registration_confirm", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.state == RegState.CONFIRMED


def test_a_draft_is_403_to_a_member_and_another_unions_activity_404(world, client_for):
    draft = make_activity(world.school, publish=False)
    elsewhere = make_activity(world.hospital)
    client = client_for(world.member)
    assert client.get(draft.get_absolute_url()).status_code == 403
    assert client.get(elsewhere.get_absolute_url()).status_code == 404
    assert client.get(reverse("activities:manage", args=[draft.pk])).status_code == 403


def test_another_members_sign_up_is_not_theirs_to_cancel(world, client_for):
    activity = make_activity(world.school)
    reg = signup(world, activity, "李主席")
    response = client_for(world.member).post(
        reverse("activities:registration_cancel", args=[reg.pk])
    )
    assert response.status_code == 403
    reg.refresh_from_db()
    assert reg.state == RegState.CONFIRMED


def test_the_committee_creates_publishes_and_cancels(world, client_for):
    client = client_for(world.committee)
    response = client.post(
        reverse("activities:create", args=["school"]),
        {
            "kind": "sports",
            "title": "乒乓球友谊赛",
            "starts_at": "2099-05-01T09:00",
            "ends_at": "2099-05-01T12:00",
            "audience": "all",
            "members_only": "on",
            "capacity": "16",
            "cost_per_head": "0",
        },
    )
    activity = Activity.objects.get(title="乒乓球友谊赛")
    assert response.status_code == 302
    assert response.url == reverse("activities:manage", args=[activity.pk])
    assert activity.close_hours == 24 and activity.state == State.DRAFT
    client.post(reverse("activities:publish", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.state == State.OPEN
    signup(world, activity, "周会员")
    page = client.get(reverse("activities:manage", args=[activity.pk])).content.decode()
    assert "周会员" in page and "已报名" in page
    client.post(reverse("activities:cancel", args=[activity.pk]), {"reason": "场馆维修"})
    activity.refresh_from_db()
    assert activity.state == State.CANCELLED
    assert Notice.objects.filter(user=world.member, text__contains="场馆维修").exists()


def test_a_bad_form_stays_on_the_page_with_the_reason(world, client_for):
    client = client_for(world.chair)
    response = client.post(
        reverse("activities:create", args=["school"]),
        {
            "kind": "trip",
            "title": "秋游",
            "starts_at": "2099-05-01T09:00",
            "ends_at": "2099-05-01T08:00",
            "audience": "groups",
            "capacity": "10",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "结束时间须晚于开始时间" in page
    assert not Activity.objects.filter(title="秋游").exists()


def test_the_waiting_list_shows_in_order_on_the_committee_page(world, client_for):
    activity = make_activity(world.school, capacity=1)
    signup(world, activity, "周会员")
    signup(world, activity, "李主席")
    signup(world, activity, "王委员")
    page = client_for(world.chair).get(reverse("activities:manage", args=[activity.pk]))
    text = page.content.decode()
    assert text.index("周会员") < text.index("李主席") < text.index("王委员")
    assert text.count("候补中") == 2


def test_the_list_costs_the_same_with_more_activities(world, client_for, django_assert_num_queries):
    client = client_for(world.chair)
    url = reverse("activities:list", args=["school"])
    make_activity(world.school)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        make_activity(world.school, title=f"活动{i}")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few), "\n".join(
        q["sql"][:90] for q in [*more.captured_queries, {"sql": "----"}, *few.captured_queries]
    )


def test_the_settings_are_read_by_the_auditor_and_changed_by_the_committee(world, client_for):
    url = reverse("activities:settings", args=["school"])
    assert (
        client_for(world.auditor).post(url, {"close_hours": "2", "confirm_hours": "3"}).status_code
        == 403
    )
    client_for(world.committee).post(url, {"close_hours": "2", "confirm_hours": "12"})
    from gonghui.activities.queries import settings_for

    found = settings_for(world.school)
    assert (found.close_hours, found.confirm_hours) == (2, 12)


def test_the_committee_signs_up_a_member_from_a_paper_list(world, client_for):
    activity = make_activity(world.school)
    client = client_for(world.committee)
    page = client.get(reverse("activities:manage", args=[activity.pk])).content.decode()
    assert "代会员报名" in page
    wu = world.members["吴老师"]
    client.post(
        reverse("activities:register", args=[activity.pk]),
        {"member": str(wu.pk), "companions": "1"},
    )
    reg = Registration.objects.get(activity=activity, member=wu)
    assert (reg.state, reg.persons, reg.user) == (RegState.CONFIRMED, 2, None)
    # a member of another union is not offered, and nothing is written
    client.post(
        reverse("activities:register", args=[activity.pk]),
        {"member": str(world.members["郑护士"].pk)},
    )
    assert Registration.objects.filter(activity=activity).count() == 1
    refused = client_for(world.member).post(
        reverse("activities:register", args=[activity.pk]), {"member": str(wu.pk)}
    )
    assert refused.status_code == 403


def test_the_sign_up_list_costs_the_same_with_more_sign_ups(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.members.services import member_create

    activity = make_activity(world.school, capacity=3)
    client = client_for(world.chair)
    url = reverse("activities:manage", args=[activity.pk])
    signup(world, activity, "周会员", companions=2)  # full: the same reads from here on
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        member = member_create(actor=None, union=world.school, name=f"会员{i}", sex="F")
        services.registration_signup(actor=None, activity=activity, member=member)
    with CaptureQueriesContext(connection) as more:
        assert "候补中" in client.get(url).content.decode()
    assert len(more) == len(few)
