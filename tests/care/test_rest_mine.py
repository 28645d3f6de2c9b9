"""我的疗休养: a member sees their place once the list is public (never a draft proposal, never
an entry the committee took off), and while the list is confirmed gives it up from the phone;
the place goes to the next candidate. Nobody else's entry can be given up this way."""

import pytest
from django.urls import reverse

from gonghui.care import services_rest as services
from gonghui.care.models_rest import EntryState, RestEntry

from .test_rest_flow import close, proposed, publish, tag

MINE = "/care/rest/"


@pytest.fixture
def listed(world):
    """A round of 2 places with 周会员 (the member account's member) first on the list."""
    tag(world, "周会员", "劳动模范")
    found = proposed(world, places=2)
    entry = RestEntry.objects.get(round=found, member=world.members["周会员"])
    assert entry.state == EntryState.LISTED
    return found, entry


def test_a_draft_proposal_is_not_shown(world, client_for, listed):
    page = client_for(world.users["member"]).get(MINE).content.decode()
    assert "暑期疗休养" not in page and "目前没有您的疗休养安排" in page


def test_during_publicity_the_place_shows_without_a_way_to_give_it_up(world, client_for, listed):
    found, entry = listed
    publish(world, found)
    client = client_for(world.users["member"])
    page = client.get(MINE).content.decode()
    assert "暑期疗休养" in page and "莫干山职工疗休养基地" in page and "公示中" in page
    assert "放弃名额</button>" not in page
    refused = client.post(reverse("care:rest_decline", args=[entry.pk]), follow=True)
    assert "名单确认后才能登记参加或放弃" in refused.content.decode()
    entry.refresh_from_db()
    assert entry.state == EntryState.LISTED


def test_the_member_gives_up_the_place_and_the_next_moves_up(world, client_for, listed):
    found, entry = listed
    publish(world, found)
    close(found, world.chair)
    services.rest_confirm(actor=world.chair, round=found)
    waiting = RestEntry.objects.filter(round=found, state=EntryState.CANDIDATE).order_by("rank")
    next_up = waiting.first()
    client = client_for(world.users["member"])
    assert "放弃名额</button>" in client.get(MINE).content.decode()
    done = client.post(
        reverse("care:rest_decline", args=[entry.pk]), {"reason": "带毕业班"}, follow=True
    )
    page = done.content.decode()
    assert done.redirect_chain[-1][0] == MINE
    assert "已放弃“暑期疗休养”的名额" in page and "已放弃：带毕业班" in page
    entry.refresh_from_db()
    next_up.refresh_from_db()
    assert (entry.state, entry.reason) == (EntryState.DECLINED, "带毕业班")
    assert next_up.state == EntryState.LISTED


def test_nobody_gives_up_someone_elses_place(world, client_for, listed):
    found, entry = listed
    publish(world, found)
    close(found, world.chair)
    services.rest_confirm(actor=world.chair, round=found)
    other = client_for(world.users["group_leader"])
    # a member of the same union without care.change: refused (another union's: 404)
    assert other.post(reverse("care:rest_decline", args=[entry.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.state == EntryState.LISTED
    assert f'id="rest-entry-{entry.pk}"' not in other.get(MINE).content.decode()


def test_an_entry_taken_off_the_list_is_not_shown(world, client_for, listed):
    found, entry = listed
    services.rest_entry_remove(actor=world.chair, entry=entry, reason="会费未缴清")
    publish(world, found)
    page = client_for(world.users["member"]).get(MINE).content.decode()
    assert "暑期疗休养" not in page and "会费未缴清" not in page
