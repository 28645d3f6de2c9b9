"""The audit committee's reads: findings, and every voucher let past a spending rule."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.core.queries import get_scoped

from ..models import Finding, FindingStatus, Voucher
from .budget import year_range


def findings(union, *, status: str = "", year: int | None = None) -> QuerySet:
    rows = Finding.objects.filter(union=union).select_related(
        "voucher", "created_by", "responded_by", "closed_by"
    )
    if status:
        rows = rows.filter(status=status)
    if year is not None:
        start, end = year_range(year)
        # A finding belongs to the year it was written in or the year its subject lies in.
        rows = rows.filter(
            Q(created_at__year=year)
            | Q(voucher__date__range=(start, end))
            | Q(period_start__lte=end, period_end__gte=start)
        ).distinct()
    return rows.order_by("-created_at", "-id")


def finding_counts(union) -> dict[str, int]:
    rows = Finding.objects.filter(union=union).values("status").annotate(n=Count("id")).order_by()
    counts = {s.value: 0 for s in FindingStatus}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def get_finding(user, pk: int, perm: str = "finance.view") -> Finding:
    return get_scoped(
        Finding.objects.select_related(
            "union", "voucher", "created_by", "responded_by", "closed_by"
        ),
        user,
        perm,
        union="union",
        missing="没有这条审查意见。",
        pk=pk,
    )


def overrides(union, *, year: int | None = None) -> QuerySet:
    """Vouchers a chair let past a spending rule: each carries the written reason, who
    gave it and the violations it overrode (``override_violations``)."""
    rows = Voucher.objects.filter(union=union).exclude(override_reason="")
    if year is not None:
        rows = rows.filter(date__range=year_range(year))
    return rows.select_related("override_by", "created_by", "approved_by").order_by("-date", "-id")


def violation_texts(voucher: Voucher) -> list[str]:
    """The overridden violations as sentences, whatever shape the voucher engineer's
    checker stored (text, or a dict with a message)."""
    texts = []
    for item in voucher.override_violations or []:
        if isinstance(item, dict):
            text = (
                item.get("message")
                or item.get("text")
                or "；".join(f"{k}：{v}" for k, v in item.items())
            )
        else:
            text = str(item)
        texts.append(text)
    return texts


def review_page(union, *, status: str = "", year: int | None = None) -> dict:
    """The audit committee's page of ``union`` (the caller fetched it with finance.view)."""
    if year is None:
        year = timezone.localdate().year
    override_rows = list(overrides(union, year=year))
    return {
        "union": union,
        "year": year,
        "findings": list(findings(union, status=status)),
        "counts": finding_counts(union),
        "overrides": [(v, violation_texts(v)) for v in override_rows],
        "status": status,
    }
