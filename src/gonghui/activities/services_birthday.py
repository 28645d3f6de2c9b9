"""The writes of 生日会: the gift of a quarter's party as a draft expense voucher.

**The money goes through finance** (as care's ``care.payments``): one line in the 生日慰问
category of the spending rule the union follows (``queries_birthday.gift_category``: 50102 in
the seed), one share per member (member, amount, event key), on a new draft expense voucher.
The spending rules (``finance.spending.check_voucher``) judge the draft at once: a share over
the rule's cap, a member already given a birthday gift this year (``times_year``: counted from
submitted, approved and posted vouchers), cash or a shopping card — each is refused with the
rule's own message and 依据, and nothing is written; the committee leaves those members out or
changes the amount. What passes is a draft: the treasurer submits it (the rules and the budget
run again), the approver approves it.

**Permission: ``activities.change``** — the committee member who runs the party (the chair,
the committee role, the member with the 文体 分工) decides who is celebrated; no finance
permission is needed because a draft moves no money, as ``care.payments`` argues for
``care.change``. The draft names the actor as its 制单人.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core import audit, scoping
from gonghui.finance import spending
from gonghui.finance.models import Kind, PayForm, Voucher
from gonghui.finance.money import parse_amount
from gonghui.finance.services.voucher_lines import (
    draft_voucher,
    lines_text,
    prepare_lines,
    voucher_snapshot,
    write_lines,
)

from . import birthday_rules as rules
from . import queries_birthday as bq
from .models import Activity, Audience, State
from .models import Kind as ActivityKind
from .models_birthday import BirthdayGift

# What the gift form offers: goods or a named shop's voucher (蛋糕券). Cash and cards are
# refused by the spending rule itself (forbid_cash, forbid_card), with its 依据.
GIFT_FORMS = (PayForm.GOODS, PayForm.VOUCHER)
SOURCE = "生日会"


def _party(activity: Activity) -> Activity:
    rows = Activity.objects.select_for_update(of=("self",)).select_related("union")
    found = rows.get(pk=activity.pk)
    if found.kind != ActivityKind.BIRTHDAY or found.audience != Audience.BIRTHDAY:
        raise ValidationError("只有参加对象为当季生日会员的生日会才能发放生日慰问。")
    if found.state == State.CANCELLED:
        raise ValidationError("生日会已取消，不能再发放生日慰问。")
    return found


def _payees(activity: Activity, member_ids) -> list:
    year = bq.year_of(activity)
    listed = bq.quarter_members(activity.union, year, activity.quarter or 0)
    if member_ids is None:
        chosen = listed
    else:
        wanted = {int(i) for i in member_ids}
        chosen = [m for m in listed if m.pk in wanted]
        if len(chosen) != len(wanted):
            raise ValidationError(
                f"只能给本会{year}年{rules.QUARTER_NAMES[activity.quarter or 1]}过生日的在册会员发放。"
            )
    if not chosen:
        raise ValidationError("请至少选择一名会员。")
    return chosen


@transaction.atomic
def birthday_gift_draft(
    *,
    actor,
    activity: Activity,
    amount,
    date: datetime.date,
    pay_form: str = PayForm.VOUCHER,
    payee: str = "",
    member_ids=None,
) -> BirthdayGift:
    """The gift of the 生日会 ``activity``: ``amount`` (yuan, per member) to each member of
    its quarter's birthday list (or those of ``member_ids`` on it), as a new draft expense
    voucher dated ``date`` that the spending rules have passed, kept on the party's
    :class:`BirthdayGift`. ``payee`` is the shop (收款单位) on the line.

    Refused (Chinese, nothing written): not a 当季生日 party or cancelled; a gift already
    drafted for it whose voucher still exists; a date outside the party's year (the rules
    count a member's gifts by the voucher's year); an amount that is not positive with two
    places; no member, or one not on the list; every violation of the
    spending rules, with the rule's message (over the cap, a second gift this year, cash or
    a shopping card…)."""
    scoping.require(actor, "activities.change", union=activity.union)
    party = _party(activity)
    gift = BirthdayGift.objects.filter(activity=party).select_related("voucher").first()
    if gift is not None and gift.voucher is not None:
        raise ValidationError(
            f"这次生日会已有生日慰问凭证（{gift.voucher.number or '草稿'}，"
            f"{gift.voucher.get_status_display()}），请在经费中处理。"
        )
    each = parse_amount(amount, label="每人金额")
    year = bq.year_of(party)
    if not isinstance(date, datetime.date) or date.year != year:
        # the rules count a member's gifts per calendar year of the voucher's date
        raise ValidationError(
            f"业务日期须在生日会所在的{year}年内：开支标准按年度计算每人的生日慰问。"
        )
    members = _payees(party, member_ids)
    quarter = party.quarter or 1
    event = f"{year}年{rules.QUARTER_NAMES[quarter]}生日会"
    line = {
        "category": bq.gift_category(party.union),
        "amount": "",
        "payee": payee,
        "pay_form": pay_form,
        "event": event,
        "shares": [(m.pk, each, f"activities.birthday:{party.pk}") for m in members],
    }
    prepared = prepare_lines(party.union, Kind.EXPENSE, [line])
    voucher = _draft(actor, party, date, f"{event}生日慰问（{len(members)}人）", prepared)
    violations = spending.check_voucher(voucher)
    if violations:
        raise ValidationError([v.message for v in violations])
    return _keep(actor, party, gift, voucher, each, len(members))


def _draft(actor, party: Activity, date, summary: str, prepared) -> Voucher:
    voucher = draft_voucher(
        union=party.union, date=date, summary=summary, created_by=scoping.person(actor)
    )
    write_lines(voucher, prepared)
    voucher.save(update_fields=["total"])
    changes = audit.diff(None, voucher_snapshot(voucher)) | {
        "分录": [None, lines_text(prepared)],
        "来源": [None, f"{SOURCE}“{party.title}”"],
    }
    audit.record(actor=actor, action="voucher.create", obj=voucher, changes=changes)
    return voucher


def _keep(actor, party, gift, voucher, each: Decimal, persons: int) -> BirthdayGift:
    before = audit.snapshot(gift) if gift is not None else None
    if gift is None:
        gift = BirthdayGift(activity=party, union=party.union, created_by=scoping.person(actor))
    gift.voucher, gift.amount, gift.persons = voucher, each, persons
    gift.save()
    audit.record(actor=actor, action="activities.birthday_gift", obj=gift, before=before)
    return gift
