"""劳动保护 in the project's access tables (tests/core/tables.py): its pages in the role
matrix, its services refused to a user without ``rights.change``, its URL patterns walked
with the hospital's inspection, hazard, photo, post and accident, and its 待办's cost on the
工作台 (tests/core/test_dashboard_cost.py)."""

from __future__ import annotations

from decimal import Decimal

from gonghui.rights import services_safety as services
from gonghui.rights.models_safety import AccidentSeverity, HazardFactor
from tests.core.tables import GONE, LOGIN, NO, OK, f
from tests.rights.support_safety import DAY, TODAY, hazard, inspection, photo, rectified

MODULES = ("gonghui.rights.services_safety",)

PAGES = {
    "safety": lambda w: "/unions/school/rights/safety/",
    "safety_inspection_new": lambda w: "/unions/school/rights/safety/inspections/new/",
    "safety_posts": lambda w: "/unions/school/rights/safety/posts/",
    "safety_accidents": lambda w: "/unions/school/rights/safety/accidents/",
    "safety_ankang": lambda w: "/unions/school/rights/safety/ankang/",
}
# fmt: off
MATRIX = {
    #                        anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # read by rights.view (the 经审 too); recording an inspection needs rights.change
    "safety":                (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "safety_inspection_new": (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "safety_posts":          (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "safety_accidents":      (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "safety_ankang":         (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
}
# fmt: on


def _post(w, union=None):
    return services.hazard_post_save(
        actor=None,
        union=union or w.school,
        fields={"name": "实验员", "factors": [HazardFactor.CHEMICAL], "workers": 3},
        today=TODAY,
    )


def _accident(w, union=None):
    return services.accident_record(
        actor=None,
        union=union or w.school,
        occurred_on=TODAY - DAY,
        place="实验室",
        severity=AccidentSeverity.MINOR,
        description="搬运器材时扭伤脚踝。",
        today=TODAY,
    )


CASES = {
    "inspection_create": (
        services.inspection_create,
        lambda w: {
            "union": w.school,
            "held_on": TODAY,
            "kind": "routine",
            "places": "食堂",
            "outside_inspectors": "安全员",
            "today": TODAY,
        },
    ),
    "hazard_add": (
        services.hazard_add,
        lambda w: {
            "inspection": inspection(w.school),
            "location": "食堂",
            "description": "燃气管老化",
            "level": "general",
            "owner": "总务处",
            "deadline": TODAY,
            "photo": photo(),
            "today": TODAY,
        },
    ),
    "hazard_rectify": (
        services.hazard_rectify,
        lambda w: {
            "hazard": hazard(w.school),
            "rectified_on": TODAY,
            "measure": "更换",
            "today": TODAY,
        },
    ),
    "hazard_recheck": (
        services.hazard_recheck,
        lambda w: {
            "hazard": rectified(w.school),
            "checked_on": TODAY,
            "checked_by": "王委员",
            "passed": True,
            "today": TODAY,
        },
    ),
    "hazard_escalate": (
        services.hazard_escalate,
        lambda w: {
            "hazard": hazard(w.school, level="major"),
            "escalated_on": TODAY,
            "escalated_to": "校长",
            "today": TODAY,
        },
    ),
    "hazard_post_save": (
        services.hazard_post_save,
        lambda w: {
            "union": w.school,
            "fields": {"name": "锅炉工", "factors": ["heat"], "workers": 1},
            "today": TODAY,
        },
    ),
    "hazard_post_retire": (services.hazard_post_retire, lambda w: {"post": _post(w)}),
    "accident_record": (
        services.accident_record,
        lambda w: {
            "union": w.school,
            "occurred_on": TODAY,
            "place": "操场",
            "severity": "minor",
            "description": "摔伤",
            "today": TODAY,
        },
    ),
    "accident_recognition": (
        services.accident_recognition,
        lambda w: {"accident": _accident(w), "recognition": "applied"},
    ),
    "ankang_entry_save": (
        services.ankang_entry_save,
        lambda w: {"union": w.school, "year": 2026, "group": w.chinese, "score": Decimal("90")},
    ),
}


def foreign(w) -> dict:
    """The hospital's inspection, its hazard (with a photo), a post and an accident."""
    h = hazard(w.hospital, file=photo())
    return {
        "safety_inspection": h.inspection_id,
        "safety_hazard": h.pk,
        "safety_photo": h.photos.get().pk,
        "safety_post": _post(w, w.hospital).pk,
        "safety_accident": _accident(w, w.hospital).pk,
    }


FILL = {
    "rights:safety": f(),
    "rights:safety_inspection_new": f(),
    "rights:safety_inspection": f("safety_inspection"),
    "rights:safety_hazard": f("safety_hazard"),
    "rights:safety_photo": f("safety_photo"),
    "rights:safety_posts": f(),
    "rights:safety_post": f("safety_post"),
    "rights:safety_accidents": f(),
    "rights:safety_accident": f("safety_accident"),
    "rights:safety_ankang": f(),
    "rights:safety_export": f(),
}


def grow_safety(world, n: int) -> None:
    """``n`` hazards in the school past their deadline (real today), none closed."""
    from django.utils import timezone

    from gonghui.rights.models_safety import Hazard

    today = timezone.localdate()
    found = today - 20 * DAY
    first = inspection(world.school, held_on=found, today=today)
    for _ in range(Hazard.objects.filter(union=world.school).count(), n):
        hazard(world.school, inspection=first, found=found, deadline=found + DAY, today=today)


# counted with the other sources' in one query (core.todo.Counted)
COST = {"rights.plugins_safety.todos": ("chair", 1, lambda world: grow_safety)}
