"""Writes of a collective contract after it took effect — 公布, 履约检查, 期满/终止 — and of
a procedure given up (终止协商); and the one way in for a contract signed before the union
used the platform (``contract_record_existing``, 补录). The procedure up to submission is
``services_contracts``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.congress.models import Sitting
from gonghui.core import audit
from gonghui.core.scoping import person, require
from gonghui.orgs.models import Union

from . import contract_clock as clock
from .models_contracts import (
    CollectiveContract,
    ContractDraft,
    ContractKind,
    ContractReport,
    ContractScope,
    DraftState,
)
from .services_contracts import (
    CHANGE,
    LIVE,
    S,
    _lock,
    _not_future,
    _record,
    _stage_is,
    _text,
    _today,
)

# --- 补录: a contract in force before the platform --------------------------------------


@transaction.atomic
def contract_record_existing(
    *,
    actor,
    union: Union,
    kind: str,
    title: str,
    employer: str,
    signed_on: datetime.date,
    effective_on: datetime.date,
    term_years: int,
    covered_workers: int | None = None,
    published_on: datetime.date | None = None,
    text: str = "",
    scope: str = ContractScope.SINGLE,
    today: datetime.date | None = None,
) -> CollectiveContract:
    """补录 a contract the union signed before it used the platform, from its paper record:
    in force from ``effective_on`` for ``term_years``, so its renewal window, 履约检查 and
    coverage count from now on, and a renewal can name it as its predecessor. Its procedure
    (要约 to 审查) is not re-enacted; the page says it was entered afterwards."""
    require(actor, CHANGE, union=union)
    today = _today(today)
    title, employer = _text(title), _text(employer)
    if kind not in ContractKind.values:
        raise ValidationError({"kind": "请选择合同种类。"})
    if scope not in ContractScope.values or (scope == ContractScope.SINGLE) == union.is_federation:
        raise ValidationError(
            {"scope": "基层工会补录单独签订的合同，区域或行业工会补录区域性、行业性合同。"}
        )
    if not title:
        raise ValidationError({"title": "请填写合同名称。"})
    if not employer:
        raise ValidationError({"employer": "请填写用人单位方。"})
    if not isinstance(term_years, int) or not 1 <= term_years <= 3:
        raise ValidationError(
            {"term_years": "集体合同期限为 1 至 3 年（《集体合同规定》第三十八条）。"}
        )
    _not_future(signed_on, "签字日期", today)
    if effective_on < signed_on:
        raise ValidationError({"effective_on": "生效日期不能早于签字日期。"})
    if published_on is not None:
        if published_on < effective_on:
            raise ValidationError({"published_on": "公布日期不能早于生效日期。"})
        _not_future(published_on, "公布日期", today)
    expires = clock.expires_on(effective_on, term_years)
    overlap = CollectiveContract.objects.filter(
        union=union, kind=kind, scope=scope, effective_on__lte=expires, expires_on__gte=effective_on
    ).exclude(stage__in=(S.ABANDONED,))
    if scope == ContractScope.SINGLE and (
        overlap.exists()
        or CollectiveContract.objects.filter(union=union, kind=kind, stage__in=LIVE).exists()
    ):
        raise ValidationError(
            {"kind": f"本会已有这一期间的{ContractKind(kind).label}或进行中的协商程序。"}
        )
    workers = union.staff_count if covered_workers is None else covered_workers
    if workers is None or workers < 0:
        raise ValidationError({"covered_workers": "覆盖职工数须为非负整数。"})
    contract = CollectiveContract.objects.create(
        union=union,
        kind=kind,
        scope=scope,
        title=title,
        employer=employer,
        term_years=term_years,
        recorded=True,
        offered_on=signed_on,
        offer_delivered_on=signed_on,
        signed_on=signed_on,
        effective_on=effective_on,
        expires_on=expires,
        published_on=published_on,
        published_how="补录" if published_on else "",
        covered_workers=workers,
        stage=S.SUBMITTED,
        created_by=person(actor),
    )
    if _text(text):
        ContractDraft.objects.create(
            contract=contract,
            version=1,
            text=_text(text),
            changes="补录的已签订文本",
            state=DraftState.PASSED,
            created_on=signed_on,
            created_by=person(actor),
        )
    _record(actor, "rights.contract_record", contract, contract)
    return contract


# --- after it took effect ---------------------------------------------------------------


def _in_force_on(contract: CollectiveContract, day: datetime.date, what: str) -> None:
    if contract.stage != S.SUBMITTED or contract.effective_on is None:
        raise ValidationError(f"合同尚未报送生效，不能{what}。")
    if day < contract.effective_on:
        raise ValidationError(f"{what}日期不能早于生效日期（{contract.effective_on:%Y-%m-%d}）。")


@transaction.atomic
def contract_publish(
    *,
    actor,
    contract: CollectiveContract,
    published_on: datetime.date,
    how: str,
    today: datetime.date | None = None,
) -> CollectiveContract:
    """公布 to all staff (第四十八条); the page flags it late after the publication period."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    before = audit.snapshot(contract)
    _in_force_on(contract, published_on, "公布")
    _not_future(published_on, "公布日期", _today(today))
    if not _text(how):
        raise ValidationError({"how": "请填写公布方式（如公开栏、职代会、内网）。"})
    contract.published_on, contract.published_how = published_on, _text(how)[:100]
    contract.save()
    _record(actor, "rights.contract_publish", contract, contract, before)
    return contract


