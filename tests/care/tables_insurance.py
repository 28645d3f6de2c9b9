"""互助保障 in the project's three access tables (tests/core/tables.py): its pages in the
role matrix, its services refused to a user without the permission, its URL patterns walked
with the hospital's plan, enrolment and claim."""

import datetime

from django.utils import timezone

from gonghui.care import services_insurance as insurance_services
from tests.core.tables import GONE, LOGIN, NO, OK, f

MODULES = ("gonghui.care.services_insurance",)

PAGES = {
    "insurance_plans": lambda w: "/unions/school/care/insurance/",
    "insurance_fed": lambda w: "/unions/fed/care/insurance/",
    "insurance_rates": lambda w: "/unions/school/care/insurance/rates/",
    "insurance_rates_fed": lambda w: "/unions/fed/care/insurance/rates/",
    "insurance_plan_new": lambda w: "/unions/school/care/insurance/new/",
    "insurance_mine": lambda w: "/care/insurance/mine/",
}
# fmt: off
MATRIX = {
    #                       anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # 互助保障: the plans as the hardship files (care.view); a new plan needs care.change; the
    # 投保率 (counts only) for whoever reads the union (org.view), a federation's tree for
    # its staff; one's own cover and claims for every account.
    "insurance_plans":     (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "insurance_fed":       (LOGIN, NO,   NO,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "insurance_rates":     (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   NO,   NO,   GONE, GONE),
    "insurance_rates_fed": (LOGIN, OK,   OK,   GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE),
    "insurance_plan_new":  (LOGIN, NO,   NO,   OK,   NO,   NO,   NO,   NO,   NO,   GONE, GONE),
    "insurance_mine":      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on


# --- the service actors ---------------------------------------------------------------------

TODAY = timezone.localdate()


def _insurance_plan(w, union=None):
    start = TODAY - datetime.timedelta(days=30)
    return insurance_services.insurance_plan_create(
        actor=None,
        union=union or w.school,
        name="职工住院医疗互助保障",
        kind="hospital",
        provider_kind="mutual",
        provider="示范市职工互助保障会",
        premium="60",
        max_benefit="50000",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=364),
        eligibility="all",
    )


def _insurance_enrolled(w, union=None, name="吴老师"):
    plan = _insurance_plan(w, union)
    insurance_services.insurance_enrol(
        actor=None, plan=plan, members=[w.members[name]], on=plan.starts_on
    )
    return plan


def _insurance_claim(w, union=None, name="吴老师"):
    plan = _insurance_enrolled(w, union, name)
    return insurance_services.insurance_claim_record(
        actor=None,
        plan=plan,
        member=w.members[name],
        event_on=TODAY,
        claimed="1000",
        diagnosis="肺炎",
    )


def _insurance_plan_fields():
    start = TODAY - datetime.timedelta(days=30)
    return {
        "name": "职工住院医疗互助保障",
        "kind": "hospital",
        "provider_kind": "mutual",
        "provider": "示范市职工互助保障会",
        "premium": "40",
        "max_benefit": "",
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=364),
        "eligibility": "all",
        "notes": "",
    }


CASES = {
    # care: 互助保障 (the claim is 吴老师's: the plain member's own would be theirs to read)
    "insurance_plan_create": (
        insurance_services.insurance_plan_create,
        lambda w: {"union": w.school, **_insurance_plan_fields()},
    ),
    "insurance_plan_update": (
        insurance_services.insurance_plan_update,
        lambda w: {"plan": _insurance_plan(w), **_insurance_plan_fields()},
    ),
    "insurance_plan_renew": (
        insurance_services.insurance_plan_renew,
        lambda w: {"plan": _insurance_enrolled(w)},
    ),
    "insurance_enrol": (insurance_services.insurance_enrol, lambda w: {"plan": _insurance_plan(w)}),
    "insurance_withdraw": (
        insurance_services.insurance_withdraw,
        lambda w: {"enrollment": _insurance_enrolled(w).enrollments.get(), "reason": "调离"},
    ),
    "insurance_premium_draft": (
        insurance_services.insurance_premium_draft,
        lambda w: {"plan": _insurance_enrolled(w)},
    ),
    "insurance_claim_record": (
        insurance_services.insurance_claim_record,
        lambda w: {
            "plan": _insurance_enrolled(w),
            "member": w.members["吴老师"],
            "event_on": TODAY,
            "claimed": "1000",
        },
    ),
    "insurance_claim_review": (
        insurance_services.insurance_claim_review,
        lambda w: {"claim": _insurance_claim(w)},
    ),
    "insurance_claim_pay": (
        insurance_services.insurance_claim_pay,
        lambda w: {"claim": _insurance_claim(w), "paid": "800"},
    ),
    "insurance_claim_deny": (
        insurance_services.insurance_claim_deny,
        lambda w: {"claim": _insurance_claim(w), "reason": "既往症"},
    ),
    "insurance_claim_view": (
        insurance_services.insurance_claim_view,
        lambda w: {"claim": _insurance_claim(w)},
    ),
    "insurance_export_record": (
        insurance_services.insurance_export_record,
        lambda w: {"plan": _insurance_enrolled(w), "count": 1, "masked": True},
    ),
}


# --- another union's objects ----------------------------------------------------------------


def foreign(w) -> dict:
    """The hospital's plan (郑护士 enrolled), her enrolment and her claim."""
    claim = _insurance_claim(w, w.hospital, "郑护士")
    return {
        "insurance_plan": claim.plan_id,
        "insurance_enrollment": claim.enrollment_id,
        "insurance_claim": claim.pk,
    }


FILL = {
    "care:insurance": f(),
    "care:insurance_rates": f(),
    "care:insurance_plan_new": f(),
    "care:insurance_plan": f("insurance_plan"),
    "care:insurance_plan_edit": f("insurance_plan"),
    "care:insurance_enrol": f("insurance_plan"),
    "care:insurance_premium": f("insurance_plan"),
    "care:insurance_renew": f("insurance_plan"),
    "care:insurance_export": f("insurance_plan"),
    "care:insurance_claim_new": f("insurance_plan"),
    "care:insurance_withdraw": f("insurance_enrollment"),
    "care:insurance_claim": f("insurance_claim"),
    "care:insurance_claim_review": f("insurance_claim"),
    "care:insurance_claim_pay": f("insurance_claim"),
    "care:insurance_claim_deny": f("insurance_claim"),
}
SKIPPED = {
    "care:insurance_mine": "the user's own cover and claims; the member comes from the account",
}
