"""Reading the two dues spreadsheets a union receives from its payroll office:

- the payroll-deduction list (工资代扣名单): one row per member with the amount deducted
  for the month's dues;
- the payroll sheet (工资表) with the wage items, from which each member's dues base is set.

Both are matched to members by ID number (身份证号/证件号码) or member card number
(会员证号), and the name in the row is checked against the member found. A role that may
not see whole ID numbers (no ``member.reveal``: a treasurer) is matched on what it is shown
— the name with the masked number (``core.masks.mask_id``) — so a sheet of guessed numbers
tells it nothing the roster does not (docs/finance.md, "Matching rows to members"). Every
problem is reported with its Excel row number, the column as headed in the file and a Chinese
reason, in the style of the roster import (``members.importing``). The sheet, the header
row and the columns are found by ``core.spreadsheets`` (.xlsx, .xls, .ods and .csv).

This module only reads, matches and checks; ``services.dues`` decides and writes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.masks import mask_id
from gonghui.core.spreadsheets import (
    CellError,
    SpreadsheetFileError,
    cell_text,
    header_key,
    number_text,
    open_workbook,
    read_sheet,
)
from gonghui.members.columns import card_cell
from gonghui.members.idcard import normalize_number
from gonghui.orgs.models import Member, Union

from .models import DuesBase, DuesBatch, DuesCharge, WageItem
from .money import ZERO, month_label, parse_amount, yuan

PREVIEW_ROWS = 20
# Rows that close a payroll sheet and are not a person: skipped, and counted.
TOTAL_ROW_NAMES = frozenset({"合计", "总计", "小计", "合 计", "总 计"})

# Header aliases, in the form ``header_key`` gives them (half-width, no spaces).
PERSON_ALIASES = {
    "name": ("姓名", "会员姓名", "职工姓名", "名字"),
    "id_number": ("身份证号", "身份证号码", "证件号码", "证件号", "公民身份号码", "身份证"),
    "card_number": ("会员证号", "会员证编号", "会员卡号"),
}
AMOUNT_ALIASES = ("金额", "代扣金额", "代扣会费", "会费", "扣会费", "实扣金额", "缴纳金额")
WAGE_ALIASES = {
    WageItem.BASIC: ("基本工资", "岗位工资（基本）", "基础工资"),
    WageItem.POST: ("岗位（薪级）工资", "岗位工资", "薪级工资", "岗位薪级工资", "职务工资"),
    WageItem.PERFORMANCE: ("基础性绩效工资", "基础绩效", "基础性绩效", "绩效工资"),
    WageItem.ALLOWANCE: ("津贴补贴", "津贴", "补贴", "津补贴"),
    WageItem.BONUS: ("奖金", "奖励性绩效工资", "奖励性绩效"),
}
EXEMPT_ALIASES = ("免交会费", "免交", "是否免交")
REASON_ALIASES = ("免交原因", "原因", "备注")
LABELS = {
    "name": "姓名",
    "id_number": "身份证号",
    "card_number": "会员证号",
    "amount": "金额",
    "exempt": "免交会费",
    "exempt_reason": "免交原因",
    **{item.value: item.label for item in WageItem},
}
YES = frozenset({"是", "√", "✓", "Y", "YES", "1", "免", "免交"})
NO = frozenset({"否", "×", "N", "NO", "0", ""})


def _aliases(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(alias): key for key, aliases in table.items() for alias in aliases}


PAYMENT_ALIASES = _aliases({**PERSON_ALIASES, "amount": AMOUNT_ALIASES})
BASE_ALIASES = _aliases(
    {
        **PERSON_ALIASES,
        **{k.value: v for k, v in WAGE_ALIASES.items()},
        "exempt": EXEMPT_ALIASES,
        "exempt_reason": REASON_ALIASES,
    }
)


# --- finding the members -------------------------------------------------------------


@dataclass
class Found:
    pk: int
    name: str
    card: str


def _bare(name: str) -> str:
    return name.replace(" ", "")


class MemberIndex:
    """The union's members by ID number and card number, loaded once; numbers not found
    here are looked up in other unions in one query, so a reason can say where they are.

    ``full_ids`` False (a reader who may not see whole ID numbers): members are found by
    name and masked ID number instead (``by_shown``), numbers are never looked up elsewhere,
    and whatever the hidden digits of a row's number are, the answer is the same."""

    def __init__(self, union: Union, *, full_ids: bool) -> None:
        self.union = union
        self.full_ids = full_ids
        self.by_id: dict[str, Found] = {}
        self.by_shown: dict[tuple[str, str], list[Found]] = {}
        self.by_card: dict[str, Found] = {}
        rows = Member.objects.filter(union=union).values_list(
            "pk", "name", "id_number", "card_number"
        )
        for pk, name, id_number, card in rows.iterator(chunk_size=5000):
            found = Found(pk, name, card)
            if id_number and full_ids:
                self.by_id[id_number] = found
            elif id_number:
                self.by_shown.setdefault((_bare(name), mask_id(id_number)), []).append(found)
            if card:
                self.by_card[card] = found
        self.elsewhere: dict[tuple[str, str], str] = {}

    def look_elsewhere(self, ids: list[str], cards: list[str]) -> None:
        """Remember which other union holds each of these numbers (for the reasons)."""
        for column, numbers in (("id_number", ids), ("card_number", cards)):
            numbers = sorted(set(numbers))
            for start in range(0, len(numbers), 900):
                chunk = numbers[start : start + 900]
                held = (
                    Member.objects.filter(**{f"{column}__in": chunk})
                    .exclude(union=self.union)
                    .values_list(column, "union__name")
                )
                for number, union_name in held:
                    self.elsewhere[(column, number)] = union_name


