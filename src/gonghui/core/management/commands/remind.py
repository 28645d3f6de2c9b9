"""``gonghui remind``: print every reminder the modules report, grouped by union.

Meant for a daily cron line (see docs/congress-proposals.md). ``--json`` prints one JSON
object for other tools. The exit code is 0 whether or not anything is due."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gonghui.core import reminders


class Command(BaseCommand):
    help = "列出各工会需要提醒的事项（如超期未答复的提案）"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")
        parser.add_argument("--date", help="按这一天计算（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date 须为 YYYY-MM-DD 格式的日期。") from exc
        groups: dict = {}
        for r in reminders.collect(today):
            groups.setdefault(r.union.pk, (r.union, []))[1].append(r)
        ordered = sorted(groups.values(), key=lambda g: g[0].code)
        if options["json"]:
            payload = {
                "date": today.isoformat(),
                "count": sum(len(items) for _, items in ordered),
                "unions": [
                    {
                        "code": union.code,
                        "name": union.name,
                        "reminders": [{"text": r.text, "url": r.url} for r in items],
                    }
                    for union, items in ordered
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not ordered:
            self.stdout.write(f"{today:%Y-%m-%d}：没有需要提醒的事项。")
            return
        for union, items in ordered:
            self.stdout.write(f"【{union.name}】{len(items)} 项")
            for r in items:
                self.stdout.write(f"  · {r.text}  {r.url}")
