"""Reads of 培训: the union's completion rule, a course's sessions, the attendance grid
(trainees × sessions, with hours, completion and certificates), a trainee's own record, a
union's year (期数, 课时, 人次; per member the hours attended) and the period figures the
metrics and the summary use (a federation sums its subtree). A revoked certificate counts
nowhere but in the course's list of certificates. Scoped getters are 404 outside the
caller's reach."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from gonghui.core import union_settings
from gonghui.core.queries import get_scoped
from gonghui.orgs.models import Union

from . import queries
from . import training_rules as rules
from .models import Activity, Kind, Registration, RegState, State
from .models_checkin import CheckIn, CheckinSession
from .models_training import TrainingCertificate, TrainingSession, TrainingSettings

SESSION_MISSING = "没有这次课，或您无权查看。"
CERTIFICATE_MISSING = "没有这张结业证书，或您无权查看。"
NOT_TRAINING = "这个活动不是培训。"


def settings_for(union: Union) -> TrainingSettings:
    """The union's completion rule: its own, its nearest ancestor's, or the example."""
    return union_settings.inherited(TrainingSettings, union)


# --- scoped getters -------------------------------------------------------------------------


def get_course(user, pk: int, perm: str = "activities.view", *, public: bool = False):
    """A training activity the user may ``perm`` on (with ``public``, a published one of
    their union); 404 outside their reach or for an activity of another kind."""
    activity = queries.get_activity(user, pk, perm, public=public)
    if activity.kind != Kind.TRAINING:
        raise Http404(NOT_TRAINING)
    return activity


def get_session(user, pk: int, perm: str = "activities.view") -> TrainingSession:
    return get_scoped(
        TrainingSession.objects.select_related("activity", "activity__union", "union", "checkin"),
        user,
        perm,
        union="union",
        missing=SESSION_MISSING,
        pk=pk,
    )


def get_certificate(user, pk: int, perm: str = "activities.view") -> TrainingCertificate:
    """A certificate: the trainee's own (their sign-up's account or their member record)
    to read, or any of a union where the user holds ``perm``."""

    def own(cert: TrainingCertificate) -> bool:
        if not getattr(user, "pk", None):
            return False
        if cert.registration is not None and cert.registration.user_id == user.pk:
            return True
        member = queries.member_of(user, cert.union)
        return member is not None and member.pk == cert.member_id

    return get_scoped(
        TrainingCertificate.objects.select_related("activity", "union", "registration", "member"),
        user,
        perm,
        union="union",
        allow=own if perm == "activities.view" else None,
        missing=CERTIFICATE_MISSING,
        pk=pk,
    )


# --- a course -------------------------------------------------------------------------------


def sessions_of(activity: Activity) -> list[TrainingSession]:
    """The course's sessions in time order, each with ``index`` (第几次课, from 1) and its
    check-in session; one query."""
    found: list[TrainingSession] = list(
        TrainingSession.objects.filter(activity=activity)
        .select_related("checkin")
        .annotate(attended=Count("checkin__checkins"))
    )
    for i, s in enumerate(found, 1):
        cast(Any, s).index = i  # for the page; not a field
    return found


def checkin_sessions(activity: Activity) -> list[CheckinSession]:
    """The check-in sessions of a course's 课次 in time order, each with ``index`` (第几次课)
    and ``label`` ("第2次课 · 劳动法基础 · 12月5日 14:00"): the sessions the generic QR and
    roll pages choose from. Empty for an activity without 课次. One query."""
    found = list(
        CheckinSession.objects.filter(activity=activity, training__isnull=False)
        .select_related("training", "activity")
        .order_by("training__starts_at", "training_id")
    )
    for i, s in enumerate(found, 1):
        training = s.training
        assert training is not None  # filtered on training__isnull=False
        row = cast(Any, s)  # index and label are for the pages; not fields
        row.index = i
        row.label = rules.session_label(i, training.topic, timezone.localtime(training.starts_at))
    return found


def session_label(session: CheckinSession | None) -> str:
    """What the scan page names: the 课次 of a course's check-in session ("第2次课 · …"),
    "" for an activity's one session. One query for a course's."""
    if session is None or session.training_id is None:
        return ""
    for s in checkin_sessions(session.activity):
        if s.pk == session.pk:
            return cast(Any, s).label
    return ""


def trainee_key(member_id: int | None, registration_id: int | None) -> str:
    """One trainee across sessions: their member record, else their sign-up."""
    return f"m{member_id}" if member_id else f"r{registration_id}"


@dataclass
class Row:
    """A trainee on the grid: ``cells`` line up with the sessions (a CheckIn or None)."""

    key: str
    name: str
    registration: object = None
    member_id: int | None = None
    group: str = ""
    cells: list = field(default_factory=list)
    hours: Decimal = Decimal(0)
    share: Decimal | None = None
    completed: bool = False
    certificate: TrainingCertificate | None = None


@dataclass
class Grid:
    sessions: list
    rows: list
    total_hours: Decimal
    percent: int
    needed: Decimal
    person_times: int
    completed: int
    certificates: int
    finished: bool  # every session has ended

    @property
    def uncertified(self) -> int:
        return sum(1 for r in self.rows if r.completed and r.certificate is None)


def _rows(activity: Activity, checkins: list[CheckIn]) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for reg in queries.registrations_of(activity):
        if reg.state != RegState.CONFIRMED:
            continue
        key = trainee_key(reg.member_id, reg.pk)
        group = reg.member.group.name if reg.member and reg.member.group else ""
        rows[key] = Row(key, reg.name, reg, reg.member_id, group)
    for c in checkins:  # a walk-in, or a sign-up cancelled after checking in
        key = trainee_key(c.member_id, c.registration_id)
        if key not in rows:
            group = c.member.group.name if c.member and c.member.group else ""
            rows[key] = Row(key, c.name, c.registration, c.member_id, group)
    return rows


def grid(activity: Activity, now: datetime.datetime | None = None) -> Grid:
    """The attendance grid of a course: every confirmed sign-up (and anyone else checked in)
    × every session, each trainee's hours, share and completion under the union's rule,
    and their certificate. Five queries, whatever the size."""
    now = now or timezone.now()
    sessions = sessions_of(activity)
    checkins = list(
        CheckIn.objects.filter(session__training__activity=activity).select_related(
            "member", "member__group", "session"
        )
    )
    rows = _rows(activity, checkins)
    by_cell = {
        (trainee_key(c.member_id, c.registration_id), c.session.training_id): c for c in checkins
    }
    hours: dict[Hashable, Decimal] = {s.pk: s.hours for s in sessions}
    attended: dict[str, list[int | None]] = defaultdict(list)
    for key, sid in by_cell:
        attended[key].append(sid)
    percent = settings_for(activity.union).completion_percent
    tallies = rules.tally(hours, {k: attended.get(k, []) for k in rows}, percent)
    certs = _certificates(activity)
    total = sum(hours.values(), Decimal(0))
    for key, row in rows.items():
        row.cells = [by_cell.get((key, s.pk)) for s in sessions]
        row.hours, row.completed = tallies[key].hours, tallies[key].completed
        row.share = rules.share(row.hours, total)
        row.certificate = certs.get(key)
    ordered = list(rows.values())  # sign-up order, then those who came without one
    return Grid(
        sessions=sessions,
        rows=ordered,
        total_hours=total,
        percent=percent,
        needed=rules.needed(total, percent),
        person_times=len(by_cell),
        completed=sum(1 for r in ordered if r.completed),
        certificates=len(certs),
        finished=bool(sessions) and all(now >= s.ends_at for s in sessions),
    )


VALID = Q(revoked_at__isnull=True)


def _certificates(activity: Activity) -> dict[str, TrainingCertificate]:
    """Each trainee's valid certificate (a revoked one counts for nothing)."""
    return {
        trainee_key(c.member_id, c.registration_id): c
        for c in TrainingCertificate.objects.filter(VALID, activity=activity)
    }