@dataclass
class RowProblem:
    row: int
    column: str
    reason: str


@dataclass
class ParsedRow:
    """One readable row, matched to a member (``member`` None when not matched)."""

    row: int
    name: str
    id_number: str
    card: str
    values: dict[str, Any] = field(default_factory=dict)
    member: Found | None = None


@dataclass
class Parsed:
    header_row: int
    sheet_name: str
    unknown_columns: list[str]
    columns: dict[str, str]  # field → the header text as written
    rows: list[ParsedRow]
    problems: list[RowProblem]
    ignored: int  # total rows and blank rows


def parse(
    data: bytes,
    filename: str,
    *,
    union: Union,
    aliases: dict[str, str],
    read_values,
    needs: tuple[str, ...] = (),
    full_ids: bool = False,
) -> Parsed:
    """Read every row: the person columns here, the rest through ``read_values(cells,
    col, problem)`` which returns the row's other values. Then match each row to a member
    of ``union`` (by whole ID numbers only with ``full_ids``: see ``MemberIndex``); rows
    with problems carry no member."""
    sheet = read_sheet(open_workbook(data, filename), aliases, required="name")
    header = sheet.header
    col = {f: c for c, f in header.columns.items()}
    if "id_number" not in col and "card_number" not in col:
        raise SpreadsheetFileError(
            f"第 {header.row} 行的表头中没有“身份证号”或“会员证号”列：按这两列之一识别会员，"
            "请加上其中一列。"
        )
    for need in needs:
        if need not in col:
            raise SpreadsheetFileError(
                f"第 {header.row} 行的表头中没有“{LABELS[need]}”列，请加上这一列"
                f"（可用列名：{'、'.join(_names_for(need, aliases))}）。"
            )
    texts = {f: header.texts[c] for f, c in col.items()}
    problems: list[RowProblem] = []
    rows: list[ParsedRow] = []
    ignored = 0
    width = max(col.values()) + 1
    for number, cells in sheet.rows:
        if len(cells) < width:  # a short .csv line
            cells = [*cells, *[""] * (width - len(cells))]
        if all(cell in ("", None) for cell in cells):
            ignored += 1
            continue
        bad: list[RowProblem] = []

        def problem(f: str, reason: str, number=number, bad=bad) -> None:
            bad.append(RowProblem(number, texts.get(f, LABELS.get(f, f)), reason))

        name = cell_text(cells[col["name"]]) if "name" in col else ""
        id_number = card = ""
        if "id_number" in col:
            raw = cells[col["id_number"]]
            if isinstance(raw, str) and "*" in raw:
                problem("id_number", f"身份证号“{raw.strip()}”是打码后的号码，无法识别会员。")
            elif raw not in ("", None):
                try:
                    id_number = normalize_number(number_text(raw, what="身份证号"))
                except CellError as exc:
                    problem("id_number", str(exc))
        if "card_number" in col:
            try:
                card = card_cell(cells[col["card_number"]])
            except CellError as exc:
                problem("card_number", str(exc))
        if not id_number and not card and not bad:
            if name.replace(" ", "") in TOTAL_ROW_NAMES or name in TOTAL_ROW_NAMES:
                ignored += 1
                continue
            problem(
                "id_number" if "id_number" in col else "card_number",
                "身份证号和会员证号都为空，无法确定是哪位会员。",
            )
        values = read_values(cells, col, problem)
        parsed = ParsedRow(number, name, id_number, card, values)
        if bad:
            problems.extend(bad)
            parsed.member = None
            parsed.values = {}
        rows.append(parsed)
    _match(rows, MemberIndex(union, full_ids=full_ids), problems, texts)
    problems.sort(key=lambda p: p.row)
    return Parsed(
        header.row,
        header.sheet_name,
        header.unknown,
        texts,
        [r for r in rows if r.member is not None],
        problems,
        ignored,
    )


