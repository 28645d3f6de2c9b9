"""Every write of 捐款 (一日捐, 爱心捐款, 慈善募捐): a campaign and its steps (草稿 → 进行中 →
已结束), a member's 认捐 and 实缴 (by the member on a phone, or by the committee — one member
or a whole group at once), the 撤销 of an entry, the donor's wish to stay anonymous, and the
上交 of the money the union collected to the recipient, with its receipt.

Who: the committee's writes need ``care.change`` (the chair, the welfare member by post); a
member pledges, records a transfer they made, withdraws their own pledge and chooses to stay
anonymous for themselves without any role. Each write checks its actor first and writes one
audit entry in the same transaction; a batch is one entry on the campaign.

Money: amounts are yuan to the fen and above zero; nothing is edited or deleted — a wrong
entry is reversed (撤销: the negative, with a reason) and entered again. The money is the
donors', collected and passed on: no finance voucher (docs/care-donations.md)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, scoping
from gonghui.finance.money import parse_amount
from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Member, Union, UnionGroup

from . import queries_donations as queries
from .models_donations import (
    NAME_MAX,
    NOTE_MAX,
    PURPOSE_MAX,
    RECEIPT_MAX,
    RECIPIENT_MAX,
    CampaignState,
    DonationCampaign,
    DonationEntry,
    DonationHandover,
    DonationKind,
    Donor,
    EntryKind,
    PayMethod,
)
from .services import ONLY_THIS_ROW
from .services_bursary import _text

GRASSROOTS = "捐款活动由基层工会组织，请进入所属基层工会。"
# What a member may record for themselves: money they sent, which the committee can check
# against the account or the recipient's receipt. Cash is handed to someone who records it.
SELF_METHODS = (PayMethod.TRANSFER, PayMethod.DIRECT)
ONE_DAY_SUGGESTION = "倡议捐出一天的工资"
PLEDGE_CHANGED = "本人修改认捐金额"


def _today() -> datetime.date:
    return timezone.localdate()


def _own(actor, member: Member, union: Union) -> bool:
    """The actor acts as the member themselves: their own record and no committee right (a
    chair recording her own cash does so as the committee)."""
    return (
        bool(getattr(actor, "pk", None))
        and member.user_id == actor.pk
        and not scoping.has_perm(actor, "care.change", union=union)
    )


def _amount(value: Any, label: str) -> Decimal:
    """Yuan to the fen, above zero (a correction is a 撤销, never a negative entry typed)."""
    amount = parse_amount(value, label=label, allow_negative=True, allow_zero=True)
    if amount <= 0:
        raise ValidationError(f"{label}须大于 0；登记错了请撤销原记录后重新登记。")
    return amount


def _day(value: Any, label: str, today: datetime.date) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValidationError(f"请填写{label}。")
    if value > today:
        raise ValidationError(f"{label}不能晚于今天。")
    return value


# --- the campaign ---------------------------------------------------------------------------


CAMPAIGN_FIELDS = (
    "name",
    "kind",
    "purpose",
    "starts_on",
    "ends_on",
    "recipient",
    "suggested_amount",
    "suggestion",
    "show_amounts",
)


def _campaign_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The campaign's fields (``CAMPAIGN_FIELDS``; name, kind, purpose and the dates needed)
    cleaned, or every problem by field (nothing written)."""
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    get = fields.get
    kind, starts_on, ends_on = get("kind"), get("starts_on"), get("ends_on")
    problems: dict[str, list[str]] = {}
    out: dict[str, Any] = {
        "name": _text(get("name"), NAME_MAX),
        "kind": kind,
        "purpose": str(get("purpose") or "").strip()[:PURPOSE_MAX],
        "recipient": _text(get("recipient"), RECIPIENT_MAX),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "suggestion": _text(get("suggestion"), NOTE_MAX),
        "suggested_amount": None,
        "show_amounts": bool(get("show_amounts")),
    }
    if not out["name"]:
        problems["name"] = ["请填写活动名称，如“2026年慈善一日捐”。"]
    if kind not in DonationKind.values:
        problems["kind"] = ["请选择捐款类型。"]
    if not out["purpose"]:
        problems["purpose"] = ["请写明善款用途和受益对象。"]
    if not isinstance(starts_on, datetime.date):
        problems["starts_on"] = ["请填写开始日期。"]
    if not isinstance(ends_on, datetime.date):
        problems["ends_on"] = ["请填写截止日期。"]
    elif isinstance(starts_on, datetime.date) and ends_on < starts_on:
        problems["ends_on"] = ["截止日期不能早于开始日期。"]
    if get("suggested_amount") not in (None, ""):
        try:
            out["suggested_amount"] = _amount(get("suggested_amount"), "建议金额")
        except ValidationError as exc:
            problems["suggested_amount"] = exc.messages
    if kind == DonationKind.ONE_DAY and not out["suggestion"]:
        out["suggestion"] = ONE_DAY_SUGGESTION
    if problems:
        raise ValidationError(problems)
    return out


