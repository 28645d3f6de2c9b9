"""文体活动 in the project's access tables (tests/core/tables.py): its pages in the role
matrix, its services refused to a user without the permission, its URL patterns walked with
the hospital's activity and sign-up, and its 待办 source's cost on the 工作台
(tests/core/test_dashboard_cost.py)."""

import datetime

from gonghui.activities import services as activity_services
from gonghui.activities import services_birthday as birthday_services
from gonghui.activities import services_checkin as checkin_services
from gonghui.activities import services_plan_item as plan_item_services
from gonghui.activities import services_rooms as rooms_services
from gonghui.activities import services_tournament as tournament_services
from gonghui.activities.models import Registration, RegState
from tests.activities.support import NOW, START, make_activity
from tests.activities.support_birthday import birthday_party
from tests.activities.support_rooms import NOW as ROOMS_NOW
from tests.core.tables import GONE, LOGIN, NO, OK, A, f

MODULES = ("gonghui.activities.services", "gonghui.activities.services_checkin")
MODULES += ("gonghui.activities.services_tournament",)
MODULES += ("gonghui.activities.services_rooms",)
MODULES += ("gonghui.activities.services_training",)

PAGES = {
    "activities_list": lambda w: "/unions/school/activities/",
    "activities_new": lambda w: "/unions/school/activities/new/",
    "activities_settings": lambda w: "/unions/school/activities/settings/",
    "activities_mine": lambda w: "/activities/",
    "activities_checkin_settings": lambda w: "/unions/school/activities/checkin-settings/",
    "activities_participation": lambda w: "/unions/school/activities/participation/",
    "activities_rooms": lambda w: "/unions/school/rooms/",
    "activities_rooms_new": lambda w: "/unions/school/rooms/new/",
    "activities_rooms_settings": lambda w: "/unions/school/rooms/settings/",
    "activities_rooms_stats": lambda w: "/unions/school/rooms/stats/",
    "activities_rooms_mine": lambda w: "/activities/rooms/",
}
# fmt: off
MATRIX = {
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # the committee (chair, committee; the 经审 reads); no administrator above the union
    "activities_list":     (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "activities_new":      (LOGIN, NO,   NO,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "activities_settings": (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    # every account has its own page (one without a member record is told so)
    "activities_mine":     (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
    # check-in: the window (the 经审 reads it) and the year's 人次, as the list
    "activities_checkin_settings":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "activities_participation":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    # 活动室: the committee manages (the 经审 reads); every account has 我的预约
    "activities_rooms":    (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "activities_rooms_new":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "activities_rooms_settings":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "activities_rooms_stats":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "activities_rooms_mine":
                           (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on


# --- the service actors ---------------------------------------------------------------------


def _activity(w, **fields):
    return make_activity(w.school, **fields)


def _registration(w, state=None):
    """The treasurer's sign-up (not the plain member's own, which they could cancel)."""
    reg = activity_services.registration_signup(actor=w.treasurer, activity=_activity(w), now=NOW)
    if state is not None:
        Registration.objects.filter(pk=reg.pk).update(
            state=state, offered_until=NOW + datetime.timedelta(days=1)
        )
        reg.refresh_from_db()
    return reg


CASES = {
    "activity_settings_save": (
        activity_services.activity_settings_save,
        lambda w: {"union": w.school, "fields": {"close_hours": 12}},
    ),
    "activity_save": (
        activity_services.activity_save,
        lambda w: {"activity": _activity(w, publish=False), "fields": {"title": "秋游"}},
    ),
    "activity_publish": (
        activity_services.activity_publish,
        lambda w: {"activity": _activity(w, publish=False), "now": NOW},
    ),
    "activity_cancel": (
        activity_services.activity_cancel,
        lambda w: {"activity": _activity(w), "reason": "天气", "now": NOW},
    ),
    # signing up someone else is the committee's
    "registration_signup": (
        activity_services.registration_signup,
        lambda w: {"activity": _activity(w), "member": w.members["吴老师"], "now": NOW},
    ),
    "registration_cancel": (
        activity_services.registration_cancel,
        lambda w: {"registration": _registration(w), "now": NOW},
    ),
    "registration_confirm": (
        activity_services.registration_confirm,
        lambda w: {"registration": _registration(w, RegState.OFFERED), "now": NOW},
    ),
    "waitlist_refresh": (
        activity_services.waitlist_refresh,
        lambda w: {"activity": _activity(w), "now": NOW},
    ),
    "checkin_settings_save": (
        checkin_services.checkin_settings_save,
        lambda w: {"union": w.school, "fields": {"late_minutes": 10}},
    ),
    "checkin_session_open": (
        checkin_services.checkin_session_open,
        lambda w: {"activity": _activity(w), "walk_ins": True},
    ),
    "checkin_token_renew": (
        checkin_services.checkin_token_renew,
        lambda w: {"activity": _activity(w)},
    ),
    # marking present is the organiser's; a member's own scan (checkin_scan) is tested in
    # tests/activities/test_checkin_services.py (another union's member: PermissionDenied)
    "checkin_mark": (
        checkin_services.checkin_mark,
        lambda w: {"registration": _registration(w), "now": START},
    ),
    "checkin_undo": (
        checkin_services.checkin_undo,
        lambda w: {"checkin": _checkin(w), "reason": "误点"},
    ),
    # a walk-in added from the roster is the organiser's
    "checkin_walk_in": (
        checkin_services.checkin_walk_in,
        lambda w: {"activity": _activity(w), "member": w.members["吴老师"], "now": START},
    ),
    "lottery_draw": (
        activity_services.lottery_draw,
        lambda w: {
            "activity": _activity(w, lottery=True),
            "seed": "x",
            "now": NOW + datetime.timedelta(days=30),
        },
    ),
}


def _tournament(union, drawn=False):
    """A 比赛 of ``union``'s activity with four players (drawn: grouped and scheduled)."""
    from gonghui.orgs.models import Member

    t = tournament_services.tournament_save(
        actor=None, activity=make_activity(union), fields={"title": "乒乓球赛", "group_count": 1}
    )
    for i in range(4):
        member = Member.objects.create(union=union, name=f"选手{i}", sex="M")
        tournament_services.entry_add(actor=None, tournament=t, members=[member])
    if drawn:
        tournament_services.tournament_draw(actor=None, tournament=t, seed="x")
    return t


CASES.update(
    {
        "tournament_save": (
            tournament_services.tournament_save,
            lambda w: {"activity": make_activity(w.school), "fields": {"title": "赛"}},
        ),
        "entry_add": (
            tournament_services.entry_add,
            lambda w: {"tournament": _tournament(w.school), "members": [w.members["吴老师"]]},
        ),
        "entries_from_signups": (
            tournament_services.entries_from_signups,
            lambda w: {"tournament": _tournament(w.school)},
        ),
        "entry_remove": (
            tournament_services.entry_remove,
            lambda w: {"entry": _tournament(w.school).entries.first()},
        ),
        "tournament_draw": (
            tournament_services.tournament_draw,
            lambda w: {"tournament": _tournament(w.school), "seed": "x"},
        ),
        "tournament_schedule": (
            tournament_services.tournament_schedule,
            lambda w: {"tournament": _tournament(w.school, drawn=True)},
        ),
        "match_result": (
            tournament_services.match_result,
            lambda w: {
                "match": _tournament(w.school, drawn=True).matches.first(),
                "walkover_winner": "a",
            },
        ),
        "tournament_prize": (
            tournament_services.tournament_prize,
            lambda w: {"tournament": _tournament(w.school), "voucher": None},
        ),
    }
)


def _room(union, name="健身房"):
    from tests.activities.support_rooms import make_room

    return make_room(union, name=name, hours="每日7:00-22:00")


def _booking(w, union=None, user=None):
    """The treasurer's booking (not the plain member's own, which they could cancel)."""
    from tests.activities.support_rooms import at, book

    return book(user or w.treasurer, _room(union or w.school), at(1, 18), at(1, 19))


CASES.update(
    {
        "room_settings_save": (
            rooms_services.room_settings_save,
            lambda w: {"union": w.school, "fields": {"max_hours": 3}},
        ),
        "room_save": (
            rooms_services.room_save,
            lambda w: {"union": w.school, "fields": {"name": "阅览室"}, "room": _room(w.school)},
        ),
        "room_archive": (rooms_services.room_archive, lambda w: {"room": _room(w.school)}),
        "room_hours_set": (
            rooms_services.room_hours_set,
            lambda w: {"room": _room(w.school), "text": "每日8:00-9:00"},
        ),
        "closure_add": (
            rooms_services.closure_add,
            lambda w: {
                "room": _room(w.school),
                "starts_at": ROOMS_NOW,
                "ends_at": ROOMS_NOW + datetime.timedelta(days=1),
                "reason": "维修",
            },
        ),
        "closure_withdraw": (
            rooms_services.closure_withdraw,
            lambda w: {
                "closure": rooms_services.closure_add(
                    actor=None,
                    room=_room(w.school),
                    starts_at=ROOMS_NOW,
                    ends_at=ROOMS_NOW + datetime.timedelta(days=1),
                    reason="维修",
                )[0]
            },
        ),
        # booking for oneself is any member's: 以工会名义 is the committee's
        "booking_make": (
            rooms_services.booking_make,
            lambda w: {
                "room": _room(w.school),
                "starts_at": ROOMS_NOW + datetime.timedelta(days=1, hours=9),
                "ends_at": ROOMS_NOW + datetime.timedelta(days=1, hours=10),
                "purpose": "健身",
                "as_committee": True,
                "now": ROOMS_NOW,
            },
        ),
        "booking_series": (
            rooms_services.booking_series,
            lambda w: {
                "room": _room(w.school),
                "starts_at": ROOMS_NOW + datetime.timedelta(days=1, hours=9),
                "ends_at": ROOMS_NOW + datetime.timedelta(days=1, hours=10),
                "weeks": 2,
                "purpose": "训练",
                "as_committee": True,
                "now": ROOMS_NOW,
            },
        ),
        "booking_cancel": (
            rooms_services.booking_cancel,
            lambda w: {"booking": _booking(w), "now": ROOMS_NOW},
        ),
        "booking_no_show": (
            rooms_services.booking_no_show,
            lambda w: {"booking": _booking(w), "now": ROOMS_NOW + datetime.timedelta(days=3)},
        ),
    }
)


# 活动室: approval, 改约, expiry (rooms)
MODULES += ("gonghui.activities.services_rooms_approval",)
PAGES["activities_rooms_pending"] = lambda w: "/unions/school/rooms/pending/"
# fmt: off
MATRIX.update({
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # the bookings waiting for approval: as the rooms list (the 经审 reads)
    "activities_rooms_pending":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
})
# fmt: on


def _pending_booking(w):
    """The treasurer's booking of a room needing approval (waiting)."""
    from tests.activities.support_rooms import at, book, make_room

    room = make_room(w.school, name="活动室", hours="每日7:00-22:00", needs_approval=True)
    return book(w.treasurer, room, at(1, 18), at(1, 19))


def _approval_services():
    from gonghui.activities import services_rooms_approval as approval

    return approval


CASES.update(
    {
        # a member moves their own booking; another's is the committee's
        "booking_change": (
            rooms_services.booking_change,
            lambda w: {
                "booking": _booking(w),
                "starts_at": ROOMS_NOW + datetime.timedelta(days=1, hours=10),
                "ends_at": ROOMS_NOW + datetime.timedelta(days=1, hours=11),
                "persons": 2,
                "now": ROOMS_NOW,
            },
        ),
        "bookings_expire": (
            rooms_services.bookings_expire,
            lambda w: {"room": _room(w.school), "now": ROOMS_NOW},
        ),
        "booking_approve": (
            _approval_services().booking_approve,
            lambda w: {"booking": _pending_booking(w), "now": ROOMS_NOW},
        ),
        "booking_refuse": (
            _approval_services().booking_refuse,
            lambda w: {"booking": _pending_booking(w), "reason": "迎检", "now": ROOMS_NOW},
        ),
    }
)


def grow_pending_bookings(world, n: int) -> None:
    """``n`` bookings of the school waiting for approval, far ahead."""
    from gonghui.activities.models_rooms import Booking, BookingState, Room

    room = Room.objects.filter(union=world.school, name="待审活动室").first()
    if room is None:
        room = _room(world.school, name="待审活动室")
    for i in range(Booking.objects.filter(room=room).count(), n):
        start = ROOMS_NOW + datetime.timedelta(days=i + 1)
        Booking.objects.create(
            room=room,
            union=world.school,
            user=world.member,
            purpose="健身",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            state=BookingState.PENDING,
        )


# --- another union's objects ----------------------------------------------------------------


def _checkin(w, union=None, actor=None):
    """A sign-up of ``union`` (the school's 周会员, or the given actor's) marked present."""
    activity = make_activity(union or w.school)
    reg = activity_services.registration_signup(actor=actor or w.member, activity=activity, now=NOW)
    return checkin_services.checkin_mark(actor=None, registration=reg, now=START)[0]


def foreign(w) -> dict:
    """The hospital's activity, and 郑护士's sign-up (the outsider's own account)."""
    activity = make_activity(w.hospital)
    reg = activity_services.registration_signup(actor=w.outsider, activity=activity, now=NOW)
    session = checkin_services.checkin_session_open(actor=None, activity=activity)
    tournament = _tournament(w.hospital, drawn=True)
    booking = _booking(w, w.hospital, w.outsider)
    closure = rooms_services.closure_add(
        actor=None,
        room=booking.room,
        starts_at=ROOMS_NOW + datetime.timedelta(days=5),
        ends_at=ROOMS_NOW + datetime.timedelta(days=6),
        reason="维修",
    )[0]
    course, certificate = _training_foreign(w)
    return {
        "training_course": course.pk,
        "training_session": course.training_sessions.first().pk,
        "training_certificate": certificate.pk,
        "room": booking.room_id,
        "room_booking": booking.pk,
        "room_closure": closure.pk,
        "tournament": tournament.pk,
        "tournament_entry": tournament.entries.first().pk,
        "tournament_match": tournament.matches.first().pk,
        "activity": activity.pk,
        "activity_registration": reg.pk,
        "activity_checkin_token": session.token,
        "activity_checkin": _checkin(w, w.hospital, w.outsider).pk,
    }


FILL = {
    "activities:list": f(),
    "activities:create": f(),
    "activities:settings": f(),
    "activities:detail": f("activity"),
    "activities:signup": f("activity"),
    "activities:edit": f("activity"),
    "activities:manage": f("activity"),
    "activities:publish": f("activity"),
    "activities:cancel": f("activity"),
    "activities:draw": f("activity"),
    "activities:register": f("activity"),
    "activities:registration_cancel": f("activity_registration"),
    "activities:registration_confirm": f("activity_registration"),
    "activities:checkin_scan": f("activity", token=A("activity_checkin_token")),
    "activities:checkin_qr": f("activity"),
    "activities:checkin_list": f("activity"),
    "activities:checkin_mark": f("activity_registration"),
    "activities:checkin_undo": f("activity_checkin"),
    "activities:checkin_walk_in": f("activity"),
    "activities:export_signups": f("activity"),
    "activities:export_signin": f("activity"),
    "activities:participation": f(),
    "activities:checkin_settings": f(),
    "activities:tournament_create": f("activity"),
    "activities:tournament": f("tournament"),
    "activities:tournament_edit": f("tournament"),
    "activities:tournament_entry_add": f("tournament"),
    "activities:tournament_entries_signups": f("tournament"),
    "activities:tournament_entry_remove": f("tournament_entry"),
    "activities:tournament_draw": f("tournament"),
    "activities:tournament_schedule": f("tournament"),
    "activities:tournament_prize": f("tournament"),
    "activities:tournament_sheet": f("tournament"),
    "activities:tournament_match": f("tournament_match"),
    "activities:room": f("room"),
    "activities:rooms_book": f("room"),
    "activities:rooms_edit": f("room"),
    "activities:rooms_manage": f("room"),
    "activities:rooms_archive": f("room"),
    "activities:rooms_booking_cancel": f("room_booking"),
    "activities:rooms_booking_no_show": f("room_booking"),
    "activities:rooms_closure_withdraw": f("room_closure"),
    "activities:rooms_list": f(),
    "activities:rooms_create": f(),
    "activities:rooms_settings": f(),
    "activities:rooms_stats": f(),
    "activities:rooms_booking_edit": f("room_booking"),
    "activities:rooms_booking_approve": f("room_booking"),
    "activities:rooms_booking_refuse": f("room_booking"),
    "activities:rooms_pending": f(),
}
SKIPPED = {
    "activities:mine": "the user's own sign-ups and their union's activities, from the account",
    "activities:rooms_mine": "the user's own bookings and their union's rooms, from the account",
}


# --- the 工作台's cost -----------------------------------------------------------------------


def grow_offers(world, n: int) -> None:
    """``n`` sign-ups in the school promoted from the waiting list, not yet confirmed."""
    from gonghui.activities.models import Activity
    from gonghui.orgs.models import Member

    activity = Activity.objects.filter(union=world.school, title="候补").first()
    if activity is None:
        activity = make_activity(world.school, title="候补", capacity=1000)
    for i in range(activity.registrations.count(), n):
        member = Member.objects.create(union=world.school, name=f"候补{i}", sex="F")
        Registration.objects.create(
            activity=activity,
            union=world.school,
            member=member,
            name=member.name,
            persons=1,
            state=RegState.OFFERED,
            offered_until=NOW,
        )


# the row of tests/core/test_dashboard_cost.py COST: counted with the others in one query
COST = {"activities.plugins.todos": ("chair", 1, lambda world: grow_offers)}
# 活动室 bookings waiting for approval: counted with the others in one query (rooms)
COST["activities.plugins_rooms.todos"] = ("chair", 1, lambda world: grow_pending_bookings)


def grow_results_due(world, n: int) -> None:
    """``n`` matches in the school played an hour ago, both sides known, no result."""
    from gonghui.activities.models_tournament import Tournament, TournamentEntry, TournamentMatch

    t = Tournament.objects.filter(union=world.school, title="待录入").first()
    if t is None:
        activity = make_activity(world.school, title="乒乓球赛", capacity=1000)
        t = Tournament.objects.create(
            activity=activity, union=world.school, title="待录入", first_slot_at=START
        )
        for name in ("甲", "乙"):
            TournamentEntry.objects.create(tournament=t, name=name)
    a, b = t.entries.order_by("id")
    played = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    for i in range(t.matches.count(), n):
        TournamentMatch.objects.create(
            tournament=t, stage="groups", round=1, index=i, a=a, b=b, starts_at=played
        )


# 待录入成绩: counted with the others in one query, and when there are some, the tournament
# of the earliest (the line's link) in one more
COST["activities.plugins_tournament.todos"] = ("chair", 2, lambda world: grow_results_due)


# --- 生日会 and a new activity from a plan item (birthday) ---------------------------------


def _plan_item(w, union=None):
    from gonghui.plans import services as plan_services

    plan = plan_services.plan_create(actor=None, union=union or w.school, year=2027)
    return plan_services.item_save(actor=None, plan=plan, text="乒乓球比赛", months=[5])


MODULES += ("gonghui.activities.services_birthday", "gonghui.activities.services_plan_item")
PAGES.update(
    {
        "activities_birthdays": lambda w: "/unions/school/activities/birthdays/",
        "activities_birthday_party": lambda w: "/unions/school/activities/birthdays/party/",
    }
)
# fmt: off
MATRIX.update({
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # the quarter's birthday list: as the activities list (the 经审 reads it, month only)
    "activities_birthdays":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "activities_birthday_party":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
})
# fmt: on
CASES.update(
    {
        "birthday_gift_draft": (
            birthday_services.birthday_gift_draft,
            lambda w: {"activity": birthday_party(w), "amount": "200", "date": NOW.date()},
        ),
        "activity_for_plan_item": (
            plan_item_services.activity_for_plan_item,
            lambda w: {
                "item": _plan_item(w),
                "fields": {
                    "kind": "sports",
                    "title": "乒乓球比赛",
                    "starts_at": START,
                    "ends_at": START + datetime.timedelta(hours=2),
                    "audience": "all",
                    "capacity": 10,
                },
            },
        ),
    }
)
FILL.update(
    {
        "activities:birthdays": f(),
        "activities:birthday_party": f(),
        "activities:birthday_gift": f("activity"),
        "activities:from_plan_item": f("item"),  # the hospital's plan item (tests/core)
    }
)


# --- 培训 (training) -------------------------------------------------------------------------


def _course(w, union=None):
    from tests.activities.support_training import make_course

    return make_course(union or w.school, hours=("2",))


def _finished_course(w, union, name):
    """A course of ``union`` with ``name`` present at its one session, ended."""
    from tests.activities.support import signup
    from tests.activities.support_training import attend

    course = _course(w, union)
    signup(w, course, name)
    attend(w, course, name, [1])
    return course, START + datetime.timedelta(days=2)


def _training_foreign(w):
    """The hospital's course (郑护士 present) and her certificate."""
    course, after = _finished_course(w, w.hospital, "郑护士")
    [certificate] = training_services.training_certificates_issue(
        actor=None, activity=course, now=after
    )
    return course, certificate


def _school_certificate(w):
    """The treasurer's certificate of a school course."""
    course, after = _finished_course(w, w.school, "赵财务")
    [certificate] = training_services.training_certificates_issue(
        actor=None, activity=course, now=after
    )
    return certificate


def _session_fields():
    return {
        "starts_at": START + datetime.timedelta(hours=3),
        "ends_at": START + datetime.timedelta(hours=4),
        "topic": "安全生产",
        "hours": "1",
    }


from gonghui.activities import services_training as training_services  # noqa: E402

PAGES.update(
    {
        "activities_training_year": lambda w: "/unions/school/activities/training/",
        "activities_training_settings": lambda w: "/unions/school/activities/training-settings/",
    }
)
# fmt: off
MATRIX.update({
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # the year's courses and hours, and the completion rule: as 参与人次 (the 经审 reads)
    "activities_training_year":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "activities_training_settings":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
})
# fmt: on
CASES.update(
    {
        "training_settings_save": (
            training_services.training_settings_save,
            lambda w: {"union": w.school, "fields": {"completion_percent": 90}},
        ),
        "training_session_save": (
            training_services.training_session_save,
            lambda w: {"activity": _course(w), "fields": _session_fields()},
        ),
        "training_session_remove": (
            training_services.training_session_remove,
            lambda w: {"session": _course(w).training_sessions.first()},
        ),
        # revoking a certificate is the committee's (the treasurer's own certificate too)
        "training_certificate_revoke": (
            training_services.training_certificate_revoke,
            lambda w: {"certificate": _school_certificate(w), "reason": "课时计错"},
        ),
        # the treasurer's certificate is due: the member must not be able to issue it
        "training_certificates_issue": (
            training_services.training_certificates_issue,
            lambda w: dict(
                zip(
                    ("activity", "now"),
                    _finished_course(w, w.school, "赵财务"),
                    strict=True,
                )
            ),
        ),
    }
)
FILL.update(
    {
        "activities:training": f("training_course"),
        "activities:training_mine": f("training_course"),
        "activities:training_session_new": f("training_course"),
        "activities:training_session_edit": f("training_session"),
        "activities:training_session_remove": f("training_session"),
        "activities:training_session_qr": f("training_session"),
        "activities:training_mark": f("training_session"),
        "activities:training_issue": f("training_course"),
        "activities:training_certificates": f("training_course"),
        "activities:training_certificate": f("training_certificate"),
        "activities:training_certificate_revoke": f("training_certificate"),
        "activities:training_year": f(),
        "activities:training_settings": f(),
    }
)


# --- 比赛: scoring settings, 改期, 成绩公告 (tourney) -----------------------------------------

MODULES += ("gonghui.activities.services_tournament_schedule",)
PAGES["activities_tournament_settings"] = lambda w: "/unions/school/activities/tournament-settings/"
# fmt: off
MATRIX.update({
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # the union's scoring rules: as the other settings pages (the 经审 reads)
    "activities_tournament_settings":
                           (LOGIN, NO,   NO,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
})
# fmt: on


def _tournament_move(w):
    """The last group match of a drawn school tournament, moved to a new slot."""
    t = _tournament(w.school, drawn=True)
    m = t.matches.order_by("-slot").first()
    return {"match": m, "slot": m.slot + 1, "court": 0}


def _schedule_services():
    from gonghui.activities import services_tournament_schedule as moves

    return moves


CASES.update(
    {
        "tournament_settings_save": (
            tournament_services.tournament_settings_save,
            lambda w: {"union": w.school, "fields": {"win_points": 3}},
        ),
        "match_move": (_schedule_services().match_move, _tournament_move),
    }
)
FILL.update(
    {
        "activities:tournament_move": f("tournament_match"),
        "activities:tournament_notice": f("tournament"),
        "activities:tournament_settings": f(),
    }
)
