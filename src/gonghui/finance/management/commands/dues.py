"""``gonghui dues``: the monthly run, payroll-deduction lists, bases from a payroll sheet and
the arrears list, from the command line (cron, or a treasurer's batch file). The same
services as the pages; Chinese output; exit code 1 on any refusal."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.management.arguments import import_json, union_argument
from gonghui.finance.models import PaymentMethod
from gonghui.finance.money import month_label, yuan
from gonghui.finance.queries import dues as q
from gonghui.finance.services import dues as services


def _message(exc: ValidationError) -> str:
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = (
        "会费：run 计算月度会费，import 导入工资代扣名单，bases 从工资表导入会费基数，"
        "arrears 列出欠缴会员。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="计算某月会费（重复运行不会重复计算）")
        run.add_argument("--union", required=True, help="工会代码")
        run.add_argument("--month", required=True, help="月份，如 2026-11")
        imp = sub.add_parser("import", help="导入工资代扣名单（.xlsx/.xls/.ods/.csv）")
        imp.add_argument("file")
        imp.add_argument("--union", required=True, help="工会代码")
        imp.add_argument("--month", required=True, help="代扣的月份，如 2026-11")
        imp.add_argument(
            "--method",
            default=PaymentMethod.PAYROLL,
            choices=PaymentMethod.values,
            help="缴纳方式（默认 payroll 工资代扣）",
        )
        imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        imp.add_argument("--skip-invalid", action="store_true", help="跳过有误的行")
        imp.add_argument("--json", action="store_true", help="只输出一个 JSON 结果对象")
        bases = sub.add_parser("bases", help="从工资表导入会费基数")
        bases.add_argument("file")
        bases.add_argument("--union", required=True, help="工会代码")
        bases.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        bases.add_argument("--skip-invalid", action="store_true", help="跳过有误的行")
        arrears = sub.add_parser("arrears", help="列出欠缴会费的会员")
        arrears.add_argument("--union", required=True, help="工会代码")
        arrears.add_argument(
            "--flagged", action="store_true", help="只列出连续欠缴达到提示月数的会员"
        )
        arrears.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, action, **options):
        union = union_argument(options.pop("union"))
        try:
            getattr(self, f"_{action}")(union, **options)
        except ValidationError as exc:
            raise CommandError(_message(exc), returncode=1) from None

    def _file(self, name: str) -> Path:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"找不到文件：{name}", returncode=1)
        return path

    # --- run ---------------------------------------------------------------------------

    def _run(self, union, *, month, **_):
        run = services.dues_run(actor=None, union=union, month=month)
        label = month_label(run.month)
        if run.created:
            self.stdout.write(
                f"{union.name} {label}会费已计算：新增应缴 {run.created} 笔，"
                f"合计 {yuan(run.total)} 元；已有 {run.skipped} 笔未变。"
            )
        else:
            self.stdout.write(
                f"{union.name} {label}没有需要新增的应缴记录（已有 {run.skipped} 笔）。"
            )

    # --- import ------------------------------------------------------------------------

    def _import(self, union, *, file, month, method, dry_run, skip_invalid, json: bool, **_):
        path = self._file(file)
        result = services.dues_import(
            actor=None,
            union=union,
            month=month,
            file=path,
            filename=path.name,
            method=method,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
        )
        if json:
            self.stdout.write(
                import_json(result.summary(), written=result.written, dry_run=dry_run)
            )
        else:
            out = self.stdout.write
            out(f"工会：{union.name}（{union.code}），{month_label(result.month)}")
            out(
                f"工作表“{result.sheet_name}”，表头在第 {result.header_row} 行，数据 {result.rows} 行。"
            )
            state = (
                "试运行，未写入。" if dry_run else ("已导入。" if result.written else "未写入。")
            )
            verb = "" if result.written else "将"
            out(f"{state}{verb}登记 {result.matched} 笔，合计 {yuan(result.total)} 元。")
            self._rejected(result, skip_invalid)
        if result.rejected and not skip_invalid:
            raise CommandError(
                f"有 {result.rejected_rows} 行有误，未写入任何数据；请改正后重新导入，"
                "或加 --skip-invalid 只导入正确的行。",
                returncode=1,
            )

    def _rejected(self, result, skip_invalid: bool) -> None:
        if result.rejected:
            self.stdout.write(
                f"有误 {result.rejected_rows} 行{'（已跳过）' if skip_invalid else ''}："
            )
            for r in result.rejected:
                self.stdout.write(f"  第 {r['row']} 行【{r['column']}】{r['reason']}")

    # --- bases -------------------------------------------------------------------------

    def _bases(self, union, *, file, dry_run, skip_invalid, **_):
        path = self._file(file)
        result = services.dues_base_import(
            actor=None,
            union=union,
            file=path,
            filename=path.name,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
        )
        state = "试运行，未写入。" if dry_run else ("已导入。" if result.written else "未写入。")
        verb = "" if result.written else "将"
        self.stdout.write(f"工会：{union.name}（{union.code}）；工资列：{'、'.join(result.items)}")
        self.stdout.write(
            f"{state}{verb}新增 {result.created} 人，{verb}更新 {result.updated} 人，"
            f"无变化 {result.unchanged} 人。"
        )
        self._rejected(result, skip_invalid)
        if result.rejected and not skip_invalid:
            raise CommandError(f"有 {result.rejected_rows} 行有误，未写入任何数据。", returncode=1)

    # --- arrears -----------------------------------------------------------------------

    def _arrears(self, union, *, flagged, json: bool, **_):
        from gonghui.finance.queries.common import refuse_federation

        try:
            refuse_federation(union)
        except Exception as exc:  # PermissionDenied carries the Chinese reason
            raise CommandError(str(exc), returncode=1) from None
        members = q.arrears_query(union, flagged_only=flagged)
        rows = q.arrears_rows(members.iterator(chunk_size=2000), union)
        if json:
            self.stdout.write(
                _dumps(
                    [
                        {
                            "member": r.member.name,
                            "card_number": r.member.card_number,
                            "group": r.member.group.name if r.member.group else "",
                            "months": r.months,
                            "owed": str(r.owed),
                            "streak": r.streak,
                            "flag": r.flag,
                        }
                        for r in rows
                    ]
                )
            )
            return
        out = self.stdout.write
        total = sum((r.owed for r in rows), services.ZERO)
        out(f"{union.name}欠缴会费：{len(rows)} 人，合计 {yuan(total)} 元。")
        for r in rows:
            group = r.member.group.name if r.member.group else "未分组"
            flag = f"  {r.flag}" if r.flag else ""
            out(f"  {r.member.name}（{group}）欠 {r.months} 个月，{yuan(r.owed)} 元{flag}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
