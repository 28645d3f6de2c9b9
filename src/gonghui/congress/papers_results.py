"""决议 and 结果公示 of a sitting.

Every figure comes from the result queries — ``queries.polls.result`` (with its arithmetic
lines), ``queries.evaluation.result``, ``queries.proposals.figures``,
``queries.elections.result`` — never counted again here, so the documents say what the
result pages say.

决议: one resolution per CLOSED poll that PASSED, titled "第八届第一次教职工代表大会关于
《…》的决议"; polls that failed, were void, or are not yet voted are listed as such at the
end, never as resolutions.

结果公示: the polls with their results, each evaluation's 满意率 per manager, the proposal
figures and the elections; 公示期 of ``PUBLIC_DAYS`` working days beginning the first
working day after the sitting closed (before the close: after today).
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from docx.shared import Pt

from gonghui.core import documents as d
from gonghui.core.dates import is_workday
from gonghui.core.exports import docx_text

from .models import ElectionStatus, EvaluationStatus, PollStatus, Sitting, cn_number
from .papers import elections, evaluation_rows, evaluations, line, polls, table
from .queries import elections as election_queries
from .queries import evaluation as evaluation_queries
from .queries import polls as poll_queries
from .queries import proposals as proposal_queries

PUBLIC_DAYS = 5
NOTE_SIZE = Pt(12)
DOC_NAME = re.compile(r"《[^》]+》")


def public_period(sitting: Sitting, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The 公示期: ``PUBLIC_DAYS`` working days from the first working day after the
    sitting closed (or after today, while it has not)."""
    base = timezone.localtime(sitting.closed_at).date() if sitting.closed_at else today
    day = base + datetime.timedelta(days=1)
    while not is_workday(day):
        day += datetime.timedelta(days=1)
    start, counted = day, 1
    while counted < PUBLIC_DAYS:
        day += datetime.timedelta(days=1)
        counted += is_workday(day)
    return start, day


# --- 决议 --------------------------------------------------------------------------------


def resolution_title(title: str) -> str:
    """关于《学校工作报告》的决议 as it is; 学校工作报告 → 关于《学校工作报告》的决议."""
    t = title.strip()
    if t.startswith("关于"):
        return t if t.endswith("决议") else f"{t}的决议"
    return f"关于{t}的决议" if DOC_NAME.search(t) else f"关于《{t}》的决议"


def adopted(title: str) -> str:
    """What the resolution adopts: the 《document》 named in the title, else the title."""
    found = DOC_NAME.search(title)
    return found.group(0) if found else f"《{title.strip()}》"


def _resolution(doc, sitting: Sitting, poll, r) -> None:
    d.title(doc, f"{sitting.name}{resolution_title(poll.title)}")
    day = timezone.localtime(poll.closed_at).date() if poll.closed_at else sitting.date
    d.para(doc, f"（{d.cn_date(day)}{sitting.name}通过）", indent=False, align="center")
    d.para(doc, indent=False)
    where = f"在{sitting.place}" if sitting.place else ""
    quorum = poll_queries.ratio_label(poll_queries.ratio(poll.quorum or 0))
    majority = poll_queries.ratio_label(poll_queries.ratio(poll.majority or 0))
    name = adopted(poll.title)
    d.para(
        doc,
        f"{sitting.name}于{d.cn_date(sitting.date)}{where}召开。"
        f"应到代表 {r.seated} 人，实到 {r.present} 人，出席人数符合{quorum}以上的要求。"
        f"会议审议了{name}。{r.arithmetic[1]}。"
        f"经表决，赞成 {r.yes} 票，反对 {r.no} 票，弃权 {r.abstain} 票，"
        f"赞成票超过全体代表{majority}（全体代表 {r.seated} 人，至少须 {r.needed} 票），"
        f"会议决定通过{name}。",
    )
    if poll.description:
        for text in docx_text(poll.description).splitlines():
            if text.strip():
                d.para(doc, text.strip())


def resolutions(sitting: Sitting) -> bytes:
    doc = d.new_document()
    passed, others, pending = [], [], []
    for poll in polls(sitting):
        if poll.status in (PollStatus.CLOSED, PollStatus.VOID):
            r = poll_queries.result(poll)
            (passed if r.passed else others).append((poll, r))
        else:
            pending.append(poll)
    for i, (poll, r) in enumerate(passed):
        if i:
            doc.add_page_break()
        _resolution(doc, sitting, poll, r)
    if not passed:
        d.title(doc, f"{sitting.name}决议")
        d.para(doc, "本次会议尚无表决通过的事项。")
    if others:
        d.para(doc, indent=False)
        d.para(doc, "未通过或无效的表决事项（不形成决议）", indent=False, font=d.HEADING_FONT)
        for poll, r in others:
            verdict = "表决无效" if r.void else "未通过"
            d.para(doc, f"{poll.order}. {poll.title}：{verdict}。{'；'.join(r.arithmetic[1:])}。")
    if pending:
        d.para(doc, indent=False)
        d.para(doc, "尚未完成表决的事项", indent=False, font=d.HEADING_FONT)
        for poll in pending:
            d.para(doc, f"{poll.order}. {poll.title}（{poll.get_status_display()}）")
    return d.to_bytes(doc)