@transaction.atomic
def donation_campaign_create(*, actor, union: Union, **fields: Any) -> DonationCampaign:
    """A new campaign, as a 草稿 (members see it once it is 发布). ``fields``: name, kind
    (``DonationKind``), purpose, starts_on, ends_on; optionally recipient, suggested_amount,
    suggestion, show_amounts."""
    scoping.require(actor, "care.change", union=union)
    if union.is_federation:
        raise ValidationError(GRASSROOTS)
    campaign = DonationCampaign.objects.create(
        union=union, created_by=scoping.person(actor), **_campaign_fields(fields)
    )
    audit.record(actor=actor, action="care.donation_campaign", obj=campaign)
    return campaign


def _locked(campaign: DonationCampaign) -> DonationCampaign:
    return (
        DonationCampaign.objects.select_for_update(of=ONLY_THIS_ROW)
        .select_related("union")
        .get(pk=campaign.pk)
    )


@transaction.atomic
def donation_campaign_update(
    *, actor, campaign: DonationCampaign, **fields: Any
) -> DonationCampaign:
    """Change the campaign's description, dates, suggestion or the thank-you list's setting
    (the same ``fields`` as at its creation; not once it has ended: what was published
    then stays)."""
    scoping.require(actor, "care.change", union=campaign.union)
    campaign = _locked(campaign)
    if campaign.state == CampaignState.CLOSED:
        raise ValidationError("捐款活动已结束，不能再修改。")
    cleaned = _campaign_fields(fields)
    before = audit.snapshot(campaign)
    for key, value in cleaned.items():
        setattr(campaign, key, value)
    campaign.save()
    audit.record(actor=actor, action="care.donation_campaign_update", obj=campaign, before=before)
    return campaign


def _move(actor, campaign, to: str, action: str, **stamps) -> DonationCampaign:
    before = audit.snapshot(campaign)
    campaign.state = to
    for key, value in stamps.items():
        setattr(campaign, key, value)
    campaign.save()
    audit.record(actor=actor, action=action, obj=campaign, before=before)
    return campaign


@transaction.atomic
def donation_campaign_open(
    *, actor, campaign: DonationCampaign, today: datetime.date | None = None
) -> DonationCampaign:
    """发布: members see the campaign on their phone and pledge; the committee records."""
    scoping.require(actor, "care.change", union=campaign.union)
    campaign = _locked(campaign)
    today = today or _today()
    if campaign.state != CampaignState.DRAFT:
        raise ValidationError(f"捐款活动当前为“{campaign.get_state_display()}”，不能再发布。")
    if campaign.ends_on < today:
        raise ValidationError(
            f"截止日期 {campaign.ends_on:%Y年%-m月%-d日} 已过，请先修改活动日期再发布。"
        )
    return _move(actor, campaign, CampaignState.OPEN, "care.donation_open", opened_on=today)


