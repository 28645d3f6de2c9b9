"""文体活动 in the project's access tables (tests/core/tables.py): its pages in the role
matrix, its services refused to a user without the permission, its URL patterns walked with
the hospital's activity and sign-up, and its 待办 source's cost on the 工作台
(tests/core/test_dashboard_cost.py)."""

import datetime

from gonghui.activities import services as activity_services
from gonghui.activities import services_checkin as checkin_services
from gonghui.activities import services_tournament as tournament_services
from gonghui.activities.models import Registration, RegState
from tests.activities.support import NOW, START, make_activity
from tests.core.tables import GONE, LOGIN, NO, OK, A, f

MODULES = ("gonghui.activities.services", "gonghui.activities.services_checkin")
MODULES += ("gonghui.activities.services_tournament",)

PAGES = {
    "activities_list": lambda w: "/unions/school/activities/",
    "activities_new": lambda w: "/unions/school/activities/new/",
    "activities_settings": lambda w: "/unions/school/activities/settings/",
    "activities_mine": lambda w: "/activities/",
    "activities_checkin_settings": lambda w: "/unions/school/activities/checkin-settings/",
    "activities_participation": lambda w: "/unions/school/activities/participation/",
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


# --- another union's objects ----------------------------------------------------------------


def foreign(w) -> dict:
    """The hospital's activity, and 郑护士's sign-up (the outsider's own account)."""
    activity = make_activity(w.hospital)
    reg = activity_services.registration_signup(actor=w.outsider, activity=activity, now=NOW)
    session = checkin_services.checkin_session_open(actor=None, activity=activity)
    tournament = _tournament(w.hospital, drawn=True)
    return {
        "tournament": tournament.pk,
        "tournament_entry": tournament.entries.first().pk,
        "tournament_match": tournament.matches.first().pk,
        "activity": activity.pk,
        "activity_registration": reg.pk,
        "activity_checkin_token": session.token,
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
}
SKIPPED = {
    "activities:mine": "the user's own sign-ups and their union's activities, from the account",
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
