"""集体合同 in the project's access tables (tests/core/tables.py): its pages in the role
matrix (rights.view reads, rights.change runs the steps), its services refused to a user
without the permission, every URL pattern walked with the hospital's contract, and its 待办
source's cost on the 工作台 (tests/core/test_dashboard_cost.py)."""

from __future__ import annotations

from gonghui.rights import services_contracts as services
from gonghui.rights import services_contracts_after as after
from gonghui.rights.models_contracts import (
    CollectiveContract,
    ContractKind,
    ContractStage,
    OfferSide,
)
from tests.core.tables import GONE, LOGIN, NO, OK, f
from tests.rights.support_contracts import (
    DELIVERED,
    DRAFTED,
    LATER,
    SIGNED,
    approved,
    negotiating,
    offered,
    signed,
    submitted,
    to_congress,
)

MODULES = ("gonghui.rights.services_contracts", "gonghui.rights.services_contracts_after")


def _contract(w):
    return negotiating(w)


PAGES = {
    "rights_contracts": lambda w: "/unions/school/rights/contracts/",
    "rights_contract_new": lambda w: "/unions/school/rights/contracts/new/",
    "rights_contract_record": lambda w: "/unions/school/rights/contracts/record/",
    "rights_contract": lambda w: f"/rights/contracts/{_contract(w).pk}/",
    "rights_contract_session": lambda w: (
        f"/rights/contract-sessions/{_contract(w).sessions.first().pk}/"
    ),
    "rights_contract_draft": lambda w: f"/rights/contract-drafts/{_contract(w).drafts.first().pk}/",
    "rights_contract_step": lambda w: f"/rights/contracts/{_contract(w).pk}/sessions/new/",
}
# fmt: off
MATRIX = {
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # read by who holds rights.view (the 经审 and the federation too)
    "rights_contracts":    (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "rights_contract":     (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "rights_contract_session":
                           (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "rights_contract_draft":
                           (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    # the steps: rights.change (the 经审 reads only)
    "rights_contract_new": (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "rights_contract_record":
                           (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "rights_contract_step":
                           (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
}
# fmt: on


def _rep(w):
    return _contract(w).representatives.get(name="吴老师")


def _left(w):
    rep = _rep(w)
    services.representative_leave(
        actor=None, representative=rep, left_on=DRAFTED, reason="调离", today=LATER
    )
    return rep


def _voting_poll(w):
    _, poll = to_congress(w, _contract(w))
    return poll


CASES = {
    "contract_offer": (
        services.contract_offer,
        lambda w: {
            "union": w.school,
            "kind": ContractKind.WAGE,
            "title": "工资专项集体协议",
            "employer": "第一中学",
            "offered_on": DELIVERED,
            "delivered_on": DELIVERED,
            "today": LATER,
        },
    ),
    "contract_reply": (
        services.contract_reply,
        lambda w: {
            "contract": offered(w, actor=None),
            "replied_on": DELIVERED,
            "reply_text": "同意",
            "today": LATER,
        },
    ),
    "employer_add": (
        services.employer_add,
        lambda w: {"contract": _contract(w), "name": "甲厂", "workers": 3},
    ),
    "representative_add": (
        services.representative_add,
        lambda w: {
            "contract": _contract(w),
            "side": OfferSide.EMPLOYER,
            "name": "某某",
            "appointed_on": DELIVERED,
            "today": LATER,
        },
    ),
    "representative_leave": (
        services.representative_leave,
        lambda w: {"representative": _rep(w), "left_on": DRAFTED, "reason": "调离", "today": LATER},
    ),
    "representative_replace": (
        services.representative_replace,
        lambda w: {
            "representative": _left(w),
            "member": w.members["赵财务"],
            "appointed_on": DRAFTED,
            "today": LATER,
        },
    ),
    "session_record": (
        services.session_record,
        lambda w: {
            "contract": _contract(w),
            "held_on": DRAFTED,
            "chaired_by": OfferSide.WORKERS,
            "recorder": "钱记录",
            "minutes": "纪要",
            "today": LATER,
        },
    ),
    "draft_add": (
        services.draft_add,
        lambda w: {"contract": _contract(w), "text": "x", "created_on": DRAFTED, "today": LATER},
    ),
    "draft_to_congress": (
        services.draft_to_congress,
        lambda w: {
            "draft": _contract(w).drafts.first(),
            "sitting": __import__("tests.congress.test_polls_fixtures", fromlist=["congress"])
            .congress(w, 3)
            .sitting,
        },
    ),
    # the congress's close hook: run as whoever closes the vote (congress.manage)
    "draft_vote_apply": (services.draft_vote_apply, lambda w: {"poll": _voting_poll(w)}),
    "contract_sign": (
        services.contract_sign,
        lambda w: {"contract": approved(w), "signed_on": SIGNED, "today": LATER},
    ),
    "contract_submit": (
        services.contract_submit,
        lambda w: {"contract": signed(w), "submitted_on": SIGNED, "today": LATER},
    ),
    "review_record": (
        services.review_record,
        lambda w: {
            "contract": submitted(w),
            "issued_on": SIGNED,
            "received_on": LATER,
            "opinion": "x",
            "today": LATER,
        },
    ),
    "contract_publish": (
        after.contract_publish,
        lambda w: {
            "contract": submitted(w),
            "published_on": LATER,
            "how": "公开栏",
            "today": LATER,
        },
    ),
    "report_add": (
        after.report_add,
        lambda w: {"contract": submitted(w), "reported_on": LATER, "findings": "x", "today": LATER},
    ),
    "contract_end": (
        after.contract_end,
        lambda w: {"contract": submitted(w), "ended_on": LATER, "reason": "x", "today": LATER},
    ),
    "contract_record_existing": (
        after.contract_record_existing,
        lambda w: {
            "union": w.school,
            "kind": ContractKind.WAGE,
            "title": "工资专项集体协议",
            "employer": "第一中学",
            "signed_on": DELIVERED,
            "effective_on": DELIVERED,
            "term_years": 1,
            "today": LATER,
        },
    ),
    "contract_abandon": (
        after.contract_abandon,
        lambda w: {"contract": _contract(w), "ended_on": LATER, "reason": "x", "today": LATER},
    ),
}


# --- another union's objects ----------------------------------------------------------------


def foreign(w) -> dict:
    """The hospital's contract with a representative, a session and a draft."""
    c = offered(w, actor=None, union=w.hospital, title="卫生院集体合同", employer="卫生院")
    nurse = w.members["郑护士"]
    rep = services.representative_add(
        actor=None,
        contract=c,
        side=OfferSide.WORKERS,
        member=nurse,
        chief=True,
        appointed_on=DELIVERED,
        today=LATER,
    )
    services.representative_add(
        actor=None,
        contract=c,
        side=OfferSide.EMPLOYER,
        name="院长",
        chief=True,
        appointed_on=DELIVERED,
        today=LATER,
    )
    session = services.session_record(
        actor=None,
        contract=c,
        held_on=DRAFTED,
        chaired_by=OfferSide.WORKERS,
        recorder="记录员",
        minutes="纪要",
        today=LATER,
    )
    draft = services.draft_add(actor=None, contract=c, text="文本", created_on=DRAFTED, today=LATER)
    return {
        "contract": c.pk,
        "contract_rep": rep.pk,
        "contract_session": session.pk,
        "contract_draft": draft.pk,
    }


FILL = {
    "rights:contracts": f(code="hospital"),
    "rights:contract_new": f(code="hospital"),
    "rights:contract_record": f(code="hospital"),
    "rights:contract": f("contract"),
    "rights:contract_reply": f("contract"),
    "rights:contract_employer": f("contract"),
    "rights:contract_rep_add": f("contract"),
    "rights:contract_rep_leave": f("contract_rep"),
    "rights:contract_rep_replace": f("contract_rep"),
    "rights:session_new": f("contract"),
    "rights:session": f("contract_session"),
    "rights:draft_new": f("contract"),
    "rights:draft": f("contract_draft"),
    "rights:draft_congress": f("contract_draft"),
    "rights:contract_sign": f("contract"),
    "rights:contract_submit": f("contract"),
    "rights:contract_review": f("contract"),
    "rights:contract_publish": f("contract"),
    "rights:contract_report": f("contract"),
    "rights:contract_end": f("contract"),
    "rights:contract_abandon": f("contract"),
}


# --- the 工作台's cost -----------------------------------------------------------------------


def grow_due(world, n: int) -> None:
    """``n`` signed contracts of the school long past their submission deadline."""
    from django.utils import timezone

    have = CollectiveContract.objects.filter(union=world.school, stage=ContractStage.SIGNED)
    for i in range(have.count(), n):
        CollectiveContract.objects.create(
            union=world.school,
            kind=ContractKind.GENERAL,
            title=f"待报送{i}",
            employer="第一中学",
            stage=ContractStage.SIGNED,
            offered_on=DELIVERED,
            offer_delivered_on=DELIVERED,
            signed_on=timezone.localdate().replace(year=2025),
        )


# counted with the other sources' in one query (the settings a subquery of it)
COST = {"rights.plugins_contracts.todos": ("chair", 1, lambda world: grow_due)}