# --- 结果公示 ----------------------------------------------------------------------------


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _poll_section(doc, sitting: Sitting, heading: str) -> bool:
    done = [p for p in polls(sitting) if p.status in (PollStatus.CLOSED, PollStatus.VOID)]
    if not done:
        return False
    d.para(doc, heading, font=d.HEADING_FONT)
    for poll in done:
        r = poll_queries.result(poll)
        verdict = "表决无效" if r.void else ("通过" if r.passed else "未通过")
        d.para(doc, f"{poll.order}. {poll.title}：{verdict}", bold=True)
        for text in r.arithmetic:
            d.para(doc, f"{text}。")
    return True


def _evaluation_section(doc, sitting: Sitting, heading: str) -> bool:
    done = [e for e in evaluations(sitting) if e.status == EvaluationStatus.CLOSED]
    if not done:
        return False
    d.para(doc, heading, font=d.HEADING_FONT)
    for ev in done:
        r = evaluation_queries.result(ev)
        d.para(
            doc,
            f"{ev.title}：应到代表 {ev.seated or 0} 人，实到 {ev.present or 0} 人，"
            f"有效票 {r.ballots} 张。",
        )
        rows = evaluation_rows(r)
        table(doc, ["序号", "姓名", "职务", *r.levels, "有效票", "满意率"], rows)
        satisfied = "＋".join(r.levels[: ev.satisfied_levels])
        line(
            doc,
            f"满意率 =（{satisfied}）÷ 有效票；低于 {r.threshold_label} 的以“▲”标出。",
            size=NOTE_SIZE,
        )
    return True


def _proposal_section(doc, sitting: Sitting, heading: str, today) -> bool:
    f = proposal_queries.figures(sitting, today)
    d.para(doc, heading, font=d.HEADING_FONT)
    if not f.submitted:
        d.para(doc, "本次会议未收到提案。")
        return True
    for text in (
        f"提交提案 {f.submitted} 件，立案 {f.accepted} 件，合并 {f.merged} 件，"
        f"转意见建议 {f.suggestions} 件，不立案 {f.rejected} 件。",
        f"立案率 {_pct(f.accept_rate)}；按期办结率 {_pct(f.on_time_rate)}（交办 {f.assigned} 件，"
        f"按期办结 {f.closed_on_time} 件）；满意率 {_pct(f.satisfaction_rate)}（已评价 {f.rated} 件，"
        f"满意及基本满意 {f.satisfied} 件）。",
    ):
        d.para(doc, text)
    return True


def _election_section(doc, sitting: Sitting, heading: str = "选举结果") -> bool:
    """Per counted election (CLOSED; a VOID one is named as void): each person's 赞成 and
    whether elected, from ``queries.elections.result``."""
    done = [
        e for e in elections(sitting) if e.status in (ElectionStatus.CLOSED, ElectionStatus.VOID)
    ]
    if not done:
        return False
    d.para(doc, heading, font=d.HEADING_FONT)
    for election in done:
        r = election_queries.result(election)
        runoff = "（另行选举）" if election.round > 1 else ""
        d.para(doc, f"{election.title}{runoff}（应选 {election.seats} 名）", bold=True)
        if r.void:
            d.para(doc, f"{r.arithmetic[-1]}。")
            continue
        rows = [
            [i, p.name + ("" if p.on_ballot else "（另选）"), p.yes, p.outcome]
            for i, p in enumerate(r.rows, start=1)
        ]
        table(doc, ["序号", "姓名", "赞成票", "结果"], rows)
        for text in r.arithmetic:
            line(doc, f"{text}。", size=NOTE_SIZE)
    return True


def announcement(sitting: Sitting) -> bytes:
    union = sitting.term.union
    today = timezone.localdate()
    doc = d.new_document()
    d.title(doc, f"关于{sitting.name}有关结果的公示")
    d.para(
        doc,
        f"{sitting.name}于{d.cn_date(sitting.date)}召开。现将会议表决、民主评议、选举结果和"
        "提案工作情况公示如下：",
    )
    n = 1
    for section in (_poll_section, _evaluation_section, _election_section):
        n += section(doc, sitting, f"{cn_number(n)}、{_title(section)}")
    _proposal_section(doc, sitting, f"{cn_number(n)}、提案工作情况", today)
    start, end = public_period(sitting, today)
    d.para(doc, indent=False)
    d.para(
        doc,
        f"公示期为 {PUBLIC_DAYS} 个工作日，自{d.cn_date(start)}起至{d.cn_date(end)}止。"
        f"公示期间如有异议，请以书面形式或当面向{union.name}反映。",
    )
    d.para(doc, "联系人：＿＿＿＿＿＿　　联系电话：＿＿＿＿＿＿")
    d.para(doc, indent=False)
    d.para(doc, union.name, indent=False, align="right")
    d.para(doc, d.cn_date(start), indent=False, align="right")
    return d.to_bytes(doc)


def _title(section) -> str:
    return {
        _poll_section: "表决结果",
        _evaluation_section: "民主评议结果",
        _election_section: "选举结果",
    }[section]
