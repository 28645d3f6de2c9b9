"""The chair's written override of a spending rule: who may give it, what it lets through,
that it is audited and that a changed voucher needs a new decision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.finance.services import vouchers as services

from .vouchers_support import draft, gift, second_chair

REASON = "该会员因公负伤住院两次，经委员会集体研究同意追加慰问。"


def over_cap(world):
    return draft(world, gift(world, "50102", each="600.00"))


def test_override_needs_the_chair_and_a_written_reason(world):
    v = over_cap(world)
    for user in (world.treasurer, world.committee, world.auditor):
        with pytest.raises(PermissionDenied):  # finance.override is the chair's
            services.voucher_override(actor=user, voucher=v, reason=REASON)
    with pytest.raises(ValidationError, match="只有工会主席"):  # the reason is a person's
        services.voucher_override(actor=None, voucher=v, reason=REASON)
    with pytest.raises(ValidationError, match="至少 10 个字"):
        services.voucher_override(actor=world.chair, voucher=v, reason="同意")
    ok = draft(world, gift(world, "50102", each="100.00", names=("吴老师",)))
    with pytest.raises(ValidationError, match="无需批准"):
        services.voucher_override(actor=world.chair, voucher=ok, reason=REASON)


def test_override_lets_exactly_the_recorded_violations_through_and_is_audited(world):
    v = over_cap(world)
    with pytest.raises(ValidationError, match="生日慰问"):
        services.voucher_submit(actor=world.treasurer, voucher=v)
    v = services.voucher_override(actor=world.chair, voucher=v, reason=REASON)
    assert v.override_by == world.chair and v.override_reason == REASON
    assert v.override_violations == [
        {
            "rule": "birthday",
            "rule_name": "生日慰问",
            "member_id": world.members["周会员"].pk,
            "member": "周会员",
            "cap": "500.00",
            "total": "600.00",
            "message": "违反开支标准【生日慰问】：周会员 本年已发 0.00 元，本次 600.00 元，"
            "合计 600.00 元，超过每人每年 500.00 元的上限。"
            "依据：安徽 2025 示例：每人每年不超过 500 元，可发实物或蛋糕券，不得发放现金、购物卡。",
        }
    ]
    entry = AuditEntry.objects.get(action="voucher.override")
    assert entry.actor == world.chair
    assert entry.changes["override_reason"] == ["", REASON]
    assert "超过每人每年 500.00 元的上限" in entry.changes["override_violations"][1][0]
    v = services.voucher_submit(actor=world.treasurer, voucher=v)
    # Four eyes still hold: the chair who overrode may approve (she neither drafted nor
    # submitted it), the approval re-checks and the override still covers it.
    v = services.voucher_approve(actor=world.chair, voucher=v)
    assert v.status == "approved" and v.override_reason == REASON


def test_a_new_or_larger_excess_needs_a_new_decision(world):
    v = services.voucher_override(actor=world.chair, voucher=over_cap(world), reason=REASON)
    # Another birthday gift for the same member goes in first: the total the chair saw is
    # no longer the total at submission.
    services.voucher_submit(
        actor=world.treasurer, voucher=draft(world, gift(world, "50102", each="10.00"))
    )
    with pytest.raises(ValidationError) as exc:
        services.voucher_submit(actor=world.treasurer, voucher=v)
    assert "本年已发 10.00 元，本次 600.00 元，合计 610.00 元" in exc.value.messages[0]
    assert "合计 2 次" in exc.value.messages[1]


def test_editing_a_draft_drops_the_override(world):
    v = services.voucher_override(actor=world.chair, voucher=over_cap(world), reason=REASON)
    v = services.voucher_update(
        actor=world.treasurer,
        voucher=v,
        date=v.date,
        summary=v.summary,
        lines=[gift(world, "50102", each="700.00")],
    )
    assert v.override_reason == "" and v.override_violations == []
    with pytest.raises(ValidationError, match=r"本次 700\.00 元"):
        services.voucher_submit(actor=world.treasurer, voucher=v)


def test_override_only_before_approval(world):
    v = services.voucher_override(actor=world.chair, voucher=over_cap(world), reason=REASON)
    v = services.voucher_submit(actor=world.treasurer, voucher=v)
    v = services.voucher_approve(actor=second_chair(world), voucher=v)
    with pytest.raises(ValidationError, match="已审批"):
        services.voucher_override(actor=world.chair, voucher=v, reason=REASON)


def test_an_override_recorded_before_the_citation_still_covers_its_violation(world):
    """Overrides kept the message without 依据 before every message ended with one; the
    same violation (rule, member, figures) is still let through, a changed one is not."""
    from gonghui.finance.models import Voucher

    v = services.voucher_override(actor=world.chair, voucher=over_cap(world), reason=REASON)
    old = [
        {**item, "message": item["message"].split("依据：")[0]} for item in v.override_violations
    ]
    assert all("依据" not in item["message"] for item in old)
    Voucher.objects.filter(pk=v.pk).update(override_violations=old)
    v.refresh_from_db()
    assert services.voucher_submit(actor=world.treasurer, voucher=v).status == "submitted"
    changed = [{**item, "message": item["message"].replace("600.00", "550.00")} for item in old]
    Voucher.objects.filter(pk=v.pk).update(status="draft", override_violations=changed)
    v.refresh_from_db()
    with pytest.raises(ValidationError, match="生日慰问"):
        services.voucher_submit(actor=world.treasurer, voucher=v)