def _names_for(need: str, aliases: dict[str, str]) -> list[str]:
    return [alias for alias, key in aliases.items() if key == need][:4]


def _match(
    rows: list[ParsedRow], index: MemberIndex, problems: list[RowProblem], texts: dict
) -> None:
    """Find each row's member; a number held in another union, a number nobody holds, two
    numbers naming two people, a name that is not the member's, and a second row for the
    same member are problems of that row."""
    bad_rows = {p.row for p in problems}
    missing_ids = [
        r.id_number
        for r in rows
        if index.full_ids and r.id_number and r.id_number not in index.by_id
    ]
    missing_cards = [r.card for r in rows if r.card and r.card not in index.by_card]
    if missing_ids or missing_cards:
        index.look_elsewhere(missing_ids, missing_cards)
    here = index.union.name
    first_row: dict[int, int] = {}

    def problem(r: ParsedRow, f: str, reason: str) -> None:
        problems.append(RowProblem(r.row, texts.get(f, LABELS[f]), reason))

    for r in rows:
        if r.row in bad_rows:
            continue
        by_id = _by_id(r, index) if r.id_number else None
        by_card = index.by_card.get(r.card) if r.card else None
        if isinstance(by_id, str):
            problem(r, "id_number", by_id)
            continue
        if r.card and by_card is None:
            other = index.elsewhere.get(("card_number", r.card))
            if other:
                reason = f"会员证号 {r.card} 是「{other}」的会员，不是{here}的会员。"
            else:
                reason = f"{here}没有会员证号为 {r.card} 的会员。"
            problem(r, "card_number", reason)
            continue
        if by_id is not None and by_card is not None and by_id.pk != by_card.pk:
            problem(
                r,
                "card_number",
                f"身份证号对应「{by_id.name}」，会员证号对应「{by_card.name}」，不是同一人，请核对。",
            )
            continue
        found = by_id or by_card
        what = "身份证号" if by_id is not None else "会员证号"
        if r.name and r.name.replace(" ", "") != found.name.replace(" ", ""):
            problem(r, "name", f"姓名“{r.name}”与{what}对应的会员「{found.name}」不一致，请核对。")
            continue
        if found.pk in first_row:
            problem(
                r,
                "name",
                f"与第 {first_row[found.pk]} 行是同一会员「{found.name}」，同一会员只能出现一次。",
            )
            continue
        first_row[found.pk] = r.row
        r.member = found


