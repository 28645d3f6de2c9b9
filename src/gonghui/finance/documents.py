"""The audit committee's yearly report (经费审查工作报告) as a Word document.

《中国工会章程》: the audit committee reviews the union's income, expenditure and assets
and reports to the members' (representatives') congress. The report gathers what the
platform knows for the year: the 收支决算 figures, budget execution and adjustments, the
committee's findings with the answers, every voucher let past a spending rule with its
written reason, and dues collection. The committee adds its own assessment in Word.
"""

from __future__ import annotations

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gonghui.core.documents import HEADING_FONT, cn_date, new_document, para, run, title, to_bytes

from .models import FindingStatus
from .money import yuan
from .queries import review as review_queries
from .queries.budget import adjustments
from .queries.statements import Statements
from .services.exports import finance_export

TABLE_SIZE = Pt(12)


def _table(doc, header: list[str], rows: list[list[str]], numeric: set[int] = frozenset()):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run(cell.paragraphs[0], text, HEADING_FONT, TABLE_SIZE, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            cells[i].text = ""
            p = cells[i].paragraphs[0]
            p.paragraph_format.first_line_indent = Pt(0)
            if i in numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run(p, text, "仿宋_GB2312", TABLE_SIZE)
    return table


def _heading(doc, text: str) -> None:
    para(doc, text, font=HEADING_FONT)


def audit_report(*, actor, statements: Statements) -> bytes:
    union, year = statements.union, statements.year
    ie, rem, dues, ex = (
        statements.income_expense,
        statements.remittance,
        statements.dues,
        statements.execution,
    )
    doc = new_document()
    title(doc, f"{union.name}{year}年度经费审查工作报告")
    para(
        doc,
        f"根据《中国工会章程》和工会经费审查工作的有关规定，{union.name}经费审查委员会对本会"
        f"{year}年1月1日至{year}年12月31日的经费收支、预算执行和会费收缴情况进行了审查。"
        "现将审查情况报告如下：",
    )

    _heading(doc, "一、经费收支情况")
    para(
        doc,
        f"本年收入合计{yuan(ie.income_total)}元，支出合计{yuan(ie.expense_total)}元，"
        f"收支结余{yuan(ie.balance)}元。以上数字均取自已记账凭证。",
    )
    rows = [[r.category.name, yuan(r.amount)] for r in ie.income if r.level == 0 and r.amount]
    rows += [["收入合计", yuan(ie.income_total)]]
    rows += [[r.category.name, yuan(r.amount)] for r in ie.expense if r.level == 0 and r.amount]
    rows += [["支出合计", yuan(ie.expense_total)], ["收支结余", yuan(ie.balance)]]
    _table(doc, ["项目", "金额（元）"], rows, numeric={1})
    if rem.payroll_months:
        short = (
            f"单位尚欠拨缴{yuan(rem.short)}元，建议督促单位足额拨缴。"
            if rem.short > 0
            else "单位已足额拨缴。"
        )
        para(
            doc,
            f"已登记单位工资总额{rem.payroll_months}个月，合计{yuan(rem.payroll)}元，"
            f"按{rem.funds_pct}%应拨缴工会经费{yuan(rem.expected)}元，实收{yuan(rem.received)}元，"
            + short,
        )
    if rem.received:
        para(
            doc,
            f"本年拨缴经费收入{yuan(rem.received)}元，按基层留成比例{rem.local_pct}%计算，"
            f"应上缴上级{yuan(rem.due_upward)}元，已上缴{yuan(rem.paid_upward)}元，"
            + (
                f"尚需上缴{yuan(rem.outstanding)}元。"
                if rem.outstanding > 0
                else "上缴情况与应缴相符。"
                if rem.outstanding == 0
                else f"多缴{yuan(-rem.outstanding)}元。"
            ),
        )

    _heading(doc, "二、预算执行情况")
    if ex.budget is None:
        para(doc, f"本会未编制{year}年度预算。")
    else:
        total = ex.expense_total
        adopted = (
            f"{year}年度预算于{cn_date(ex.budget.adopted_on)}经{ex.budget.get_adopted_by_display()}"
            "审议通过。"
            if ex.budget.adopted
            else f"{year}年度预算尚未审议通过。"
        )
        para(
            doc,
            f"{adopted}支出预算（含调整）{yuan(total['effective'])}元，已记账支出"
            f"{yuan(total['spent'])}元，执行率{total['pct'] if total['pct'] is not None else '—'}%。",
        )
        over = [r for r in ex.expense if r.budgeted and ex.level(r) == "over"]
        loose = [r for r in ex.expense if not r.budgeted]
        for r in over:
            para(
                doc,
                f"【{r.category}】预算{yuan(r.effective)}元，已用及在途{yuan(r.committed)}元，"
                f"超出{yuan(r.committed - r.effective)}元。",
            )
        if loose:
            names = "、".join(f"{r.category}（{yuan(r.spent)}元）" for r in loose)
            para(doc, f"未列入预算的支出：{names}。")
        adj = adjustments(ex.budget)
        if adj:
            para(doc, f"本年预算调整{len(adj)}次：")
            _table(
                doc,
                ["决定日期", "科目", "调整金额（元）", "调整原因"],
                [
                    [cn_date(a.decided_on), str(a.line.category), yuan(a.delta), a.reason]
                    for a in adj
                ],
                numeric={2},
            )
        else:
            para(doc, "本年未调整预算。")

    _heading(doc, "三、审查发现的问题及整改情况")
    found = list(review_queries.findings(union, year=year))
    if not found:
        para(doc, "本年未提出审查意见。")
    for i, f in enumerate(reversed(found), start=1):
        subject = (
            f"凭证{f.voucher.number or f.voucher.summary}"
            if f.voucher_id
            else f"{cn_date(f.period_start)}至{cn_date(f.period_end)}"
        )
        para(doc, f"{i}. {f.title}（{subject}，{f.get_status_display()}）", bold=True)
        para(doc, f"审查意见：{f.text}")
        if f.response:
            para(doc, f"答复：{f.response}")
        if f.status == FindingStatus.CLOSED and f.closing_note:
            para(doc, f"关闭说明：{f.closing_note}")

    _heading(doc, "四、超标准开支审批情况")
    overrides = list(review_queries.overrides(union, year=year))
    if not overrides:
        para(doc, "本年没有经批准超过开支标准的支出。")
    for i, v in enumerate(overrides, start=1):
        who = str(v.override_by) if v.override_by_id else ""
        para(
            doc,
            f"{i}. 凭证{v.number or '（未编号）'}，{cn_date(v.date)}，{v.summary}，"
            f"金额{yuan(v.total)}元。批准人：{who or '—'}。",
            bold=True,
        )
        para(doc, f"超标准说明：{v.override_reason}")
        for text in review_queries.violation_texts(v):
            para(doc, f"被放行事项：{text}")

    _heading(doc, "五、会费收缴情况")
    if dues.total.charged:
        para(
            doc,
            f"本年应缴会费{yuan(dues.total.charged)}元，实缴{yuan(dues.total.paid)}元，"
            f"欠缴{yuan(dues.total.outstanding)}元，收缴率{dues.total.rate}%。",
        )
    else:
        para(doc, "本年未计算会费。")

    _heading(doc, "六、审查意见和建议")
    para(doc, "（由经费审查委员会根据以上情况填写。）")
    para(doc)
    para(doc, f"{union.name}经费审查委员会", indent=False, align="right")
    para(doc, cn_date(timezone.localdate()), indent=False, align="right")

    data = to_bytes(doc)
    finance_export(actor=actor, union=union, year=year, document="经费审查工作报告")
    return data
