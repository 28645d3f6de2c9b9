"""Reads for the congress pages: the home page's terms, a term's representatives, a
sitting's attendance. Each page read takes the user and checks access first."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Case, Prefetch, When

from gonghui.core.queries import get_scoped

from ..models import CheckIn, CongressTerm, RepKind, Representative, RepStatus, Sitting
from .common import settings_for
from .common_reps import get_in_term
from .composition import at_least, share_fraction

QUORUM_WORDS = {Fraction(2, 3): "三分之二", Fraction(1, 2): "二分之一", Fraction(3, 4): "四分之三"}


@dataclass
class Attendance:
    seated: int  # 应到: seated voting representatives
    present: int  # 实到: of them, checked in
    observers: int  # 列席 checked in, never counted
    needed: int  # two thirds of ``seated``, rounded up
    quorum_label: str

    @property
    def has_quorum(self) -> bool:
        return self.seated > 0 and self.present >= self.needed

    @property
    def short(self) -> int:
        return max(self.needed - self.present, 0)


def attendance(sitting: Sitting) -> Attendance:
    """The live figures against the quorum: three counts, no rows loaded."""
    term = sitting.term
    ratio = settings_for(term.union).quorum
    quorum = share_fraction(ratio)
    seated = term.representatives.filter(status=RepStatus.SEATED, kind=RepKind.VOTING).count()
    present_q = CheckIn.objects.filter(sitting=sitting, representative__status=RepStatus.SEATED)
    present = present_q.filter(representative__kind=RepKind.VOTING).count()
    observers = present_q.filter(representative__kind=RepKind.OBSERVER).count()
    label = QUORUM_WORDS.get(quorum, f"{float(quorum) * 100:.0f}%")
    return Attendance(seated, present, observers, at_least(ratio, seated), label)


def get_term(user, pk: int, perm: str = "congress.view") -> CongressTerm:
    return get_scoped(
        CongressTerm.objects.select_related("union"),
        user,
        perm,
        union="union",
        missing="没有这一届职代会。",
        pk=pk,
    )


def get_sitting(
    user, pk: int | None = None, perm: str | None = "congress.view", *, seat=False, token=""
) -> Sitting:
    """A sitting by ``pk`` (or by its check-in ``token``). With ``seat``, a seated
    representative of its term passes without a role (proposing, voting, checking in)."""
    lookup = {"checkin_token": token} if token else {"pk": pk}
    return get_in_term(
        Sitting.objects.select_related("term__union"),
        user,
        perm,
        term="term",
        seat=seat,
        missing="没有这次会议。",
        **lookup,
    )


def get_representative(
    user, pk: int, perm: str = "congress.manage", *, term: CongressTerm | None = None
) -> Representative:
    """A representative's seat; with ``term``, only a seat of that term (any other is 404)."""
    seats = Representative.objects.all() if term is None else term.representatives.all()
    return get_scoped(
        seats.select_related("term__union", "member"),
        user,
        perm,
        union="term.union",
        missing="没有这名代表。",
        pk=pk,
    )


def terms_of(union):
    """The home page: terms, newest first, each with its sittings (two queries)."""
    return CongressTerm.objects.filter(union=union).prefetch_related(
        Prefetch("sittings", queryset=Sitting.objects.order_by("number"))
    )


def representatives(term: CongressTerm):
    """All seats of a term, by constituency, seated first."""
    return (
        Representative.objects.filter(term=term)
        .select_related("member", "constituency", "replaces__member")
        .annotate(gone=Case(When(status=RepStatus.SEATED, then=0), default=1))
        .order_by("constituency__name", "gone", "-kind", "member__name_pinyin", "id")
    )


def roll(sitting: Sitting):
    """The attendance list: every seated representative with their check-in (or None)."""
    reps = list(
        Representative.objects.filter(term_id=sitting.term_id, status=RepStatus.SEATED)
        .select_related("member", "constituency")
        .order_by("-kind", "constituency__name", "member__name_pinyin", "id")  # voting first
    )
    done = {c.representative_id: c for c in CheckIn.objects.filter(sitting=sitting)}
    return [(rep, done.get(rep.pk)) for rep in reps]
