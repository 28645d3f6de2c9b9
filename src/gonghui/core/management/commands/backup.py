from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupError, backup, files_dir


class Command(BaseCommand):
    help = "备份整个数据库到文件（SQLite 在线备份；PostgreSQL 用 pg_dump）。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="备份文件路径")

    def handle(self, *args, file: Path, **options):
        try:
            copied = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已备份到 {file}（{file.stat().st_size:,} 字节）。")
        if copied:
            self.stdout.write(f"附件等文件另存于 {files_dir(file)}（本次新增 {copied} 个）。")
