from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gonghui.core import demo


class Command(BaseCommand):
    help = "生成演示数据：示范镇总工会及其下属学校、医院、企业工会，并打印演示账号。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="仅当数据库中还没有任何工会时生成"
        )
        parser.add_argument("--logins", action="store_true", help="只打印演示账号")

    def handle(self, *args, if_empty=False, logins=False, **options):
        from gonghui.orgs.models import Union

        if not logins:
            if if_empty and Union.objects.exists():
                self.stdout.write("数据库中已有工会数据，跳过演示数据。")
            else:
                existed = Union.objects.filter(code="demo-fed").exists()
                try:
                    demo.build()
                except ValidationError as error:  # e.g. a site's own user named "chair"
                    raise CommandError(
                        f"演示数据未生成（数据库未改动）：{'；'.join(error.messages)}"
                        "演示数据需要一个新的空数据库。"
                    ) from error
                self.stdout.write("演示数据已存在，未重复生成。" if existed else "演示数据已生成。")
        self.stdout.write(demo.logins_table())