def _by_id(r: ParsedRow, index: MemberIndex) -> Found | str:
    """The member the row's ID number names, or why none. Without ``full_ids`` the number
    counts only as far as it is shown (masked) and the name decides; a row's card number
    tells two members of the same name and mask apart."""
    here, shown = index.union.name, mask_id(r.id_number)
    if index.full_ids:
        found = index.by_id.get(r.id_number)
        if found is not None:
            return found
        other = index.elsewhere.get(("id_number", r.id_number))
        if other:
            return f"身份证号 {shown} 是「{other}」的会员，不是{here}的会员。"
        return f"{here}没有身份证号为 {shown} 的会员。"
    candidates = index.by_shown.get((_bare(r.name), shown), [])
    if len(candidates) > 1 and r.card:
        candidates = [c for c in candidates if c.card == r.card] or candidates
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return (
            f"{here}有 {len(candidates)} 位姓名为「{r.name}」、身份证号为 {shown} 的会员，"
            "无法区分，请在表中加上会员证号。"
        )
    return f"{here}没有身份证号为 {shown}、姓名为「{r.name}」的会员。"


# --- the two kinds of rows ------------------------------------------------------------


def payment_values(cells, col, problem) -> dict[str, Any]:
    """The amount of a payroll-deduction row."""
    raw = cells[col["amount"]]
    try:
        return {"amount": parse_amount(raw, label="金额")}
    except ValidationError as exc:
        problem("amount", "；".join(exc.messages))
        return {}


def base_values(cells, col, problem) -> dict[str, Any]:
    """The wage items (and exemption) of a payroll-sheet row: only the columns the file
    has; a blank wage cell is zero."""
    values: dict[str, Any] = {}
    for item in WageItem:
        if item.value not in col:
            continue
        raw = cells[col[item.value]]
        if raw in ("", None):
            values[item.value] = Decimal("0.00")
            continue
        try:
            values[item.value] = parse_amount(raw, label=item.label, allow_zero=True)
        except ValidationError as exc:
            problem(item.value, "；".join(exc.messages))
    if "exempt" in col:
        text = "".join(cell_text(cells[col["exempt"]]).split()).upper()
        if text in YES:
            values["exempt"] = True
        elif text in NO:
            values["exempt"] = False
        else:
            problem("exempt", f"“{text}”看不懂，免交会费一列请填“是”或“否”。")
    if "exempt_reason" in col:
        values["exempt_reason"] = cell_text(cells[col["exempt_reason"]])[:100]
    if values.get("exempt") and not values.get("exempt_reason"):
        problem("exempt", "免交会费须写明原因（“免交原因”一列）。")
    return values


# --- results and checks (called by services.dues, inside its transaction for a write) --


@dataclass
class DuesImportResult:
    """What a payroll-deduction import did (``written``) or would do."""

    month: datetime.date
    rows: int = 0
    matched: int = 0
    total: Decimal = ZERO
    rejected: list[dict[str, Any]] = field(default_factory=list)
    ignored: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    header_row: int = 0
    sheet_name: str = ""
    sha256: str = ""
    preview: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False
    batch: DuesBatch | None = None
    # (row, charge id, amount) of the rows that pass: what a write records.
    good: list = field(default_factory=list, repr=False)

    def summary(self) -> dict[str, Any]:
        """The shape ``gonghui dues import --json`` prints."""
        return {
            "month": self.month.strftime("%Y-%m"),
            "rows": self.rows,
            "matched": self.matched,
            "total": str(self.total),
            "rejected": list(self.rejected),
            "ignored": self.ignored,
            "written": self.written,
            "batch": self.batch.pk if self.batch is not None else None,
        }

    @property
    def rejected_rows(self) -> int:
        return len({r["row"] for r in self.rejected})


