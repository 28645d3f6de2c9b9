"""The numbers Word draws before list paragraphs ("一、", "（一）", "1.", "①"), which are not
in the paragraphs' text: a plan typed with Word's automatic numbering would otherwise lose
every number its structure is read from.

A paragraph is numbered by its own ``w:numPr`` or its style's; the level's ``w:numFmt`` and
``w:lvlText`` ("%1、", "（%1）", "%1.%2") in the numbering part say how, as the list instance
(``w:num``) overrides them (``w:lvlOverride``: a level redefined, or restarted with
``w:startOverride``) and an abstract list linked to a numbering style (``w:numStyleLink``)
takes that style's list. Counters run per list and level; a level's counter starts again
when a shallower level moves on.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from .text import CN_DIGITS

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CHINESE = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographTraditional",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
    "japaneseCounting",
}
ROMAN = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (up to 99)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens - 1] + "十")
    return head + (CN_DIGITS[ones - 1] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def render(fmt: str, n: int) -> str:
    if fmt in CHINESE:
        return chinese(n)
    if fmt.startswith("decimalEnclosedCircle"):
        return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _level(lvl) -> tuple[str, str, int]:
    """A level's number format, its text ("%1、") and its first number."""
    return (
        _val(lvl, "w:numFmt") or "decimal",
        _val(lvl, "w:lvlText") or "",
        int(_val(lvl, "w:start") or "1"),
    )


class Numbers:
    """Draws the number of each numbered paragraph of one document, in order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = {s.style_id: s.element for s in document.styles if s.style_id}
        try:
            part = document.part.part_related_by(RT.NUMBERING)
        except (KeyError, ValueError):
            # no numbering part (or two, which Word never writes): nothing in the document
            # is numbered by Word, so there is nothing to draw back
            return
        numbering = getattr(part, "element", None)
        if numbering is None:  # a part python-docx did not parse as XML
            return
        abstracts = {
            a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))
        }
        nums = {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}
        for num_id, num in nums.items():
            found = self._abstract(abstracts, nums, _val(num, "w:abstractNumId"))
            if found is None:
                continue
            levels = {
                int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in found.findall(qn("w:lvl"))
            }
            # A list instance may redefine a level or restart it (WPS and Word write these
            # when a list is restarted or its numbers changed by hand).
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = _val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = (*levels[ilvl][:2], int(start))
            self.levels[num_id] = levels

    def _abstract(self, abstracts: dict, nums: dict, ref: str | None, depth: int = 0):
        """The abstract list ``ref`` names, following ``w:numStyleLink`` (a list that takes
        its levels from a numbering style: the style's list's abstract)."""
        found = abstracts.get(ref) if ref is not None else None
        link = _val(found, "w:numStyleLink")
        if found is None or link is None or depth > 3:
            return found
        style = self.styles.get(link)
        num_pr = style.find(qn("w:pPr")) if style is not None else None
        num_pr = num_pr.find(qn("w:numPr")) if num_pr is not None else None
        num = nums.get(_val(num_pr, "w:numId")) if num_pr is not None else None
        if num is None:
            return None
        return self._abstract(abstracts, nums, _val(num, "w:abstractNumId"), depth + 1)

    def _num_pr(self, p) -> tuple[str, int] | None:
        ppr = p.find(qn("w:pPr"))
        for holder in (ppr, self._style_ppr(ppr)):
            num_pr = holder.find(qn("w:numPr")) if holder is not None else None
            if num_pr is not None:
                num_id = _val(num_pr, "w:numId")
                return (num_id, int(_val(num_pr, "w:ilvl") or "0")) if num_id else None
        return None

    def _style_ppr(self, ppr):
        style_id = _val(ppr, "w:pStyle")
        style = self.styles.get(style_id) if style_id else None
        return style.find(qn("w:pPr")) if style is not None else None

    def number(self, p) -> str:
        """The number Word shows before paragraph element ``p``, "" when none."""
        found = self._num_pr(p)
        if found is None or found[0] not in self.levels:
            return ""
        num_id, level = found
        levels = self.levels[num_id]
        if level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _start = levels[level]
        if fmt in ("bullet", "none"):
            return ""
        for k in range(level, -1, -1):
            value = counters.get(k, levels.get(k, ("decimal", "", 1))[2])
            text = text.replace(f"%{k + 1}", render(levels.get(k, (fmt,))[0], value))
        return text.strip()
