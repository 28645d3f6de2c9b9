from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员档案"

    def ready(self) -> None:
        from gonghui.core.models import ACTION_LABELS

        from .metrics import register_all as register_metrics

        register_metrics()
        ACTION_LABELS.update(
            {
                "member.reveal": "查看完整号码",
                "member.export": "导出会员名单",
                "member.import": "导入花名册",
                "member.apply": "提交入会申请",
                "member.approve": "批准入会",
                "member.reject": "不批准入会",
                "member.transfer": "办理转会",
                "member.retire": "办理退休",
                "member.leave": "办理离会",
                "member.remove": "除名",
                "member.death": "登记去世",
                "member.letter": "开具转会介绍信",
                "member.generate": "生成模拟数据",
            }
        )
