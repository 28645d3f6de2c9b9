"""gonghui congress archive|paper: a sitting's documents from the command line — the whole
sitting as one .zip for 归档, or one document (会议通知, 签到表, 提案汇编, 决议, 结果公示, or
an item's 表决票/评议票/选举票 and 计票单). Each file is recorded in the audit trail as an
export by the system, through the same services the pages use."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gonghui.congress.models import Election, Evaluation, Poll, Sitting
from gonghui.congress.papers import ITEM_KINDS, SITTING_KINDS
from gonghui.congress.services import papers as services

KIND_HELP = (
    "notice 会议通知，signin 签到表，proposals 提案汇编，resolutions 决议，"
    "announcement 结果公示；ballots 选票、count 计票单（须指定 --poll、--evaluation 或 --election）"
)
ITEMS = (
    ("poll", Poll, "表决事项"),
    ("evaluation", Evaluation, "民主评议"),
    ("election", Election, "选举"),
)


class Command(BaseCommand):
    help = "职代会会议文件：archive 导出整次会议的归档 .zip，paper 导出一份会议文件 .docx。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        arc = sub.add_parser("archive", help="导出整次会议的全部文件（.zip）")
        one = sub.add_parser("paper", help="导出一份会议文件（.docx）")
        one.add_argument("kind", choices=[*SITTING_KINDS, *sorted(ITEM_KINDS)], help=KIND_HELP)
        for p in (arc, one):
            p.add_argument(
                "--sitting", required=True, type=int, help="会次编号（会次页面地址中的数字）"
            )
            p.add_argument("--out", required=True, help="输出文件")
        for option, _model, label in ITEMS:
            one.add_argument(f"--{option}", type=int, help=f"{label}编号")

    def handle(self, *args, action, sitting, out, **options):
        target = Sitting.objects.select_related("term__union").filter(pk=sitting).first()
        if target is None:
            raise CommandError(f"找不到编号为 {sitting} 的会次，请核对 --sitting。", returncode=1)
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"输出目录不存在：{path.parent}", returncode=1)
        try:
            if action == "archive":
                content, name = services.archive_export(actor=None, sitting=target)
            else:
                obj = self._item(options, options["kind"])
                content, name = services.paper_export(
                    actor=None, sitting=target, kind=options["kind"], obj=obj
                )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=1) from None
        path.write_bytes(content)
        self.stdout.write(f"已导出{name}：{path}（{len(content)} 字节）")

    def _item(self, options, kind: str):
        given = [(o, m, label) for o, m, label in ITEMS if options.get(o) is not None]
        if kind in SITTING_KINDS:
            if given:
                raise CommandError(
                    f"{kind} 是整次会议的文件，不需要 --{given[0][0]}。", returncode=1
                )
            return None
        if len(given) != 1:
            raise CommandError(
                f"{kind} 须指定且只指定一项：--poll、--evaluation 或 --election。", returncode=1
            )
        option, model, label = given[0]
        obj = model.objects.filter(pk=options[option]).first()
        if obj is None:
            raise CommandError(f"找不到编号为 {options[option]} 的{label}。", returncode=1)
        return obj
