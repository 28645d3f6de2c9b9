"""gonghui plan: the annual work plan from the command line.

``gonghui plan import FILE --union CODE --year YYYY [--dry-run] [--json] [--part N]
[--list-parts] [--replace]`` reads a .docx or .txt plan, shows what it recognised and saves it
through ``plans.services.plan_import``. With ``--json`` stdout holds exactly one JSON object
(the issue's shape) so the output can be piped to ``jq``; the summary then goes to stderr.

``gonghui plan show --union CODE --year YYYY [--date D] [--json]`` prints the plan's items
with their status, this month's and overdue items and every target's live figure.
``gonghui plan document --union CODE --year YYYY --kind plan|summary --out F.docx`` writes
the plan or the year-end summary; ``gonghui plan copy --union CODE --year YYYY --to YYYY``
starts next year's plan as a copy.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gonghui.core import metrics
from gonghui.core.management.arguments import union_argument
from gonghui.plans.importer import ImportProblem, list_parts, parse_text, read_document
from gonghui.plans.importer.model import json_number

OP_SIGNS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "=": "＝"}


def _messages(exc: ValidationError | ImportProblem) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


class Command(BaseCommand):
    help = (
        "年度工作计划：import 从 .docx/.txt 文档导入计划；show 查看计划与目标进度；"
        "document 生成计划或年度总结（.docx）；copy 复制为新年度计划。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从 .docx 或 .txt 文档导入年度工作计划")
        imp.add_argument("file", help="计划文档（.docx 或 .txt）")
        imp.add_argument("--union", required=True, help="工会代码")
        imp.add_argument("--year", required=True, type=int, help="计划年度，如 2026")
        imp.add_argument("--dry-run", action="store_true", help="只显示识别结果，不保存")
        imp.add_argument("--json", action="store_true", help="以 JSON 输出识别结果")
        imp.add_argument("--part", type=int, help="文档含多篇计划时导入第几篇（默认第一篇）")
        imp.add_argument("--list-parts", action="store_true", help="列出文档中的各篇计划，不保存")
        imp.add_argument("--replace", action="store_true", help="替换该年度已有的计划")
        show = sub.add_parser("show", help="查看计划事项、本月和逾期事项、目标进度")
        show.add_argument("--union", required=True, help="工会代码")
        show.add_argument("--year", required=True, type=int, help="计划年度")
        show.add_argument("--date", help="按这一天计算进度（YYYY-MM-DD，默认今天）")
        show.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")
        doc = sub.add_parser("document", help="生成年度工作计划或年度工作总结（.docx）")
        doc.add_argument("--union", required=True, help="工会代码")
        doc.add_argument("--year", required=True, type=int, help="计划年度")
        doc.add_argument(
            "--kind",
            choices=["plan", "summary"],
            default="plan",
            help="plan：工作计划；summary：年度工作总结",
        )
        doc.add_argument("--date", help="总结数据截至这一天（YYYY-MM-DD，默认今天）")
        doc.add_argument("--out", required=True, help="输出文件（.docx）")
        copy = sub.add_parser("copy", help="以某年计划为底稿新建另一年度的计划")
        copy.add_argument("--union", required=True, help="工会代码")
        copy.add_argument("--year", required=True, type=int, help="作为底稿的计划年度")
        copy.add_argument("--to", required=True, type=int, help="新计划的年度")

    def handle(self, *args, action, **options):
        handler = getattr(self, f"handle_{action}")
        return handler(**options)

    # plan import --------------------------------------------------------------------
    def handle_import(self, *, file, union, year, dry_run, json, part, list_parts, replace, **_):
        text = self._read(file)
        if list_parts:
            return self._list_parts(text, as_json=json)
        if not 2000 <= year <= 2100:
            raise CommandError("年度应在 2000 至 2100 之间。", returncode=1)
        target = union_argument(union)
        try:
            parsed = parse_text(text, year=year, part=part)
        except ImportProblem as exc:
            raise CommandError(_messages(exc), returncode=1) from None
        saved = None
        if not dry_run:
            from gonghui.plans.services import plan_import

            try:
                saved = plan_import(
                    actor=None,
                    union=target,
                    year=year,
                    parsed=parsed,
                    source=Path(file).name,
                    replace=replace,
                )
            except (ValidationError, ImportProblem) as exc:
                raise CommandError(_messages(exc), returncode=1) from None
        summary = self._summary(text, parsed, saved)
        if json:
            self.stdout.write(_dumps(parsed.to_json()))
            self.stderr.write(summary)
        else:
            self.stdout.write(summary)

    # plan show / document / copy ---------------------------------------------------------
    def _plan(self, union: str, year: int):
        from gonghui.plans.models import Plan

        plan = Plan.objects.select_related("union").filter(union__code=union, year=year).first()
        if plan is None:
            raise CommandError(f"工会“{union}”没有 {year} 年度的工作计划。", returncode=1)
        return plan

    def _date(self, value):
        import datetime

        from django.utils import timezone

        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError("--date 须为 YYYY-MM-DD 格式的日期。", returncode=1) from None

    def handle_show(self, *, union, year, date, json, **_):
        from gonghui.plans import queries

        plan, today = self._plan(union, year), self._date(date)
        board = queries.dashboard(plan, today)
        if json:
            self.stdout.write(_dumps(_board_json(plan, board)))
            return
        c = board.counts
        self.stdout.write(
            f"《{plan.title}》共 {c.total} 项：已完成 {c.done}，进行中 {c.doing}，"
            f"未开始 {c.planned}，逾期或未落实 {c.late}，已取消 {c.dropped}。"
        )
        self.stdout.write(f"本月（{today.month}月）事项 {len(board.this_month)} 项：")
        for e in board.this_month:
            self.stdout.write(f"  · {e.item} [{e.item.state}]")
        self.stdout.write(f"逾期 {len(board.overdue)} 项：")
        for item in board.overdue:
            self.stdout.write(f"  · {item}（逾期 {queries.days_late(item, today)} 天）")
        self.stdout.write(f"目标 {len(board.progress)} 个：")
        for p in board.progress:
            actual = "—" if p.actual is None else f"{p.actual.normalize():f}{p.metric.unit}"
            self.stdout.write(f"  · {p.target}：实际 {actual} [{p.label}]")

    def handle_document(self, *, union, year, kind, date, out, **_):
        from gonghui.plans import documents, services

        plan = self._plan(union, year)
        if kind == "plan":
            data = documents.plan_docx(plan)
        else:
            data = documents.summary_docx(plan, today=self._date(date))
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入 {out}（{exc.strerror}）", returncode=1) from None
        services.plan_export(actor=None, plan=plan, kind=kind)
        name = "年度工作计划" if kind == "plan" else "年度工作总结"
        self.stdout.write(f"已生成{name}：{out}（{len(data):,} 字节）")

    def handle_copy(self, *, union, year, to, **_):
        from gonghui.plans import services

        plan = self._plan(union, year)
        try:
            new = services.plan_copy(actor=None, plan=plan, year=to)
        except ValidationError as exc:
            raise CommandError(_messages(exc), returncode=1) from None
        self.stdout.write(
            f"已新建《{new.title}》：{new.items.count()} 项，完成期限顺延到 {to} 年。"
        )

    def _read(self, file: str) -> str:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}", returncode=1)
        try:
            return read_document(path.read_bytes(), path.name)
        except ImportProblem as exc:
            raise CommandError(_messages(exc), returncode=1) from None
        except OSError as exc:
            raise CommandError(f"无法读取文件：{file}（{exc.strerror}）", returncode=1) from None

    def _list_parts(self, text: str, *, as_json: bool) -> None:
        parts = list_parts(text)
        if as_json:
            self.stdout.write(_dumps([{"part": n, "title": title} for n, title in parts]))
        elif not parts:
            try:
                title = parse_text(text, year=2026).title
            except ImportProblem:
                title = ""
            self.stdout.write(
                f"文档中只有一篇计划：《{title}》。" if title else "文档中只有一篇计划。"
            )
        else:
            for n, title in parts:
                self.stdout.write(f"{n}\t{title}")

    def _summary(self, text, parsed, saved) -> str:
        parts = list_parts(text)
        lines = [f"计划：《{parsed.title or '（无标题）'}》"]
        if parts:
            lines.append(f"文档共 {len(parts)} 篇计划。")
        scheduled = [item for item in parsed.items if item.schedule]
        lines.append(
            f"部分 {len(parsed.sections)} 个，事项 {len(parsed.items)} 项"
            f"（其中月度安排 {len(scheduled)} 项）。"
        )
        for section in parsed.sections:
            lines.append(f"  {section.number + '、' if section.number else ''}{section.title}")
        by_month = Counter(m for item in scheduled for m in item.months)
        if by_month:
            lines.append(
                "月度安排：" + "，".join(f"{m}月 {n} 项" for m, n in sorted(by_month.items()))
            )
        targets = [t for item in parsed.items for t in item.targets]
        if targets:
            lines.append(f"识别出指标 {len(targets)} 个：")
            for t in targets:
                found = metrics.get(t.metric) if t.metric else None
                metric = f"［{found.label}］" if found else "（未对应统计指标）"
                lines.append(f"  {t.text}：{OP_SIGNS.get(t.op, t.op)} {t.value}{t.unit} {metric}")
        if saved is not None:
            lines.append(f"已保存为 《{saved.title}》")
        else:
            lines.append("（试运行，未保存）")
        return "\n".join(lines)


def _board_json(plan, board) -> dict:
    def num(value):
        return None if value is None else json_number(value)

    return {
        "union": plan.union.code,
        "year": plan.year,
        "title": plan.title,
        "date": board.today.isoformat(),
        "counts": {
            "total": board.counts.total,
            "done": board.counts.done,
            "doing": board.counts.doing,
            "planned": board.counts.planned,
            "dropped": board.counts.dropped,
            "late": board.counts.late,
        },
        "this_month": [e.item.pk for e in board.this_month],
        "overdue": [item.pk for item in board.overdue],
        "targets": [
            {
                "item": p.target.item_id,
                "text": str(p.target),
                "metric": p.target.metric or None,
                "op": p.target.op,
                "value": num(p.target.value),
                "actual": num(p.actual),
                "state": p.state,
            }
            for p in board.progress
        ],
    }


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