@transaction.atomic
def donation_campaign_close(
    *, actor, campaign: DonationCampaign, today: datetime.date | None = None
) -> DonationCampaign:
    """结束: no more pledges or payments; 撤销 and 上交 remain possible (the accounts are
    squared after the last day)."""
    scoping.require(actor, "care.change", union=campaign.union)
    campaign = _locked(campaign)
    if campaign.state != CampaignState.OPEN:
        raise ValidationError(f"捐款活动当前为“{campaign.get_state_display()}”，不能结束。")
    return _move(
        actor, campaign, CampaignState.CLOSED, "care.donation_close", closed_on=today or _today()
    )


# --- pledges and payments -------------------------------------------------------------------


def _taking(campaign: DonationCampaign, *, own: bool, today: datetime.date) -> None:
    """The campaign takes entries: 进行中; for a member on their own, within its dates (the
    committee may still record money handed in late until it ends the campaign)."""
    if campaign.state == CampaignState.DRAFT:
        raise ValidationError("捐款活动尚未发布，不能登记。")
    if campaign.state == CampaignState.CLOSED:
        raise ValidationError(
            f"捐款活动已于 {campaign.closed_on:%Y年%-m月%-d日} 结束，不能再认捐或登记捐款。"
        )
    if own and today > campaign.ends_on:
        raise ValidationError(
            f"捐款活动已于 {campaign.ends_on:%Y年%-m月%-d日} 截止，不能再认捐或登记捐款。"
        )
    if own and today < campaign.starts_on:
        raise ValidationError(f"捐款活动 {campaign.starts_on:%Y年%-m月%-d日} 开始，请届时再来。")


def _current(campaign: DonationCampaign, member: Member) -> None:
    if member.union_id != campaign.union_id or member.status not in CURRENT_MEMBER_STATUSES:
        raise ValidationError(f"「{member.name}」不是本会在册会员，不能登记捐款。")


def _opened_for(campaign, member, *, own: bool, today: datetime.date | None):
    """The campaign locked and taking entries, and the member one of its union's, as read
    now; with the day."""
    campaign = _locked(campaign)
    today = today or _today()
    _taking(campaign, own=own, today=today)
    member = Member.objects.get(pk=member.pk)
    _current(campaign, member)
    return campaign, member, today


def _donor(campaign: DonationCampaign, member: Member, anonymous: bool | None) -> Donor:
    donor, made = Donor.objects.select_for_update().get_or_create(
        campaign=campaign,
        member=member,
        defaults={"union": campaign.union, "anonymous": bool(anonymous)},
    )
    if not made and anonymous is not None and donor.anonymous != anonymous:
        donor.anonymous = anonymous
        donor.save(update_fields=["anonymous"])
    return donor


def _reversal(entry: DonationEntry, *, actor, reason: str, on: datetime.date) -> DonationEntry:
    return DonationEntry(
        campaign_id=entry.campaign_id,
        donor_id=entry.donor_id,
        kind=entry.kind,
        amount=-entry.amount,
        method=entry.method,
        on=on,
        reverses=entry,
        reason=reason,
        recorded_by=scoping.person(actor),
    )


def _replace_pledges(actor, donors: list[Donor], on: datetime.date, *, own: bool) -> None:
    """A new 认捐 replaces the donor's earlier one: each live pledge is reversed first."""
    reversals = [
        _reversal(e, actor=actor, reason=PLEDGE_CHANGED if own else "认捐金额变更", on=on)
        for e in queries.live_pledges(donors)
    ]
    for r in reversals:
        r.self_recorded = own
    DonationEntry.objects.bulk_create(reversals)


