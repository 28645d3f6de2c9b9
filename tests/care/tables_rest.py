"""疗休养 in the project's access tables (tests/core/tables.py): its pages in the role matrix,
its services refused to a user without the permission, and its URL patterns walked with the
hospital's round, list entry and priority category. Its 待办 lines are in care's existing
source (``care.todos.waiting``), counted in the same query: no row of its own in COST."""

import datetime

from gonghui.care import services_rest as rest_services
from gonghui.care.models_rest import EntryState
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import publicity_close
from tests.core.tables import GONE, LOGIN, NO, OK, f

MODULES = ("gonghui.care.services_rest",)

PAGES = {
    "rest_rounds": lambda w: "/unions/school/care/rest/",
    "rest_settings": lambda w: "/unions/school/care/rest/settings/",
    "rest_tags": lambda w: "/unions/school/care/rest/categories/",
    "rest_mine": lambda w: "/care/rest/",
}
# fmt: off
MATRIX = {
    #                    anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # 疗休养: the rounds and the members' categories as the files (care.view: the chair, the
    # 经审, the welfare member); the settings as the care settings (care.rules reads too).
    "rest_rounds":       (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "rest_settings":     (LOGIN, OK,   OK,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "rest_tags":         (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    # 我的疗休养: the user's own places (an account without a member sees that it has none)
    "rest_mine":         (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on


# --- the service actors ---------------------------------------------------------------------

REST_YEAR = 2026


def _rest_round(w, union=None):
    return rest_services.rest_round_create(
        actor=None,
        union=union or w.school,
        year=REST_YEAR,
        name="暑期疗休养",
        base="职工疗休养基地",
        base_listed=True,
        procurement_ref="会议纪要",
        starts_on=datetime.date(REST_YEAR, 7, 1),
        days=2,
        places=2,
        cost_per_day="300.00",
        dues_until=datetime.date(REST_YEAR, 5, 31),
    )


def _rest_proposed(w, union=None):
    return rest_services.rest_propose(actor=None, round=_rest_round(w, union))


def _rest_cleared(w):
    """A round whose 公示 closed without objection, not yet confirmed."""
    found = _rest_proposed(w)
    rest_services.rest_publicize(actor=None, round=found, today=datetime.date(REST_YEAR, 6, 1))
    item = publicity_for(found)
    publicity_close(actor=None, publicity=item, today=item.ends_on + datetime.timedelta(days=1))
    return found


def _rest_confirmed(w):
    return rest_services.rest_confirm(actor=None, round=_rest_cleared(w))


def _rest_listed(found):
    return found.entries.filter(state=EntryState.LISTED).order_by("rank").first()


def _rest_taken(w):
    found = _rest_confirmed(w)
    for entry in found.entries.filter(state=EntryState.LISTED):
        rest_services.rest_entry_take(actor=None, entry=entry)
    return found


def _rest_tag(w, union=None, name="吴老师"):
    return rest_services.rest_tag_add(
        actor=None,
        union=union or w.school,
        member=w.members[name],
        category="劳动模范",
        year=2024,
    )


CASES = {
    # care: 疗休养
    "rest_settings_save": (
        rest_services.rest_settings_save,
        lambda w: {"union": w.school, "fields": {"max_days": 3}},
    ),
    "rest_tag_add": (
        rest_services.rest_tag_add,
        lambda w: {
            "union": w.school,
            "member": w.members["吴老师"],
            "category": "劳动模范",
            "year": 2024,
        },
    ),
    "rest_tag_remove": (rest_services.rest_tag_remove, lambda w: {"tag": _rest_tag(w)}),
    "rest_round_create": (
        rest_services.rest_round_create,
        lambda w: {
            "union": w.school,
            "year": REST_YEAR,
            "name": "秋季疗休养",
            "base": "基地",
            "base_listed": True,
            "procurement_ref": "纪要",
            "starts_on": datetime.date(REST_YEAR, 9, 1),
            "days": 2,
            "places": 3,
            "cost_per_day": "300",
        },
    ),
    "rest_propose": (rest_services.rest_propose, lambda w: {"round": _rest_round(w)}),
    "rest_entry_add": (
        rest_services.rest_entry_add,
        lambda w: {"round": _rest_proposed(w), "member": w.members["吴老师"], "reason": "增补"},
    ),
    "rest_entry_remove": (
        rest_services.rest_entry_remove,
        lambda w: {"entry": _rest_listed(_rest_proposed(w)), "reason": "调出"},
    ),
    "rest_publicize": (rest_services.rest_publicize, lambda w: {"round": _rest_proposed(w)}),
    "rest_confirm": (
        rest_services.rest_confirm,
        lambda w: {"round": _rest_cleared(w)},
    ),
    "rest_entry_take": (
        rest_services.rest_entry_take,
        lambda w: {"entry": _rest_listed(_rest_confirmed(w))},
    ),
    # someone else's place: the member may give up their own (我的疗休养)
    "rest_entry_decline": (
        rest_services.rest_entry_decline,
        lambda w: {
            "entry": _rest_confirmed(w)
            .entries.filter(state=EntryState.LISTED)
            .exclude(member__user__isnull=False)
            .first(),
            "reason": "放弃",
        },
    ),
    "rest_pay": (
        rest_services.rest_pay,
        lambda w: {"round": _rest_taken(w), "insured": True},
    ),
}


# --- another union's objects ----------------------------------------------------------------


def foreign(w) -> dict:
    """The hospital's round (proposed: 郑护士 on its list) and 郑护士's category."""
    found = _rest_proposed(w, w.hospital)
    return {
        "rest_round": found.pk,
        "rest_entry": _rest_listed(found).pk,
        "rest_tag": _rest_tag(w, w.hospital, "郑护士").pk,
    }


FILL = {
    "care:rest_rounds": f(),
    "care:rest_settings": f(),
    "care:rest_tags": f(),
    "care:rest_tag_remove": f("rest_tag"),
    "care:rest_round": f("rest_round"),
    "care:rest_propose": f("rest_round"),
    "care:rest_add": f("rest_round"),
    "care:rest_publicize": f("rest_round"),
    "care:rest_confirm": f("rest_round"),
    "care:rest_pay": f("rest_round"),
    "care:rest_remove": f("rest_entry"),
    "care:rest_take": f("rest_entry"),
    "care:rest_decline": f("rest_entry"),
}

SKIPPED = {
    "care:rest_mine": "the user's own places; the member comes from the account",
}
