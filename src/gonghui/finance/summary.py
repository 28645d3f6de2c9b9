"""The books' paragraphs of the 年度工作总结 (``core.summary``), every sum taken in fen by the
database as the statements take it (``fen_total``):

- ``finance.funds``: dues charged and paid over the period's months and the 会费收缴率 (the
  ``finance.dues_rate`` metric), income and spending of the posted lines by top category
  (a reversal's negated lines cancel what they reverse), and the 预算执行率;
- ``finance.care``: 慰问 paid (``finance.care_count`` / ``care_amount``) and the mutual-aid
  fund's year (deposits, loans, repayments);
- ``finance.arrears``: a shortfall, the members flagged for dues unpaid the union's
  ``arrears_months`` in a row (《中国工会章程》第三十条: the committee decides).

A federation keeps no books here: its paragraphs add up the unions beneath it; it has no
budget and no arrears list of its own.
"""

from __future__ import annotations

import datetime

from django.db.models import Count

from gonghui.core import summary
from gonghui.core.summary import Paragraph, Writer
from gonghui.members.metrics import in_union

from . import metrics as fm
from .models import AidEntry, AidEntryKind, Category, DuesCharge, Kind, VoucherLine, VoucherStatus
from .queries.common import fen_to_yuan, fen_total
from .queries.dues import arrears_query, dues_settings

AREA = "经费"
FUNDS_TOPICS = ("经费", "财务", "自身建设", "会费", "预算")
CARE_TOPICS = ("权益", "维权", "送温暖", "帮扶", "慰问", "关爱", "福利")
SHOWN = 3  # top categories named on each side


def _by_top_category(union, start, end) -> dict[str, dict[str, object]]:
    """kind → [(top category name, yuan)] of the period's posted lines, largest first."""
    rows = (
        VoucherLine.objects.filter(
            in_union(union), status=VoucherStatus.POSTED, date__range=(start, end)
        )
        .values("category__code")
        .annotate(fen=fen_total("amount"))
        .order_by()
    )
    tops = {c.code: c for c in Category.objects.filter(parent=None)}
    sums: dict[str, int] = {}
    for row in rows:
        top = row["category__code"][:3]
        sums[top] = sums.get(top, 0) + int(row["fen"] or 0)
    out: dict[str, dict[str, object]] = {Kind.INCOME: {}, Kind.EXPENSE: {}}
    for code, fen in sorted(sums.items(), key=lambda kv: -kv[1]):
        if fen and code in tops:
            out[tops[code].kind][tops[code].name] = fen_to_yuan(fen)
    return out


def _money_text(w: Writer, label: str, parts: dict) -> str:
    total = sum(parts.values())
    text = f"{label}合计{w.yuan(total)}"
    named = [f"{name}{w.yuan(v)}" for name, v in list(parts.items())[:SHOWN] if v > 0]
    return f"{text}（其中{'，'.join(named)}）" if named else text


def _dues_text(w: Writer, union, start, end) -> str:
    sums = DuesCharge.objects.filter(
        in_union(union), month__gte=start.replace(day=1), month__lte=end
    ).aggregate(charged=fen_total("amount"), paid=fen_total("paid"))
    if not sums["charged"]:
        return ""
    rate = fm.dues_rate(union, start, end)
    return (
        f"应缴会费{w.yuan(fen_to_yuan(sums['charged']))}，实缴{w.yuan(fen_to_yuan(sums['paid']))}，"
        f"会费收缴率{w.pct(rate, 2)}"
    )


def funds(union, start: datetime.date, end: datetime.date) -> Paragraph | None:
    w = Writer()
    sentences = []
    dues = _dues_text(w, union, start, end)
    if dues:
        sentences.append(dues)
    money = _by_top_category(union, start, end)
    if money[Kind.INCOME]:
        sentences.append(_money_text(w, "经费收入", money[Kind.INCOME]))
    if money[Kind.EXPENSE]:
        sentences.append(_money_text(w, "经费支出", money[Kind.EXPENSE]))
    budget = fm.budget_rate(union, start, end)
    if budget is not None:
        sentences.append(f"预算执行率{w.pct(budget, 2)}")
    if not sentences:
        return None
    who = "所辖基层工会" if union.is_federation else "全年"
    return w.para("finance.funds", AREA, f"{who}{'；'.join(sentences)}。", topics=FUNDS_TOPICS)


def _aid_text(w: Writer, union, start, end) -> str:
    rows = {
        r["kind"]: r
        for r in AidEntry.objects.filter(in_union(union), on__range=(start, end))
        .values("kind")
        .annotate(fen=fen_total("amount"), n=Count("pk"))
        .order_by()
    }
    if not rows:
        return ""
    parts = []
    if AidEntryKind.DEPOSIT in rows:
        parts.append(f"存入{w.yuan(fen_to_yuan(rows[AidEntryKind.DEPOSIT]['fen']))}")
    if AidEntryKind.LOAN in rows:
        loan = rows[AidEntryKind.LOAN]
        parts.append(f"借出{w.n(loan['n'], '笔')}共{w.yuan(fen_to_yuan(loan['fen']))}")
    if AidEntryKind.REPAY in rows:
        parts.append(f"收回还款{w.yuan(fen_to_yuan(rows[AidEntryKind.REPAY]['fen']))}")
    return f"互助金{'，'.join(parts)}" if parts else ""


def care(union, start: datetime.date, end: datetime.date) -> Paragraph | None:
    w = Writer()
    sentences = []
    people = fm.care_count(union, start, end)
    if people:
        amount = fm.care_amount(union, start, end)
        sentences.append(f"走访慰问会员{w.n(people, '人次')}，发放慰问金（品）{w.yuan(amount)}")
    aid = _aid_text(w, union, start, end)
    if aid:
        sentences.append(aid)
    if not sentences:
        return None
    who = "所辖基层工会" if union.is_federation else "全年"
    return w.para("finance.care", AREA, f"{who}{'；'.join(sentences)}。", topics=CARE_TOPICS)


def arrears(union, end: datetime.date) -> Paragraph | None:
    """The members in arrears for the months charged up to the end of the period."""
    if union.is_federation:
        return None
    flagged = arrears_query(union, flagged_only=True, until=end).count()
    if not flagged:
        return None
    w = Writer()
    months = dues_settings(union).arrears_months
    text = (
        f"{w.n(flagged, '名')}会员截至{w.day(end)}已连续{w.n(months, '个月')}以上未缴会费，"
        "需按会章提请工会委员会研究处理。"
    )
    return w.para("finance.arrears", AREA, text, topics=FUNDS_TOPICS, shortfall=True)


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    found = (funds(union, start, end), care(union, start, end), arrears(union, end))
    return [p for p in found if p is not None]


def register_all() -> None:
    summary.register("finance", paragraphs)