def certificates_of(activity: Activity) -> list[TrainingCertificate]:
    """The course's valid certificates, to download."""
    return list(
        TrainingCertificate.objects.filter(VALID, activity=activity).select_related(
            "activity", "union"
        )
    )


def certificate_list(activity: Activity) -> list[TrainingCertificate]:
    """Every certificate of the course by number, revoked ones too (已撤销, with the reason
    and who revoked it): the course page's list. One query."""
    return list(
        TrainingCertificate.objects.filter(activity=activity)
        .select_related("revoked_by")
        .order_by("year", "seq")
    )


def mine(activity: Activity, user) -> dict | None:
    """The user's own record on a course (the member's page): each session attended or not,
    their hours, completion and certificate; None when they are not a trainee."""
    member = queries.member_of(user, activity.union)
    reg = queries.live_registration(activity, user, member)
    found = grid(activity)
    for row in found.rows:
        if (member is not None and row.member_id == member.pk) or (
            reg is not None and row.registration is not None and row.registration.pk == reg.pk
        ):
            return {"row": row, "grid": found}
    return None


# --- a union's year, periods ----------------------------------------------------------------


def period_figures(union: Union, start: datetime.date, end: datetime.date) -> dict:
    """The training courses held in the period (``queries.held_in``: started in it; the
    union's, or a federation's subtree) that have sessions: 期数, their 课时 (the sessions'
    hours), 人次 (check-ins at their sessions), trainees (distinct) and certificates.
    Three queries."""
    held = queries.held_in(union, start, end).filter(kind=Kind.TRAINING)
    sessions = TrainingSession.objects.filter(activity__in=held)
    agg = sessions.aggregate(courses=Count("activity", distinct=True), hours=Sum("hours"))
    checkins = CheckIn.objects.filter(session__training__activity__in=held)
    times = checkins.aggregate(n=Count("id"))["n"]
    certs = TrainingCertificate.objects.filter(VALID, activity__in=held).count()
    return {
        "courses": agg["courses"] or 0,
        "hours": agg["hours"] or Decimal(0),
        "person_times": times or 0,
        "certificates": certs,
    }


