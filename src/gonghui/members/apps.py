from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员档案"

    def ready(self) -> None:
        from gonghui.core import audit, reminders, todo

        from . import reminders as member_reminders
        from . import todos as member_todos
        from .metrics import register_all as register_metrics

        register_metrics()
        from .summary import register_all as register_summary

        register_summary()
        todo.register(member_todos.applications, daily=True)
        reminders.register(member_reminders.pending_applications)
        audit.register_actions(
            {
                "member.create": "添加会员",
                "member.update": "修改会员",
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
            },
            area=self.verbose_name,
        )
        audit.register_fields({"groups_created": "新建小组数"}, model="members.importrun")
        audit.register_fields(
            {"count": "导出人数", "masked": "证件号和手机号已隐去"}, model="orgs.union"
        )
        audit.register_fields({"letter_number": "介绍信编号"}, model="orgs.member")
        # gonghui members generate: one entry on the top node for the whole made-up district.
        audit.register_fields(
            {
                "seed": "随机种子",
                "federations": "镇街工会数",
                "unions": "基层工会数",
                "groups": "小组数",
                "members": "会员数",
                "events": "会籍变动数",
            },
            model="orgs.union",
        )
        # A roster import writes one entry for the whole file: a member's history shows
        # the entries of the imports that wrote it.
        from .importing import import_batches

        audit.register_batches("orgs.member", import_batches)
