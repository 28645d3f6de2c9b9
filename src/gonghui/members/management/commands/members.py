from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.management.arguments import import_json, union_argument
from gonghui.members.columns import masked_members
from gonghui.members.services_import import roster_import
from gonghui.members.spreadsheets import members_export, roster_template
from gonghui.orgs.models import Member, Union


def _message(exc: ValidationError) -> str:
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = "会员花名册：import 导入 Excel 花名册，template 生成导入模板，export 导出会员名单。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入花名册（.xlsx/.xls/.ods），按证件号码新增或更新")
        imp.add_argument("file", help="花名册文件")
        imp.add_argument("--union", required=True, help="工会代码，如 demo-school")
        imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        imp.add_argument(
            "--skip-invalid", action="store_true", help="跳过有误的行，导入其余正确的行"
        )
        imp.add_argument("--json", action="store_true", help="只输出一个 JSON 结果对象")
        tpl = sub.add_parser("template", help="生成导入模板 .xlsx")
        tpl.add_argument("out", help="输出文件，如 花名册模板.xlsx")
        exp = sub.add_parser("export", help="导出工会的在册会员名单 .xlsx（默认隐去部分号码）")
        exp.add_argument("out", help="输出文件")
        exp.add_argument("--union", required=True, help="工会代码")
        exp.add_argument("--full", action="store_true", help="导出完整证件号码和手机号码")

    def handle(self, *args, action, **options):
        if action == "import":
            self._import(**options)
        elif action == "template":
            Path(options["out"]).write_bytes(roster_template())
            self.stdout.write(f"已生成导入模板：{options['out']}")
        elif action == "export":
            self._export(**options)

    def _import(self, *, file, union, dry_run, skip_invalid, json: bool, **_):
        target = union_argument(union)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}", returncode=1)
        try:
            result = roster_import(
                actor=None,
                union=target,
                file=path,
                filename=path.name,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
            )
        except ValidationError as exc:
            raise CommandError(_message(exc), returncode=1) from None
        summary = result.summary()
        failed = bool(summary["rejected"]) and not skip_invalid
        if json:
            self.stdout.write(import_json(summary, written=result.written, dry_run=dry_run))
        else:
            self._report(result, target, dry_run=dry_run, skip_invalid=skip_invalid)
        if failed:
            raise CommandError(
                f"有 {result.rejected_rows} 行有误，未写入任何数据；请改正后重新导入，"
                "或加 --skip-invalid 只导入正确的行。",
                returncode=1,
            )

    def _report(self, result, union: Union, *, dry_run: bool, skip_invalid: bool) -> None:
        out = self.stdout.write
        out(f"工会：{union.name}（{union.code}）")
        out(
            f"工作表“{result.sheet_name}”，表头在第 {result.header_row} 行，数据 {result.rows} 行。"
        )
        if result.unknown_columns:
            out(f"未识别、已忽略的列：{'、'.join(result.unknown_columns)}")
        if dry_run:
            state = "试运行，未写入。"
        elif result.written:
            state = "已导入。"
        else:
            state = "未写入。"
        verb = "" if result.written else "将"
        out(
            f"{state}{verb}新增 {result.created} 人，{verb}更新 {result.updated} 人，"
            f"无变化 {result.unchanged} 人。"
        )
        if result.groups_created:
            out(f"{verb}新建工会小组：{'、'.join(result.groups_created)}")
        if result.rejected:
            skipped = "（已跳过）" if skip_invalid else ""
            out(f"有误 {result.rejected_rows} 行{skipped}：")
            for r in result.rejected:
                out(f"  第 {r['row']} 行【{r['column']}】{r['reason']}")

    def _export(self, *, out, union, full, **_):
        target = union_argument(union)
        members = Member.objects.current().filter(union=target).order_by("group_id", "id")
        data = members_export(
            actor=None,
            union=target,
            queryset=members if full else masked_members(members),
            masked=not full,
        )
        Path(out).write_bytes(data)
        note = "（完整号码）" if full else "（证件号码、手机号码已隐去部分数字，出生日期只留年份）"
        self.stdout.write(f"已导出 {target.name} 的会员名单到 {out}{note}")