@transaction.atomic
def donation_pledge(
    *,
    actor,
    campaign: DonationCampaign,
    member: Member,
    amount: Any,
    anonymous: bool | None = None,
    today: datetime.date | None = None,
) -> DonationEntry:
    """认捐: by the member (no role) or by ``care.change`` for a member. A second pledge
    replaces the first (it is reversed). Refused: not 进行中, past the end for the member, not
    a current member of the union, an amount ≤ 0 or of three decimals."""
    own = _own(actor, member, campaign.union)
    if not own:
        scoping.require(actor, "care.change", union=campaign.union)
    campaign, member, today = _opened_for(campaign, member, own=own, today=today)
    amount = _amount(amount, "认捐金额")
    donor = _donor(campaign, member, anonymous)
    _replace_pledges(actor, [donor], today, own=own)
    entry = DonationEntry.objects.create(
        campaign=campaign,
        donor=donor,
        kind=EntryKind.PLEDGE,
        amount=amount,
        on=today,
        self_recorded=own,
        recorded_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="care.donation_pledge", obj=entry)
    return entry


def _payment_checks(campaign, *, own: bool, method: str, on, today) -> datetime.date:
    if method not in PayMethod.values:
        raise ValidationError({"method": "请选择缴款方式。"})
    if own and method not in SELF_METHODS:
        raise ValidationError(
            {"method": "本人只能登记转账或直接捐给接收单位的款项；现金请交工会，由工会登记。"}
        )
    try:
        on = _day(on or today, "缴款日期", today)
    except ValidationError as exc:
        raise ValidationError({"on": exc.messages}) from None
    if on < campaign.starts_on:
        raise ValidationError({"on": "缴款日期不能早于活动开始日期。"})
    return on


