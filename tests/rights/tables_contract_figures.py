"""The collective contracts' papers in the project's access tables (tests/core/tables.py):
the download pages in the role matrix, the one service (a paper handed out, recorded)
refused to a user without ``rights.view``, and every paper's URL pattern walked with the
hospital's contract and session (another union's → 404).

Also the builders the figure and paper tests share: contracts written straight into the
database (``CollectiveContract.objects.create``) — the procedure's services are another
part's; these tests read what such rows say."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.congress.models import CongressKind, CongressTerm, Poll, PollStatus, Sitting
from gonghui.rights import services_contract_papers as paper_services
from gonghui.rights.models_contracts import (
    CollectiveContract,
    ContractDraft,
    ContractEmployer,
    ContractKind,
    ContractRepresentative,
    ContractScope,
    ContractStage,
    DraftState,
    NegotiationSession,
    OfferSide,
)
from tests.core.tables import GONE, LOGIN, NO, OK, f

MODULES = ("gonghui.rights.services_contract_papers",)

SIGNED = datetime.date(2026, 3, 2)  # a Monday
EFFECTIVE = datetime.date(2026, 3, 26)
EXPIRES = datetime.date(2029, 3, 25)


def contract(union, **fields) -> CollectiveContract:
    """A contract row as the procedure leaves it (defaults: a 综合集体合同 of ``union``,
    offered, not yet in force)."""
    values = {
        "kind": ContractKind.GENERAL,
        "scope": ContractScope.SINGLE,
        "title": f"{union.name}综合集体合同",
        "employer": union.employer_name or union.name.removesuffix("工会"),
        "offered_on": datetime.date(2026, 1, 5),
        "offer_delivered_on": datetime.date(2026, 1, 6),
        "stage": ContractStage.OFFERED,
    }
    values.update(fields)
    return CollectiveContract.objects.create(union=union, **values)


def in_force(union, **fields) -> CollectiveContract:
    """A contract in force from :data:`EFFECTIVE` to :data:`EXPIRES`."""
    values = {
        "stage": ContractStage.SUBMITTED,
        "signed_on": SIGNED,
        "submitted_on": SIGNED + datetime.timedelta(days=3),
        "received_on": SIGNED + datetime.timedelta(days=4),
        "effective_on": EFFECTIVE,
        "expires_on": EXPIRES,
        "covered_workers": union.staff_count or 0,
    }
    values.update(fields)
    return contract(union, **values)


def regional(holder, covers: list[tuple[str, int, object]], **fields) -> CollectiveContract:
    """A 区域性 contract of ``holder`` in force, covering (name, workers, union or None)."""
    values = {
        "scope": ContractScope.REGIONAL,
        "title": f"{holder.name}区域性集体合同",
        "employer": "示范镇企业联合会",
        "covered_workers": sum(n for _, n, _ in covers),
    }
    found = in_force(holder, **(values | fields))
    for name, workers, union in covers:
        ContractEmployer.objects.create(contract=found, name=name, workers=workers, union=union)
    return found


def congress_poll(union, *, seated=30, present=27, yes=24, no=2, abstain=1) -> Poll:
    """A closed paper vote of the union's 职代会 (the congress's own rows)."""
    term = CongressTerm.objects.create(
        union=union, kind=CongressKind.WORKERS, number=3, starts_on=datetime.date(2024, 1, 1)
    )
    sitting = Sitting.objects.create(
        term=term, number=2, date=datetime.date(2026, 2, 26), place="职工活动中心"
    )
    return Poll.objects.create(
        sitting=sitting,
        title="关于《综合集体合同（草案）》的决议",
        on_paper=True,
        status=PollStatus.CLOSED,
        seated=seated,
        present=present,
        quorum=Decimal("0.6667"),
        majority=Decimal("0.5000"),
        issued=present,
        returned=present,
        invalid=present - yes - no - abstain,
        paper_yes=yes,
        paper_no=no,
        paper_abstain=abstain,
        scrutineers="监票人 王老师、计票人 李老师",
    )


TEXT = """第一章 总则
第一条 为维护职工和用人单位双方的合法权益，根据《中华人民共和国劳动法》等法律法规，经平等协商，订立本合同。
第二章 劳动报酬
第二条 职工工资每月10日前以货币形式足额支付，不得克扣或者无故拖欠。
第三条 职工工资年增长幅度不低于3%。
第三章 工作时间和休息休假
第四条 实行每日工作8小时、每周工作40小时的工时制度。"""


def full_contract(union, members, *, text: str = TEXT, **fields) -> CollectiveContract:
    """A contract through every step: representatives of both sides, two sessions, two
    drafts (the second passed by the 职代会), signed, submitted, in force."""
    values = {
        "title": "2026—2029年度综合集体合同",
        "offer_text": "1. 劳动报酬和工资增长\n2. 工作时间和休息休假\n3. 劳动安全卫生\n"
        "4. 女职工特殊保护",
        "authority": "示范市人力资源和社会保障局",
    }
    found = in_force(union, **(values | fields))
    appointed = datetime.date(2026, 1, 20)
    workers = [
        ContractRepresentative.objects.create(
            contract=found,
            side=OfferSide.WORKERS,
            name=m.name,
            member=m,
            title="工会委员" if i else "工会主席",
            chief=i == 0,
            appointed_on=appointed,
        )
        for i, m in enumerate(members)
    ]
    employer = [
        ContractRepresentative.objects.create(
            contract=found,
            side=OfferSide.EMPLOYER,
            name=name,
            title=title,
            chief=i == 0,
            appointed_on=appointed,
        )
        for i, (name, title) in enumerate(
            [("张建国", "总经理"), ("刘芳", "人力资源部经理"), ("陈明", "财务总监")][: len(members)]
        )
    ]
    sessions = []
    for n, (day, chair) in enumerate(
        [
            (datetime.date(2026, 2, 3), OfferSide.WORKERS),
            (datetime.date(2026, 2, 17), OfferSide.EMPLOYER),
        ],
        start=1,
    ):
        s = NegotiationSession.objects.create(
            contract=found,
            number=n,
            held_on=day,
            place="公司三楼会议室",
            chaired_by=chair,
            recorder="黄小燕",
            topics="工资增长幅度；夜班津贴；女职工孕期保护",
            minutes="双方就工资增长幅度交换了意见。\n职工方提出年增长不低于5%，用人单位方提出3%。",
            agreed="夜班津贴每班提高至30元。",
            open_points="" if n == 2 else "工资增长幅度。",
        )
        s.attendees.set(workers + employer)
        sessions.append(s)
    ContractDraft.objects.create(
        contract=found,
        version=1,
        text=text,
        state=DraftState.SUPERSEDED,
        session=sessions[0],
        created_on=datetime.date(2026, 2, 5),
    )
    ContractDraft.objects.create(
        contract=found,
        version=2,
        text=text,
        changes="工资增长幅度定为不低于3%。",
        state=DraftState.PASSED,
        session=sessions[1],
        poll=congress_poll(union),
        created_on=datetime.date(2026, 2, 18),
    )
    return found


def _school_contract(w) -> CollectiveContract:
    found = CollectiveContract.objects.filter(union=w.school, title="2026—2029年度综合集体合同")
    if found.exists():
        return found.get()
    return full_contract(w.school, [w.members["李主席"], w.members["王委员"]])


PAGES = {
    "contract_text_docx": lambda w: f"/rights/contracts/{_school_contract(w).pk}/papers/text.docx",
    "contract_submission_docx": lambda w: (
        f"/rights/contracts/{_school_contract(w).pk}/papers/submission.docx"
    ),
    "contract_minutes_docx": lambda w: (
        f"/rights/contract-sessions/{_school_contract(w).sessions.get(number=1).pk}/minutes.docx"
    ),
}
# fmt: off
MATRIX = {
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # the papers: who holds rights.view (the 经审 reads; the federation above)
    "contract_text_docx":  (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "contract_submission_docx":
                           (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "contract_minutes_docx":
                           (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
}
# fmt: on

CASES = {
    "contract_paper_issue": (
        paper_services.contract_paper_issue,
        lambda w: {"contract": _school_contract(w), "paper": "submission", "today": SIGNED},
    ),
}


def foreign(w) -> dict:
    """The hospital's contract and its first session."""
    found = full_contract(w.hospital, [w.members["郑护士"]], title="卫生院综合集体合同")
    return {
        "figures_contract": found.pk,
        "figures_session": found.sessions.get(number=1).pk,
    }


FILL = {
    "rights:contract_offer_docx": f("figures_contract"),
    "rights:contract_submission_docx": f("figures_contract"),
    "rights:contract_text_docx": f("figures_contract"),
    "rights:contract_session_minutes_docx": f("figures_session"),
}
