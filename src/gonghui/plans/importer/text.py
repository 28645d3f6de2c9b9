"""Characters, numbers and lines: normalising, list numbers, section numbers, broken lines.

Plans come as typed (full-width punctuation), as copied from a web page (often NFKC: ASCII
punctuation), from a PDF (spaces inside words, sentences cut at page breaks) or from a .docx.
Every pattern here accepts both widths. Page breaks cut sentences ("师徒结" / "对、新五项…");
such lines are joined again. Nothing here nests quantifiers: every pattern runs in linear
time on any text.
"""

from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十"
CN_NUM = f"[{CN_DIGITS}]{{1,3}}"
TERMINAL = "。；;！!？?：:…"
COMMA_END = "，,、"
PUNCT_START = "，,、。；;：:）)”’"
# What may stand before a list number in running text: the end of a sentence or clause, a
# closing bracket or quote, a space.
BOUNDARY = set('。；;！!？?：:）)】」』”"…') | {" ", "\t"}

SECTION_RE = re.compile(rf"^({CN_NUM})\s*[、.．,，]\s*")
SUBSECTION_RE = re.compile(rf"^[（(]\s*({CN_NUM})\s*[）)]\s*")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Festival dates written with the enumeration comma ("3、8妇女节"): not list numbers.
FESTIVAL_PAIRS = {
    (3, 8),
    (5, 1),
    (5, 4),
    (5, 12),
    (6, 1),
    (7, 1),
    (8, 1),
    (10, 1),
    (9, 10),
    (3, 12),
}
BULLETS = "●○◆◇■□▲△►▶▪※☆√✓❖➢➤•·"
_BULLET_START = re.compile(rf"(?:[-*]\s+|[{BULLETS}]\s*)")
NUMBER_RE = re.compile(
    r"^(?:(\d{1,2})\s*(?:、|[,，](?![\d,，])|[.．](?!\d))|[（(]\s*(\d{1,2})\s*[）)]"
    rf"|(\d{{1,2}})\s*[）)]|([①-⑳])|[{BULLETS}](?![{BULLETS}]))\s*"
)
_AFTER_DIGIT = re.compile(r"\s*[、.．,，]\s*(\d{1,2})")
WHOLE = "\u2063"  # ends a line that is whole (a table's cell): never joined to the next
MONTH_START = re.compile(rf"^(?:\d{{1,2}}|{CN_NUM}|元)\s*月(?!\d)")


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23; arabic digits too. None when not a number."""
    if text.isdigit():
        return int(text)
    if not text or len(text) > 3 or any(ch not in CN_DIGITS for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS.index(text) + 1 if len(text) == 1 else None
    head, _, tail = text.partition("十")
    if "十" in tail or len(head) > 1 or len(tail) > 1:
        return None
    tens = CN_DIGITS.index(head) + 1 if head else 1
    ones = CN_DIGITS.index(tail) + 1 if tail else 0
    return tens * 10 + ones


_CJK = "\u4e00-\u9fff，。、；：“”（）《》！？"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_WIDE = str.maketrans(
    "０１２３４５６７８９％．，：；（）！？－～／＜＞＂＇",
    "0123456789%．，：；（）！？-~/<>\"'",
)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A full stop typed or converted to ASCII after Chinese text ("…体检工作.2、开展…"); not a
# section number ("一. 组织建设"), a festival ("三.八") nor an ellipsis.
_ASCII_STOP = re.compile(r"(?<=[\u4e00-\u9fff”\"）)》])\.(?!\.)")


def _full_stop(m: re.Match) -> str:
    text, at = m.string, m.start()
    if text[at - 1] in CN_DIGITS:
        before = text[at - 2] if at >= 2 else ""
        after = text[at + 1] if at + 1 < len(text) else ""
        if (
            not before
            or before in BOUNDARY
            or before in ".\n\r"
            or before in CN_DIGITS
            or after in CN_DIGITS
        ):
            return "."
    return "。"


def raw_lines(text: str) -> list[str]:
    """The text's lines with line ends, widths and invisible characters made plain."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\\'", "'").replace('\\"', '"')
    text = text.translate(_WIDE)
    text = text.replace("\u3000", " ").replace("\xa0", " ")  # tabs part table cells
    text = _INVISIBLE.sub("", text)
    text = _ASCII_STOP.sub(_full_stop, text)
    return text.split("\n")


