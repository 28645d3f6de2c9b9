from django.core.management.base import BaseCommand, CommandError

from gonghui.core import audit


class Command(BaseCommand):
    help = "审计日志：verify 校验整条哈希链。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计链，发现断点时以退出码 1 结束")

    def handle(self, *args, action, **options):
        if action == "verify":
            result = audit.verify()
            if result.ok:
                self.stdout.write(f"OK：审计链完整，共 {result.count} 条记录。")
                return
            entry = result.broken
            where = (
                f"第 {entry.pk} 号记录（{entry.at:%Y-%m-%d %H:%M:%S}，{entry.action}，{entry.object_repr}）"
                if entry
                else "链头"
            )
            raise CommandError(
                f"审计链在{where}处断开：{result.reason}。此前 {result.count} 条记录完好。",
                returncode=1,
            )