@transaction.atomic
def donation_pay(
    *,
    actor,
    campaign: DonationCampaign,
    member: Member,
    amount: Any,
    method: str,
    on: datetime.date | None = None,
    anonymous: bool | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> DonationEntry:
    """实缴 received: by ``care.change`` (cash, transfer, payroll deduction, or given straight
    to the recipient), or by the member for a transfer they made (marked 本人登记, for the
    committee to check)."""
    own = _own(actor, member, campaign.union)
    if not own:
        scoping.require(actor, "care.change", union=campaign.union)
    campaign, member, today = _opened_for(campaign, member, own=own, today=today)
    try:
        amount = _amount(amount, "捐款金额")
    except ValidationError as exc:
        raise ValidationError({"amount": exc.messages}) from None
    on = _payment_checks(campaign, own=own, method=method, on=on, today=today)
    entry = DonationEntry.objects.create(
        campaign=campaign,
        donor=_donor(campaign, member, anonymous),
        kind=EntryKind.PAYMENT,
        amount=amount,
        method=method,
        on=on,
        note=_text(note, NOTE_MAX),
        self_recorded=own,
        recorded_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="care.donation_pay", obj=entry)
    return entry


def _batch_rows(campaign, rows: Iterable[Mapping[str, Any]], label: str):
    """The rows of a batch as (member, amount, anonymous), or every row's problem keyed by
    the field of its amount (``amount_<member id>``): nothing is written when one is wrong."""
    rows = [dict(r) for r in rows]
    ids = [getattr(r["member"], "pk", r["member"]) for r in rows]
    members = Member.objects.in_bulk(ids)
    problems: dict[str, list[str]] = {}
    out, seen = [], set()
    for pk, row in zip(ids, rows, strict=True):
        member = members.get(pk)
        key = f"amount_{pk}"
        if member is None or pk in seen:
            problems[key] = ["没有这位会员，或同一会员填了两次。"]
            continue
        seen.add(pk)
        try:
            _current(campaign, member)
            amount = _amount(row.get("amount"), f"「{member.name}」的{label}")
        except ValidationError as exc:
            problems[key] = exc.messages
            continue
        out.append((member, amount, row.get("anonymous")))
    if problems:
        raise ValidationError(problems)
    if not out:
        raise ValidationError("没有填写任何金额。")
    return out


@transaction.atomic
def donation_batch(
    *,
    actor,
    campaign: DonationCampaign,
    kind: str,
    rows: Iterable[Mapping[str, Any]],
    method: str = "",
    on: datetime.date | None = None,
    group: UnionGroup | None = None,
    today: datetime.date | None = None,
) -> list[DonationEntry]:
    """A group's pledges or payments typed in one list (``rows``: ``member`` and ``amount``,
    optionally ``anonymous``) — all written, or none with each wrong row's reason."""
    scoping.require(actor, "care.change", union=campaign.union)
    campaign = _locked(campaign)
    today = today or _today()
    _taking(campaign, own=False, today=today)
    if kind not in EntryKind.values:
        raise ValidationError({"kind": "请选择登记认捐还是实缴。"})
    paying = kind == EntryKind.PAYMENT
    on = (
        _payment_checks(campaign, own=False, method=method, on=on, today=today) if paying else today
    )
    found = _batch_rows(campaign, rows, "捐款金额" if paying else "认捐金额")
    donors = [_donor(campaign, member, anonymous) for member, _, anonymous in found]
    if not paying:
        _replace_pledges(actor, donors, on, own=False)
    entries = DonationEntry.objects.bulk_create(
        [
            DonationEntry(
                campaign=campaign,
                donor=donor,
                kind=kind,
                amount=amount,
                method=method if paying else "",
                on=on,
                recorded_by=scoping.person(actor),
            )
            for donor, (_, amount, _) in zip(donors, found, strict=True)
        ]
    )
    total = sum((amount for _, amount, _ in found), start=Decimal("0.00"))
    audit.record(
        actor=actor,
        action="care.donation_batch",
        obj=campaign,
        changes={
            "batch": [None, f"{EntryKind(kind).label} {group.name if group else '按名单'}"],
            "entries": [None, len(entries)],
            "total": [None, f"{total:.2f}"],
        },
    )
    return entries


@transaction.atomic
def donation_reverse(
    *, actor, entry: DonationEntry, reason: str, today: datetime.date | None = None
) -> DonationEntry:
    """撤销 an entry: its negative, with the reason, dated today. The member may withdraw
    their own pledge while the campaign runs; everything else is ``care.change``'s, also
    after the campaign ended (squaring the accounts). A payment is not reversed below what
    was already handed over (reverse the hand-over first)."""
    entry = DonationEntry.objects.select_related("donor__member", "campaign__union").get(
        pk=entry.pk
    )
    own = _own(actor, entry.donor.member, entry.campaign.union) and entry.kind == EntryKind.PLEDGE
    if not own:
        scoping.require(actor, "care.change", union=entry.campaign.union)
    campaign = _locked(entry.campaign)
    today = today or _today()
    if own:
        _taking(campaign, own=True, today=today)
    entry = DonationEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_reversal:
        raise ValidationError("这是一条撤销记录，不能再撤销；请重新登记。")
    if queries.reversal_of(entry) is not None:
        raise ValidationError("这条记录已经撤销过了。")
    reason = _text(reason, NOTE_MAX) or ("本人撤销认捐" if own else "")
    if not reason:
        raise ValidationError({"reason": "请写明撤销原因。"})
    if entry.kind == EntryKind.PAYMENT and entry.method != PayMethod.DIRECT:
        held, handed = queries.money_held(campaign)
        if held - entry.amount < handed:
            raise ValidationError(
                f"本活动经工会收取的善款已上交 {handed:.2f} 元，撤销后实收只有 "
                f"{held - entry.amount:.2f} 元，少于已上交金额；请先撤销相应的上交记录。"
            )
    reversal = _reversal(entry, actor=actor, reason=reason, on=today)
    reversal.self_recorded = own
    reversal.save()
    audit.record(actor=actor, action="care.donation_reverse", obj=reversal)
    return reversal


@transaction.atomic
def donation_anonymity(
    *, actor, campaign: DonationCampaign, member: Member, anonymous: bool
) -> Donor:
    """The donor's wish for the thank-you list: by name, or as 爱心人士."""
    if not _own(actor, member, campaign.union):
        scoping.require(actor, "care.change", union=campaign.union)
    donor = Donor.objects.select_for_update().filter(campaign=campaign, member=member).first()
    if donor is None:
        raise ValidationError("还没有认捐或捐款记录，登记时可选择匿名。")
    before = audit.snapshot(donor)
    donor.anonymous = bool(anonymous)
    donor.save(update_fields=["anonymous"])
    audit.record(actor=actor, action="care.donation_anonymity", obj=donor, before=before)
    return donor


# --- 上交 ---------------------------------------------------------------------------------------


@transaction.atomic
def donation_handover(
    *,
    actor,
    campaign: DonationCampaign,
    on: datetime.date,
    amount: Any,
    receipt_no: str,
    recipient: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> DonationHandover:
    """上交: money the union collected (cash, transfer, payroll deduction), handed to the
    recipient against its receipt. Never more than the union holds of the campaign."""
    scoping.require(actor, "care.change", union=campaign.union)
    campaign = _locked(campaign)
    today = today or _today()
    if campaign.state == CampaignState.DRAFT:
        raise ValidationError("捐款活动尚未发布，没有可上交的善款。")
    problems: dict[str, list[str]] = {}
    try:
        on = _day(on, "上交日期", today)
    except ValidationError as exc:
        problems["on"] = exc.messages
    try:
        amount = _amount(amount, "上交金额")
    except ValidationError as exc:
        problems["amount"] = exc.messages
    receipt_no = _text(receipt_no, RECEIPT_MAX)
    if not receipt_no:
        problems["receipt_no"] = ["请填写接收单位开具的收据编号。"]
    recipient = _text(recipient, RECIPIENT_MAX) or campaign.recipient
    if not recipient:
        problems["recipient"] = ["请填写接收单位。"]
    if problems:
        raise ValidationError(problems)
    held, handed = queries.money_held(campaign)
    if amount > held - handed:
        raise ValidationError(
            {
                "amount": f"本活动经工会收取的善款 {held:.2f} 元，已上交 {handed:.2f} 元，"
                f"最多还能上交 {held - handed:.2f} 元。"
            }
        )
    handover = DonationHandover.objects.create(
        campaign=campaign,
        on=on,
        recipient=recipient,
        amount=amount,
        receipt_no=receipt_no,
        note=_text(note, NOTE_MAX),
        recorded_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="care.donation_handover", obj=handover)
    return handover


@transaction.atomic
def donation_handover_reverse(
    *, actor, handover: DonationHandover, reason: str, today: datetime.date | None = None
) -> DonationHandover:
    """撤销 a hand-over record typed wrongly (its negative, with the reason)."""
    campaign = handover.campaign
    scoping.require(actor, "care.change", union=campaign.union)
    _locked(campaign)
    handover = DonationHandover.objects.select_for_update().get(pk=handover.pk)
    if handover.reverses_id is not None:
        raise ValidationError("这是一条撤销记录，不能再撤销。")
    if DonationHandover.objects.filter(reverses=handover).exists():
        raise ValidationError("这条上交记录已经撤销过了。")
    reason = _text(reason, NOTE_MAX)
    if not reason:
        raise ValidationError({"reason": "请写明撤销原因。"})
    reversal = DonationHandover.objects.create(
        campaign=campaign,
        on=today or _today(),
        recipient=handover.recipient,
        amount=-handover.amount,
        receipt_no=handover.receipt_no,
        reverses=handover,
        reason=reason,
        recorded_by=scoping.person(actor),
    )
    audit.record(actor=actor, action="care.donation_handover_reverse", obj=reversal)
    return reversal
