"""The composition check: each rule's figure, threshold and verdict; observers never count;
ratios reckoned exactly (2/3 of 30 is 20, not 21)."""

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from gonghui.congress.models import CongressKind, RepKind
from gonghui.congress.queries.composition import at_least, composition, share_fraction
from gonghui.congress.services import settings as settings_services
from gonghui.congress.services import terms as term_services
from gonghui.members.choices import Employment
from gonghui.orgs import services as org_services

from .support import school_term, seat


def rule(check, key):
    return next(r for r in check.rules if r.key == key)


def test_stored_two_thirds_is_two_thirds():
    assert share_fraction(Decimal("0.6667")) == Fraction(2, 3)
    assert at_least(Decimal("0.6667"), 30) == 20
    assert at_least(Decimal("0.6667"), 31) == 21
    assert share_fraction(Decimal("0.05")) == Fraction(1, 20)
    assert share_fraction(Decimal("0.6123")) == Fraction(6123, 10000)


@given(st.integers(min_value=2, max_value=12), st.integers(min_value=0, max_value=3000))
def test_at_least_is_the_exact_ceiling_of_a_simple_fraction(den, total):
    for num in range(1, den):
        frac = Fraction(num, den)
        stored = (Decimal(num) / Decimal(den)).quantize(Decimal("0.0001"))
        assert at_least(stored, total) == math.ceil(frac * total)


def test_small_school_needs_thirty_and_may_hold_an_assembly(world):
    term, _ = seat(world, 10, is_teacher=True)
    check = composition(term)
    total = rule(check, "total")
    assert total.verdict == "warn"
    assert "≥ 30 人" in total.threshold
    assert "可改开职工大会" in total.note
    assert "第十七条" in total.source
    assert rule(check, "teachers").verdict == "ok"


def test_big_enterprise_needs_five_percent(world):
    org_services.union_update(actor=None, union=world.school, staff_count=1000)
    world.school.refresh_from_db()
    term, _ = seat(world, 49, is_teacher=True)
    assert "≥ 50 人" in rule(composition(term), "total").threshold
    assert rule(composition(term), "total").verdict == "warn"
    seat(world, 1, term=term, is_teacher=True)
    assert rule(composition(term), "total").verdict == "ok"


def test_managers_at_most_a_fifth(world):
    term, _ = seat(world, 8, is_teacher=True)
    seat(world, 2, term=term, is_manager=True, is_teacher=True)
    assert rule(composition(term), "managers").verdict == "ok"  # 2 of 10 = 20%
    seat(world, 1, term=term, is_manager=True, is_teacher=True)
    managers = rule(composition(term), "managers")
    assert managers.verdict == "warn" and "27.3%" in managers.figure


def test_teachers_at_least_sixty_percent_at_a_school_only(world):
    term, _ = seat(world, 6, is_teacher=True)
    seat(world, 4, term=term)
    assert rule(composition(term), "teachers").verdict == "ok"
    seat(world, 1, term=term)
    assert rule(composition(term), "teachers").verdict == "warn"
    hospital_term = term_services.term_create(
        actor=None,
        union=world.hospital,
        kind=CongressKind.WORKERS,
        number=1,
        starts_on=term.starts_on,
    )
    assert "teachers" not in {r.key for r in composition(hospital_term).rules}


def test_women_and_dispatched_against_the_membership_share(world):
    # Members: 4 women of 7 in the world; seat() adds alternately women and men.
    term, _ = seat(world, 2)  # 代表001 woman, 代表002 man: 50% women vs 5/9 members
    women = rule(composition(term), "women")
    assert women.verdict == "warn"
    assert "55.6%" in women.threshold
    seat(world, 1, term=term)  # 代表003 woman: 2/3 ≥ 6/10
    assert rule(composition(term), "women").verdict == "ok"
    seat(world, 1, term=term, employment=Employment.DISPATCHED)
    # The dispatched rep is a member too: 1 of 12 members, 1 of 4 reps.
    assert rule(composition(term), "dispatched").verdict == "ok"


def test_observers_are_never_counted(world):
    term, _ = seat(world, 2, is_teacher=True)
    seat(world, 5, term=term, kind=RepKind.OBSERVER)
    check = composition(term)
    assert check.seated == 2
    assert rule(check, "teachers").verdict == "ok"


def test_union_settings_change_the_thresholds(world):
    term = school_term(world)
    settings_services.congress_settings_update(
        actor=world.chair, union=world.school, rep_min_count=10
    )
    seat(world, 10, term=term, is_teacher=True)
    assert rule(composition(term), "total").verdict == "ok"
