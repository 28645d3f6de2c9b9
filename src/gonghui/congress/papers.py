"""The session documents (会议文件) of a sitting as Word files, in the GB/T 9704 layout of
``core/documents.py`` (the style of the 提案汇编 in ``documents.py``):

- 会议通知 and 签到表 (this module);
- 表决票 / 评议票 / 选举票 and the 计票单 of each item (``papers_ballots.py``);
- 决议 and 结果公示 (``papers_results.py``).

Every figure comes from the query that the pages use (``queries.sittings.attendance``,
``queries.polls.result``, ``queries.evaluation.result``, ``queries.proposals.figures``), so a
document and the page agree. :func:`build` is the one entry the service, the archive and
the command call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from docx.shared import Mm

from gonghui.core import documents as d
from gonghui.core.text import clean_text

from .models import Election, Evaluation, Poll, RepKind, Sitting, cn_number
from .queries.common import settings_for
from .queries.sittings import attendance, roll

# The layout helpers (tables and compact lines) live in core/documents, shared with the
# plan documents; these names stay importable from here.
ALIGN = d.ALIGN
TABLE_SIZE = d.TABLE_SIZE
SMALL_SIZE = d.SMALL_SIZE
line = d.line
cell_text = d.cell_text
table = d.table
merged_row = d.merged_row
signature = d.signature


def blank(value) -> str:
    """A figure, or an empty box for the counters to fill in."""
    return "" if value is None else str(value)


def safe_name(text: str, limit: int = 40) -> str:
    """A title usable as a file name on Windows (the archive is opened there)."""
    cleaned = re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", clean_text(text)).strip(" ._")
    return cleaned[:limit] or "未命名"


# --- the roster and the agenda ----------------------------------------------------------


@dataclass
class Roster:
    voting: list  # (rep, checkin or None), grouped by constituency
    observers: list

    @property
    def rows(self) -> list:
        return self.voting + self.observers


def roster(sitting: Sitting) -> Roster:
    """The seated representatives (voting first) with their check-in, as ``roll`` orders
    them: by kind, then constituency, then name."""
    rows = roll(sitting)
    return Roster(
        [r for r in rows if r[0].kind == RepKind.VOTING],
        [r for r in rows if r[0].kind == RepKind.OBSERVER],
    )


def polls(sitting: Sitting) -> list[Poll]:
    return list(sitting.polls.order_by("order", "id"))


def evaluations(sitting: Sitting) -> list[Evaluation]:
    return list(sitting.evaluations.prefetch_related("subjects").order_by("id"))


def elections(sitting: Sitting) -> list[Election]:
    return list(sitting.elections.prefetch_related("candidates__member").order_by("id"))


def ballot_candidates(election: Election) -> list:
    """The printed candidates, in ballot order (write-ins are added by the counters)."""
    return list(
        election.candidates.filter(is_write_in=False)
        .select_related("member")
        .order_by("order", "id")
    )


def agenda(sitting: Sitting) -> list[str]:
    """The items of the sitting in the order they are taken: the motions (表决事项), then the
    evaluations, then the elections."""
    items = [f"审议并表决：{p.title}" for p in polls(sitting)]
    for ev in evaluations(sitting):
        items.append(f"民主评议：{ev.title}（被评议人 {len(ev.subjects.all())} 人）")
    for el in elections(sitting):
        printed = [c for c in el.candidates.all() if not c.is_write_in]
        runoff = "（另行选举）" if el.round > 1 else ""
        items.append(f"选举：{el.title}{runoff}（应选 {el.seats} 名，候选人 {len(printed)} 名）")
    return items


LOW_MARK = " ▲"


def evaluation_rows(r) -> list[list]:
    """The rows of an evaluation result table (``queries.evaluation.result``): per manager
    the count per level, the valid ballots and 满意率, a ▲ on those below the line."""
    return [
        [
            s.order,
            s.name,
            s.post,
            *s.counts,
            s.valid,
            s.rate_label + (LOW_MARK if s.highlighted else ""),
        ]
        for s in r.rows
    ]


# --- 会议通知 ------------------------------------------------------------------------


def notice(sitting: Sitting) -> bytes:
    union = sitting.term.union
    conf = settings_for(union)
    figures = attendance(sitting)
    members = roster(sitting)
    doc = d.new_document()
    d.title(doc, f"关于召开{sitting.name}的通知")
    d.para(doc, "各位代表：", indent=False)
    where = f"在{sitting.place}" if sitting.place else ""
    d.para(
        doc,
        f"经{union.name}研究，定于{d.cn_date(sitting.date)}{where}召开{sitting.name}。"
        "现将有关事项通知如下：",
    )
    sections: list[tuple[str, list[str]]] = [
        ("会议时间", [d.cn_date(sitting.date)]),
        ("会议地点", [sitting.place or "另行通知"]),
    ]
    items = agenda(sitting)
    sections.append(
        (
            "会议议程",
            [f"（{cn_number(i)}）{text}" for i, text in enumerate(items, start=1)]
            or ["议程另行通知。"],
        )
    )
    if sitting.proposals_open or sitting.proposals_close:
        start = d.cn_date(sitting.proposals_open) if sitting.proposals_open else "即日"
        end = d.cn_date(sitting.proposals_close) if sitting.proposals_close else "会前"
        proposals = [
            f"提案征集时间为{start}至{end}。代表提出提案，须有 {conf.cosigners} 名以上代表附议。"
        ]
    else:
        proposals = ["本次会议提案征集时间另行通知。"]
    sections.append(("提案征集", proposals))
    sections.append(
        (
            "出席人员",
            [
                f"正式代表 {len(members.voting)} 人，列席代表 {len(members.observers)} 人。"
                f"正式代表须有{figures.quorum_label}以上出席方可开会"
                f"（应到 {figures.seated} 人，须到 {figures.needed} 人），列席代表不计入。"
            ],
        )
    )
    sections.append(
        (
            "有关要求",
            [
                "请代表按时出席。会议当天用手机扫描会场二维码报到，或到大会秘书处报到。",
                "因故不能出席的，请于会前向大会秘书处请假。",
            ],
        )
    )
    for i, (head, lines) in enumerate(sections, start=1):
        d.para(doc, f"{cn_number(i)}、{head}", font=d.HEADING_FONT)
        for text in lines:
            d.para(doc, text)
    if sitting.noticed_on:
        ahead = (sitting.date - sitting.noticed_on).days
        d.para(doc, f"预告日期：{d.cn_date(sitting.noticed_on)}（会前 {ahead} 天）。")
        if sitting.late_notice_reason:
            d.para(
                doc,
                f"预告不足 {conf.notice_days} 天的原因：{sitting.late_notice_reason}",
            )
    else:
        d.para(doc, f"预告日期：尚未发布（须于会前 {conf.notice_days} 天送达）。")
    signature(doc, union.name, sitting.noticed_on or timezone.localdate())
    return d.to_bytes(doc)


# --- 签到表 --------------------------------------------------------------------------


def _constituency(rep) -> str:
    place = rep.constituency.name if rep.constituency_id else "未分选区"
    dept = rep.member.department
    return f"{place}／{dept}" if dept and dept != place else place


def _signed_in(checkin) -> str:
    if checkin is None:
        return ""
    at = f"{timezone.localtime(checkin.at):%H:%M}"
    return f"{at}（代登记）" if checkin.by_secretariat else at


def signin_sheet(sitting: Sitting) -> bytes:
    figures = attendance(sitting)
    members = roster(sitting)
    doc = d.new_document()
    d.title(doc, "签到表")
    where = f"　地点：{sitting.place}" if sitting.place else ""
    line(doc, sitting.name, align="center", font=d.HEADING_FONT)
    line(doc, f"会议时间：{d.cn_date(sitting.date)}{where}", align="center")
    t = table(doc, ["序号", "姓名", "选区／部门", "类别", "签到时间", "本人签名"], [])
    number = 0
    for kind_rows, kind_label in ((members.voting, "正式代表"), (members.observers, "列席代表")):
        group = object()
        for rep, checkin in kind_rows:
            key = rep.constituency_id
            if key != group:
                group = key
                place = rep.constituency.name if key else "未分选区"
                size = sum(1 for r, _ in kind_rows if r.constituency_id == key)
                merged_row(t, f"{kind_label} · {place}（{size} 人）")
            number += 1
            row = t.add_row()
            row.height = Mm(9)
            kind = "列席" if rep.kind == RepKind.OBSERVER else "正式"
            values = [number, rep.member.name, _constituency(rep), kind, _signed_in(checkin), ""]
            for cell, text in zip(row.cells, values, strict=True):
                cell_text(cell, str(text))
    observers_in = sum(1 for _, c in members.observers if c is not None)
    line(doc)
    line(
        doc,
        f"应到 {figures.seated} 人，实到 {figures.present} 人（正式代表）；"
        f"列席代表 {len(members.observers)} 人，已报到 {observers_in} 人（不计入应到、实到）。",
    )
    line(doc, "签到时间栏：代表扫码或秘书处代为报到时自动填写；“代登记”为秘书处代为报到。")
    line(doc)
    line(doc, "大会秘书处（签字）：　　　　　　　　　　　　年　　月　　日")
    return d.to_bytes(doc)


# --- the one entry -----------------------------------------------------------------------

SITTING_KINDS = {
    "notice": "会议通知",
    "signin": "签到表",
    "proposals": "提案汇编",
    "resolutions": "决议",
    "announcement": "结果公示",
}
ITEM_KINDS = {"ballots", "count"}
BALLOT_NAMES = {Poll: "表决票", Evaluation: "评议票", Election: "选举票"}


def build(sitting: Sitting, kind: str, obj=None) -> tuple[bytes, str]:
    """The document ``kind`` of ``sitting`` (for ``ballots``/``count``: of ``obj``, a poll,
    evaluation or election of the sitting) and its file name. Unknown kinds and items of
    another sitting are refused with a ValidationError."""
    from . import papers_ballots as ballots
    from . import papers_results as results
    from .documents import proposals_book

    if kind in SITTING_KINDS:
        make = {
            "notice": notice,
            "signin": signin_sheet,
            "proposals": proposals_book,
            "resolutions": results.resolutions,
            "announcement": results.announcement,
        }[kind]
        return make(sitting), f"{sitting.name}{SITTING_KINDS[kind]}.docx"
    if kind not in ITEM_KINDS:
        raise ValidationError(f"没有“{kind}”这种会议文件。")
    if type(obj) not in BALLOT_NAMES:
        raise ValidationError("请指定表决事项、民主评议或选举。")
    if obj.sitting_id != sitting.pk:
        raise ValidationError("该事项不属于本次会议。")
    if kind == "ballots":
        content = ballots.ballots(obj)
        name = BALLOT_NAMES[type(obj)]
    else:
        content = ballots.count_sheet(obj)
        name = "计票单"
    return content, f"{safe_name(obj.title)}{name}.docx"
