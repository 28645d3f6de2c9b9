"""Election pages: setting one up by pasting names, a representative's ballot, the count,
paper figures, the run-off and the new committee — and refusals for outsiders."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.congress.ballots import ELECTIONS
from gonghui.congress.models import Election, ElectionBallot, ElectionStatus
from gonghui.congress.services import elections as services
from gonghui.orgs.models import CommitteeTerm

from .test_polls_fixtures import congress

TITLE = "选举第九届工会委员会委员"


@pytest.fixture
def c(world):
    return congress(world, 6)


def _names(c, n, start=0):
    return "\n".join(r.member.name for r in c.reps[start : start + n])


def _open(world, c, seats=1, n=2, on_paper=False):
    e = services.election_create(
        actor=world.chair,
        sitting=c.sitting,
        title=TITLE,
        seats=seats,
        candidates=[r.member for r in c.reps[:n]],
        on_paper=on_paper,
    )
    return services.election_open(actor=world.chair, election=e)


def test_outsider_and_non_representatives_are_refused(world, c, client_for):
    e = _open(world, c)
    for user, status in ((world.outsider, 404), (world.treasurer, 403)):
        client = client_for(user)
        for url in (
            reverse("congress:election_list", args=[c.sitting.pk]),
            reverse("congress:election_detail", args=[e.pk]),
        ):
            assert client.get(url).status_code == status, url
    r = client_for(world.outsider).post(reverse("congress:election_vote", args=[e.pk]), {})
    assert r.status_code == 404
    # A representative is no secretariat.
    rep_client = client_for(c.user(c.reps[1]))
    assert rep_client.get(reverse("congress:election_new", args=[c.sitting.pk])).status_code == 403
    assert (
        rep_client.post(reverse("congress:election_action", args=[e.pk, "close"])).status_code
        == 403
    )
    assert not ElectionBallot.objects.exists()


def test_the_secretariat_sets_up_an_election_by_pasting_names(world, c, client_for):
    client = client_for(world.committee)
    url = reverse("congress:election_new", args=[c.sitting.pk])
    data = {"title": TITLE, "body": "committee", "seats": "2", "candidates": _names(c, 2)}
    page = client.post(url, data).content.decode()
    assert "实行差额选举：应选 2 名，候选人至少 3 名" in page
    page = client.post(url, {**data, "candidates": _names(c, 2) + "\n不存在的人"}).content.decode()
    assert "“不存在的人”：本工会没有这名在册会员" in page
    assert not Election.objects.exists()
    r = client.post(url, {**data, "candidates": _names(c, 3)})
    e = Election.objects.get()
    assert r.status_code == 302 and r["Location"] == e.get_absolute_url()
    assert [x.member.name for x in e.candidates.order_by("order")] == [
        r.member.name for r in c.reps[:3]
    ]
    page = client.get(reverse("congress:election_list", args=[c.sitting.pk])).content.decode()
    assert TITLE in page and "应选 2 名 · 候选人 3 名" in page


def test_a_representative_votes_and_the_count_shows_after_the_close(world, c, client_for):
    e = _open(world, c, seats=1, n=2)
    cands = list(e.candidates.order_by("order"))
    voter = client_for(c.user(c.reps[2]))
    page = voter.get(e.get_absolute_url()).content.decode()
    assert 'id="ballot"' in page and "赞成的总人数不能多于 1 人" in page
    r = voter.post(
        reverse("congress:election_vote", args=[e.pk]),
        {f"c{cands[0].pk}": "yes", f"c{cands[1].pk}": "no", "write_in": [""]},
        follow=True,
    )
    page = r.content.decode()
    assert "您已投票，谢谢。" in page and 'id="voted"' in page and 'id="ballot"' not in page
    # A ballot missing a candidate is refused with the name, and nothing is stored.
    other = client_for(c.user(c.reps[3]))
    r = other.post(
        reverse("congress:election_vote", args=[e.pk]), {f"c{cands[0].pk}": "yes"}, follow=True
    )
    assert f"尚未选择：{cands[1].member.name}" in r.content.decode()
    assert ELECTIONS.sealed_count(e) == 1 and not ElectionBallot.objects.exists()
    chair = client_for(world.chair)
    assert 'id="tally"' not in chair.get(e.get_absolute_url()).content.decode()
    chair.post(reverse("congress:election_action", args=[e.pk, "close"]))
    page = chair.get(e.get_absolute_url()).content.decode()
    assert (
        'id="tally"' in page
        and "当选须获得超过应到有选举权人数 6 人半数（3 人）的赞成票，即至少 4 票" in page
    )
    assert "缺额 1 名" in page and 'id="runoff"' in page


def test_paper_count_then_new_committee_in_one_step(world, c, client_for):
    e = _open(world, c, seats=2, n=3, on_paper=True)
    cands = list(e.candidates.order_by("order"))
    client = client_for(world.chair)
    url = reverse("congress:election_paper", args=[e.pk])
    assert "另选他人" in client.get(url).content.decode()
    data = {"issued": "6", "returned": "6", "invalid": "0", "scrutineers": "监票人 孙组长"}
    for cand, (y, n, a) in zip(cands, [(6, 0, 0), (5, 1, 0), (1, 5, 0)], strict=True):
        data.update({f"c{cand.pk}_yes": y, f"c{cand.pk}_no": n, f"c{cand.pk}_abstain": a})
    bad = {**data, f"c{cands[2].pk}_abstain": "1"}
    page = client.post(url, bad).content.decode()
    assert "应等于有效票 6 张" in page
    r = client.post(url, data)
    assert r.status_code == 302
    page = client.get(e.get_absolute_url()).content.decode()
    assert 'id="commit"' in page and "监票人 孙组长" in page
    r = client.post(reverse("congress:election_commit", args=[e.pk]))
    term = CommitteeTerm.objects.get(union=world.school, closed_on=None)
    assert r["Location"] == term.get_absolute_url()
    assert term.positions.count() == 2
    page = client.get(e.get_absolute_url()).content.decode()
    assert 'id="committee-term"' in page and 'id="commit"' not in page


def test_a_void_paper_count_offers_a_new_vote(world, c, client_for):
    e = _open(world, c, seats=1, n=2, on_paper=True)
    cands = list(e.candidates.order_by("order"))
    client = client_for(world.chair)
    data = {"issued": "6", "returned": "7", "invalid": "0", "scrutineers": "孙组长"}
    for cand in cands:
        data.update({f"c{cand.pk}_yes": 3, f"c{cand.pk}_no": 4, f"c{cand.pk}_abstain": 0})
    client.post(reverse("congress:election_paper", args=[e.pk]), data)
    e.refresh_from_db()
    assert e.status == ElectionStatus.VOID
    r = client.post(reverse("congress:election_next", args=[e.pk, "revote"]))
    again = Election.objects.exclude(pk=e.pk).get()
    assert r["Location"] == again.get_absolute_url() and again.parent_id == e.pk


def test_the_workbench_lists_an_election_waiting_for_the_representative(world, c, client_for):
    _open(world, c)
    page = client_for(world.member).get("/").content.decode()
    assert "待投票的选举" in page


def test_paper_write_ins_are_chosen_with_the_member_picker(world, c, client_for):
    e = _open(world, c, seats=1, n=2, on_paper=True)
    cands = list(e.candidates.order_by("order"))
    client = client_for(world.chair)
    url = reverse("congress:election_paper", args=[e.pk])
    page = client.get(url).content.decode()
    # No list of every member in the page: a search box per write-in row.
    assert page.count(f"/members/pick/?for=write_in&amp;item={e.pk}") == 3
    assert "郑护士" not in page
    data = {"issued": "6", "returned": "6", "invalid": "0", "scrutineers": "孙组长"}
    for cand, yes in zip(cands, (3, 2), strict=True):
        data.update({f"c{cand.pk}_yes": yes, f"c{cand.pk}_no": 6 - yes, f"c{cand.pk}_abstain": 0})
    # A candidate on the ballot, a member of another union, or no id at all is no write-in.
    for posted in (cands[0].member.pk, world.members["郑护士"].pk, "9" * 30, "²"):
        page = client.post(url, {**data, "w0_member": posted, "w0_yes": 1}).content.decode()
        assert "另选他人须是不在选票上的本工会在册会员" in page
    wu = world.members["吴老师"]
    response = client.post(url, {**data, "w0_member": wu.pk, "w0_yes": 1})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert e.candidates.get(is_write_in=True).member == wu
