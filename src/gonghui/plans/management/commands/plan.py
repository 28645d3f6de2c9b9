"""gonghui plan: the annual work plan from the command line.

``gonghui plan import FILE --union CODE --year YYYY [--dry-run] [--json] [--part N]
[--list-parts] [--replace]`` reads a .docx or .txt plan, shows what it recognised and saves it
through ``plans.services.plan_import``. With ``--json`` stdout holds exactly one JSON object
(the issue's shape) so the output can be piped to ``jq``; the summary then goes to stderr.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gonghui.core import metrics
from gonghui.orgs.models import Union
from gonghui.plans.importer import ImportProblem, list_parts, parse_text, read_document

OP_SIGNS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "=": "＝"}


def _messages(exc: ValidationError | ImportProblem) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


class Command(BaseCommand):
    help = "年度工作计划：import 从 .docx/.txt 文档导入计划。"

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
        target = Union.objects.filter(code=union).first()
        if target is None:
            raise CommandError(f"找不到代码为“{union}”的工会，请核对 --union。", returncode=1)
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
            self.stdout.write("文档中只有一篇计划。")
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


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
