"""Month tables in a plan's text: cells, columns, and the rows that are not activities.

A table copied from a web page often arrives one cell per line, each cell followed by " |"
(or all on one line when the line breaks were lost):
"时间 |", "活动内容 |", "参加范围 |", "一月 |", "春节送温暖工程 春节联欢会 |", "全院职工 |" ….
The header row gives the columns; each row becomes a month line followed by its activities,
one a line (a cell lists its activities separated by spaces), and the columns that name who
takes part, who is responsible or a note are left out. Tables without bars (one cell per
line, or a .docx table) lose such cells by what they say: ``is_people`` and ``is_note``.
"""

from __future__ import annotations

import re

from .junk import HEADER_WORD, TABLE_HEADERS
from .text import WHOLE, number_of, tidy

TIME_HEADERS = {"时间", "月份", "日期", "活动时间", "时间安排", "完成时间", "完成时限"}
SIDE_HEADERS = {
    "参加范围",
    "参加人员",
    "参加对象",
    "负责人",
    "责任人",
    "责任部门",
    "牵头部门",
    "备注",
    "地点",
    "活动地点",
}
PEOPLE_END = re.compile(
    r"(?:职工|员工|会员|代表|人员|成员|子女|干部|护士|家属|负责人|教师|老师|学生|党员|同志"
    r"|骨干|积极分子|委员|组长|全体|各部门|各科室|离退休|退休人员)$"
)
ACTIVITY_START = re.compile(
    r"^(?:慰问|组织|开展|举办|举行|召开|表彰|评选|评比|走访|看望|培训|学习|欢送|迎接|关爱|关心"
    r"|帮扶|做好|完成|庆祝|发放|送|为)"
)
NOTE = re.compile(
    r"^(?:寒假|暑假|放假|假期|休假|待定|另定|另行通知|视情况而定|机动|无|略|—+|-+|/)[。.]?$"
)
ROLE_LABEL = re.compile(
    r"^(?:参加人员|参加对象|参加范围|参与人员|负责人|责任人|责任部门|牵头部门|承办部门|备注|地点"
    r"|活动地点)[:：]"
)
_SPLIT_HEADER = re.compile(rf"(?:^|(?<=[\s:：。;；]))({HEADER_WORD})$")
PIPE_MIN = 6
TAB_ROWS = 3  # lines with tabs inside: a table copied from Word or a spreadsheet
# Ends each line a table gives, so that joining broken sentences leaves it whole.


def is_people(text: str) -> bool:
    """ "全院职工 全院职工 部分职工", "14岁以下的职工子女": who takes part, not an activity."""
    chunks = text.split()
    if not chunks or re.search(r"[。；;！!？?，,：:]", text):
        return False
    return all(PEOPLE_END.search(c) and not ACTIVITY_START.match(c) for c in chunks)


def is_note(text: str) -> bool:
    """ "寒假", "待定", "负责人：办公室": a note in a schedule, not an activity."""
    text = text.strip()
    return bool(NOTE.match(text) or ROLE_LABEL.match(text))


def activities(cell: str) -> list[str]:
    """A cell's activities, separated by spaces ("春节联欢会 第八届职代会第一次会议"); short
    or Latin pieces stay with their neighbour ("第 8 届"). Numbered cells stay whole."""
    cell = cell.strip()
    if number_of(cell):
        return [tidy(cell)]
    out: list[str] = []
    for chunk in cell.split():
        if out and (
            len(chunk) < 2 or len(out[-1]) < 2 or (chunk[0].isascii() and out[-1][-1].isascii())
        ):
            out[-1] += chunk
        else:
            out.append(chunk)
    return out


def _is_header(cell: str) -> bool:
    return re.sub(r"\s", "", cell) in TABLE_HEADERS


def _header_at(cells: list[str]) -> tuple[int, list[str], str]:
    """(index of the header's first cell, the header, prose before it in the first cell)."""
    prose = ""
    if cells and not _is_header(cells[0]):
        m = _SPLIT_HEADER.search(cells[0].rstrip())
        if m:
            prose, cells[0] = cells[0][: m.start(1)], m.group(1)
    start = next((i for i, cell in enumerate(cells[:3]) if _is_header(cell)), None)
    if start is None:
        return 0, [], prose
    header = []
    for cell in cells[start:]:
        if not _is_header(cell):
            break
        header.append(re.sub(r"\s", "", cell))
    return start, header, prose


def _rows(cells: list[str]) -> list[str]:
    """The lines a table's cells stand for, each marked WHOLE."""
    return [line + WHOLE for line in _lines(cells) if line.strip()]


def _lines(cells: list[str]) -> list[str]:
    start, header, prose = _header_at(cells)
    lines = [prose] if prose.strip() else []
    if len(header) < 2:
        return lines + [tidy(cell) for cell in cells]
    width = len(header)
    lines.extend(tidy(cell) for cell in cells[:start])
    body = cells[start + width :]
    for r in range(0, len(body), width):
        for role, cell in zip(header, body[r : r + width], strict=False):
            if role in SIDE_HEADERS or not cell.strip():
                continue
            if role in TIME_HEADERS:
                lines.append(tidy(cell))
            else:
                lines.extend(activities(cell))
    return lines


def _tabbed(line: str) -> str:
    cells = line.strip(" ")
    return cells.replace("\t", "|") + "|" if "\t" in cells else line


def pipe_tables(lines: list[str]) -> list[str]:
    """Raw lines with every table written with bars, or copied with tabs between its cells,
    made into lines of its own."""
    if sum(1 for line in lines if "\t" in line.strip(" ")) >= TAB_ROWS:
        lines = [_tabbed(line) for line in lines]
    if sum(line.count("|") for line in lines) < PIPE_MIN:
        return lines
    out: list[str] = []
    cells: list[str] = []
    for line in lines:
        if "|" not in line:
            if not line.strip():
                continue
            out.extend(_rows(cells))
            cells = []
            out.append(line)
            continue
        pieces = line.split("|")
        cells.extend(pieces[:-1])
        if pieces[-1].strip():
            out.extend(_rows(cells))
            cells = []
            out.append(pieces[-1])
    out.extend(_rows(cells))
    return out
