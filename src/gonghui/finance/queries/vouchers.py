"""Voucher reads that depend on who asks: the list with its filters, one voucher with its
lines, shares, attachments and history, what the user may do with it, and the member
picker of the voucher form."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from gonghui.core import scoping, union_settings
from gonghui.core.models import AuditEntry
from gonghui.core.queries import get_scoped
from gonghui.members.queries import resolve_names
from gonghui.orgs.models import Union

from .. import spending
from ..models import (
    APPROVER_ROLES,
    Attachment,
    Category,
    FinanceSettings,
    Kind,
    Voucher,
    VoucherLine,
    VoucherShare,
    VoucherStatus,
)
from ..money import parse_month
from .common import settings_for

PER_PAGE = 30


@dataclass
class VoucherFilter:
    status: str = ""
    kind: str = ""
    month: datetime.date | None = None
    category: str = ""
    q: str = ""
    overridden: bool = False
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params) -> VoucherFilter:
        """Read the list's GET parameters; anything malformed is ignored, not an error."""
        f = cls()
        f.status = params.get("status", "") if params.get("status") in VoucherStatus.values else ""
        f.kind = params.get("kind", "") if params.get("kind") in Kind.values else ""
        if params.get("month"):
            try:
                f.month = parse_month(params["month"])
            except ValidationError:
                f.errors.append("月份格式不对，已忽略。")
        code = str(params.get("category", "")).strip()
        f.category = code if code.isdigit() and len(code) <= 8 else ""
        f.q = " ".join(params.get("q", "").split())[:40]
        f.overridden = params.get("overridden") == "1"
        return f

    def as_params(self) -> dict[str, str]:
        params = {
            "status": self.status,
            "kind": self.kind,
            "month": self.month.strftime("%Y-%m") if self.month else "",
            "category": self.category,
            "q": self.q,
            "overridden": "1" if self.overridden else "",
        }
        return {k: v for k, v in params.items() if v}

    @property
    def is_filtered(self) -> bool:
        return bool(self.as_params())


def vouchers(user, union: Union, f: VoucherFilter) -> QuerySet[Voucher]:
    """The union's vouchers (finance.view), newest first, with what the list shows."""
    scoping.require(user, "finance.view", union=union)
    qs = Voucher.objects.filter(union=union)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.month:
        nxt = (f.month + datetime.timedelta(days=32)).replace(day=1)
        qs = qs.filter(date__gte=f.month, date__lt=nxt)
    if f.category:
        # A top category (501) finds its sub-items' lines too.
        lines = VoucherLine.objects.filter(voucher=OuterRef("pk")).filter(
            Q(category__code=f.category) | Q(category__parent__code=f.category)
        )
        qs = qs.filter(Exists(lines))
    if f.q:
        qs = qs.filter(Q(summary__contains=f.q) | Q(number__contains=f.q))
    if f.overridden:
        qs = qs.exclude(override_reason="")
    return (
        qs.select_related("created_by", "reverses")
        .annotate(attachment_count=Count("attachments", distinct=True))
        .order_by("-date", "-id")
    )


def voucher_page(qs: QuerySet[Voucher], number):
    return Paginator(qs, PER_PAGE).get_page(number)


def list_categories() -> list[Category]:
    return list(Category.objects.select_related("parent").order_by("code"))


def get_voucher(user, pk: int, perm: str = "finance.view") -> Voucher:
    return get_scoped(
        Voucher.objects.select_related(
            "union",
            "created_by",
            "submitted_by",
            "approved_by",
            "posted_by",
            "override_by",
            "reverses",
        ),
        user,
        perm,
        union="union",
        missing="没有这张凭证。",
        pk=pk,
    )


def voucher_lines(voucher: Voucher) -> list[VoucherLine]:
    shares = VoucherShare.objects.select_related("member", "member__group").order_by(
        "member__group__name", "member__name_pinyin", "id"
    )
    return list(
        voucher.lines.select_related("category", "category__parent")
        .prefetch_related(Prefetch("shares", queryset=shares))
        .order_by("id")
    )


def share_vouchers(share_ids) -> dict[int, Voucher]:
    """The voucher each share is on, by share id, in one query: for another module's page
    that shows where its payments went (``care.payments``). The caller decides who may see
    them; the voucher page itself still asks ``finance.view``."""
    ids = {pk for pk in share_ids if pk is not None}
    if not ids:
        return {}
    rows = VoucherShare.objects.filter(pk__in=ids).select_related("line__voucher")
    return {s.pk: s.line.voucher for s in rows}


def voucher_attachments(voucher: Voucher) -> list[Attachment]:
    return list(voucher.attachments.select_related("uploaded_by").order_by("id"))


def reversed_by(voucher: Voucher) -> Voucher | None:
    return Voucher.objects.filter(reverses=voucher).first()


def voucher_history(user, voucher: Voucher) -> list[AuditEntry]:
    """The voucher's steps from the audit trail, oldest first. Anyone who may see the
    voucher sees who did what to it; the trail itself stays audit.view's."""
    scoping.require(user, "finance.view", union=voucher.union)
    return list(
        AuditEntry.objects.filter(object_type="finance.voucher", object_id=str(voucher.pk))
        .select_related("actor")
        .order_by("id")
    )


