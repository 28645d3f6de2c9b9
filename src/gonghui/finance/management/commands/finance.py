"""gonghui finance statements|audit-report: the year-end statements (.xlsx) and the audit
committee's yearly report (.docx) from the command line, for the operator's monthly or
yearly run. Both files are recorded in the audit trail as exports by the system."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.management.arguments import union_argument
from gonghui.finance import documents, spreadsheets
from gonghui.finance.queries.common import GRASSROOTS
from gonghui.finance.queries.statements import statements


class Command(BaseCommand):
    help = "财务报表：statements 导出年度决算报表 .xlsx，audit-report 生成经费审查工作报告 .docx。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        st = sub.add_parser("statements", help="导出收支决算表、会费收缴表、预算执行表（.xlsx）")
        rep = sub.add_parser("audit-report", help="生成年度经费审查工作报告（.docx）")
        for p in (st, rep):
            p.add_argument("--union", required=True, help="基层工会代码，如 demo-school")
            p.add_argument("--year", required=True, type=int, help="年度，如 2026")
            p.add_argument("--out", required=True, help="输出文件")
        st.add_argument(
            "--only",
            choices=list(spreadsheets.KINDS),
            help="只导出一张表：income-expense 收支决算表，dues 会费收缴表，budget 预算执行表",
        )

    def handle(self, *args, action, union, year, out, **options):
        target = union_argument(union, grassroots=GRASSROOTS)
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度“{year}”不正确。", returncode=1)
        st = statements(target, year)
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"输出目录不存在：{path.parent}", returncode=1)
        if action == "statements":
            kinds = (options["only"],) if options.get("only") else tuple(spreadsheets.KINDS)
            path.write_bytes(spreadsheets.statements_xlsx(actor=None, statements=st, kinds=kinds))
            ie = st.income_expense
            self.stdout.write(
                f"已导出{target.name}{year}年度报表：{path}\n"
                f"收入合计 {ie.income_total}，支出合计 {ie.expense_total}，结余 {ie.balance}（元）"
            )
        else:
            path.write_bytes(documents.audit_report(actor=None, statements=st))
            self.stdout.write(f"已生成{target.name}{year}年度经费审查工作报告：{path}")
