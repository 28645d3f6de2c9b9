"""Ballot papers (表决票, 评议票, 选举票) and counting sheets (计票单) for printing.

A ballot paper carries no number: "第 N 张 / 共 M 张" would let whoever hands them out
know whose ballot is whose. The number printed is the roster count (``seated`` voting
representatives: fixed on the item once it opens, the current roster before), one ballot
per line of the roster. Two 表决票 share a page with a cut line between them; a 评议票 or
选举票, with its table of names, takes a page.

A counting sheet of an item that is already counted is filled with the stored figures —
``queries.polls.result``, ``queries.evaluation.result``, ``queries.elections.result`` —
and otherwise left blank for the counters, with the scrutineers' signature lines.
"""

from __future__ import annotations

from docx.enum.text import WD_BREAK
from docx.shared import Pt

from gonghui.core import documents as d

from .models import (
    Election,
    ElectionStatus,
    Evaluation,
    EvaluationStatus,
    Poll,
    PollStatus,
)
from .papers import ballot_candidates, blank, evaluation_rows, line, table
from .queries import elections as election_queries
from .queries import evaluation as evaluation_queries
from .queries import polls as poll_queries
from .queries.common import settings_for
from .queries.sittings import attendance

POLL_HEAD = "表　决　票"
EVALUATION_HEAD = "民主评议票"
ELECTION_HEAD = "选　举　票"
HEAD_SIZE = Pt(20)
NOTE_SIZE = Pt(12)
CUT_LABEL = " 沿此线剪开 "
SIGNATURES = [
    "监票人（签字）：＿＿＿＿＿＿　＿＿＿＿＿＿　＿＿＿＿＿＿",
    "计票人（签字）：＿＿＿＿＿＿　＿＿＿＿＿＿",
    "总监票人（签字）：＿＿＿＿＿＿　　　　　　年　　月　　日",
]


# The room for the table of names on a one-page 评议票 or 选举票 under its heads and above
# its notes (the text area of GB/T 9704 is 225 mm high); a row is never lower than its text.
BALLOT_TABLE_MM = 165
LEAST_ROW_MM = 6.5


def row_height(rows: int, most: float) -> float:
    """The height of a ballot's rows: ``most`` mm, lower when that keeps the ballot on one
    page (a long list of names or of write-in lines)."""
    return max(LEAST_ROW_MM, min(most, BALLOT_TABLE_MM / max(rows + 1, 1)))


def roster_count(obj) -> int:
    """How many ballots to print: the item's seated voting representatives, fixed when it
    opened, else the sitting's roster now."""
    return obj.seated if obj.seated is not None else attendance(obj.sitting).seated


def _page_break(doc) -> None:
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _head(doc, obj, head: str) -> None:
    line(doc, obj.sitting.name, align="center", font=d.HEADING_FONT)
    line(doc, head, align="center", font=d.TITLE_FONT, size=HEAD_SIZE)


# --- ballot papers -----------------------------------------------------------------------


def _poll_ballot(doc, poll: Poll) -> None:
    _head(doc, poll, POLL_HEAD)
    line(doc, f"表决事项：{poll.title}")
    table(doc, ["赞成", "反对", "弃权"], [["", "", ""]], height_mm=16)
    line(
        doc,
        "说明：1. 请在所选意见下方的空格内划“○”，只能选择一项；"
        "2. 不划或划两项以上的为无效票；3. 本票不记名，请勿在票面上书写其他内容。",
        size=NOTE_SIZE,
    )


def _evaluation_ballot(doc, ev: Evaluation) -> None:
    _head(doc, ev, EVALUATION_HEAD)
    line(doc, f"评议事项：{ev.title}")
    rows = [[s.order, s.name, s.post, *[""] * len(ev.levels)] for s in ev.subjects.all()]
    table(doc, ["序号", "姓名", "职务", *ev.levels], rows, height_mm=row_height(len(rows), 10))
    line(
        doc,
        "说明：1. 请对每一位被评议人，在所选等次的空格内划“○”，每人只能选择一个等次；"
        "2. 漏评或对同一人划两个以上等次的，整张评议票无效；"
        "3. 本票不记名，请勿在票面上书写其他内容。",
        size=NOTE_SIZE,
    )


