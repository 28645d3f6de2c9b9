"""The audit committee's findings: finding → response → closed, and who may do what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.finance.models import Finding, FindingStatus
from gonghui.finance.queries import review as q
from gonghui.finance.services.review import finding_close, finding_create, finding_respond

from .test_budget_support import ledger_voucher

Q1 = {"period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 3, 31)}


def finding(world, actor=None, **kw):
    kw = {"title": "一季度慰问发放", "text": "部分签领表缺少本人签字。", **Q1, **kw}
    return finding_create(actor=actor or world.auditor, union=world.school, **kw)


def test_the_whole_cycle_is_recorded(world):
    f = finding(world)
    assert f.status == FindingStatus.OPEN and f.created_by == world.auditor
    f = finding_respond(actor=world.treasurer, finding=f, response="已补齐签字，附件已上传。")
    assert f.status == FindingStatus.RESPONDED and f.responded_by == world.treasurer
    f = finding_close(actor=world.auditor, finding=f, note="")
    assert f.status == FindingStatus.CLOSED and f.closed_by == world.auditor
    actions = list(
        AuditEntry.objects.filter(object_type="finance.finding")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["finding.create", "finding.respond", "finding.close"]


def test_on_a_voucher(world):
    v = ledger_voucher(world, [("50111", "300")])
    f = finding(world, voucher=v, period_start=None, period_end=None)
    assert f.voucher == v
    other = ledger_voucher(world, [("50111", "300")], union=world.hospital)
    with pytest.raises(ValidationError, match="不属于本工会"):
        finding(world, voucher=other, period_start=None, period_end=None)


def test_only_the_audit_committee_or_federation_writes_findings(world):
    for user in (world.treasurer, world.chair, world.outsider, world.member):
        with pytest.raises(PermissionDenied):
            finding(world, actor=user)
    assert finding(world, actor=world.fed_admin).created_by == world.fed_admin
    assert not Finding.objects.filter(created_by=world.chair).exists()


def test_only_finance_answers_and_only_the_committee_closes(world):
    f = finding(world)
    with pytest.raises(PermissionDenied):
        finding_respond(actor=world.auditor, finding=f, response="自己答复")
    with pytest.raises(PermissionDenied):
        finding_respond(actor=world.outsider, finding=f, response="外单位")
    with pytest.raises(PermissionDenied):
        finding_close(actor=world.chair, finding=f, note="主席自己关闭")
    f.refresh_from_db()
    assert f.status == FindingStatus.OPEN and f.response == ""


def test_closing_without_an_answer_needs_a_reason(world):
    f = finding(world)
    with pytest.raises(ValidationError, match="请写明关闭理由"):
        finding_close(actor=world.auditor, finding=f, note="  ")
    f = finding_close(actor=world.auditor, finding=f, note="经核实属实，已当面整改。")
    assert f.closing_note == "经核实属实，已当面整改。"
    with pytest.raises(ValidationError, match="已关闭，不能再答复"):
        finding_respond(actor=world.treasurer, finding=f, response="迟到的答复")
    with pytest.raises(ValidationError, match="已经关闭"):
        finding_close(actor=world.auditor, finding=f, note="再关")


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"title": " "}, "请填写审查事项"),
        ({"text": ""}, "请填写审查意见"),
        ({"period_start": None, "period_end": None}, "请指明审查意见针对的凭证或期间"),
        ({"period_end": None}, "同时填写起止日期"),
        ({"period_end": datetime.date(2025, 12, 31)}, "期间止不能早于期间起"),
    ],
)
def test_incomplete_findings_are_refused(world, kw, message):
    with pytest.raises(ValidationError, match=message):
        finding(world, **kw)
    assert not Finding.objects.exists()


def test_findings_of_a_year_and_counts(world):
    finding(world)
    finding(world, period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 30))
    responded = finding_respond(actor=world.chair, finding=finding(world), response="已整改")
    assert q.finding_counts(world.school) == {"open": 2, "responded": 1, "closed": 0}
    # written this year, so the 2025 period finding belongs to this year too
    this_year = datetime.date.today().year
    assert len(q.findings(world.school, year=this_year)) == 3
    assert list(q.findings(world.school, status="responded")) == [responded]
    assert not q.findings(world.hospital).exists()
