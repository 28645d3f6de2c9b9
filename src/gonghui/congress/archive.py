"""The whole sitting as one .zip for 归档: every session document, in a fixed order, under
Chinese file names (stored as UTF-8, with the zip's UTF-8 flag set, so Windows Explorer,
macOS and ``unzip`` all show them), and a ``目录.txt`` listing the files with the sitting's
key figures.

Order: 目录, 会议通知, 签到表, 提案汇编, each poll's 表决票 and 计票单 (by item number), each
evaluation's 评议票, 计票单 and result .xlsx (once closed), each election's 选举票 and
计票单, 决议, 结果公示.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from gonghui.core.text import clean_text

from . import evaluation_xlsx, papers, papers_ballots, papers_results
from .documents import proposals_book
from .models import ElectionStatus, EvaluationStatus, PollStatus, Sitting
from .queries import elections as election_queries
from .queries import evaluation as evaluation_queries
from .queries import polls as poll_queries
from .queries import proposals as proposal_queries
from .queries.sittings import attendance


@dataclass
class Entry:
    name: str
    about: str
    content: bytes


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def entries(sitting: Sitting, *, exported_by: str = "") -> list[Entry]:
    """Every file of the archive but the index, in archive order."""
    out = [
        Entry("会议通知.docx", "会议通知", papers.notice(sitting)),
        Entry("签到表.docx", "签到表（应到、实到）", papers.signin_sheet(sitting)),
        Entry("提案汇编.docx", "提案汇编", proposals_book(sitting)),
    ]
    for poll in papers.polls(sitting):
        stem = f"表决事项{poll.order:02d}_{papers.safe_name(poll.title)}"
        out.append(
            Entry(f"{stem}_表决票.docx", f"{poll.title} 表决票", papers_ballots.ballots(poll))
        )
        out.append(
            Entry(f"{stem}_计票单.docx", f"{poll.title} 计票单", papers_ballots.count_sheet(poll))
        )
    for i, ev in enumerate(papers.evaluations(sitting), start=1):
        stem = f"民主评议{i:02d}_{papers.safe_name(ev.title)}"
        out.append(Entry(f"{stem}_评议票.docx", f"{ev.title} 评议票", papers_ballots.ballots(ev)))
        out.append(
            Entry(f"{stem}_计票单.docx", f"{ev.title} 计票单", papers_ballots.count_sheet(ev))
        )
        if ev.status == EvaluationStatus.CLOSED:
            book = evaluation_xlsx.workbook(evaluation_queries.result(ev), exported_by=exported_by)
            out.append(Entry(f"{stem}_结果.xlsx", f"{ev.title} 结果统计表", book))
    for i, el in enumerate(papers.elections(sitting), start=1):
        stem = f"选举{i:02d}_{papers.safe_name(el.title)}"
        out.append(Entry(f"{stem}_选举票.docx", f"{el.title} 选举票", papers_ballots.ballots(el)))
        out.append(
            Entry(f"{stem}_计票单.docx", f"{el.title} 计票单", papers_ballots.count_sheet(el))
        )
    out.append(Entry("决议.docx", "决议", papers_results.resolutions(sitting)))
    out.append(Entry("结果公示.docx", "结果公示", papers_results.announcement(sitting)))
    return out


def index(sitting: Sitting, files: list[Entry], *, exported_by: str, when) -> str:
    """目录.txt: the sitting's key figures, then the files."""
    union = sitting.term.union
    fig = attendance(sitting)
    lines = [
        union.name,
        f"{sitting.name} 会议文件归档",
        f"会议日期：{sitting.date:%Y-%m-%d}　地点：{sitting.place or '—'}　"
        f"状态：{sitting.get_status_display()}",
        f"应到代表 {fig.seated} 人，实到 {fig.present} 人，列席代表报到 {fig.observers} 人",
        "",
        "表决事项：",
    ]
    items = papers.polls(sitting)
    for poll in items:
        if poll.status in (PollStatus.CLOSED, PollStatus.VOID):
            r = poll_queries.result(poll)
            verdict = "无效" if r.void else ("通过" if r.passed else "未通过")
            lines.append(
                f"  {poll.order}. {poll.title}：{verdict}（赞成 {r.yes} 票，反对 {r.no} 票，"
                f"弃权 {r.abstain} 票；应到 {r.seated} 人，实到 {r.present} 人）"
            )
        else:
            lines.append(f"  {poll.order}. {poll.title}：{poll.get_status_display()}")
    if not items:
        lines.append("  无")
    lines.append("民主评议：")
    evs = papers.evaluations(sitting)
    for ev in evs:
        if ev.status == EvaluationStatus.CLOSED:
            r = evaluation_queries.result(ev)
            rates = "，".join(f"{s.name} {s.rate_label}" for s in r.rows)
            lines.append(f"  {ev.title}：有效票 {r.ballots} 张；满意率 {rates}")
        else:
            lines.append(f"  {ev.title}：{ev.get_status_display()}")
    if not evs:
        lines.append("  无")
    lines.append("选举：")
    els = papers.elections(sitting)
    for el in els:
        if el.status == ElectionStatus.CLOSED:
            r = election_queries.result(el)
            names = "、".join(p.name for p in r.elected) or "无人当选"
            lines.append(f"  {el.title}：应选 {el.seats} 名，当选 {len(r.elected)} 名（{names}）")
        else:
            lines.append(f"  {el.title}：{el.get_status_display()}")
    if not els:
        lines.append("  无")
    f = proposal_queries.figures(sitting, timezone.localdate())
    lines += [
        f"提案：提交 {f.submitted} 件，立案率 {_pct(f.accept_rate)}，"
        f"按期办结率 {_pct(f.on_time_rate)}，满意率 {_pct(f.satisfaction_rate)}",
        "",
        "文件目录：",
        *(f"  {i:02d}. {e.name}（{e.about}）" for i, e in enumerate(files, start=1)),
        "",
        f"归档时间：{when:%Y-%m-%d %H:%M}" + (f"　导出人：{exported_by}" if exported_by else ""),
    ]
    return "\r\n".join(lines) + "\r\n"


def filename(sitting: Sitting) -> str:
    return f"{sitting.name}会议文件.zip"


def sitting_archive(sitting: Sitting, *, exported_by: str = "") -> bytes:
    """The .zip of the sitting (see the module's docstring for what is in it)."""
    when = timezone.localtime()
    files = entries(sitting, exported_by=exported_by)
    # Titles in the index are stored text: cleaned like every file's (core.exports).
    text = clean_text(index(sitting, files, exported_by=exported_by, when=when))
    # The BOM makes Notepad on older Windows read the index as UTF-8.
    everything = [Entry("目录.txt", "目录", ("\ufeff" + text).encode("utf-8")), *files]
    buf = io.BytesIO()
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for e in everything:
            info = zipfile.ZipInfo(e.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # names are UTF-8 (zipfile also sets it; say so plainly)
            zf.writestr(info, e.content)
    return buf.getvalue()
