"""The 提案汇编 of a sitting: cover, index, each proposal with its co-signers, review,
department, answers and rating, then the figures; laid out per GB/T 9704 via
``core/documents.py``."""

from __future__ import annotations

from django.utils import timezone

from gonghui.core import documents as d
from gonghui.core.exports import docx_text

from .models import Sitting
from .queries import proposals as q


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def proposals_book(sitting: Sitting) -> bytes:
    union = sitting.term.union
    today = timezone.localdate()
    rows = q.book_rows(sitting)
    fig = q.figures(sitting, today)
    doc = d.new_document()

    # Cover.
    for _ in range(4):
        d.para(doc, indent=False)
    d.title(doc, union.name)
    d.title(doc, sitting.name)
    d.title(doc, "提案汇编")
    for _ in range(6):
        d.para(doc, indent=False)
    d.para(doc, f"会议日期：{d.cn_date(sitting.date)}", indent=False, align="center")
    d.para(doc, f"编印日期：{d.cn_date(today)}", indent=False, align="center")
    doc.add_page_break()

    # Index.
    d.title(doc, "目录")
    index = [
        [f"第{p.number}号", p.title, p.proposer.member.name, p.get_status_display()] for p in rows
    ]
    table = d.table(doc, ["编号", "案由", "提案人", "状态"], index)
    for row in table.rows[1:]:
        row.cells[1].paragraphs[0].alignment = d.ALIGN["left"]
    doc.add_page_break()

    # Each proposal.
    for p in rows:
        d.title(doc, f"第{p.number}号提案")
        d.para(doc, f"案由：{p.title}", indent=False, bold=True, font=d.HEADING_FONT)
        d.para(doc, f"提案人：{p.proposer.member.name}", indent=False)
        cosigners = "、".join(c.representative.member.name for c in p.confirmed_cosigns)
        d.para(doc, f"附议人：{cosigners or '无'}", indent=False)
        d.para(doc, "理由", indent=False, font=d.HEADING_FONT)
        for line in docx_text(p.reason).splitlines() or [""]:
            d.para(doc, line)
        d.para(doc, "建议措施", indent=False, font=d.HEADING_FONT)
        for line in docx_text(p.measures).splitlines() or [""]:
            d.para(doc, line)
        decided = p.review_decision or None
        label = dict(q.S.choices).get(decided, "待审查") if decided else "待审查"
        review = f"审查结论：{label}"
        if p.merged_into_id:
            review += f"（并入第{p.merged_into.number}号提案《{p.merged_into.title}》）"
        d.para(doc, review, indent=False)
        if p.review_note:
            d.para(doc, f"审查意见：{p.review_note}", indent=False)
        if p.lead_department:
            dept = f"承办部门：{p.lead_department}"
            if p.co_departments:
                dept += f"；协办部门：{p.co_departments}"
            if p.due_on:
                dept += f"；办理期限：{d.cn_date(p.due_on)}"
            d.para(doc, dept, indent=False)
        answers = list(p.answers.all())
        for i, a in enumerate(answers, start=1):
            head = "答复" if len(answers) == 1 else ("答复" if i == 1 else "重新办理答复")
            d.para(
                doc,
                f"{head}（{a.department}，{d.cn_date(timezone.localtime(a.answered_at))}）",
                indent=False,
                font=d.HEADING_FONT,
            )
            for line in docx_text(a.text).splitlines() or [""]:
                d.para(doc, line)
        d.para(doc, f"提案人评价：{p.get_rating_display() or '未评价'}", indent=False)
        d.para(doc, f"办理状态：{p.get_status_display()}", indent=False)
        doc.add_page_break()

    # Figures.
    d.title(doc, "提案工作统计")
    lines = [
        f"提交提案 {fig.submitted} 件，立案 {fig.accepted} 件，合并 {fig.merged} 件，"
        f"转意见建议 {fig.suggestions} 件，不立案 {fig.rejected} 件。",
        f"立案率：{_pct(fig.accept_rate)}",
        f"按期办结率：{_pct(fig.on_time_rate)}（交办 {fig.assigned} 件，按期办结 "
        f"{fig.closed_on_time} 件）",
        f"满意率：{_pct(fig.satisfaction_rate)}（已评价 {fig.rated} 件，满意及基本满意 "
        f"{fig.satisfied} 件）",
        f"超期未答复：{len(fig.overdue)} 件",
    ]
    for line in lines:
        d.para(doc, line)
    return d.to_bytes(doc)