@dataclass
class BaseImportResult:
    """What a dues-base import did (``written``) or would do."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    ignored: int = 0
    items: list[str] = field(default_factory=list)  # the wage columns the file has
    unknown_columns: list[str] = field(default_factory=list)
    header_row: int = 0
    sheet_name: str = ""
    preview: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False

    def summary(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": list(self.rejected),
            "ignored": self.ignored,
            "items": list(self.items),
            "written": self.written,
        }

    @property
    def rejected_rows(self) -> int:
        return len({r["row"] for r in self.rejected})


BASE_FIELDS = (*WageItem.values, "exempt", "exempt_reason")


def check_payments(result, parsed, *, union, month, lock: bool) -> None:
    """Check each matched row against the member's charge for the month; keep the good
    rows on ``result.good`` as (row, charge id, amount)."""
    problems = [(p.row, p.column, p.reason) for p in parsed.problems]
    charges = DuesCharge.objects.filter(union=union, month=month)
    if lock:
        # Serialise with single payments recorded at the same time (PostgreSQL).
        charges = charges.select_for_update()
    owed = {m: (pk, amount - paid) for pk, m, amount, paid in
            charges.values_list("pk", "member_id", "amount", "paid").iterator(chunk_size=5000)}  # fmt: skip
    amount_col = parsed.columns.get("amount", "金额")
    label = month_label(month)
    good = []
    for r in parsed.rows:
        amount = r.values.get("amount")
        who = r.member.name
        if r.member.pk not in owed:
            problems.append(
                (r.row, amount_col, f"「{who}」{label}没有应缴会费记录：请先计算本月会费；"
                 "免交会费的会员不需代扣。")
            )  # fmt: skip
            continue
        charge_id, outstanding = owed[r.member.pk]
        if outstanding <= 0:
            problems.append((r.row, amount_col, f"「{who}」{label}的会费已缴清。"))
        elif amount > outstanding:
            problems.append(
                (r.row, amount_col,
                 f"金额 {yuan(amount)} 元超过「{who}」{label}未缴的 {yuan(outstanding)} 元。")
            )  # fmt: skip
        else:
            good.append((r, charge_id, amount))
    problems.sort(key=lambda p: p[0])
    result.rejected = [{"row": n, "column": c, "reason": t} for n, c, t in problems]
    result.rows = len(parsed.rows) + len({p.row for p in parsed.problems})
    result.matched = len(good)
    result.total = sum((a for _, _, a in good), ZERO)
    result.preview = [
        {"row": r.row, "name": r.member.name, "card": r.member.card, "amount": yuan(a)}
        for r, _, a in good[:PREVIEW_ROWS]
    ]
    result.good = good


def compare_bases(
    result: BaseImportResult, parsed: Parsed, *, union: Union, items: list[str], counted
) -> tuple[list[DuesBase], list[DuesBase]]:
    """The bases to create and to change for the matched rows; counts and the preview go
    on ``result``. Only the columns the file has are compared."""
    result.rows = len(parsed.rows) + len({p.row for p in parsed.problems})
    result.rejected = [
        {"row": p.row, "column": p.column, "reason": p.reason} for p in parsed.problems
    ]
    ids = [r.member.pk for r in parsed.rows]
    existing = {
        b.member_id: b
        for start in range(0, len(ids), 900)
        for b in DuesBase.objects.filter(member_id__in=ids[start : start + 900])
    }
    now = timezone.now()
    new, changed = [], []
    for r in parsed.rows:
        base = existing.get(r.member.pk)
        if base is None:
            base = DuesBase(member_id=r.member.pk, union=union, **r.values)
            new.append(base)
            action = "新增"
        else:
            diff = {f: v for f, v in r.values.items() if getattr(base, f) != v}
            if base.union_id != union.pk:
                diff["union"] = union
            if not diff:
                result.unchanged += 1
                continue
            for f, v in diff.items():
                setattr(base, f, v)
            base.updated_at = now  # bulk_update does not apply auto_now
            changed.append(base)
            action = "更新"
        if len(result.preview) < PREVIEW_ROWS:
            amount = sum((getattr(base, i) for i in counted), ZERO)
            result.preview.append(
                {"row": r.row, "name": r.member.name, "action": action,
                 **{i: yuan(getattr(base, i)) for i in items},
                 "base": yuan(amount), "exempt": "免交" if base.exempt else ""}
            )  # fmt: skip
    result.created, result.updated = len(new), len(changed)
    return new, changed
