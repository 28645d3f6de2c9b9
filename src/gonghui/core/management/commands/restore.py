import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core import audit
from gonghui.core.backup import BackupError, files_dir, restore


class Command(BaseCommand):
    help = "从备份文件恢复整个数据库（覆盖当前数据），恢复后校验审计链。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="由 gonghui backup 生成的备份文件")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="不询问确认"
        )

    def handle(self, *args, file: Path, interactive: bool, **options):
        if interactive:
            if not sys.stdin.isatty():
                raise CommandError(
                    "恢复将覆盖当前数据库中的全部数据，需要在终端里输入 yes 确认；"
                    "在脚本或定时任务中运行时请加 --noinput。",
                    returncode=1,
                )
            try:
                answer = input("恢复将覆盖当前数据库中的全部数据。确定继续吗？输入 yes 确认：")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("已取消。")
        try:
            copied = restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        result = audit.verify()
        if not result.ok:
            raise CommandError(f"已恢复，但审计链校验失败：{result.reason}", returncode=1)
        self.stdout.write(f"已从 {file} 恢复；审计链完整，共 {result.count} 条记录。")
        if copied:
            self.stdout.write(f"从 {files_dir(file)} 补回附件等文件 {copied} 个。")
