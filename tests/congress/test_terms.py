"""Terms and representatives: the services' rules, permissions and audit entries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.congress.models import CongressKind, RepKind, Representative, RepStatus
from gonghui.congress.services import terms as services
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.members.choices import Employment
from gonghui.orgs.models import Sex

from .support import TERM_START, school_term, seat

D = datetime.date


def test_term_name_and_one_open_term_per_kind(world):
    term = services.term_create(
        actor=world.chair,
        union=world.school,
        kind=CongressKind.STAFF,
        number=8,
        starts_on=D(2025, 9, 1),
        years=5,
    )
    assert str(term) == "第八届教职工代表大会"
    with pytest.raises(ValidationError, match="尚未届满"):
        services.term_create(
            actor=world.chair,
            union=world.school,
            kind=CongressKind.STAFF,
            number=9,
            starts_on=D(2026, 9, 1),
        )
    # Another kind is its own congress.
    services.term_create(
        actor=world.chair,
        union=world.school,
        kind=CongressKind.ASSEMBLY,
        number=1,
        starts_on=D(2026, 1, 1),
        years=3,
    )
    assert AuditEntry.objects.filter(action="congress.term").count() == 2


@pytest.mark.parametrize("years", [2, 6])
def test_term_is_three_to_five_years(world, years):
    with pytest.raises(ValidationError, match="3 至 5 年"):
        services.term_create(
            actor=world.chair,
            union=world.school,
            kind=CongressKind.STAFF,
            number=1,
            starts_on=D(2025, 9, 1),
            years=years,
        )


def test_outsider_and_member_cannot_create_terms(world):
    for user in (world.outsider, world.member, world.treasurer):
        with pytest.raises(PermissionDenied):
            services.term_create(
                actor=user,
                union=world.school,
                kind=CongressKind.STAFF,
                number=1,
                starts_on=D(2025, 9, 1),
            )
    with pytest.raises(ValidationError, match="上级工会"):
        services.term_create(
            actor=None,
            union=world.fed,
            kind=CongressKind.WORKERS,
            number=1,
            starts_on=D(2025, 9, 1),
        )


def test_elect_copies_composition_flags_from_the_member(world):
    term = school_term(world)
    member = member_services.member_create(
        actor=None,
        union=world.school,
        name="派遣女教师",
        sex=Sex.FEMALE,
        group=world.maths,
        employment=Employment.DISPATCHED,
        is_teacher=True,
        is_manager=True,
    )
    rep = services.rep_elect(
        actor=world.committee,
        term=term,
        member=member,
        constituency=world.maths,
        elected_on=TERM_START,
    )
    assert (rep.is_woman, rep.is_dispatched, rep.is_teacher, rep.is_manager) == (
        True,
        True,
        True,
        True,
    )
    man = services.rep_elect(
        actor=world.committee,
        term=term,
        member=world.members["周会员"],
        constituency=world.chinese,
        elected_on=TERM_START,
    )
    assert (man.is_woman, man.is_dispatched, man.is_teacher) == (False, False, False)
    entry = AuditEntry.objects.filter(action="rep.elect").last()
    assert entry.union_id == world.school.pk


def test_one_seat_per_member_per_term(world):
    term, (rep,) = seat(world, 0, named=("周会员",))
    with pytest.raises(ValidationError, match="只占一个席位"):
        services.rep_elect(
            actor=world.chair,
            term=term,
            member=rep.member,
            constituency=None,
            elected_on=TERM_START,
            kind=RepKind.OBSERVER,
        )


def test_only_current_members_of_the_union_are_elected(world):
    term = school_term(world)
    with pytest.raises(ValidationError, match="不是第一中学工会的会员"):
        services.rep_elect(
            actor=world.chair,
            term=term,
            member=world.members["郑护士"],
            constituency=None,
            elected_on=TERM_START,
        )
    with pytest.raises(ValidationError, match="选区须为本工会"):
        services.rep_elect(
            actor=world.chair,
            term=term,
            member=world.members["周会员"],
            constituency=world.ward,
            elected_on=TERM_START,
        )
    member = world.members["吴老师"]
    member.status = "left"
    member.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="已不在会"):
        services.rep_elect(
            actor=world.chair,
            term=term,
            member=member,
            constituency=None,
            elected_on=TERM_START,
        )
    assert not Representative.objects.exists()


def test_by_election_replaces_the_old_seat(world):
    _term, (old,) = seat(world, 0, named=("周会员",))
    new = services.rep_replace(
        actor=world.chair,
        rep=old,
        member=world.members["吴老师"],
        elected_on=D(2026, 3, 1),
        reason="调离本校",
    )
    old.refresh_from_db()
    assert old.status == RepStatus.REPLACED
    assert (old.ended_on, old.end_reason) == (D(2026, 3, 1), "调离本校")
    assert new.is_by_election and new.replaces == old
    assert new.constituency == old.constituency and new.is_teacher
    assert AuditEntry.objects.filter(action="rep.by_election").count() == 2
    with pytest.raises(ValidationError, match="不在任"):
        services.rep_replace(
            actor=world.chair,
            rep=old,
            member=world.members["钱经审"],
            elected_on=D(2026, 3, 1),
            reason="再次",
        )


def test_recall_needs_a_reason_and_ends_the_seat(world):
    term, (rep,) = seat(world, 0, named=("周会员",))
    with pytest.raises(ValidationError, match="原因"):
        services.rep_recall(actor=world.chair, rep=rep, on=D(2026, 1, 5), reason="  ")
    rep.refresh_from_db()
    assert rep.status == RepStatus.SEATED
    services.rep_recall(actor=world.chair, rep=rep, on=D(2026, 1, 5), reason="选区过半数通过罢免")
    rep.refresh_from_db()
    assert rep.status == RepStatus.RECALLED
    # The member may be elected again later in the term (the old seat is no seat).
    again = services.rep_elect(
        actor=world.chair,
        term=term,
        member=rep.member,
        constituency=None,
        elected_on=D(2026, 6, 1),
    )
    assert again.status == RepStatus.SEATED
    with pytest.raises(PermissionDenied):
        services.rep_end(actor=world.outsider, rep=again, on=D(2026, 7, 1), reason="退休")


def test_assembly_seats_every_current_member_once(world):
    term = services.term_create(
        actor=world.chair,
        union=world.school,
        kind=CongressKind.ASSEMBLY,
        number=1,
        starts_on=D(2025, 1, 1),
        years=3,
    )
    assert services.assembly_seat_all(actor=world.chair, term=term) == 7
    assert services.assembly_seat_all(actor=world.chair, term=term) == 0
    assert term.representatives.filter(status=RepStatus.SEATED).count() == 7
    assert term.representatives.filter(is_woman=True).count() == 4
    staff = school_term(world)
    with pytest.raises(ValidationError, match="只有职工大会"):
        services.assembly_seat_all(actor=world.chair, term=staff)


def test_term_close_ends_every_seat_and_freezes_the_term(world):
    term, _reps = seat(world, 2)
    services.term_close(actor=world.chair, term=term, on=D(2030, 8, 31))
    assert set(term.representatives.values_list("status", flat=True)) == {RepStatus.ENDED}
    with pytest.raises(ValidationError, match="届满"):
        services.rep_elect(
            actor=world.chair,
            term=term,
            member=world.members["周会员"],
            constituency=None,
            elected_on=D(2030, 9, 1),
        )
    # Now a new term may be registered.
    services.term_create(
        actor=world.chair,
        union=world.school,
        kind=CongressKind.STAFF,
        number=9,
        starts_on=D(2030, 9, 1),
    )
