"""The pages a representative opens on a phone — an election's ballot, the new-proposal
form and a draft proposal's page (再邀请代表附议) — are the same size and cost the same
queries in a union of 5,000 members with 1,000 representatives as in the school of a
dozen: whom to write in or ask to co-sign is searched with the member picker, never listed.
(Listed, the ballot's two write-in selects grew by about 80 bytes per member.)"""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.congress.models import Representative, Sitting
from gonghui.congress.services import proposals as proposal_services
from gonghui.members.bulk import fill_union
from gonghui.orgs.models import Member

from .test_elections_services import opened
from .test_polls_fixtures import congress

MEMBERS = 5000
REPRESENTATIVES = 1000


def _measure(client, url) -> tuple[int, int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(response.content), len(queries), response.content.decode()


def _pages(c, election, proposal) -> dict[str, str]:
    return {
        "ballot": election.get_absolute_url(),
        "proposal form": reverse("congress:proposal_new", args=[c.sitting.pk]),
        "draft proposal": proposal.get_absolute_url(),
    }


def test_the_ballot_and_the_proposal_forms_do_not_grow_with_the_union(world, client_for):
    c = congress(world, 6)
    today = timezone.localdate()
    Sitting.objects.filter(pk=c.sitting.pk).update(
        proposals_open=today - datetime.timedelta(days=1),
        proposals_close=today + datetime.timedelta(days=1),
    )
    c.sitting.refresh_from_db()
    election = opened(world, c, seats=2, n=3, start=1)
    proposal = proposal_services.proposal_create(
        actor=world.member,
        sitting=c.sitting,
        title="关于食堂的提案",
        reason="午餐品种单一。",
        measures="增加窗口。",
        cosigners=c.reps[1:3],
    )
    client = client_for(world.member)  # 周会员, a representative who may vote
    pages = _pages(c, election, proposal)
    small = {name: _measure(client, url) for name, url in pages.items()}
    assert 'id="ballot"' in small["ballot"][2] and 'id="ask-form"' in small["draft proposal"][2]

    fill_union(world.school, MEMBERS, seed=1)
    newcomers = list(
        Member.objects.filter(union=world.school, representations=None).order_by("id")[
            :REPRESENTATIVES
        ]
    )
    Representative.objects.bulk_create(
        Representative(term=c.term, member=m, elected_on=datetime.date(2025, 9, 1))
        for m in newcomers
    )
    assert Member.objects.filter(union=world.school).count() > MEMBERS
    big = {name: _measure(client, url) for name, url in pages.items()}

    for name in pages:
        (small_bytes, small_queries, _), (big_bytes, big_queries, page) = small[name], big[name]
        assert big_queries == small_queries, name
        # The same page but for the masked CSRF token and such: within a few bytes.
        assert abs(big_bytes - small_bytes) < 100, (name, small_bytes, big_bytes)
        assert "<option" not in page and 'type="checkbox"' not in page, name
