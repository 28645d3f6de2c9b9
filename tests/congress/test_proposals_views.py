"""Proposal pages: who sees what, the forms per role and state, the outsider refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.congress.models import Proposal, Rating
from gonghui.congress.models import ProposalStatus as S
from gonghui.congress.services import proposals as services

from .proposal_world import answered, assigned, collecting, submitted


@pytest.fixture
def sitting_reps(world):
    return collecting(world)


def test_list_shows_figures_and_rows_with_pinned_queries(
    world, sitting_reps, client_for, django_assert_num_queries
):
    sitting, reps = sitting_reps
    for i in range(5):
        submitted(world, sitting, reps, f"提案{i}")
    client = client_for(world.committee)
    url = reverse("congress:proposal_list", args=[sitting.pk])
    with django_assert_num_queries(8):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "立案率" in page and "按期办结率" in page and "满意率" in page
    assert all(f"提案{i}" in page for i in range(5))
    for i in range(5, 15):
        submitted(world, sitting, reps, f"提案{i}")
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_list_filters_by_status_and_overdue(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    late = assigned(world, sitting, reps, "超期的")
    Proposal.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    submitted(world, sitting, reps, "待审的")
    client = client_for(world.committee)
    url = reverse("congress:proposal_list", args=[sitting.pk])
    page = client.get(url, {"status": "overdue"}, HTTP_HX_REQUEST="true").content.decode()
    assert "超期的" in page and "待审的" not in page
    page = client.get(url, {"status": "submitted"}).content.decode()
    assert "待审的" in page and "超期的" not in page.split('id="proposal-rows"')[1]


def test_outsider_refused_everywhere(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = answered(world, sitting, reps)
    client = client_for(world.outsider)
    gets = [
        reverse("congress:proposal_list", args=[sitting.pk]),
        reverse("congress:proposal_new", args=[sitting.pk]),
        reverse("congress:proposal_book", args=[sitting.pk]),
        reverse("congress:proposal_detail", args=[p.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = {
        "proposal_cosign": {"answer": "confirm"},
        "proposal_review": {"decision": "accept"},
        "proposal_assign": {"lead_department": "x", "due_on": "2099-01-01"},
        "proposal_answer": {"department": "x", "text": "y"},
        "proposal_rate": {"rating": "satisfied"},
    }
    for name, data in posts.items():
        assert client.post(reverse(f"congress:{name}", args=[p.pk]), data).status_code == 404, name
    p.refresh_from_db()
    assert p.status == S.ANSWERED and p.answers.count() == 1
    page = client.get(reverse("congress:proposal_mine")).content.decode()
    assert "关于改善教师午餐条件的提案" not in page


def test_anonymous_sent_to_login(client, sitting_reps):
    sitting, _ = sitting_reps
    response = client.get(reverse("congress:proposal_list", args=[sitting.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_plain_member_without_seat_cannot_see_list(world, sitting_reps, client_for):
    sitting, _ = sitting_reps
    # 周会员 is a representative but holds no congress role: the list is the secretariat's.
    assert (
        client_for(world.member)
        .get(reverse("congress:proposal_list", args=[sitting.pk]))
        .status_code
        == 403
    )


def test_representative_proposes_on_the_form(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    client = client_for(world.member)
    url = reverse("congress:proposal_new", args=[sitting.pk])
    page = client.get(url).content.decode()
    # A search box among the term's representatives, not a list of them.
    assert f"/members/pick/?for=cosigner&amp;item={sitting.pk}" in page
    assert "孙组长" not in page and "代表004" not in page
    response = client.post(
        url,
        {
            "title": "关于食堂的提案",
            "reason": "理由",
            "measures": "措施",
            "cosigners": [reps[1].member_id],
        },
    )
    assert response.status_code == 200 and "至少 2 名" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "关于食堂的提案",
            "reason": "理由",
            "measures": "措施",
            "cosigners": [reps[1].member_id, reps[2].member_id],
        },
    )
    p = Proposal.objects.get(title="关于食堂的提案")
    assert set(p.cosigns.values_list("representative", flat=True)) == {reps[1].pk, reps[2].pk}
    assert response.status_code == 302 and response["Location"] == p.get_absolute_url()
    assert p.status == S.DRAFT
    # The secretariat is no representative: no form for them.
    assert client_for(world.committee).get(url).status_code == 403


def test_form_says_when_window_closed(world, sitting_reps, client_for):
    sitting, _ = sitting_reps
    sitting.proposals_close = timezone.localdate() - datetime.timedelta(days=1)
    sitting.save()
    page = client_for(world.member).get(reverse("congress:proposal_new", args=[sitting.pk]))
    assert "已于" in page.content.decode() and 'id="proposal-form"' not in page.content.decode()


def test_cosigner_confirms_on_the_proposal_page(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = services.proposal_create(
        actor=world.member,
        sitting=sitting,
        title="关于停车的提案",
        reason="r",
        measures="m",
        cosigners=[reps[1], reps[2]],
    )
    mine = client_for(world.group_leader).get(reverse("congress:proposal_mine")).content.decode()
    assert "关于停车的提案" in mine.split('id="cosign-requests"')[1].split("我提出的提案")[0]
    leader = client_for(world.group_leader)
    assert "确认附议" in leader.get(p.get_absolute_url()).content.decode()
    # The proposer sees no confirm button on their own proposal.
    assert "确认附议" not in client_for(world.member).get(p.get_absolute_url()).content.decode()
    # client_for re-logs the one test client in, so each call names its user again.
    client_for(world.group_leader).post(
        reverse("congress:proposal_cosign", args=[p.pk]), {"answer": "confirm"}
    )
    client_for(world.treasurer).post(
        reverse("congress:proposal_cosign", args=[p.pk]), {"answer": "decline"}
    )
    p.refresh_from_db()
    assert p.status == S.DRAFT
    page = client_for(world.member).get(p.get_absolute_url()).content.decode()
    assert "已确认" in page and "已谢绝" in page


def test_secretariat_reviews_assigns_answers_then_proposer_rates(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = submitted(world, sitting, reps)
    sec = client_for(world.committee)
    assert "提案审查" in sec.get(p.get_absolute_url()).content.decode()
    response = sec.post(reverse("congress:proposal_review", args=[p.pk]), {"decision": "reject"})
    assert response.status_code == 400 and "理由" in response.content.decode()
    sec.post(reverse("congress:proposal_review", args=[p.pk]), {"decision": "accept"})
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    sec.post(
        reverse("congress:proposal_assign", args=[p.pk]),
        {"lead_department": "总务处", "co_departments": "工会", "due_on": due},
    )
    page = sec.get(p.get_absolute_url()).content.decode()
    assert "审查结论：立案" in page and f'value="{due}"' in page
    sec.post(
        reverse("congress:proposal_answer", args=[p.pk]), {"department": "总务处", "text": "已落实"}
    )
    p.refresh_from_db()
    assert p.status == S.ANSWERED
    # Only the proposer gets the rating form; a representative who is not cannot rate.
    assert (
        "提交评价" not in client_for(world.group_leader).get(p.get_absolute_url()).content.decode()
    )
    assert (
        client_for(world.group_leader)
        .post(reverse("congress:proposal_rate", args=[p.pk]), {"rating": "satisfied"})
        .status_code
        == 403
    )
    proposer = client_for(world.member)
    assert "提交评价" in proposer.get(p.get_absolute_url()).content.decode()
    # A representative cannot act for the secretariat.
    assert (
        proposer.post(
            reverse("congress:proposal_answer", args=[p.pk]), {"department": "x", "text": "y"}
        ).status_code
        == 403
    )
    proposer.post(reverse("congress:proposal_rate", args=[p.pk]), {"rating": Rating.SATISFIED})
    p.refresh_from_db()
    assert p.status == S.CLOSED
    assert "满意" in proposer.get(p.get_absolute_url()).content.decode()


def test_book_download(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    submitted(world, sitting, reps)
    response = client_for(world.chair).get(reverse("congress:proposal_book", args=[sitting.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_mine_for_a_non_representative(world, client_for):
    page = client_for(world.committee).get(reverse("congress:proposal_mine")).content.decode()
    assert "不是在任的职工代表" in page


def test_proposer_asks_more_on_the_page(world, sitting_reps, client_for):
    sitting, reps = sitting_reps
    p = services.proposal_create(
        actor=world.member,
        sitting=sitting,
        title="关于停车的提案",
        reason="r",
        measures="m",
        cosigners=[reps[1], reps[2]],
    )
    client = client_for(world.member)
    page = client.get(p.get_absolute_url()).content.decode()
    assert 'id="ask-form"' in page
    assert f"/members/pick/?for=cosigner&amp;item={sitting.pk}" in page.split('id="ask-form"')[1]
    ask = reverse("congress:proposal_ask", args=[p.pk])
    # Someone already asked is no new invitation, whatever the browser posts.
    page = client.post(ask, {"cosigners": [reps[1].member_id]}).content.decode()
    assert "请选择本届尚未邀请过的其他在任代表。" in page
    client.post(ask, {"cosigners": [reps[3].member_id]})
    assert p.cosigns.filter(representative=reps[3]).exists()
    assert (
        client_for(world.outsider).post(ask, {"cosigners": [reps[4].member_id]}).status_code == 404
    )


def test_mine_query_count_is_pinned(world, sitting_reps, client_for, django_assert_num_queries):
    sitting, reps = sitting_reps
    for i in range(3):
        submitted(world, sitting, reps, f"提案{i}")
    client = client_for(world.group_leader)
    with django_assert_num_queries(8):
        page = client.get(reverse("congress:proposal_mine")).content.decode()
    assert "提案0" in page and "已确认附议" in page
    for i in range(3, 10):
        submitted(world, sitting, reps, f"提案{i}")
    with django_assert_num_queries(8):
        assert client.get(reverse("congress:proposal_mine")).status_code == 200


def test_representative_refused_secretariat_actions_even_with_bad_input(
    world, sitting_reps, client_for
):
    sitting, reps = sitting_reps
    p = submitted(world, sitting, reps)
    client = client_for(world.member)
    for name in ("proposal_review", "proposal_assign", "proposal_answer"):
        assert client.post(reverse(f"congress:{name}", args=[p.pk]), {}).status_code == 403
    assert "提案审查" not in client.get(p.get_absolute_url()).content.decode()
