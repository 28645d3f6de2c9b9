"""重新表决: a void paper poll (more ballots returned than issued) is voted again as a new
item numbered next; refused for any other status, once the sitting is closed, and twice."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.congress.models import Poll, PollStatus, Sitting, SittingStatus
from gonghui.congress.services import polls as services
from gonghui.core.models import AuditEntry

from .test_polls_fixtures import congress, open_poll


@pytest.fixture
def c(world):
    return congress(world, 5)


def voided(world, c, *, description=""):
    poll = services.poll_create(
        actor=world.chair,
        sitting=c.sitting,
        title="关于《教职工绩效工资分配方案》的决议",
        description=description,
        on_paper=True,
    )
    services.poll_open(actor=world.chair, poll=poll)
    services.poll_paper(
        actor=world.chair,
        poll=poll,
        issued=5,
        returned=6,
        invalid=0,
        yes=6,
        no=0,
        abstain=0,
        scrutineers="王委员",
    )
    poll.refresh_from_db()
    assert poll.status == PollStatus.VOID
    return poll


# --- services ----------------------------------------------------------------------------


def test_a_void_poll_is_held_again_as_the_next_item(world, c):
    open_poll(world, c, title="关于学校章程的决议")  # item 1, so the void one is item 2
    void = voided(world, c, description="附件：分配方案（修订稿）")
    assert void.order == 2
    new = services.poll_revote(actor=world.chair, poll=void)
    assert new.order == 3 and new.status == PollStatus.DRAFT
    assert new.title == void.title and new.on_paper is True
    assert new.description == "附件：分配方案（修订稿）\n（第2项表决无效后重新表决）"
    assert new.seated is None and new.issued is None
    void.refresh_from_db()
    assert void.status == PollStatus.VOID and void.returned == 6  # kept as it was
    entry = AuditEntry.objects.get(action="poll.revote")
    assert entry.actor == world.chair and entry.object_id == str(new.pk)
    assert entry.changes["revote_of"][1] == "第2项《关于《教职工绩效工资分配方案》的决议》（无效）"
    # The new item then runs like any other.
    opened = services.poll_open(actor=world.chair, poll=new)
    assert opened.status == PollStatus.OPEN and opened.present == 5


def test_without_a_description_the_note_stands_alone(world, c):
    new = services.poll_revote(actor=world.chair, poll=voided(world, c))
    assert new.description == "（第1项表决无效后重新表决）"


@pytest.mark.parametrize("status", ["draft", "open", "closed"])
def test_only_a_void_poll_is_held_again(world, c, status):
    poll = open_poll(world, c, on_paper=True)
    Poll.objects.filter(pk=poll.pk).update(status=status)
    poll.refresh_from_db()
    label = dict(PollStatus.choices)[status]
    with pytest.raises(
        ValidationError, match=f"只有无效的表决事项才能重新表决（当前状态：{label}）"
    ):
        services.poll_revote(actor=world.chair, poll=poll)
    assert Poll.objects.count() == 1 and not AuditEntry.objects.filter(action="poll.revote")


def test_not_once_the_sitting_is_closed(world, c):
    void = voided(world, c)
    Sitting.objects.filter(pk=c.sitting.pk).update(status=SittingStatus.CLOSED)
    with pytest.raises(ValidationError, match="本次会议已闭会，不能再重新表决"):
        services.poll_revote(actor=world.chair, poll=void)
    assert Poll.objects.count() == 1 and not AuditEntry.objects.filter(action="poll.revote")


def test_not_twice_for_the_same_void_poll(world, c):
    void = voided(world, c)
    new = services.poll_revote(actor=world.chair, poll=void)
    with pytest.raises(ValidationError, match=f"第1项已安排重新表决（第{new.order}项）"):
        services.poll_revote(actor=world.chair, poll=void)
    assert Poll.objects.count() == 2
    assert AuditEntry.objects.filter(action="poll.revote").count() == 1


def test_only_the_secretariat(world, c):
    void = voided(world, c)
    for who in (world.member, world.outsider):
        with pytest.raises(PermissionDenied):
            services.poll_revote(actor=who, poll=void)
    assert Poll.objects.count() == 1


# --- pages -------------------------------------------------------------------------------


def test_the_button_shows_on_a_void_poll_for_the_secretariat_only(world, c, client_for):
    void = voided(world, c)
    url = reverse("congress:poll_revote", args=[void.pk])
    assert url in client_for(world.committee).get(void.get_absolute_url()).content.decode()
    assert url not in client_for(world.member).get(void.get_absolute_url()).content.decode()
    done = open_poll(world, c, title="另一项")
    assert (
        reverse("congress:poll_revote", args=[done.pk])
        not in client_for(world.committee).get(done.get_absolute_url()).content.decode()
    )


def test_revote_through_the_page_goes_to_the_new_item(world, c, client_for):
    void = voided(world, c)
    client = client_for(world.committee)
    r = client.post(reverse("congress:poll_revote", args=[void.pk]))
    new = Poll.objects.get(order=2)
    assert r.status_code == 302 and r["Location"] == new.get_absolute_url()
    html = client.get(new.get_absolute_url()).content.decode()
    assert "（第1项表决无效后重新表决）" in html and "已添加第2项（重新表决）" in html
    # A second press is refused with the message, nothing added.
    r = client.post(reverse("congress:poll_revote", args=[void.pk]), follow=True)
    assert "第1项已安排重新表决（第2项）" in r.content.decode()
    assert Poll.objects.count() == 2


def test_outsiders_and_representatives_are_refused(world, c, client_for):
    void = voided(world, c)
    url = reverse("congress:poll_revote", args=[void.pk])
    for who, status in ((world.outsider, 404), (world.member, 403)):
        assert client_for(who).post(url).status_code == status
    assert client_for(world.committee).get(url).status_code == 405
    assert Poll.objects.count() == 1