@transaction.atomic
def report_add(
    *,
    actor,
    contract: CollectiveContract,
    reported_on: datetime.date,
    findings: str,
    sitting: Sitting | None = None,
    today: datetime.date | None = None,
) -> ContractReport:
    """A 履约检查 report (to a 职代会 sitting of the union's, when given)."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    if not (contract.stage == S.ENDED and contract.effective_on is not None):
        _in_force_on(contract, reported_on, "履约检查报告")  # a last one after the end is allowed
    if contract.effective_on is not None and reported_on < contract.effective_on:
        raise ValidationError({"reported_on": "报告日期不能早于生效日期。"})
    _not_future(reported_on, "报告日期", _today(today))
    if sitting is not None and sitting.term.union_id != contract.union_id:
        raise ValidationError({"sitting": "请选择本会职代会的会议。"})
    if not _text(findings):
        raise ValidationError({"findings": "请填写履约情况。"})
    report = ContractReport.objects.create(
        contract=contract,
        reported_on=reported_on,
        sitting=sitting,
        findings=_text(findings),
        created_by=person(actor),
    )
    _record(actor, "rights.contract_report", report, contract)
    return report


@transaction.atomic
def contract_end(
    *,
    actor,
    contract: CollectiveContract,
    ended_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> CollectiveContract:
    """期满 or 终止 (第四十条: merger, bankruptcy, force majeure, agreed conditions, law)."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    before = audit.snapshot(contract)
    _in_force_on(contract, ended_on, "终止")
    _not_future(ended_on, "终止日期", _today(today))
    if not _text(reason):
        raise ValidationError({"reason": "请填写期满或终止的原因。"})
    contract.ended_on, contract.end_reason = ended_on, _text(reason)
    contract.stage = S.ENDED
    contract.save()
    _record(actor, "rights.contract_end", contract, contract, before)
    return contract


@transaction.atomic
def contract_abandon(
    *,
    actor,
    contract: CollectiveContract,
    ended_on: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> CollectiveContract:
    """A procedure given up before submission (终止协商), with the reason."""
    require(actor, CHANGE, union=contract.union)
    contract = _lock(contract)
    before = audit.snapshot(contract)
    if contract.stage == S.VOTING:
        raise ValidationError("草案正在职代会表决，表决结束后才能终止协商。")
    _stage_is(contract, LIVE, "终止协商")
    if ended_on < contract.offered_on:
        raise ValidationError({"ended_on": "终止日期不能早于要约日期。"})
    _not_future(ended_on, "终止日期", _today(today))
    if not _text(reason):
        raise ValidationError({"reason": "请填写终止协商的原因。"})
    contract.ended_on, contract.end_reason = ended_on, _text(reason)
    contract.stage = S.ABANDONED
    contract.save()
    _record(actor, "rights.contract_abandon", contract, contract, before)
    return contract
