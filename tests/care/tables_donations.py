"""捐款 (一日捐, 爱心捐款) in the project's three access tables (tests/core/tables.py): its
pages in the role matrix, its services refused to a user without the permission, its URL
patterns walked with the hospital's campaign, payment and hand-over."""

import datetime

from gonghui.care import services_donations as s
from tests.core.tables import GONE, LOGIN, NO, OK, f

MODULES = ("gonghui.care.services_donations",)

PAGES = {
    "donation_campaigns": lambda w: "/unions/school/care/donations/",
    "donation_mine": lambda w: "/care/donations/",
}
# fmt: off
MATRIX = {
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # the campaigns as care's other lists (care.view); one's own donations for every account
    "donation_campaigns": (LOGIN, NO,   NO,   OK,   NO,   NO,   OK,   NO,   NO,   GONE, GONE),
    "donation_mine":      (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on

# --- the service actors (the member-facing cases are 吴老师's, so the plain member — 周会员 —
# is refused as for anyone else's) ------------------------------------------------------------

TODAY = datetime.date(2026, 3, 10)
FIELDS = {
    "name": "爱心捐款",
    "kind": "love",
    "purpose": "救灾",
    "starts_on": TODAY,
    "ends_on": TODAY,
}


def _campaign(w, union=None):
    found = s.donation_campaign_create(
        actor=None,
        union=union or w.school,
        name="慈善一日捐",
        kind="one_day",
        purpose="资助困难职工",
        recipient="区慈善总会",
        starts_on=TODAY,
        ends_on=TODAY,
    )
    return s.donation_campaign_open(actor=None, campaign=found, today=TODAY)


def _entry(w, union=None, name="吴老师"):
    return s.donation_pay(
        actor=None,
        campaign=_campaign(w, union),
        member=w.members[name],
        amount="100",
        method="cash",
        on=TODAY,
        today=TODAY,
    )


def _handover(w, union=None, name="吴老师"):
    entry = _entry(w, union, name)
    return s.donation_handover(
        actor=None, campaign=entry.campaign, on=TODAY, amount="100", receipt_no="R-1", today=TODAY
    )


def _draft(w):
    return s.donation_campaign_create(actor=None, union=w.school, **FIELDS)


WU = "吴老师"
CASES = {
    "donation_campaign_create": (
        s.donation_campaign_create,
        lambda w: {"union": w.school, **FIELDS},
    ),
    "donation_campaign_update": (
        s.donation_campaign_update,
        lambda w: {"campaign": _campaign(w), **FIELDS},
    ),
    "donation_campaign_open": (
        s.donation_campaign_open,
        lambda w: {"campaign": _draft(w), "today": TODAY},
    ),
    "donation_campaign_close": (s.donation_campaign_close, lambda w: {"campaign": _campaign(w)}),
    "donation_pledge": (
        s.donation_pledge,
        lambda w: {
            "campaign": _campaign(w),
            "member": w.members[WU],
            "amount": "100",
            "today": TODAY,
        },
    ),
    "donation_pay": (
        s.donation_pay,
        lambda w: {
            "campaign": _campaign(w),
            "member": w.members[WU],
            "amount": "100",
            "method": "transfer",
            "on": TODAY,
            "today": TODAY,
        },
    ),
    "donation_batch": (
        s.donation_batch,
        lambda w: {
            "campaign": _campaign(w),
            "kind": "payment",
            "method": "cash",
            "on": TODAY,
            "today": TODAY,
            "rows": [{"member": w.members[WU], "amount": "100"}],
        },
    ),
    "donation_reverse": (
        s.donation_reverse,
        lambda w: {"entry": _entry(w), "reason": "误登记", "today": TODAY},
    ),
    "donation_anonymity": (
        s.donation_anonymity,
        lambda w: {"campaign": _entry(w).campaign, "member": w.members[WU], "anonymous": True},
    ),
    "donation_handover": (
        s.donation_handover,
        lambda w: {
            "campaign": _entry(w).campaign,
            "on": TODAY,
            "amount": "100",
            "receipt_no": "R-1",
            "today": TODAY,
        },
    ),
    "donation_handover_reverse": (
        s.donation_handover_reverse,
        lambda w: {"handover": _handover(w), "reason": "填错", "today": TODAY},
    ),
}

# --- another union's objects ----------------------------------------------------------------


def foreign(w) -> dict:
    """The hospital's campaign, 郑护士's cash payment and its hand-over."""
    handover = _handover(w, w.hospital, "郑护士")
    entry = handover.campaign.entries.get()
    return {
        "donation_campaign": handover.campaign_id,
        "donation_entry": entry.pk,
        "donation_handover": handover.pk,
    }


FILL = {
    "care:donation_campaigns": f(),
    "care:donation_campaign_new": f(),
    **{
        f"care:donation_{name}": f("donation_campaign")
        for name in (
            "campaign",
            "campaign_edit",
            "open",
            "close",
            "batch",
            "handover",
            "thanks",
            "thanks_docx",
            "export",
            "pledge",
            "pay",
            "anonymity",
        )
    },
    "care:donation_reverse": f("donation_entry"),
    "care:donation_handover_reverse": f("donation_handover"),
}
SKIPPED = {
    "care:donation_mine": "the user's own donations; the member comes from the account",
}
