"""站内提醒: delivery once per user and event, e-mail when SMTP is configured, the notices
page, the navbar badge, and the e-mail address on the account."""

import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core import notices, queries, services
from gonghui.core.models import AuditEntry, Notice
from gonghui.core.reminders import Reminder

SMTP = {"EMAIL_HOST": "smtp.example.cn", "DEFAULT_FROM_EMAIL": "gonghui@example.cn"}


def reminder(
    world, key="test.event.1", text="《2026年工作计划》事项「春季运动会」将于 3月31日到期", **kw
):
    return Reminder(union=world.school, text=text, url="/plans/item/1/", key=key, **kw)


def with_email(user, address):
    return services.account_email_set(actor=user, user=user, email=address)


def test_without_recipients_the_chairs_get_it_once(world):
    run = notices.deliver([reminder(world)])
    assert [n.user for n in run.delivered[0].new] == [world.chair]
    again = notices.deliver([reminder(world)])
    assert again.delivered[0].new == [] and again.delivered[0].recipients == 1
    assert Notice.objects.count() == 1
    assert AuditEntry.objects.filter(action="notice.create").count() == 1


def test_a_run_racing_another_skips_what_the_other_wrote(world, monkeypatch):
    notices.deliver([reminder(world)])
    # As if a second run read "nobody notified yet" just before the first one committed:
    # its insert meets the unique constraint, which is not an error and writes nothing.
    monkeypatch.setattr(queries, "notified_user_ids", lambda key, users: set())
    run = notices.deliver([reminder(world), reminder(world, key="other")])
    assert run.delivered[0].new == [] and len(run.delivered[1].new) == 1
    assert Notice.objects.count() == 2
    assert AuditEntry.objects.filter(action="notice.create").count() == 2


def test_named_recipients_and_keyless_reminders(world):
    run = notices.deliver(
        [
            reminder(world, recipients=(world.member, world.committee, world.member)),
            reminder(world, key=""),
        ]
    )
    assert sorted(n.user.username for n in run.delivered[0].new) == ["committee", "member"]
    assert run.delivered[1].new == []
    assert Notice.objects.count() == 2


def test_no_mail_without_smtp(world, settings):
    settings.EMAIL_HOST = ""
    with_email(world.chair, "chair@example.cn")
    run = notices.deliver([reminder(world)])
    assert run.emailed == 0 and mail.outbox == []
    assert Notice.objects.get().emailed_at is None


def test_mail_when_smtp_is_set(world, settings):
    for name, value in SMTP.items():
        setattr(settings, name, value)
    settings.GONGHUI_SITE_URL = "https://gh.example.cn"
    with_email(world.chair, "chair@example.cn")
    run = notices.deliver([reminder(world), reminder(world, key="x.2", recipients=(world.member,))])
    # The member has no address: the notice is written, no mail.
    assert (run.new_count, run.emailed, run.failed) == (2, 1, 0)
    (message,) = mail.outbox
    assert message.to == ["chair@example.cn"] and message.from_email == "gonghui@example.cn"
    assert "春季运动会" in message.subject and "【第一中学工会】" in message.subject
    assert "https://gh.example.cn/plans/item/1/" in message.body
    assert Notice.objects.get(user=world.chair).emailed_at is not None
    # A second run neither writes nor mails again.
    run = notices.deliver([reminder(world)])
    assert (run.new_count, run.emailed) == (0, 0) and len(mail.outbox) == 1


