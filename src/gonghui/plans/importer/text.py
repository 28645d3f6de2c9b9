"""Text clean-up before structure: normalising, web boiler-plate, broken lines, parts.

Lines copied from template sites carry noise: "以下是小编收集整理的…" intros, "仅供参考",
teaser lines ending in "..." that repeat the opening, the page's own headline
("2023年…工作计划(实用5篇)"), table headers ("活动主题", "具体内容") and fragments of 2–6
characters left where links were removed ("工作计划", "规章制度"). Page breaks cut
sentences ("师徒结" / "对、新五项…"); such lines are joined again.
"""

from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十"
CN_NUM = f"[{CN_DIGITS}]+"
TERMINAL = "。；;！!？?：:…"
COMMA_END = "，,、"
PUNCT_START = "，,、。；;：:）)”’"

BOILER_WORDS = (
    "小编",
    "仅供参考",
    "供您参考",
    "供大家参考",
    "查看剩余",
    "欢迎阅读",
    "欢迎大家阅读",
    "精编资料",
    "希望能够帮助到大家",
    "希望对大家有所帮助",
    "范文网",
)
TABLE_HEADERS = {
    "活动主题",
    "具体内容",
    "月份",
    "时间",
    "内容",
    "负责人",
    "备注",
    "序号",
    "活动",
    "活动内容",
    "工作内容",
    "主要内容",
    "责任部门",
    "完成时间",
}
_HEADER_WORD = "|".join(sorted(TABLE_HEADERS, key=len, reverse=True))
_HEADER_ROW = re.compile(rf"^(?:{_HEADER_WORD})(?:\s*(?:{_HEADER_WORD}))*$")
FRAGMENTS = {
    "工作计划",
    "规章制度",
    "计划",
    "总结",
    "工作总结",
    "合同",
    "学习计划",
    "心得体会",
    "实施方案",
    "方案",
    "人才",
    "面试",
    "兼职",
    "活动方案",
}
HEADLINE_COUNT = re.compile(
    r"[（(](?:实用|通用|精选|优秀|热门|最新|推荐)?[0-9一二三四五六七八九十]+篇[）)]"
)
PART_HEADING = re.compile(rf"^(.{{0,30}}?)篇({CN_NUM})$")
HEADLINE = re.compile(
    r"^[^。，,；;！？!?]{2,40}(?:计划|要点|安排|方案|规划)(?:[（(][^）)]*[）)])?$"
)

SECTION_RE = re.compile(rf"^({CN_NUM})\s*[、.．]\s*")
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
NUMBER_RE = re.compile(r"^(?:(\d{1,2})\s*(?:、|[.．](?!\d))|[（(]\s*(\d{1,2})\s*[）)]|([①-⑳]))\s*")
MONTH_START = re.compile(rf"^(?:\d{{1,2}}|{CN_NUM})\s*月(?!\d)")


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23; arabic digits too. None when not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS for ch in text):
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
_WIDE = str.maketrans("０１２３４５６７８９％", "0123456789%")


def normalise(text: str) -> list[str]:
    """Lines, stripped; blank lines kept as "" (they matter for joining)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\\'", "'")
    text = text.translate(_WIDE)
    text = text.replace("\u3000", " ").replace("\xa0", " ").replace("\ufeff", "")
    lines = []
    for raw in text.split("\n"):
        line = raw.strip()
        line = re.sub(r"^[-*•·]\s+", "", line)
        line = re.sub(r"[ \t]{2,}", " ", line)
        line = _CJK_SPACE.sub("", line)  # "农场 的大政方针": spaces from a PDF copy
        lines.append(line)
    return lines


def is_boilerplate(line: str) -> bool:
    if any(word in line for word in BOILER_WORDS):
        return True
    if HEADLINE_COUNT.search(line):
        return True
    if line.endswith(("...", "…", "……")) and len(line) > 40:
        return True  # a truncated teaser repeating the opening
    return bool(_HEADER_ROW.match(line))  # a table's header row


def number_of(line: str) -> tuple[str, str] | None:
    """("1、", rest) when ``line`` starts with an item number, else None."""
    m = NUMBER_RE.match(line)
    if not m:
        return None
    if m.group(1):
        rest = line[m.end() :]
        # "5、12护士节": the comma writes a date
        tail = re.match(r"(\d{1,2})", line[line.index(m.group(1)) + len(m.group(1)) + 1 :])
        if tail and (int(m.group(1)), int(tail.group(1))) in FESTIVAL_PAIRS:
            return None
        return line[: m.end()].strip(), rest
    return line[: m.end()].strip(), line[m.end() :]


def is_part_heading(line: str) -> bool:
    return bool(PART_HEADING.match(line)) and not any(ch in line for ch in "。，,；")


def starts_structure(line: str) -> bool:
    return bool(
        SECTION_RE.match(line)
        or SUBSECTION_RE.match(line)
        or number_of(line)
        or MONTH_START.match(line)
        or is_part_heading(line)
    )


def _wants_more(line: str, nxt: str) -> bool:
    """True when ``line`` was cut and ``nxt`` carries on the same sentence."""
    if not line or not nxt or line[-1] in TERMINAL:
        return False
    if nxt[0] in PUNCT_START:
        return True
    if starts_structure(nxt) or is_part_heading(line):
        return False
    if line[-1] in COMMA_END:
        return True
    if len(nxt) <= 6 and nxt[-1] not in TERMINAL:
        return True  # a fragment ("对", "合同", "学习计划")
    return len(line) >= 25


def clean_lines(text: str) -> list[str]:
    """Non-empty lines with boiler-plate dropped and broken sentences joined."""
    kept = [line for line in normalise(text) if line and not is_boilerplate(line)]
    out: list[str] = []
    glued = False  # the last line ends with a glued-on fragment: the sentence goes on
    for line in kept:
        if out and (_wants_more(out[-1], line) or (glued and not starts_structure(line))):
            glued = len(line) <= 6 and line[-1] not in TERMINAL and len(out[-1]) >= 25
            out[-1] += line
        else:
            glued = False
            out.append(line)
    return [
        line
        for line in out
        if not (2 <= len(line) <= 6 and line in FRAGMENTS) and not is_boilerplate(line)
    ]


def split_parts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(preamble, [(part title, lines)…]); no parts → (lines, [])."""
    preamble: list[str] = []
    parts: list[tuple[str, list[str]]] = []
    for line in lines:
        if is_part_heading(line):
            parts.append((line, []))
        elif parts:
            parts[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, parts


def is_headline(line: str) -> bool:
    return bool(HEADLINE.match(line)) and not starts_structure(line)
