"""体检 in the project's access tables (tests/core/tables.py): its pages in the role matrix,
its services refused to a user without the permission, its URL patterns walked with the
hospital's campaign, target and slot, and its 待办 source's cost on the 工作台
(tests/core/test_dashboard_cost.py)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.care import services_health as health_services
from tests.care.conftest import PNG
from tests.core.tables import GONE, LOGIN, NO, OK, f

MODULES = ("gonghui.care.services_health",)
OWN_ONLY = {
    "gonghui.care.services_health.health_confirm": "a member confirms their own appointment"
}

PAGES = {
    "health_campaigns": lambda w: "/unions/school/care/health/",
    "health_settings": lambda w: "/unions/school/care/health/settings/",
    "health_mine": lambda w: "/care/health/",
}
# fmt: off
MATRIX = {
    #                    anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # 体检: the campaigns as the files; the settings as the care settings; one's own page.
    "health_campaigns":  (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "health_settings":   (LOGIN, OK,   OK,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "health_mine":       (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on


# --- the service actors ---------------------------------------------------------------------

# Around the real today: adding targets to a campaign that has ended is refused.
HEALTH_DAY = timezone.localdate()


def _health(w, union=None, file=None):
    return health_services.health_campaign_create(
        actor=None,
        union=union or w.school,
        year=HEALTH_DAY.year,
        name="教职工体检",
        provider="县人民医院",
        starts_on=HEALTH_DAY,
        ends_on=HEALTH_DAY + datetime.timedelta(days=5),
        capacity=2,
        entrust_ref="校办〔2026〕12号",
        entrust_file=file,
        workdays_only=False,
    )


def _health_target(w, union=None, name="吴老师", file=None):
    campaign = _health(w, union, file)
    health_services.health_targets_add(actor=None, campaign=campaign, members=[w.members[name]])
    return campaign.targets.get()


def _health_booking(w):
    target = _health_target(w)
    return {"target": target, "slot": target.campaign.slots.last(), "today": HEALTH_DAY}


def _health_booked(w):
    return health_services.health_book(actor=None, **_health_booking(w))


CASES = {
    # care: 体检 (the target is 吴老师's: the plain member's own would be theirs to book)
    "health_settings_save": (
        health_services.health_settings_save,
        lambda w: {"union": w.school, "fields": {"general_years": 2}},
    ),
    "health_campaign_create": (
        health_services.health_campaign_create,
        lambda w: {
            "union": w.school,
            "year": HEALTH_DAY.year,
            "name": "体检",
            "provider": "县人民医院",
            "starts_on": HEALTH_DAY,
            "ends_on": HEALTH_DAY,
            "capacity": 2,
            "entrust_ref": "校办〔2026〕12号",
            "entrust_file": SimpleUploadedFile("委托函.png", PNG),
        },
    ),
    "health_slot_capacity": (
        health_services.health_slot_capacity,
        lambda w: {"slot": _health(w).slots.first(), "capacity": 9},
    ),
    "health_targets_add": (health_services.health_targets_add, lambda w: {"campaign": _health(w)}),
    "health_book": (health_services.health_book, _health_booking),
    "health_confirm": (health_services.health_confirm, lambda w: {"target": _health_booked(w)}),
    "health_cancel": (
        health_services.health_cancel,
        lambda w: {"target": _health_booked(w), "today": HEALTH_DAY},
    ),
    "health_done": (
        health_services.health_done,
        lambda w: {"target": _health_target(w), "today": HEALTH_DAY},
    ),
    "health_absent": (
        health_services.health_absent,
        lambda w: {"target": _health_target(w), "reason": "sick"},
    ),
    "health_undo": (
        health_services.health_undo,
        lambda w: {
            "target": health_services.health_absent(
                actor=None, target=_health_target(w), reason="sick"
            )
        },
    ),
    "health_export": (health_services.health_export, lambda w: {"campaign": _health(w)}),
}


# --- another union's objects ----------------------------------------------------------------


def foreign(w) -> dict:
    """The hospital's campaign (with its 委托书), 郑护士's target and a slot."""
    target = _health_target(
        w, w.hospital, "郑护士", SimpleUploadedFile("委托函.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    )
    return {
        "health_campaign": target.campaign_id,
        "health_target": target.pk,
        "health_slot": target.campaign.slots.first().pk,
    }


FILL = {
    "care:health_campaigns": f(),
    "care:health_settings": f(),
    "care:health_campaign": f("health_campaign"),
    "care:health_targets": f("health_campaign"),
    "care:health_export": f("health_campaign"),
    "care:health_entrust": f("health_campaign"),
    "care:health_slot": f("health_slot"),
    "care:health_book": f("health_target"),
    "care:health_confirm": f("health_target"),
    "care:health_cancel": f("health_target"),
    "care:health_done": f("health_target"),
    "care:health_absent": f("health_target"),
    "care:health_undo": f("health_target"),
}
SKIPPED = {
    "care:health_mine": "the user's own appointments; the member comes from the account",
}


# --- the 工作台's cost -----------------------------------------------------------------------


def grow_health(world, n: int) -> None:
    """``n`` health-check appointments in the school whose day has passed, unmarked."""
    from gonghui.care.models_health import HealthCampaign
    from gonghui.orgs.models import Member

    past = HEALTH_DAY - datetime.timedelta(days=3)
    campaign = HealthCampaign.objects.filter(union=world.school).first()
    if campaign is None:
        campaign = health_services.health_campaign_create(
            actor=None,
            union=world.school,
            year=(HEALTH_DAY - datetime.timedelta(days=10)).year,
            name="体检",
            provider="县医院",
            starts_on=HEALTH_DAY - datetime.timedelta(days=10),
            ends_on=HEALTH_DAY + datetime.timedelta(days=10),
            capacity=50,
            entrust_ref="委托函",
            workdays_only=False,
        )
    slot = campaign.slots.get(day=past)
    for i in range(campaign.targets.count(), n):
        member = Member.objects.create(union=world.school, name=f"体检{i}", sex="F")
        health_services.health_targets_add(actor=None, campaign=campaign, members=[member])
        target = campaign.targets.get(member=member)
        health_services.health_book(
            actor=None, target=target, slot=slot, today=past - datetime.timedelta(days=1)
        )


# the row of COST: counted with the other sources' in one query
COST = {"care.plugins_health.todos": ("chair", 1, lambda world: grow_health)}


# the row of tests/core/test_dashboard_cost.py COST: counted in one query
COST = {"care.plugins_health.todos": ("chair", 1, lambda world: grow_health)}
