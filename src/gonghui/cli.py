"""The ``gonghui`` command: Django's management commands with the project's settings."""

import os
import sys

NOT_MIGRATED = "数据库还没有初始化（或版本比程序旧）：请先运行 gonghui migrate，然后重试。"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(["gonghui", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        # The settings' own Chinese messages (SECRET_KEY 未设置, a bad DATABASE_URL).
        sys.stderr.write(f"配置有误：{exc}\n")
        sys.exit(1)
    except (OperationalError, ProgrammingError) as exc:
        # A table the command reads is missing: the database was never migrated, or this
        # release's migrations have not run on it (SQLite: "no such table", PostgreSQL:
        # "relation … does not exist"). Anything else is a real error and keeps its trace.
        text = str(exc)
        if "no such table" not in text and "does not exist" not in text:
            raise
        sys.stderr.write(f"{NOT_MIGRATED}\n（{text.strip().splitlines()[0]}）\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
