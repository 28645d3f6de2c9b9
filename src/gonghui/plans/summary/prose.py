"""The plan's own prose in the 年度工作总结: for each section of the plan, what was done (with
the day it was done or the records that carried it out) and what was not and why (the
status's reason, the item's notes), and the facts of 存在的不足. Every figure is written
through a ``core.summary.Writer``, so it is kept with the paragraph and checked by the tests.

Each item is said from its status (``plans.status``), never from a stored guess.
"""

from __future__ import annotations

from gonghui.core.summary import Writer

from .. import targets as t
from ..documents import OP_SIGNS, item_month_list
from ..models import Item
from ..status import Status

ENDINGS = "。；;，,、 "
LINKS_SHOWN = 3  # records named after an item; the rest are counted


def words(item: Item) -> str:
    """The item's text as a clause: its trailing punctuation taken off."""
    return " ".join(item.text.split()).rstrip(ENDINGS)


def _months(w: Writer, item: Item) -> str:
    months = item_month_list(item)
    return "、".join(f"{w.n(m)}月" for m in months)


def what(w: Writer, item: Item) -> str:
    """ "3月：组织女教职工踏青" for a month-schedule activity, else the item's words."""
    text = w.words(words(item))
    if item.in_schedule:
        months = _months(w, item)
        return f"{months}{text}" if months else text
    return text


def _targets(w: Writer, progress: list[t.Progress]) -> str:
    """ "新入会人数1人（目标≥10人）", "入会率93.88%（目标≥90%，已达到）"."""
    said = []
    for p in progress:
        if p.metric is None or p.actual is None:
            continue
        sign = OP_SIGNS.get(p.target.op, p.target.op)
        goal = w.n(p.target.value, p.target.unit or p.metric.unit)
        met = "，已达到" if p.state == "met" else ""
        said.append(f"{p.metric.label}{w.figure(p.actual, p.metric.unit)}（目标{sign}{goal}{met}）")
    return "，".join(said)


def _records(w: Writer, item: Item, s: Status) -> str:
    links = list(item.links.all())[: s.records]
    if not links:
        return ""
    named = "、".join(
        f"{w.day(link.linked_on)}{w.words(link.label)}" for link in links[:LINKS_SHOWN]
    )
    more = f"等{w.n(len(links), '条')}" if len(links) > LINKS_SHOWN else ""
    return f"落实记录有{named}{more}"


def _when_late(w: Writer, item: Item) -> str:
    """ "期限6月30日已过", or "8月已过" for an item of July and August."""
    if item.due:
        return f"期限{w.day(item.due)}已过"
    months = item_month_list(item)
    return f"{w.n(months[-1])}月已过" if months else "期限已过"


TAILS = {
    "met": "目标已达成",
    "doing": "",  # said by the group it is listed in ("正在推进2项：")
    "partial": "部分落实",
    "unrecorded": "没有落实记录",
    "missed": "目标未达成",
    "planned": "尚未开始",
    "dropped": "已取消",
}


def _tail(w: Writer, item: Item, s: Status) -> str:
    if s.occurrences:
        words = f"{w.n(s.occurrences)}次中已落实{w.n(s.covered)}次"
        return words + ("，已全部落实" if s.key == "done" else "")
    if s.key == "done":
        return f"{w.day(item.done_on)}完成" if s.by_hand and item.done_on else "已落实"
    if s.key == "overdue":
        return f"{_when_late(w, item)}，没有落实记录"
    return TAILS[s.key]


def sentence(w: Writer, item: Item, s: Status, progress: list[t.Progress]) -> str:
    """One item said from its status: "组织女教职工踏青，3月7日完成", "每季度组织一次教职工
    生日会，4次中已落实3次，落实记录有……", "组织教职工健康体检，6月已过，没有落实记录"."""
    said = [what(w, item), _tail(w, item, s), _targets(w, progress), _records(w, item, s)]
    why = s.reason or ("" if s.finished else " ".join(item.notes.split()))
    if why:
        said.append(f"{'说明' if s.finished or s.key == 'doing' else '原因'}：{w.words(why)}")
    return "，".join(x for x in said if x)


def done_paragraph(w: Writer, rows: list[tuple[Item, Status, list]], label: str) -> str:
    """ "本部分计划3项，已完成1项：A，9月4日完成。" (label names the part)."""
    done = [r for r in rows if r[1].finished]
    live = [r for r in rows if r[1].key != "dropped"]
    head = f"{label}计划{w.n(len(live), '项')}"
    if not done:
        return f"{head}，目前还没有完成的事项。"
    said = "；".join(sentence(w, *r) for r in done)
    return f"{head}，已完成{w.n(len(done), '项')}：{said}。"


def open_paragraph(w: Writer, rows: list[tuple[Item, Status, list]]) -> str:
    """What is under way, and what was not done and why; "" when everything is done."""
    doing = [r for r in rows if r[1].key == "doing"]
    short = [r for r in rows if r[1].short or r[1].key in ("planned", "dropped")]
    parts = []
    if doing:
        said = "；".join(sentence(w, *r) for r in doing)
        parts.append(f"正在推进{w.n(len(doing), '项')}：{said}。")
    if short:
        said = "；".join(sentence(w, *r) for r in short)
        parts.append(f"尚未完成{w.n(len(short), '项')}：{said}。")
    return "".join(parts)


DIGITS = "零一二三四五六七八九"


def ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (the 一是、二是 of a list)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "") if n else DIGITS[0]


def shortfall_items(w: Writer, rows: list[tuple[Item, Status, list]]) -> list[str]:
    """The plan's own shortfalls, grouped as a secretary groups them: targets not reached
    (each with its figure), items overdue (with the reason when one was written), recurring
    duties without their records. A status set by hand to 已完成 or 已取消 is the chair's
    word and is left out."""
    targets, late, duties = [], [], []
    for item, s, progress in rows:
        if s.key in ("met", "dropped") or (s.by_hand and s.key == "done"):
            continue
        short = [p for p in progress if p.metric is not None and p.actual is not None]
        short = [p for p in short if p.state != "met"]
        if short:
            targets.extend(_targets(w, [p]) for p in short)
        elif s.key == "overdue":
            why = " ".join(item.notes.split())
            reason = f"，原因：{w.words(why)}" if why else ""
            late.append(f"{what(w, item)}（{_when_late(w, item)}{reason}）")
        elif s.key in ("unrecorded", "partial"):
            late_duty = f"{w.n(s.occurrences)}次中已落实{w.n(s.covered)}次"
            duties.append(f"{what(w, item)}（{late_duty}）")
    out = []
    if targets:
        out.append(f"部分目标尚未达到：{'、'.join(targets)}")
    if late:
        out.append(f"部分计划事项未按期落实：{'、'.join(late)}")
    if duties:
        out.append(f"部分经常性工作缺少落实记录：{'、'.join(duties)}")
    return out


def numbered(items: list[str]) -> str:
    """ "一是……；" / "二是……。", one a line, as a union secretary lists shortfalls."""
    return "；\n".join(f"{ordinal(i + 1)}是{text}" for i, text in enumerate(items)) + "。"