def violations(voucher: Voucher) -> list[spending.Violation]:
    """The rules the voucher breaks now and nobody has let through (drafts and submitted
    vouchers only: once approved the decision is taken)."""
    if voucher.status not in (VoucherStatus.DRAFT, VoucherStatus.SUBMITTED):
        return []
    # What the chair already let through is shown in the override box, not again in red.
    overridden = {v.get("message") for v in voucher.override_violations or []}
    return [v for v in spending.check_voucher(voucher) if v.message not in overridden]


@dataclass
class Abilities:
    """What the page offers the user; the services check again."""

    edit: bool = False
    submit: bool = False
    withdraw: bool = False
    approve: bool = False
    approve_refusal: str = ""
    post: bool = False
    reverse: bool = False
    override: bool = False
    attach: bool = False
    detach: bool = False


def abilities(user, voucher: Voucher) -> Abilities:
    union = voucher.union
    change = scoping.has_perm(user, "finance.change", union=union)
    approver = is_approver(user, union)
    own = user.pk in (voucher.created_by_id, voucher.submitted_by_id)
    s = voucher.status
    a = Abilities()
    a.edit = change and s == VoucherStatus.DRAFT
    a.submit = change and s == VoucherStatus.DRAFT
    a.withdraw = s == VoucherStatus.SUBMITTED and (approver or user.pk == voucher.submitted_by_id)
    if s == VoucherStatus.SUBMITTED and approver:
        a.approve = not own
        a.approve_refusal = "您填制或提交了这张凭证，须由另一位审批人审批。" if own else ""
    a.post = s == VoucherStatus.APPROVED and (change or user.pk == voucher.approved_by_id)
    a.reverse = change and s == VoucherStatus.POSTED and not voucher.is_reversal
    a.override = s in (VoucherStatus.DRAFT, VoucherStatus.SUBMITTED) and scoping.has_perm(
        user, "finance.override", union=union
    )
    a.attach = change
    a.detach = change and s != VoucherStatus.POSTED
    return a


def _approver_roles_held(user, union: Union) -> set[str]:
    """The roles that could be the approver's which the user holds on the union or above."""
    if not getattr(user, "is_authenticated", False):
        return set()
    reach = {*union.ancestor_ids, union.pk}
    held = {g.role for g in scoping.grants(user) if g.group_id is None and g.union_id in reach}
    return held & {role for role, _ in APPROVER_ROLES}


def is_approver(user, union: Union) -> bool:
    """Does the user hold the union's approver role (``FinanceSettings.approver_role``) on
    the union or above it? The one test the approve service and the page both use. It reads
    the grants ``core.scoping`` loaded for the request, and the setting only when one of
    them could be the approver's role."""
    held = _approver_roles_held(user, union)
    return bool(held) and settings_for(union).approver_role in held


def if_approver(user, union: Union, rows: QuerySet) -> QuerySet | None:
    """``rows`` when the user may be the union's approver (:func:`is_approver`, with the
    setting read inside the rows' own query rather than before it), None when no role the
    user holds could be."""
    held = _approver_roles_held(user, union)
    if not held:
        return None
    setting = union_settings.inherited_value(FinanceSettings, union, "approver_role")
    return rows.alias(_approver=setting).filter(_approver__in=sorted(held))


def get_attachment(user, pk: int, perm: str = "finance.view") -> Attachment:
    return get_scoped(
        Attachment.objects.select_related("voucher", "voucher__union"),
        user,
        perm,
        union="voucher.union",
        missing="没有这个附件。",
        pk=pk,
    )


# --- pasted names -------------------------------------------------------------------


def resolve_people(union: Union, text: str, default_amount):
    """Pasted lines "姓名或会员证号 [金额] [事项]" → ([(member, amount text, event key)],
    [problems]). The 事项 (e.g. the illness of a 住院慰问) is for that person alone; without
    it the line's 事由 applies. A card number wins over a name; a name two current members
    share must be given as a card number."""
    wanted = []
    for raw in text.splitlines():
        parts = raw.replace("，", " ").replace(",", " ").replace("\t", " ").split()
        if not parts:
            continue
        who = parts[0]
        amount = parts[1] if len(parts) > 1 else default_amount
        event = " ".join(parts[2:])
        wanted.append((who, amount, event, raw.strip()))
    found, problems = resolve_names(union, [w for w, *_rest in wanted])
    out = []
    for who, amount, event, raw in wanted:
        member = found.get(who)
        if member is None:
            continue  # resolve_names said why
        if amount in (None, ""):
            problems.append(f"“{raw}”：请填写金额，或在上方填写“每人金额”。")
            continue
        out.append((member, amount, event))
    return out, problems


def leaf_categories(kind: str) -> list[tuple[str, list[Category]]]:
    """The categories a voucher of ``kind`` may use, grouped under their top category for
    the form's <optgroup>s; a top category without sub-items stands alone."""
    cats = list(Category.objects.filter(kind=kind).order_by("code"))
    parents_with_children = {c.parent_id for c in cats if c.parent_id}
    groups: list[tuple[str, list[Category]]] = []
    by_parent: dict[int, list[Category]] = {}
    for c in cats:
        if c.parent_id:
            by_parent.setdefault(c.parent_id, []).append(c)
    for c in cats:
        if c.parent_id is None:
            if c.pk in parents_with_children:
                groups.append((f"{c.code} {c.name}", by_parent[c.pk]))
            else:
                groups.append(("", [c]))
    return groups
