"""``gonghui figures``: recompute every kept period's per-union parts in full
(``core.kept_figures``). The parts follow the audit trail between runs; a write that bypassed
the services (a bulk load by hand, ``gonghui generate``) is counted from this run on. The
daily ``gonghui remind`` does the same; this command is for right after such a load."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gonghui.core import kept_figures


class Command(BaseCommand):
    help = "重算上级工会指标的各工会分项（绕过系统直接导入数据后运行；每天的 remind 也会重算）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按这一天计算（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        self.stdout.write(report(kept_figures.refresh_all(day_asked(options.get("date")))))


def day_asked(text: str | None) -> datetime.date:
    """``--date`` (YYYY-MM-DD) of a daily command, or today."""
    if not text:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError("--date 须为 YYYY-MM-DD 格式的日期。") from exc


def report(periods: list[tuple[datetime.date, datetime.date]]) -> str:
    if not periods:
        return "没有需要重算的指标分项（上级工会尚未查看过指标）。"
    spans = "、".join(f"{s:%Y-%m-%d} 至 {e:%Y-%m-%d}" for s, e in periods)
    return f"已重算 {len(periods)} 个统计期间的指标分项：{spans}。"
