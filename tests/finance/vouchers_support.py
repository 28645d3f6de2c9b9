"""Small helpers the voucher, rule and attachment tests share."""

import datetime
from decimal import Decimal

from gonghui.core import services as core_services
from gonghui.core.models import Role
from gonghui.finance.models import Category
from gonghui.finance.services import vouchers as services
from tests.conftest import make_user

DAY = datetime.date(2026, 3, 10)


def D(text) -> Decimal:
    return Decimal(str(text))


def cat(code: str) -> Category:
    return Category.objects.get(code=code)


def line(code="50111", amount="100.00", **extra) -> dict:
    return {"category": code, "amount": amount, **extra}


def gift(world, code="50101", each="200.00", names=("周会员",), **extra) -> dict:
    """A per-person line: each named member gets ``each``."""
    shares = [(world.members[n], each) for n in names]
    return {
        "category": code,
        "amount": str(D(each) * len(shares)),
        "pay_form": "goods",
        "shares": shares,
        **extra,
    }


def draft(world, *lines, kind="expense", date=DAY, summary="测试凭证", actor=None, **kw):
    return services.voucher_create(
        actor=actor or world.treasurer,
        union=world.school,
        kind=kind,
        date=date,
        summary=summary,
        lines=list(lines) or [line()],
        **kw,
    )


def submitted(world, *lines, **kw):
    return services.voucher_submit(actor=world.treasurer, voucher=draft(world, *lines, **kw))


def posted(world, *lines, **kw):
    v = submitted(world, *lines, **kw)
    v = services.voucher_approve(actor=world.chair, voucher=v)
    return services.voucher_post(actor=world.treasurer, voucher=v)


def push(world, voucher):
    """Take a draft through submit, approve and post with the usual people."""
    v = services.voucher_submit(actor=world.treasurer, voucher=voucher)
    v = services.voucher_approve(actor=world.chair, voucher=v)
    return services.voucher_post(actor=world.treasurer, voucher=v)


def second_chair(world, username="vice"):
    """Another holder of the approver role (a second 主席 grant) for four-eyes tests."""
    return make_user(username, Role.CHAIR, union=world.school)


__all__ = ["DAY", "D", "cat", "core_services", "draft", "gift", "line", "posted", "push"]
