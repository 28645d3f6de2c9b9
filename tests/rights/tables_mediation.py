"""劳动争议调解 in the project's access tables (tests/core/tables.py): its pages in the role
matrix — the committee page and its figures for ``rights.view``, the cases for a SEAT on the
committee only (here 周会员, the plain member: the chair without a seat is refused) —, its
services refused to a user without the permission or the seat, its URL patterns walked with
the hospital's seat and case, and its 待办's cost."""

import datetime

from gonghui.rights import services_mediation as services
from tests.core.tables import GONE, LOGIN, NO, OK, f
from tests.rights.support_mediation import agreed, case, seat

MODULES = ("gonghui.rights.services_mediation",)
SEAT = "a seat on the union's 劳动争议调解委员会, not a role"
OWN_ONLY = {
    f"gonghui.rights.services_mediation.{name}": SEAT
    for name in (
        "case_create",
        "case_accept",
        "case_refuse",
        "case_mediators",
        "session_add",
        "case_agree",
        "case_fail",
        "case_withdraw",
    )
}


def _seated_case(w, make=case):
    seat(w)  # 周会员, the plain member, sits on the school's committee
    return make(w)


PAGES = {
    "mediation_committee": lambda w: "/unions/school/rights/mediation/",
    "mediation_mediator_new": lambda w: "/unions/school/rights/mediation/mediators/new/",
    "mediation_cases": lambda w: (seat(w), "/unions/school/rights/mediation/cases/")[1],
    "mediation_case_new": lambda w: (seat(w), "/unions/school/rights/mediation/cases/new/")[1],
    "mediation_case": lambda w: f"/rights/mediation/cases/{_seated_case(w).pk}/",
    "mediation_agreement": lambda w: (
        f"/rights/mediation/cases/{_seated_case(w, agreed).pk}/agreement.docx"
    ),
    "mediation_mine": lambda w: "/rights/mediation/mine/",
}
# fmt: off
MATRIX = {
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # the committee's seats and counts: rights.view; its seats kept by rights.change
    "mediation_committee": (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "mediation_mediator_new":
                           (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    # the cases: the seat alone (周会员 holds one) — not the chair, the 经审, the federation
    "mediation_cases":     (LOGIN, NO,   NO,   NO,   NO,   NO,   NO,   NO,   OK,   GONE, GONE),
    "mediation_case_new":  (LOGIN, NO,   NO,   NO,   NO,   NO,   NO,   NO,   OK,   GONE, GONE),
    "mediation_case":      (LOGIN, NO,   NO,   NO,   NO,   NO,   NO,   NO,   OK,   GONE, GONE),
    "mediation_agreement": (LOGIN, NO,   NO,   NO,   NO,   NO,   NO,   NO,   OK,   GONE, GONE),
    # every account: its own applications (none, or told so)
    "mediation_mine":      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on

DAY = datetime.timedelta(days=1)


def _open(w):
    return case(w)


def _accepted(w):
    c = case(w)
    return services.case_accept(actor=None, case=c, accepted_on=c.applied_on, today=c.applied_on)


CASES = {
    "mediator_add": (
        services.mediator_add,
        lambda w: {"union": w.school, "member": w.members["吴老师"], "since": w_day()},
    ),
    "mediator_end": (
        services.mediator_end,
        lambda w: {"mediator": seat(w, "吴老师"), "until": w_day()},
    ),
    "case_create": (
        services.case_create,
        lambda w: {
            "union": w.school,
            "applicant_name": "甲",
            "respondent": "第一中学",
            "claim_kind": "pay",
            "claim": "加班工资",
            "applied_on": w_day(),
        },
    ),
    "case_accept": (
        services.case_accept,
        lambda w: {"case": _open(w), "accepted_on": _open(w).applied_on},
    ),
    "case_refuse": (
        services.case_refuse,
        lambda w: {"case": _open(w), "on": w_day(), "reason": "不属于劳动争议"},
    ),
    "case_mediators": (services.case_mediators, lambda w: {"case": _open(w), "mediators": []}),
    "session_add": (
        services.session_add,
        lambda w: {"case": _accepted(w), "held_on": w_day(), "record": "记录"},
    ),
    "case_agree": (
        services.case_agree,
        lambda w: {"case": _accepted(w), "on": w_day(), "agreement": "协议"},
    ),
    "case_fail": (services.case_fail, lambda w: {"case": _accepted(w), "on": w_day()}),
    "case_withdraw": (services.case_withdraw, lambda w: {"case": _open(w), "on": w_day()}),
}


def w_day() -> datetime.date:
    return datetime.date(2026, 11, 20)


# --- another union's objects ----------------------------------------------------------------


def foreign(w) -> dict:
    """The hospital's committee seat (郑护士) and an agreed case."""
    hospital_seat = seat(w, "郑护士")
    return {
        "mediation_mediator": hospital_seat.pk,
        "mediation_case": agreed(w, w.hospital, "郑护士").pk,
    }


FILL = {
    "rights:mediation_committee": f(),
    "rights:mediation_mediator_new": f(),
    "rights:mediation_mediator_end": f("mediation_mediator"),
    "rights:mediation_cases": f(),
    "rights:mediation_case_new": f(),
    "rights:mediation_case": f("mediation_case"),
    "rights:mediation_case_step": f("mediation_case", step="session"),
    "rights:mediation_agreement": f("mediation_case"),
}
SKIPPED = {
    "rights:mediation_mine": "the user's own applications; the member comes from the account"
}


# --- the 工作台's cost -----------------------------------------------------------------------


def grow_mediation(world, n: int) -> None:
    """``n`` open cases past their deadline in the school, whose committee 王委员 sits on."""
    from gonghui.rights.models_mediation import MediationCase

    if not MediationCase.objects.filter(union=world.school).exists():
        seat(world, "王委员")
    for _ in range(MediationCase.objects.filter(union=world.school).count(), n):
        case(world)


# the seat is asked inside the shared count query: no query of its own
COST = {"rights.plugins_mediation.todos": ("committee", 1, lambda world: grow_mediation)}
