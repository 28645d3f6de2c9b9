"""Reading and checking a roster spreadsheet (花名册) for one union: upsert by ID number.

One pass over the rows in plain Python checks every cell (reporting each problem with its
Excel row number and the column header as written) and compares each row with the member
it matches. Nothing here writes: ``services_import.roster_import`` writes the valid rows,
their history and one audit entry in one transaction (or, as a dry run, only reports).

The work is sized for 200,000-row files: the sheet is read with python-calamine, existing
members of the union are loaded once as value tuples (raw SQL, see :func:`_existing_rows`).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from gonghui.core.masks import mask_id, mask_mobile
from gonghui.core.spreadsheets import (
    CellError,
    SpreadsheetFileError,
    cell_text,
    lost_digits_message,
    number_text,
    open_workbook,
    parse_date,
    read_bytes,
    read_sheet,
)
from gonghui.orgs.models import Member, MemberStatus, Union, UnionGroup

from .choices import ETHNICITIES, GB11643_TYPES, Education, Employment, IdType, Political
from .columns import (
    ALIASES,
    COLUMNS,
    EDUCATION_VALUES,
    EMPLOYMENT_VALUES,
    ID_TYPE_VALUES,
    IGNORED_HEADERS,
    LABELS,
    POLITICAL_VALUES,
    SEX_VALUES,
    YES_NO,
    card_cell,
    choice_parser,
    choice_value,
    ethnicity_cell,
    flag_parser,
)
from .idcard import normalize_number
from .models import ImportRun, MemberEvent
from .validation import PERSON_FIELDS, check_person, search_keys

__all__ = ["COLUMNS", "Checked", "ImportResult", "check_roster"]


# The member columns the import sets, in the order of the value tuples below (and of
# ``_existing_rows``, which loads the union's members, so the two compare directly).
FIELDS = ("group_id", *PERSON_FIELDS)
SEARCH_FIELDS = Member.SEARCH_KEYS
PREVIEW_ROWS = 20
BATCH = 5000


# --- the result ------------------------------------------------------------------


@dataclass
class ImportResult:
    """What the import did (``written``) or would do: counts cover the valid rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    groups_created: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    header_row: int = 0
    sheet_name: str = ""
    rows: int = 0
    written: bool = False
    preview: list[dict[str, Any]] = field(default_factory=list)
    sha256: str = ""
    run: ImportRun | None = None

    def summary(self) -> dict[str, Any]:
        """The shape ``gonghui members import --json`` prints and ``ImportRun.result`` keeps."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": list(self.rejected),
            "groups_created": list(self.groups_created),
        }

    @property
    def rejected_rows(self) -> int:
        return len({r["row"] for r in self.rejected})


# Preview columns for the page: (key, label); values are display strings.
PREVIEW_COLUMNS = (("row", "行号"), ("action", "处理"), *((c.field, c.label) for c in COLUMNS))
ACTION_LABELS = {"created": "新增", "updated": "更新", "unchanged": "无变化"}


def _preview(number: int, action: str, values: tuple, group_name: str) -> dict[str, Any]:
    d = dict(zip(FIELDS, values, strict=True))
    yes_no = {True: "是", False: "否"}
    return {
        "row": number,
        "action": ACTION_LABELS[action],
        "name": d["name"],
        "sex": {"M": "男", "F": "女"}.get(d["sex"], ""),
        "ethnicity": d["ethnicity"],
        "id_type": IdType(d["id_type"]).label,
        "id_number": mask_id(d["id_number"]),
        "birth_date": f"{d['birth_date']:%Y-%m-%d}" if d["birth_date"] else "",
        "mobile": mask_mobile(d["mobile"]),
        "education": Education(d["education"]).label if d["education"] else "",
        "political_status": Political(d["political_status"]).label if d["political_status"] else "",
        "department": d["department"],
        "post": d["post"],
        "employment": Employment(d["employment"]).label if d["employment"] else "",
        "is_frontline": yes_no[d["is_frontline"]],
        "is_manager": yes_no[d["is_manager"]],
        "is_teacher": yes_no[d["is_teacher"]],
        "joined_on": f"{d['joined_on']:%Y-%m-%d}" if d["joined_on"] else "",
        "card_number": d["card_number"],
        "group": group_name,
    }


# --- the import ---------------------------------------------------------------------


MAX_LENGTHS = {
    f: Member._meta.get_field(f).max_length for f in ("name", "id_number", "department", "post")
}
GROUP_NAME_MAX = UnionGroup._meta.get_field("name").max_length


@dataclass
class Checked:
    """A roster read and checked: the result as the preview shows it, and the rows to
    write as (Excel row, member pk or None for a new one, values in FIELDS order — a new
    group as its name —, search keys, the member's values before or None)."""

    result: ImportResult
    pending: list[tuple[int, int | None, tuple, tuple, tuple | None]]


def check_roster(file, *, union: Union, today: datetime.date) -> Checked:
    """Read a roster file (bytes, a path or an open file) for ``union`` and check every row
    against the union's members. Raises :class:`SpreadsheetFileError` (a
    ``ValidationError``) when the file cannot be read at all; every row-level problem is in
    ``result.rejected`` instead."""
    data = read_bytes(file)
    sheet = read_sheet(
        open_workbook(data),
        ALIASES,
        required="name",
        ignored=frozenset(IGNORED_HEADERS.values()),
    )
    if "id_number" not in sheet.header.columns.values():
        raise SpreadsheetFileError(
            f"第 {sheet.header.row} 行的表头中没有“身份证号码”或“证件号码”列：导入按证件号码"
            "识别会员（已有的更新，没有的新增），请加上这一列。"
        )
    result = ImportResult(
        header_row=sheet.header.row,
        sheet_name=sheet.header.sheet_name,
        unknown_columns=sheet.header.unknown,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    del data  # the workbook holds what it needs; a 200,000-row file is 24 MB
    return Checked(result, _check(result, sheet, union=union, today=today))


# Position of each field in a FIELDS tuple.
POS = {f: n for n, f in enumerate(FIELDS)}
# A new member's values for the columns a file leaves out.
BLANK = tuple(
    {"id_type": IdType.RESIDENT.value, "birth_date": None, "joined_on": None, "group_id": None}.get(
        f, False if f.startswith("is_") else ""
    )
    for f in FIELDS
)


def _check(result, sheet, *, union, today) -> list:
    header = sheet.header
    col = {f: c for c, f in header.columns.items()}
    order = {f: col.get(f, 10_000) for f in LABELS}
    order["group_id"] = order["group"]
    rejected: list[tuple[int, int, str, str]] = []

    def reject(number: int, field: str, reason: str) -> None:
        # The column as headed in the file; one the file lacks (性别 derived from the ID
        # number) by its usual name.
        text = header.texts[col[field]] if field in col else LABELS.get(field, field)
        rejected.append((number, order.get(field, 10_000), text, reason))

    # Existing members of this union, as tuples in FIELDS order.
    existing: dict[str, tuple[int, tuple]] = {}
    cards_here: dict[str, tuple[str, str]] = {}  # card → (holder's id number, name)
    i_id, i_card = POS["id_number"], POS["card_number"]
    for pk, values in _existing_rows(union):
        if values[i_id]:
            existing[values[i_id]] = (pk, values)
        if values[i_card]:
            cards_here[values[i_card]] = (values[i_id], values[POS["name"]])
    groups = dict(
        UnionGroup.objects.filter(union=union, archived_at=None).values_list("name", "pk")
    )
    group_names = {pk: name for name, pk in groups.items()}

    mapped = list(header.columns)
    i_name = col["name"]
    name_header = header.texts[i_name]
    c_type, c_id, c_group = col.get("id_type"), col.get("id_number"), col.get("group")
    # check_person's inputs other than name and ID, and the remaining columns with parsers.
    person = [(f, col[f], POS[f]) for f in ("sex", "birth_date", "mobile", "joined_on") if f in col]
    # field → (cell → value table tried first, parser for everything else)
    parsers = {
        "ethnicity": ({e: e for e in ("", *ETHNICITIES)}, ethnicity_cell),
        "education": (EDUCATION_VALUES, choice_parser(EDUCATION_VALUES, "education")),
        "political_status": (
            POLITICAL_VALUES,
            choice_parser(POLITICAL_VALUES, "political_status"),
        ),
        "department": (None, cell_text),
        "post": (None, cell_text),
        "employment": (EMPLOYMENT_VALUES, choice_parser(EMPLOYMENT_VALUES, "employment")),
        "is_frontline": (YES_NO, flag_parser("is_frontline")),
        "is_manager": (YES_NO, flag_parser("is_manager")),
        "is_teacher": (YES_NO, flag_parser("is_teacher")),
        "card_number": (None, card_cell),
    }
    others = [(f, col[f], POS[f], *parsers[f]) for f in parsers if f in col]
    lengths = [(f, POS[f], limit) for f, limit in MAX_LENGTHS.items()]
    seen_ids: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    pending: list[tuple] = []  # as Checked.pending
    preview: list[tuple[int, str, tuple, str]] = []

    for number, row in sheet.rows:
        for c in mapped:
            v = row[c]
            if v != "" and v is not None and not (v.__class__ is str and v.isspace()):
                break
        else:
            continue  # a blank row
        name_cell = row[i_name]
        if name_cell.__class__ is str and name_cell.strip() == name_header:
            continue  # the header repeated on every printed page
        result.rows += 1
        problems: list[tuple[str, str]] = []

        # -- the ID document: the upsert key
        id_type = IdType.RESIDENT.value
        if c_type is not None:
            try:
                id_type = choice_value(ID_TYPE_VALUES, row[c_type], "id_type") or id_type
            except CellError as exc:
                problems.append(("id_type", str(exc)))
        id_number, id_bad = _id_cell(row[c_id] if c_id is not None else "", id_type, problems)
        if id_number:
            earlier = seen_ids.get(id_number)
            if earlier is not None:
                problems.append(
                    ("id_number", f"与第 {earlier} 行的证件号码相同，同一人只能出现一次。")
                )
            else:
                seen_ids[id_number] = number
        old = existing.get(id_number) if id_number else None
        # Columns the file leaves out keep the member's current values.
        vals = list(old[1]) if old is not None else list(BLANK)
        if c_type is not None:
            vals[4] = id_type

        # -- the cells check_person reads
        values: dict[str, Any] = {
            "name": cell_text(name_cell),
            "id_type": vals[4],
            "id_number": id_number,
            "sex": vals[2],
            "birth_date": vals[6],
            "mobile": vals[7],
            "joined_on": vals[16],
        }
        for f, c, _ in person:
            raw = row[c]
            try:
                if f == "sex":
                    values[f] = choice_value(SEX_VALUES, raw, "sex")
                elif f == "mobile":
                    if raw.__class__ is str and "*" in raw:
                        # A masked export: the ID column has said so already.
                        if not id_bad:
                            problems.append(("mobile", f"手机号码“{raw.strip()}”{MASKED_EXPORT}"))
                        values[f] = vals[7]  # keep the stored number
                        continue
                    # check_person normalises the text; a number cell must become text first
                    values[f] = raw if raw.__class__ is str else number_text(raw, what="手机号码")
                else:
                    day, month_only = parse_date(raw)
                    if (
                        month_only
                        and f == "birth_date"
                        and vals[4] in GB11643_TYPES
                        and id_number[6:12] == f"{day:%Y%m}"
                    ):
                        day = None  # 1985.03 and an ID saying 1985-03-14: take the ID's day
                    values[f] = day
            except CellError as exc:
                problems.append((f, str(exc)))
                values[f] = "" if f in ("sex", "mobile") else None
        checked = check_person(values, today=today)
        id_bad = id_bad or any(f == "id_number" for f, _ in checked)
        for f, message in checked:
            if f == "sex" and (id_bad or any(p[0] == "sex" for p in problems)):
                continue  # no sex to derive from a bad ID number: that is reported already
            problems.append((f, message))
        vals[1], vals[2], vals[5] = values["name"], values["sex"], values["id_number"]
        vals[6], vals[7], vals[16] = values["birth_date"], values["mobile"], values["joined_on"]

        # -- the other columns
        for f, c, pos, table, parse in others:
            v = row[c]
            if table is not None:
                hit = table.get(v)
                if hit is not None:
                    vals[pos] = hit
                    continue
            try:
                vals[pos] = parse(v)
            except CellError as exc:
                problems.append((f, str(exc)))
        if c_group is not None:
            group_name = cell_text(row[c_group])
            group_id = groups.get(group_name) if group_name else None
            if group_name and group_id is None:
                if len(group_name) > GROUP_NAME_MAX:
                    problems.append(
                        ("group", f"小组名称“{group_name[:20]}…”太长（最多 {GROUP_NAME_MAX} 字）。")
                    )
                group_id = group_name  # a new group, created at write time
            vals[0] = group_id
        else:
            group_name = group_names.get(vals[0], "")

        for f, pos, limit in lengths:
            if len(vals[pos]) > limit:
                problems.append((f, f"{LABELS[f]}太长（最多 {limit} 个字符）。"))
        card = vals[i_card]
        if card and not id_bad:  # without a usable ID the row is rejected already
            earlier = seen_cards.get(card)
            if earlier is not None:
                problems.append(("card_number", f"与第 {earlier} 行的会员证号相同。"))
            else:
                seen_cards[card] = number
                holder = cards_here.get(card)
                if holder is not None and holder[0] != id_number:
                    problems.append(
                        ("card_number", f"会员证号“{card}”已被本工会会员「{holder[1]}」使用。")
                    )

        if problems:
            for f, message in problems:
                reject(number, f, message)
            continue
        row_values = tuple(vals)
        if old is not None and row_values == old[1]:
            result.unchanged += 1
            action = "unchanged"
        else:
            keys = search_keys(values["name"], values["mobile"], id_number)
            pending.append(
                (
                    number,
                    old[0] if old is not None else None,
                    row_values,
                    (
                        keys["name_pinyin"],
                        keys["name_initials"],
                        keys["mobile_tail"],
                        id_number[-4:],
                    ),
                    old[1] if old is not None else None,
                )
            )
            action = "created" if old is None else "updated"
        if len(preview) < PREVIEW_ROWS * 2:
            preview.append((number, action, row_values, group_name))

    # -- numbers held by members of other unions
    i_card = POS["card_number"]
    new_ids = [values[i_id] for _, pk, values, _, _ in pending if pk is None]
    taken_ids = _held_elsewhere("id_number", new_ids, union)
    cards = [v[i_card] for _, _, v, _, _ in pending if v[i_card] and v[i_card] not in cards_here]
    taken_cards = _held_elsewhere("card_number", cards, union)
    if taken_ids or taken_cards:
        kept = []
        for item in pending:
            number, pk, values, _, _ = item
            bad = False
            if pk is None and values[i_id] in taken_ids:
                union_name, status = taken_ids[values[i_id]]
                if status in (MemberStatus.ACTIVE, MemberStatus.RETIRED):
                    reason = f"已是「{union_name}」的会员，请办理转会，不能在本工会重复登记。"
                else:
                    label = MemberStatus(status).label
                    reason = (
                        f"该证件号码登记在「{union_name}」（{label}），请联系该工会办理转会"
                        "后再导入。"
                    )
                reject(number, "id_number", reason)
                bad = True
            if values[i_card] in taken_cards:
                union_name, _ = taken_cards[values[i_card]]
                reject(
                    number,
                    "card_number",
                    f"会员证号“{values[i_card]}”已被「{union_name}」的会员使用。",
                )
                bad = True
            if not bad:
                kept.append(item)
        pending = kept
    result.created = sum(1 for item in pending if item[1] is None)
    result.updated = len(pending) - result.created
    rejected.sort(key=lambda r: (r[0], r[1]))
    result.rejected = [{"row": n, "column": c, "reason": r} for n, _, c, r in rejected]
    bad_rows = {r[0] for r in rejected}
    new_groups: dict[str, None] = {}  # names in order of first use
    for _, _, values, _, _ in pending:
        if isinstance(values[0], str):
            new_groups.setdefault(values[0], None)
    result.groups_created = list(new_groups)
    result.preview = [
        _preview(n, action, values, group_name)
        for n, action, values, group_name in preview
        if n not in bad_rows
    ][:PREVIEW_ROWS]

    return pending


MASKED_EXPORT = (
    "是打码后的号码（含 *），不能据此识别会员。打码导出的名单不能直接导入：请由工会主席或委员"
    "导出含完整号码的名单，修改后再导入。"
)


def _id_cell(raw, id_type: str, problems: list) -> tuple[str, bool]:
    """(normalised number, whether the cell is unusable); problems are appended."""
    if raw.__class__ is str:
        if "*" in raw:
            problems.append(("id_number", f"证件号码“{raw.strip()}”{MASKED_EXPORT}"))
            return "", True
        number = normalize_number(raw)
        if number:
            return number, False
    elif raw != "" and raw is not None:
        if id_type in GB11643_TYPES and isinstance(raw, int | float):
            problems.append(("id_number", lost_digits_message("证件号码", raw)))
            return "", True
        try:
            return normalize_number(number_text(raw, what="证件号码")), False
        except CellError as exc:
            problems.append(("id_number", str(exc)))
            return "", True
    problems.append(
        ("id_number", "证件号码不能为空：导入按证件号码识别会员（已有的更新，没有的新增）。")
    )
    return "", True


def _existing_rows(union: Union):
    """(pk, values in FIELDS order) for every member of ``union``, values as the import
    builds them so that equal rows compare equal.

    Raw SQL: Django's per-value converters cost ~10 µs a row, a second for a 100,000-member
    union; SQLite hands back dates as ISO text and booleans as 0/1, converted here by
    hand, PostgreSQL as ``date`` and ``bool`` already.
    """
    qn = connection.ops.quote_name
    columns = ", ".join(qn(Member._meta.get_field(f).column) for f in ("id", *FIELDS))
    sql = f"SELECT {columns} FROM {qn(Member._meta.db_table)} WHERE {qn('union_id')} = %s"
    sqlite = connection.vendor == "sqlite"
    from_iso = datetime.date.fromisoformat
    with connection.cursor() as cursor:
        cursor.execute(sql, [union.pk])
        while rows := cursor.fetchmany(BATCH):
            for pk, *values in rows:
                if sqlite:
                    b, j = values[6], values[16]
                    values[6] = from_iso(b) if b.__class__ is str else b
                    values[16] = from_iso(j) if j.__class__ is str else j
                    values[13] = bool(values[13])
                    values[14] = bool(values[14])
                    values[15] = bool(values[15])
                yield pk, tuple(values)


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _held_elsewhere(column: str, numbers: list[str], union: Union) -> dict[str, tuple[str, str]]:
    """{number: (union name, status)} for the numbers held by members of other unions.

    Raw SQL: for a 100,000-row file the ORM would spend most of a second compiling
    hundreds of 999-parameter IN lists. PostgreSQL takes the whole list as one array
    parameter; SQLite takes as many parameters as its build allows (250,000 in Python's
    bundled library, 999 in old ones).
    """
    if not numbers:
        return {}
    qn = connection.ops.quote_name
    member, union_table = qn(Member._meta.db_table), qn(Union._meta.db_table)
    sql = (
        f"SELECT m.{qn(column)}, u.{qn('name')}, m.{qn('status')} FROM {member} m "
        f"JOIN {union_table} u ON u.{qn('id')} = m.{qn('union_id')} "
        f"WHERE m.{qn('union_id')} <> %s AND m.{qn(column)} "
    )
    found: dict[str, tuple[str, str]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql + "= ANY(%s)", [union.pk, numbers])
            found.update((n, (name, status)) for n, name, status in cursor.fetchall())
            return found
        size = _max_params() - 1
        for chunk in chunks(numbers, size):
            cursor.execute(sql + f"IN ({', '.join(['%s'] * len(chunk))})", [union.pk, *chunk])
            found.update((n, (name, status)) for n, name, status in cursor.fetchall())
    return found


def _max_params() -> int:
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return min(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER), 50_000)
    return connection.features.max_query_params or 50_000


def import_batches(member_id: str) -> list[tuple[str, str]]:
    """The roster imports that wrote steps of a member's history (入会, 调整小组), as
    (object type, id) for the member's audit history (``core.audit.register_batches``)."""
    if not str(member_id).isdigit():
        return []
    runs = (
        MemberEvent.objects.filter(member_id=int(member_id), import_run__isnull=False)
        .order_by()
        .values_list("import_run_id", flat=True)
        .distinct()
    )
    return [(ImportRun._meta.label_lower, str(run)) for run in runs]
