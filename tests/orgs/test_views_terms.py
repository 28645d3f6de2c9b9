"""Committee terms (届) and positions: recording a term, adding and ending posts, closing."""

import datetime

import pytest
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.orgs import services
from gonghui.orgs.models import Body, CommitteeTerm, Duty, Position, Post

CREATE_URL = "/unions/school/terms/new/"


def text(response) -> str:
    return response.content.decode()


def term_data(**changes):
    data = {"body": Body.COMMITTEE, "number": 4, "elected_on": "2023-05-10", "term_years": 5}
    data.update(changes)
    return data


@pytest.fixture
def term(world):
    return services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=3,
        elected_on=datetime.date(2022, 6, 1),
        term_years=5,
    )


def test_chair_records_a_term(world, client_for):
    response = client_for(world.chair).post(CREATE_URL, term_data(), follow=True)
    term = CommitteeTerm.objects.get(union=world.school)
    assert response.redirect_chain == [(f"/terms/{term.pk}/", 302)]
    assert "已录入第4届工会委员会。" in text(response)
    assert (term.number, term.term_years) == (4, 5)
    assert term.ends_on == datetime.date(2028, 5, 10)
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor, entry.union) == ("term.create", world.chair, world.school)


def test_three_year_term(world, client_for):
    client_for(world.chair).post(CREATE_URL, term_data(term_years=3))
    assert CommitteeTerm.objects.get(union=world.school).ends_on == datetime.date(2026, 5, 10)


def test_four_year_term_is_refused_in_the_form(world, client_for):
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(CREATE_URL, term_data(term_years=4))
    assert response.status_code == 200
    assert response.context["form"].errors["term_years"]
    assert "选择一个有效的选项。 4 不在可用的选项中。" in text(response)
    assert not CommitteeTerm.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_future_election_date_is_refused(world, client_for):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(world.chair).post(CREATE_URL, term_data(elected_on=tomorrow.isoformat()))
    assert response.status_code == 200
    assert "选举日期不能晚于今天。" in text(response)
    assert response.context["form"].errors["elected_on"]
    assert not CommitteeTerm.objects.exists()


def test_end_date_before_election_is_refused(world, client_for):
    response = client_for(world.chair).post(CREATE_URL, term_data(ends_on="2023-01-01"))
    assert response.status_code == 200
    assert "届满日期必须晚于选举日期。" in text(response)
    assert not CommitteeTerm.objects.exists()


def test_second_current_term_is_refused(world, term, client_for):
    entries = AuditEntry.objects.count()
    response = client_for(world.chair).post(CREATE_URL, term_data())
    assert response.status_code == 200
    page = text(response)
    assert "「第一中学工会」的第3届工会委员会仍在任。" in page
    assert "请先在该届页面办理换届" in page
    assert response.context["form"].non_field_errors()
    assert CommitteeTerm.objects.filter(union=world.school).count() == 1
    assert AuditEntry.objects.count() == entries


def test_other_body_may_run_beside_the_committee(world, term, client_for):
    response = client_for(world.chair).post(CREATE_URL, term_data(body=Body.AUDIT, number=1))
    assert response.status_code == 302
    assert CommitteeTerm.objects.filter(union=world.school, closed_on=None).count() == 2


def test_new_term_after_closing_the_old_one(world, term, client_for):
    client = client_for(world.chair)
    response = client.post(f"/terms/{term.pk}/", {"form": "close", "closed_on": "2023-05-10"})
    assert response.status_code == 302
    assert client.post(CREATE_URL, term_data()).status_code == 302
    assert CommitteeTerm.objects.filter(union=world.school, closed_on=None).get().number == 4


@pytest.mark.parametrize("role", ["committee", "treasurer", "outsider"])
def test_others_cannot_record_a_term(role, world, client_for):
    response = client_for(getattr(world, role)).post(CREATE_URL, term_data())
    assert response.status_code == (404 if role == "outsider" else 403)
    assert not CommitteeTerm.objects.exists()


# --- positions ----------------------------------------------------------------------------


def add_position(client, term, member, post, duty=""):
    return client.post(
        f"/terms/{term.pk}/",
        {"form": "position", "member": member.pk, "post": post, "duty": duty},
        follow=True,
    )


def test_add_position(world, term, client_for):
    li = world.members["李主席"]
    response = add_position(client_for(world.chair), term, li, Post.CHAIR)
    assert response.redirect_chain == [(f"/terms/{term.pk}/", 302)]
    page = text(response)
    assert "已添加职务。" in page
    assert "<td>主席</td><td>李主席</td>" in page
    position = Position.objects.get(term=term)
    assert (position.member, position.post, position.ended_on) == (li, Post.CHAIR, None)
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.union) == ("position.add", world.school)


def test_add_position_with_duty_shows_on_union_page(world, term, client_for):
    client = client_for(world.chair)
    add_position(client, term, world.members["赵财务"], Post.MEMBER, Duty.FINANCE)
    assert "委员：赵财务（财务）" in text(client.get("/unions/school/"))