def test_smtp_failure_keeps_the_notice_and_is_counted(world, settings, monkeypatch):
    for name, value in SMTP.items():
        setattr(settings, name, value)
    with_email(world.chair, "chair@example.cn")
    with_email(world.committee, "committee@example.cn")

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(notices, "send_mail", refuse)
    run = notices.deliver([reminder(world, recipients=(world.chair, world.committee))])
    assert (run.new_count, run.emailed, run.failed) == (2, 0, 2)
    assert Notice.objects.filter(emailed_at=None).count() == 2
    # The server is back: the next run mails the standing notices, writes nothing new.
    monkeypatch.undo()
    run = notices.deliver([reminder(world, recipients=(world.chair, world.committee))])
    assert (run.new_count, run.emailed, run.failed) == (0, 2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["chair@example.cn", "committee@example.cn"]


def test_notice_read_one_and_all(world):
    notices.deliver([reminder(world, key=f"k.{n}", recipients=(world.member,)) for n in range(3)])
    first = Notice.objects.filter(user=world.member).last()
    assert notices.unread_count(world.member) == 3
    assert services.notice_read(actor=world.member, notice=first) == 1
    assert services.notice_read(actor=world.member, notice=first) == 0
    with pytest.raises(PermissionDenied):
        services.notice_read(actor=world.outsider, notice=first)
    assert services.notice_read(actor=world.member, notice=notices.ALL) == 2
    assert notices.unread_count(world.member) == 0


def test_account_email_is_validated_and_audited(world):
    with pytest.raises(ValidationError) as exc:
        services.account_email_set(actor=world.member, user=world.member, email="不是邮箱")
    assert "格式不正确" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.account_email_set(actor=world.outsider, user=world.member, email="a@b.cn")
    with_email(world.member, " zhou@example.cn ")
    world.member.refresh_from_db()
    assert world.member.email == "zhou@example.cn"
    assert AuditEntry.objects.filter(action="user.email").count() == 1


# --- pages --------------------------------------------------------------------------------


def test_notices_page_lists_newest_first_and_unread_bold(world, client_for):
    notices.deliver(
        [
            reminder(world, key="a", text="较早的提醒", recipients=(world.member,)),
            reminder(world, key="b", text="较新的提醒", recipients=(world.member,)),
        ]
    )
    Notice.objects.filter(key="a").update(read_at="2026-01-01T00:00:00+08:00")
    html = client_for(world.member).get("/notices/").content.decode()
    assert html.index("较新的提醒") < html.index("较早的提醒")
    assert (
        '<div class="fw-bold"><span class="badge text-bg-danger me-1">未读</span>较新的提醒' in html
    )
    assert "全部标为已读" in html and "1 条未读" in html


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(world, client_for):
    notices.deliver([reminder(world, recipients=(world.member,))])
    notice = Notice.objects.get()
    response = client_for(world.member).post("/notices/", {"open": notice.pk})
    assert response.status_code == 302 and response["Location"] == "/plans/item/1/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_outsider_cannot_open_another_users_notice(world, client_for):
    notices.deliver([reminder(world, text="只给会员的提醒", recipients=(world.member,))])
    notice = Notice.objects.get()
    client = client_for(world.outsider)
    assert client.post("/notices/", {"open": notice.pk}).status_code == 404
    assert "只给会员的提醒" not in client.get("/notices/").content.decode()
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_and_badge(world, client_for):
    notices.deliver([reminder(world, key=f"k{n}", recipients=(world.member,)) for n in range(2)])
    client = client_for(world.member)
    badge = client.get("/notices/badge/").content.decode()
    assert ">2<" in badge and "2 条未读" in badge
    client.post("/notices/", {"all": "1"})
    assert Notice.objects.filter(read_at=None).count() == 0
    assert client.get("/notices/badge/").content.decode().strip() == ""


def test_navbar_loads_the_badge_by_htmx(world, client_for):
    html = client_for(world.member).get("/me/").content.decode()
    assert 'hx-get="/notices/badge/"' in html and 'hx-trigger="load"' in html


def test_email_form_on_the_me_page(world, client_for):
    client = client_for(world.member)
    assert 'action="/me/email/"' in client.get("/me/").content.decode()
    response = client.post("/me/email/", {"email": "zhou@example.cn", "next": "/me/"})
    assert response.status_code == 302 and response["Location"] == "/me/"
    world.member.refresh_from_db()
    assert world.member.email == "zhou@example.cn"
    client.post("/me/email/", {"email": "坏地址", "next": "https://evil.example/"})
    world.member.refresh_from_db()
    assert world.member.email == "zhou@example.cn"


def test_anonymous_is_sent_to_login(client):
    assert client.get("/notices/").status_code == 302
    assert client.get("/notices/badge/").status_code == 302