def _election_ballot(doc, election: Election) -> None:
    _head(doc, election, ELECTION_HEAD)
    runoff = "（另行选举）" if election.round > 1 else ""
    line(doc, f"{election.title}{runoff}（应选 {election.seats} 名）")
    rows = [[c.order, c.member.name, "", "", ""] for c in ballot_candidates(election)]
    rows += [["另选他人", "", "", "—", "—"] for _ in range(election.seats)]
    header = ["序号", "候选人姓名", "赞成", "不赞成", "弃权"]
    table(doc, header, rows, height_mm=row_height(len(rows), 8))
    line(
        doc,
        "说明：1. 对每位候选人，在“赞成”“不赞成”“弃权”中选择一栏划“○”；"
        "2. 如另选他人，请在“另选他人”一行写上其姓名，并在“赞成”栏内划“○”；"
        f"3. 所选人数多于应选名额 {election.seats} 名的为无效票"
        "（所选人数 = 划“赞成”的候选人与另选他人之和）；"
        "4. 本票不记名，请勿在票面上书写其他内容。",
        size=NOTE_SIZE,
    )


def ballots(obj) -> bytes:
    """The ballot papers of a poll, an evaluation or an election: one per seated voting
    representative, none numbered."""
    make, per_page = {
        Poll: (_poll_ballot, 2),
        Evaluation: (_evaluation_ballot, 1),
        Election: (_election_ballot, 1),
    }[type(obj)]
    n = roster_count(obj)
    doc = d.new_document(page_numbers=False)  # a page number would tell whose ballot it is
    for i in range(n):
        if i:
            if i % per_page:
                line(doc)
                d.cut_line(doc, CUT_LABEL, size=NOTE_SIZE)
                line(doc)
            else:
                _page_break(doc)
        make(doc, obj)
    if not n:
        line(doc, "本届尚无在任的正式代表，无须印制选票。")
    return d.to_bytes(doc)


# --- counting sheets ---------------------------------------------------------------------


def _sheet_head(doc, obj, what: str) -> None:
    d.title(doc, "计票单")
    line(doc, obj.sitting.name, align="center", font=d.HEADING_FONT)
    way = "纸质选票" if obj.on_paper else "电子投票"
    line(doc, f"{what}：{obj.title}（{way}）")


def _signatures(doc, scrutineers: str) -> None:
    """The scrutineers' lines, kept together on one page (a signature apart from the
    figures it attests is no attestation)."""
    block = [line(doc)]
    if scrutineers:
        block.append(line(doc, f"监票人、计票人：{scrutineers}"))
    for i, text in enumerate(SIGNATURES):
        if i:
            block.append(line(doc, size=NOTE_SIZE))  # room to sign
        block.append(line(doc, text))
    for p in block[:-1]:
        p.paragraph_format.keep_with_next = True


def _ballot_figures(obj, valid) -> list[str]:
    """发出、收回、有效、无效 as stored (a paper count), blank when not counted. An
    electronic count has no paper issued: 发出/收回 are shown as "—"."""
    if obj.on_paper:
        return [blank(obj.issued), blank(obj.returned), blank(valid), blank(obj.invalid)]
    return ["—", "—", blank(valid), "—"]


def _poll_sheet(doc, poll: Poll) -> None:
    _sheet_head(doc, poll, "表决事项")
    done = poll.status in (PollStatus.CLOSED, PollStatus.VOID)
    r = poll_queries.result(poll) if done else None
    if r is not None and not r.void:
        figures = [*_ballot_figures(poll, r.valid), str(r.yes), str(r.no), str(r.abstain)]
    else:
        figures = [*_ballot_figures(poll, None), "", "", ""]
        if r is not None:  # void: the paper counts were stored, the choices were not
            figures[:4] = [blank(poll.issued), blank(poll.returned), "", blank(poll.invalid)]
    header = ["发出票数", "收回票数", "有效票", "无效票", "赞成", "反对", "弃权"]
    table(doc, header, [figures], height_mm=12)
    line(doc)
    if r is not None:
        line(doc, "计票结果：", font=d.HEADING_FONT)
        for text in r.arithmetic:
            line(doc, text)
        verdict = "表决无效" if r.void else ("通过" if r.passed else "未通过")
        line(doc, f"表决结果：{verdict}", bold=True)
    else:
        seated = roster_count(poll)
        majority = poll_queries.ratio(
            poll.majority or settings_for(poll.sitting.term.union).majority
        )
        needed = poll_queries.majority_needed(seated, majority)
        present = blank(poll.present) or "＿＿"
        line(
            doc,
            f"应到代表 {seated} 人，实到代表 {present} 人。有效票 = 收回票数 − 无效票，"
            "须等于赞成、反对、弃权之和；收回票数多于发出票数的，本次表决无效。",
        )
        line(
            doc,
            f"赞成票须超过全体代表 {seated} 人的{poll_queries.ratio_label(majority)}"
            f"（至少 {needed} 票）方为通过。",
        )
        line(doc, "表决结果：＿＿＿＿＿＿")
    _signatures(doc, poll.scrutineers)