def test_second_chair_is_refused(world, term, client_for):
    client = client_for(world.chair)
    add_position(client, term, world.members["李主席"], Post.CHAIR)
    response = add_position(client, term, world.members["王委员"], Post.CHAIR)
    assert response.redirect_chain == []
    assert "本届已有主席，请先让其卸任。" in text(response)
    assert Position.objects.filter(term=term).count() == 1


def test_post_of_another_body_is_refused(world, term, client_for):
    response = add_position(client_for(world.chair), term, world.members["王委员"], Post.DIRECTOR)
    assert "选择一个有效的选项" in text(response)
    assert not Position.objects.exists()


def test_member_of_another_union_is_refused(world, term, client_for):
    response = add_position(client_for(world.chair), term, world.members["郑护士"], Post.MEMBER)
    assert "请从本工会的在册会员中选择" in text(response)
    assert not Position.objects.exists()


def test_end_position(world, term, client_for):
    position = services.position_add(
        actor=None, term=term, member=world.members["王委员"], post=Post.VICE_CHAIR
    )
    response = client_for(world.chair).post(
        f"/terms/{term.pk}/", {"form": "end", "position": position.pk}, follow=True
    )
    assert response.redirect_chain == [(f"/terms/{term.pk}/", 302)]
    page = text(response)
    assert "「王委员」已卸任。" in page
    position.refresh_from_db()
    assert position.ended_on == timezone.localdate()
    assert f"{timezone.localdate():%Y-%m-%d} 卸任" in page
    assert AuditEntry.objects.order_by("-id").first().action == "position.end"


def test_end_position_twice_shows_message(world, term, client_for):
    position = services.position_add(
        actor=None, term=term, member=world.members["王委员"], post=Post.VICE_CHAIR
    )
    client = client_for(world.chair)
    client.post(f"/terms/{term.pk}/", {"form": "end", "position": position.pk})
    response = client.post(f"/terms/{term.pk}/", {"form": "end", "position": position.pk})
    assert response.status_code == 200
    assert "该职务已卸任。" in text(response)


def test_end_position_of_another_term_is_404(world, term, client_for):
    other = services.term_create(
        actor=None,
        union=world.hospital,
        body=Body.COMMITTEE,
        number=1,
        elected_on=datetime.date(2022, 1, 1),
        term_years=5,
    )
    position = services.position_add(
        actor=None, term=other, member=world.members["郑护士"], post=Post.CHAIR
    )
    response = client_for(world.chair).post(
        f"/terms/{term.pk}/", {"form": "end", "position": position.pk}
    )
    assert response.status_code == 404
    position.refresh_from_db()
    assert position.ended_on is None


def test_close_term_ends_all_positions(world, term, client_for):
    services.position_add(actor=None, term=term, member=world.members["李主席"], post=Post.CHAIR)
    response = client_for(world.chair).post(
        f"/terms/{term.pk}/", {"form": "close", "closed_on": "2024-06-01"}, follow=True
    )
    assert "第3届工会委员会已换届。" in text(response)
    term.refresh_from_db()
    assert term.closed_on == datetime.date(2024, 6, 1)
    assert not Position.objects.filter(term=term, ended_on=None).exists()
    # A closed term offers no more forms.
    assert "增加职务" not in text(response)


def test_close_before_election_is_refused(world, term, client_for):
    response = client_for(world.chair).post(
        f"/terms/{term.pk}/", {"form": "close", "closed_on": "2020-01-01"}
    )
    assert response.status_code == 200
    assert "换届日期不能早于本届选举日期。" in text(response)
    term.refresh_from_db()
    assert term.closed_on is None


def test_treasurer_sees_term_without_forms(world, term, client_for):
    response = client_for(world.treasurer).get(f"/terms/{term.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert "第3届工会委员会" in page
    assert "增加职务" not in page
    assert "办理换届" not in page


@pytest.mark.parametrize("role", ["treasurer", "committee", "auditor"])
def test_viewers_cannot_change_a_term(role, world, term, client_for):
    entries = AuditEntry.objects.count()
    client = client_for(getattr(world, role))
    li = world.members["李主席"]
    response = client.post(
        f"/terms/{term.pk}/", {"form": "position", "member": li.pk, "post": Post.CHAIR}
    )
    assert response.status_code == 403
    assert "您没有权限进行此操作。" in text(response)
    response = client.post(f"/terms/{term.pk}/", {"form": "close", "closed_on": "2024-06-01"})
    assert response.status_code == 403
    assert not Position.objects.exists()
    term.refresh_from_db()
    assert term.closed_on is None
    assert AuditEntry.objects.count() == entries


def test_outsider_cannot_see_or_change_a_term(world, term, client_for):
    client = client_for(world.outsider)
    assert client.get(f"/terms/{term.pk}/").status_code == 404
    response = client.post(f"/terms/{term.pk}/", {"form": "close", "closed_on": "2024-06-01"})
    assert response.status_code == 404
    term.refresh_from_db()
    assert term.closed_on is None


def test_term_warning_on_term_page(world, client_for):
    elected = timezone.localdate() - datetime.timedelta(days=3 * 365 + 10)
    term = services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=2,
        elected_on=elected,
        term_years=3,
    )
    assert "请尽快组织换届选举" in text(client_for(world.chair).get(f"/terms/{term.pk}/"))