def tidy(line: str) -> str:
    """One line stripped, its bullet and the spaces a PDF copy leaves between words removed."""
    line = line.replace("\t", " ").strip()
    bullet = _BULLET_START.match(line)
    if bullet and is_numbered(line[bullet.end() :]):
        line = line[bullet.end() :]  # "- 1、组织登山": the number is enough
    elif bullet and line[0] in "-*":
        line = "• " + line[bullet.end() :]  # "- 组织登山": a bullet
    line = re.sub(r" {2,}", " ", line)
    return _CJK_SPACE.sub("", line)  # "农场 的大政方针"


def normalise(text: str) -> list[str]:
    """Lines, tidied; blank lines kept as "" (they matter for joining)."""
    return [tidy(line) for line in raw_lines(text)]


def number_of(line: str) -> tuple[str, str] | None:
    """("1、", rest) when ``line`` starts with an item number, else None."""
    m = NUMBER_RE.match(line)
    if not m:
        return None
    if m.group(1):
        after = _AFTER_DIGIT.match(line, m.end(1))
        if after and (int(m.group(1)), int(after.group(1))) in FESTIVAL_PAIRS:
            return None  # "5、12护士节": the comma writes a date
    return line[: m.end()].strip(), line[m.end() :]


def section_of(line: str) -> re.Match | None:
    """The "一、" / "四. " / "三，" heading number at the start of ``line``, unless the numeral
    starts something else: "七、八月份" (months), "三.八" (a festival), "一、二等奖"."""
    m = SECTION_RE.match(line)
    if not m:
        return None
    rest = line[m.end() : m.end() + 4]
    if rest[:1] in CN_DIGITS:
        tail = re.match(rf"{CN_NUM}\s*(?:月|[、.．,，]|等)", rest)
        if tail or line[m.end() - 1 : m.end()] in ".．":
            return None
    return m


def is_numbered(line: str) -> bool:
    return bool(number_of(line) or SUBSECTION_RE.match(line) or section_of(line))


def starts_structure(line: str) -> bool:
    from .parts import is_part_heading
    from .schedule import month_group

    return bool(
        is_numbered(line)
        or MONTH_START.match(line)
        or month_group(line, 0)
        or is_part_heading(line)
    )


def _cell_like(whole: str | None, nxt: str) -> bool:
    """Short lines of a table pasted one cell a line: a month ("四月") and the cell after it,
    a cell naming who takes part ("全体女职工") or a note ("待定")."""
    from .schedule import month_line
    from .tables import is_note, is_people

    if whole is not None:
        row = month_line(whole)
        if row is not None and not row[1].strip():
            return True
    return is_people(nxt) or is_note(nxt)


def _wants_more(last: str, length: int, whole: str | None, nxt: str) -> bool:
    """True when a line was cut and ``nxt`` carries on the same sentence. The line is given
    by its ``last`` character, its ``length`` and, when short enough to be a heading, the
    ``whole`` of it."""
    from .parts import is_headline, is_part_heading

    if not last or not nxt or last in TERMINAL:
        return False
    if nxt[0] in PUNCT_START:
        return True
    if starts_structure(nxt) or (whole and (is_part_heading(whole) or is_headline(whole))):
        return False
    if last in COMMA_END:
        return True
    if len(nxt) <= 6 and nxt[-1] not in TERMINAL:
        return not _cell_like(whole, nxt)  # a fragment ("对", "合同", "学习计划")
    return length >= 25


def join_broken(lines: list[str]) -> list[str]:
    """Non-empty lines with sentences cut by a page or line break joined again (a joined line
    is kept as its pieces until the end, so that gluing many pieces stays linear)."""
    out: list[list[str]] = []
    length = 0
    glued = False  # the last line ends with a glued-on fragment: the sentence goes on
    for line in lines:
        if not line:
            continue
        if out and WHOLE not in (out[-1][-1][-1], line[-1]):
            whole = "".join(out[-1]) if length <= 60 else None
            if _wants_more(out[-1][-1][-1], length, whole, line) or (
                glued and not starts_structure(line)
            ):
                glued = len(line) <= 6 and line[-1] not in TERMINAL and length >= 25
                out[-1].append(line)
                length += len(line)
                continue
        glued = False
        out.append([line])
        length = len(line)
    return ["".join(pieces).replace(WHOLE, "") for pieces in out]


def sentences(text: str) -> list[str]:
    """``text`` cut after each 。！？!? (a bracketed remark or a short tail stays with the
    sentence before it: "举办乒乓球赛。(11月5日—20日)")."""
    pieces = [p for p in re.split(r"(?<=[。！？!?])", text) if p.strip()]
    out: list[list[str]] = []
    for piece in pieces:
        if out and (piece.lstrip()[:1] in "(（" or len(piece.strip()) <= 3):
            out[-1].append(piece)
        else:
            out.append([piece])
    return ["".join(p).strip() for p in out]
