"""``gonghui remind``: gather every reminder the modules report, deliver the new ones as
in-app notices (and e-mail when SMTP is configured), and print them grouped by union.

Meant for a daily cron line (see docs/reminders.md). Each notice is delivered once per
user, so running it twice a day is harmless. ``--dry-run`` only prints; ``--json`` prints
one JSON object for other tools. A real run also deletes the expired uploads that wait for
确认导入 (``core.uploads``) and recomputes the federations' kept figures in full
(``core.kept_figures``: what a write that bypassed the audit trail changed). The exit code is 0 whether or not anything is due, and
also when some e-mail failed (the count is printed)."""

import json

from django.core.management.base import BaseCommand

from gonghui.core import kept_figures, notices, prepared, reminders, uploads

from .figures import day_asked


class Command(BaseCommand):
    help = "发送各工会需要提醒的事项（站内提醒；配置了 SMTP 时同时发邮件）"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")
        parser.add_argument("--date", help="按这一天计算（YYYY-MM-DD，默认今天）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不发送")

    def handle(self, *args, **options):
        today = day_asked(options.get("date"))
        found = reminders.collect(today)
        dry = options["dry_run"]
        if dry:
            counts = [len(users) for users in notices.recipients(found)]
            run = notices.Run(
                delivered=[notices.Delivered(r, n) for r, n in zip(found, counts, strict=True)]
            )
        else:
            run = notices.deliver(found)
            # The daily run also deletes uploads whose 确认导入 never came (core.uploads).
            uploads.uploads_clear_expired()
            prepared.prepared_clear_expired()
            # and the kept parts of the federations' figures (gonghui figures)
            kept_figures.refresh_all(today)
        groups: dict = {}
        for d in run.delivered:
            union = d.reminder.union
            groups.setdefault(union.pk, (union, []))[1].append(d)
        ordered = sorted(groups.values(), key=lambda g: g[0].code)
        if options["json"]:
            payload = {
                "date": today.isoformat(),
                "dry_run": dry,
                "count": len(run.delivered),
                "delivered": run.new_count,
                "emailed": run.emailed,
                "email_failed": run.failed,
                "unions": [
                    {
                        "code": union.code,
                        "name": union.name,
                        "reminders": [
                            {
                                "key": d.reminder.key,
                                "text": d.reminder.text,
                                "url": d.reminder.url,
                                "recipients": d.recipients,
                                "delivered": len(d.new),
                            }
                            for d in items
                        ],
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
            for d in items:
                self.stdout.write(f"  · {d.reminder.text}  {d.reminder.url}  {self._state(d, dry)}")
        if dry:
            self.stdout.write("（预览：未发送任何提醒）")
            return
        line = f"新发送站内提醒 {run.new_count} 条"
        if notices.mail_enabled():
            line += f"，邮件 {run.emailed} 封"
            if run.failed:
                line += f"，{run.failed} 封发送失败（提醒已保留，下次运行时重发）"
        else:
            line += "（未配置 SMTP，不发邮件）"
        self.stdout.write(line + "。")

    @staticmethod
    def _state(d, dry: bool) -> str:
        if not d.reminder.key:
            return ""
        if not d.recipients:
            return "（无接收人：请为该工会授予工会主席账号）"
        if dry:
            return f"（接收人 {d.recipients} 人）"
        if d.new:
            return f"（新提醒 {len(d.new)} 人）"
        return "（已提醒过）"