def year(union: Union, year: int) -> dict:
    """A grassroots union's training year: each course (sessions, 课时, 人次, trainees,
    completed — the grid's figures), the year's totals, and per member the hours attended
    at sessions held that year, most first."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    courses = list(
        queries.held_in(union, start, end)
        .filter(kind=Kind.TRAINING, training_sessions__isnull=False)
        .distinct()
        .order_by("starts_at")
    )
    per_course = [(c, grid(c)) for c in courses]
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    last = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    # each row gains its member's ``certificates`` below
    members = cast(
        list[dict[str, Any]],
        list(
            CheckIn.objects.filter(
                union=union,
                member__isnull=False,
                session__training__isnull=False,
                session__training__starts_at__gte=first,
                session__training__starts_at__lt=last,
            )
            .values("member_id", "member__name", "member__group__name")
            .annotate(
                hours=Sum("session__training__hours"),
                times=Count("id"),
                courses=Count("activity_id", distinct=True),
            )
            .order_by("-hours", "member__name")
        ),
    )
    certs = dict(
        TrainingCertificate.objects.filter(
            VALID, union=union, activity__in=courses, member__isnull=False
        )
        .values_list("member_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for m in members:
        m["certificates"] = certs.get(m["member_id"], 0)
    return {
        "courses": per_course,
        "count": len(courses),
        "hours": sum((g.total_hours for _, g in per_course), Decimal(0)),
        "person_times": sum(g.person_times for _, g in per_course),
        "completed": sum(g.completed for _, g in per_course),
        "members": members,
    }


def own_certificates(user) -> list[TrainingCertificate]:
    """Every certificate of the user: their sign-ups' and their member records'."""
    if not getattr(user, "pk", None):
        return []
    return list(
        TrainingCertificate.objects.filter(Q(registration__user=user) | Q(member__user=user))
        .filter(VALID)
        .select_related("activity", "union")
        .order_by("-issued_on", "-id")
    )


def sessions_on(day: datetime.date) -> list[tuple[TrainingSession, list]]:
    """The sessions of published courses that start on ``day`` (every union), each with the
    accounts of its confirmed trainees (their own, or their member record's); two queries."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    found = list(
        TrainingSession.objects.filter(
            starts_at__gte=first,
            starts_at__lt=first + datetime.timedelta(days=1),
            activity__state=State.OPEN,
        ).select_related("activity", "union")
    )
    regs = (
        Registration.objects.filter(
            activity_id__in={s.activity_id for s in found}, state=RegState.CONFIRMED
        )
        .select_related("user", "member__user")
        .order_by("id")
    )
    accounts: dict[int, list] = defaultdict(list)
    for reg in regs:
        user = reg.user or (reg.member.user if reg.member else None)
        if user is not None:
            accounts[reg.activity_id].append(user)
    return [(s, accounts[s.activity_id]) for s in found]