def _evaluation_sheet(doc, ev: Evaluation) -> None:
    _sheet_head(doc, ev, "评议事项")
    r = evaluation_queries.result(ev) if ev.status == EvaluationStatus.CLOSED else None
    valid = r.ballots if r is not None else None
    table(
        doc,
        ["发出票数", "收回票数", "有效票", "无效票"],
        [_ballot_figures(ev, valid)],
        height_mm=12,
    )
    line(doc)
    header = ["序号", "姓名", "职务", *ev.levels, "有效票", "满意率"]
    if r is not None:
        rows = evaluation_rows(r)
    else:
        rows = [
            [s.order, s.name, s.post, *[""] * len(ev.levels), "", ""] for s in ev.subjects.all()
        ]
    table(doc, header, rows, height_mm=9)
    satisfied = "＋".join(ev.levels[: ev.satisfied_levels])
    threshold = evaluation_queries.percent(ev.threshold)
    line(doc, f"满意率 =（{satisfied}）÷ 有效票；低于 {threshold} 的以“▲”标出。", size=NOTE_SIZE)
    seated = roster_count(ev)
    present = blank(ev.present) or "＿＿"
    line(doc, f"应到代表 {seated} 人，实到代表 {present} 人。")
    _signatures(doc, ev.scrutineers)


def _election_sheet(doc, election: Election) -> None:
    _sheet_head(doc, election, "选举")
    done = election.status in (ElectionStatus.CLOSED, ElectionStatus.VOID)
    r = election_queries.result(election) if done else None
    valid = r.valid if r is not None and not r.void else None
    table(
        doc,
        ["发出票数", "收回票数", "有效票", "无效票"],
        [_ballot_figures(election, valid)],
        height_mm=12,
    )
    if r is not None and not election.on_paper:
        line(doc, f"电子投票收回选票 {r.cast} 张，其中无效票 {r.invalid} 张。", size=NOTE_SIZE)
    line(doc)
    header = ["序号", "姓名", "赞成", "不赞成", "弃权", "结果"]
    if r is not None and not r.void:
        rows = [
            [
                p.order if p.on_ballot else "另选",
                p.name,
                p.yes,
                p.no if p.on_ballot else "—",
                p.abstain if p.on_ballot else "—",
                p.outcome,
            ]
            for p in r.rows
        ]
    else:
        rows = [[c.order, c.member.name, "", "", "", ""] for c in ballot_candidates(election)]
        rows += [["另选", "", "", "—", "—", ""] for _ in range(election.seats)]
    table(doc, header, rows, height_mm=9)
    line(doc)
    if r is not None:
        line(doc, "计票结果：", font=d.HEADING_FONT)
        for text in r.arithmetic:
            line(doc, text)
    else:
        seated = roster_count(election)
        rules = settings_for(election.sitting.term.union)
        majority = poll_queries.ratio(election.majority or rules.majority)
        needed = poll_queries.majority_needed(seated, majority)
        line(
            doc,
            f"应选 {election.seats} 名；所选人数多于应选名额 {election.seats} 名的为无效票。"
            f"候选人须获得超过应到有选举权人数 {seated} 人{poll_queries.ratio_label(majority)}"
            f"的赞成票（至少 {needed} 票）方可当选；得票过半数的人多于应选名额时，以得票多少为序，"
            "票数相等不能确定当选人时另行选举。",
        )
    _signatures(doc, election.scrutineers)


def count_sheet(obj) -> bytes:
    """The counting sheet of a poll, an evaluation or an election (filled once counted)."""
    make = {Poll: _poll_sheet, Evaluation: _evaluation_sheet, Election: _election_sheet}[type(obj)]
    doc = d.new_document()
    make(doc, obj)
    return d.to_bytes(doc)
