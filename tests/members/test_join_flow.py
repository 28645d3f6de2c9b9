"""Joining (issue 14): the applicant gets a 查询码 and a status page, the committee a 待办
and a 提醒, and approval opens the new member's login on a printable slip."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from gonghui.core.codes import UNAMBIGUOUS
from gonghui.core.models import AuditEntry, Notice, Role, RoleGrant, User
from gonghui.members import services
from gonghui.members.models import ApplicationStatus, JoinApplication
from gonghui.members.reminders import pending_applications
from gonghui.orgs.models import Member
from tests.conftest import id_number

TODAY = datetime.date(2026, 3, 10)
MOBILE = "13700001234"
FORM = {
    "name": "冯晓",
    "id_type": "resident",
    "id_number": id_number("19950505", 124),
    "mobile": MOBILE,
    "department": "初二年级",
    "agree": "on",
}


def text(response) -> str:
    return response.content.decode()


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the status page's failure counts live in the cache
    yield
    cache.clear()


def apply(**changes) -> JoinApplication:
    values = {k: v for k, v in (FORM | changes).items() if k not in ("agree", "id_type")}
    return services.member_apply(union=changes.pop("union", None) or _school(), **values)


def _school():
    from gonghui.orgs.models import Union

    return Union.objects.get(code="school")


# --- the applicant -------------------------------------------------------------------------


def test_the_applicant_is_given_a_reference(world, client):
    response = client.post("/join/school/", FORM)
    application = JoinApplication.objects.get()
    assert len(application.reference) == 8 and set(application.reference) <= set(UNAMBIGUOUS)
    page = text(response)
    assert "申请已提交" in page and application.reference in page
    assert "/join/school/status/" in page


def test_references_differ(world):
    first = apply()
    second = apply(id_number=id_number("19960606", 128), mobile="13700005678")
    assert first.reference != second.reference


def status(client, reference, tail, code="school"):
    return client.post(f"/join/{code}/status/", {"reference": reference, "mobile_tail": tail})


def test_the_status_page_follows_the_decision(world, client):
    application = apply()
    pending = text(status(client, application.reference, MOBILE[-4:]))
    assert "待审批" in pending and "冯晓" in pending
    # Typed as people do: lower case, with a dash.
    typed = application.reference.lower()[:4] + "-" + application.reference.lower()[4:]
    assert "待审批" in text(status(client, typed, MOBILE[-4:]))
    approval = services.application_approve(
        actor=world.chair, application=application, joined_on=TODAY
    )
    approved = text(status(client, application.reference, MOBILE[-4:]))
    assert "已批准" in approved and approval.user.username in approved and "/login/" in approved
    assert approval.password not in approved  # the password travels on paper only


def test_a_rejection_shows_its_reason(world, client):
    application = apply()
    services.application_reject(actor=world.chair, application=application, reason="非本单位职工")
    page = text(status(client, application.reference, MOBILE[-4:]))
    assert "未批准" in page and "非本单位职工" in page


def test_a_wrong_reference_or_mobile_finds_nothing(world, client):
    application = apply()
    for reference, tail in ((application.reference, "0000"), ("ABCDEFGH", MOBILE[-4:])):
        response = status(client, reference, tail)
        assert "没有找到这份申请" in text(response) and "冯晓" not in text(response)
    assert "查询码是 8 位" in text(status(client, "ABC", "1234"))
    # Another union's code does not find this union's application.
    assert "没有找到" in text(status(client, application.reference, MOBILE[-4:], "hospital"))


def test_the_status_page_is_rate_limited_per_address(world, client, settings):
    settings.GONGHUI_JOIN_STATUS_LIMIT = 3
    application = apply()
    for _ in range(3):
        assert status(client, "ABCDEFGH", "0000").status_code == 200
    blocked = status(client, application.reference, MOBILE[-4:])
    assert blocked.status_code == 429 and "查询次数过多" in text(blocked)
    assert "待审批" not in text(blocked)
    # Another address is not held up by these.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert "待审批" in text(status(other, application.reference, MOBILE[-4:]))


def test_only_a_grassroots_union_has_join_pages(world, client):
    assert client.get("/join/fed/status/").status_code == 404
    assert client.get("/join/no-such-union/").status_code == 404


def test_the_join_pages_show_the_join_address_as_a_qr_code(world, client, client_for):
    page = text(client.get("/join/school/"))
    assert "<svg" in page and "http://testserver/join/school/" in page and "打印二维码" in page
    listing = text(client_for(world.chair).get("/unions/school/applications/"))
    assert "<svg" in listing and "http://testserver/join/school/" in listing


def test_the_printed_address_is_the_site_address_when_configured(world, client, settings):
    settings.GONGHUI_SITE_URL = "https://gh.example.cn/"
    assert "https://gh.example.cn/join/school/" in text(client.get("/join/school/"))


# --- the committee is told -------------------------------------------------------------------


def test_the_committee_gets_a_notice_at_once(world):
    application = apply()
    notices = Notice.objects.filter(key=f"application.{application.pk}.new")
    assert set(notices.values_list("user", flat=True)) == {world.chair.pk, world.committee.pk}
    assert notices.first().url == f"/applications/{application.pk}/"
    assert "冯晓" in notices.first().text and "初二年级" in notices.first().text


def test_the_daily_run_repeats_no_notice_and_forgets_decided_ones(world):
    first = apply()
    second = apply(id_number=id_number("19960606", 128), mobile="13700005678")
    services.application_reject(actor=world.chair, application=second, reason="重复申请")
    assert [r.key for r in pending_applications(TODAY)] == [f"application.{first.pk}.new"]
    before = Notice.objects.count()
    call_command("remind", verbosity=0)
    assert Notice.objects.count() == before


def test_the_todo_shows_for_those_who_decide(world, client_for):
    apply()
    apply(id_number=id_number("19960606", 128), mobile="13700005678")
    page = text(client_for(world.chair).get("/"))
    assert re.search(r"待审批的入会申请<span[^>]*>2<", page)
    assert 'href="/unions/school/applications/"' in page
    assert "待审批的入会申请" not in text(client_for(world.treasurer).get("/"))


# --- approval opens the login ------------------------------------------------------------


def approve(client, application):
    return client.post(
        f"/applications/{application.pk}/",
        {"decision": "approve", "joined_on": TODAY.isoformat(), "group": ""},
    )


def test_approval_opens_a_login_with_a_one_time_password(world, client_for):
    application = apply()
    page = text(client_for(world.chair).get(f"/applications/{application.pk}/"))
    assert "将为新会员开通登录账号" in page and application.reference in page
    slip = approve(client_for(world.chair), application)
    member = Member.objects.get(name="冯晓")
    user = member.user
    assert (user.username, user.full_name, user.mobile) == ("fengxiao", "冯晓", MOBILE)
    assert user.must_change_password
    assert (
        RoleGrant.objects.active().filter(user=user, role=Role.MEMBER, union=world.school).exists()
    )
    page = text(slip)
    password = re.search(r'id="slip-password">([a-z0-9]+)<', page).group(1)
    assert "登录通知单" in page and "fengxiao" in page and "<svg" in page
    assert "http://testserver/login/" in page and "no-store" in slip["Cache-Control"]
    assert not any(password in str(e.changes) for e in AuditEntry.objects.all())
    # The new member logs in by mobile with it, and must choose their own password first.
    client = Client()
    assert client.post("/login/", {"username": MOBILE, "password": password}).status_code == 302
    assert client.get("/")["Location"] == "/me/password/"


def test_a_committee_member_approves_and_the_login_comes_with_it(world, client_for):
    approve(client_for(world.committee), apply())
    user = Member.objects.get(name="冯晓").user
    assert user is not None
    assert AuditEntry.objects.filter(action="user.create", actor=world.committee).exists()


def test_an_account_with_the_applicants_mobile_is_linked(world, client_for):
    User.objects.filter(pk=world.nobody.pk).update(mobile=MOBILE)
    application = apply()
    page = text(client_for(world.chair).get(f"/applications/{application.pk}/"))
    assert "已有登录账号「nobody」" in page
    users = User.objects.count()
    slip = text(approve(client_for(world.chair), application))
    assert User.objects.count() == users
    assert Member.objects.get(name="冯晓").user == world.nobody
    assert "使用本人原有的密码" in slip and 'id="slip-password"' not in slip
    assert RoleGrant.objects.active().filter(user=world.nobody, role=Role.MEMBER).exists()
    assert not User.objects.get(pk=world.nobody.pk).must_change_password


def test_an_account_that_is_someone_elses_member_is_not_linked(world):
    User.objects.filter(pk=world.member.pk).update(mobile=MOBILE)  # 周会员's login
    approval = services.application_approve(actor=world.chair, application=apply(), joined_on=TODAY)
    assert approval.user != world.member and approval.password
    assert approval.user.mobile is None  # the mobile stays with the account that had it


def test_usernames_are_numbered_when_taken(world):
    first = services.application_approve(actor=world.chair, application=apply(), joined_on=TODAY)
    Member.objects.filter(pk=first.member.pk).update(status="left")  # so the same name may rejoin
    second = services.application_approve(
        actor=world.chair,
        application=apply(id_number=id_number("19960606", 128), mobile="13700005678"),
        joined_on=TODAY,
    )
    assert (first.user.username, second.user.username) == ("fengxiao", "fengxiao2")


def test_a_decided_application_stays_decided(world):
    application = apply()
    services.application_approve(actor=world.chair, application=application, joined_on=TODAY)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
