"""Vote pages: the list, one item's page with the ballot buttons, paper counts, the sheet.
Every page refuses the hospital's chair; results stay hidden until the close."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.congress.ballots import POLLS
from gonghui.congress.models import Ballot, Poll, PollStatus
from gonghui.congress.services import polls as services

from .test_polls_fixtures import cast, congress, open_poll

MOTION = "关于《学校章程（修订稿）》的决议"


@pytest.fixture
def c(world):
    return congress(world, 5)


def test_outsider_is_refused_on_every_page(world, c, client_for):
    poll = open_poll(world, c)
    client = client_for(world.outsider)
    gets = [
        reverse("congress:poll_list", args=[c.sitting.pk]),
        reverse("congress:poll_new", args=[c.sitting.pk]),
        reverse("congress:poll_sheet", args=[c.sitting.pk]),
        reverse("congress:poll_detail", args=[poll.pk]),
        reverse("congress:poll_paper", args=[poll.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("congress:poll_vote", args=[poll.pk]), {"choice": "yes"}),
        (reverse("congress:poll_action", args=[poll.pk, "close"]), {}),
        (reverse("congress:poll_new", args=[c.sitting.pk]), {"title": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN and not Ballot.objects.exists()
    assert Poll.objects.count() == 1


def test_a_member_who_is_no_representative_cannot_see_the_votes(world, c, client_for):
    client = client_for(world.treasurer)
    assert client.get(reverse("congress:poll_list", args=[c.sitting.pk])).status_code == 403


def test_secretariat_adds_opens_and_closes_an_item(world, c, client_for):
    client = client_for(world.committee)
    r = client.post(reverse("congress:poll_new", args=[c.sitting.pk]), {"title": MOTION})
    assert r.status_code == 302
    poll = Poll.objects.get()
    client.post(reverse("congress:poll_action", args=[poll.pk, "open"]))
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN and poll.present == 5
    cast(c, poll, ["yes", "yes", "yes", "no"])
    client.post(reverse("congress:poll_action", args=[poll.pk, "close"]))
    page = client.get(reverse("congress:poll_detail", args=[poll.pk])).content.decode()
    assert "通过" in page and "赞成 3 票 &gt; 全体代表 5 人的半数 2.5 人，通过" in page
    sheet = client.get(reverse("congress:poll_sheet", args=[c.sitting.pk])).content.decode()
    assert "决议表决结果" in sheet and MOTION in sheet and "赞成 3 票" in sheet


def test_quorum_refusal_is_shown_to_the_secretariat(world, client_for):
    c = congress(world, 9, present=5)
    poll = services.poll_create(actor=world.chair, sitting=c.sitting, title=MOTION)
    client = client_for(world.chair)
    r = client.post(reverse("congress:poll_action", args=[poll.pk, "open"]), follow=True)
    assert "应到 9 人，实到 5 人，不足三分之二（需 6 人），不能开始表决。" in r.content.decode()


def test_results_of_an_open_poll_are_hidden_from_everyone(world, c, client_for):
    poll = open_poll(world, c)
    cast(c, poll, ["yes", "no", "no"])
    for user in (world.chair, world.member):
        page = client_for(user).get(reverse("congress:poll_detail", args=[poll.pk]))
        html = page.content.decode()
        assert '已投票 <strong id="cast">3</strong> 人' in html
        assert 'id="poll-result"' not in html and "赞成 1" not in html
    sheet = client_for(world.chair).get(reverse("congress:poll_sheet", args=[c.sitting.pk]))
    assert MOTION not in sheet.content.decode()


def test_a_representative_votes_with_a_button_and_is_told_only_that_they_voted(
    world, c, client_for
):
    poll = open_poll(world, c)
    client = client_for(world.member)
    page = client.get(reverse("congress:poll_detail", args=[poll.pk])).content.decode()
    assert 'value="yes"' in page and 'value="no"' in page and 'value="abstain"' in page
    r = client.post(reverse("congress:poll_vote", args=[poll.pk]), {"choice": "abstain"})
    assert r.status_code == 302
    page = client.get(reverse("congress:poll_detail", args=[poll.pk])).content.decode()
    assert "您已投票" in page and 'value="abstain"' not in page and "弃权" not in page
    # A second try is refused; still one ballot.
    r = client.post(reverse("congress:poll_vote", args=[poll.pk]), {"choice": "yes"}, follow=True)
    assert "您已投过票" in r.content.decode()
    assert POLLS.sealed_count(poll) == 1
    services.poll_close(actor=world.chair, poll=poll)
    assert list(Ballot.objects.values_list("choice", flat=True)) == ["abstain"]


def test_the_secretariat_cannot_vote_without_a_seat(world, c, client_for):
    poll = open_poll(world, c)
    client = client_for(world.chair)
    page = client.get(reverse("congress:poll_detail", args=[poll.pk])).content.decode()
    assert 'name="choice"' not in page
    assert (
        client.post(reverse("congress:poll_vote", args=[poll.pk]), {"choice": "yes"}).status_code
        == 403
    )
    assert not Ballot.objects.exists()


def test_a_representative_cannot_open_or_close(world, c, client_for):
    poll = open_poll(world, c)
    client = client_for(world.member)
    assert client.post(reverse("congress:poll_action", args=[poll.pk, "close"])).status_code == 403
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN


def test_paper_counts_through_the_form(world, c, client_for):
    poll = open_poll(world, c, on_paper=True)
    client = client_for(world.committee)
    url = reverse("congress:poll_paper", args=[poll.pk])
    data = {
        "issued": 5,
        "returned": 5,
        "invalid": 0,
        "yes": 3,
        "no": 1,
        "abstain": 0,
        "scrutineers": "王委员",
    }
    r = client.post(url, data)
    assert r.status_code == 200 and "合计 4 张，请核对" in r.content.decode()
    r = client.post(url, {**data, "abstain": 1}, follow=True)
    assert "计票结果已录入" in r.content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.paper_yes == 3


def test_list_page_query_count_is_pinned(world, c, client_for, django_assert_num_queries):
    for i in range(6):
        p = services.poll_create(actor=world.chair, sitting=c.sitting, title=f"第{i}项")
        if i % 2:
            services.poll_open(actor=world.chair, poll=p)
    client = client_for(world.member)
    url = reverse("congress:poll_list", args=[c.sitting.pk])
    with django_assert_num_queries(11):
        r = client.get(url)
    assert r.status_code == 200 and r.content.decode().count("表决中") == 3


def test_an_observer_sees_the_item_but_no_ballot_buttons(world, client_for):
    from gonghui.congress.models import RepKind

    from .support import seat
    from .test_polls_fixtures import check_in

    c = congress(world, 3, named=())
    _, (observer,) = seat(world, 0, named=("周会员",), kind=RepKind.OBSERVER, term=c.term)
    check_in(c.sitting, [observer])
    poll = open_poll(world, c)
    page = client_for(world.member).get(reverse("congress:poll_detail", args=[poll.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="choice"' not in html and "列席代表不参加表决" in html


def test_the_status_box_refreshes_as_a_fragment(world, c, client_for):
    poll = open_poll(world, c)
    cast(c, poll, ["yes", "yes"])
    r = client_for(world.chair).get(
        reverse("congress:poll_detail", args=[poll.pk]), HTTP_HX_REQUEST="true"
    )
    html = r.content.decode()
    assert html.lstrip().startswith('<div id="poll-status"') and "<html" not in html
    assert '<strong id="cast">2</strong>' in html


def test_a_foreign_next_address_is_ignored(world, c, client_for):
    poll = services.poll_create(actor=world.chair, sitting=c.sitting, title=MOTION)
    r = client_for(world.chair).post(
        reverse("congress:poll_action", args=[poll.pk, "open"]), {"next": "https://evil.example/"}
    )
    assert r.status_code == 302 and r["Location"] == reverse("congress:poll_detail", args=[poll.pk])
