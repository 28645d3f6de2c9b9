"""``gonghui clearuploads``: delete the uploaded files whose preview was never applied and
whose time is up (``settings.UPLOAD_PENDING_HOURS``), and the exports written in the
background whose time is up (``settings.PREPARED_FILE_HOURS``). ``gonghui remind`` does the
same every day; this is for a server that runs no reminders."""

from django.core.management.base import BaseCommand

from gonghui.core import prepared, uploads


class Command(BaseCommand):
    help = "删除已过期、未确认导入的上传文件和已过期的导出文件"

    def handle(self, *args, **options):
        count = uploads.uploads_clear_expired()
        self.stdout.write(f"已删除过期的上传文件 {count} 个。")
        count = prepared.prepared_clear_expired()
        self.stdout.write(f"已删除过期的导出文件 {count} 个。")
