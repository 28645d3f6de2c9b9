from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织建设"

    def ready(self) -> None:
        from gonghui.core import audit, demo

        from .demo import build_orgs
        from .models import Member

        demo.register("orgs", build_orgs)

        audit.register_actions(
            {
                "union.create": "新建工会",
                "union.update": "修改工会信息",
                "union.move": "调整隶属关系",
                "union.archive": "归档工会",
                "group.create": "新建小组",
                "group.update": "修改小组",
                "group.archive": "归档小组",
                "member.link_user": "会员关联登录账号",
                "term.create": "录入届次",
                "term.close": "换届",
                "position.add": "任命职务",
                "position.end": "卸任",
            },
            area=self.verbose_name,
        )
        # The search keys (姓名全拼, 手机后四位…) are kept in step with the name and numbers;
        # they are machinery, and the last four digits must not sit beside a masked number.
        audit.register_fields(model="orgs.member", hidden=Member.SEARCH_KEYS)
        # The materialised path (/1/4/9/) repeats 上级工会 in the tree's own notation.
        audit.register_fields(model="orgs.union", hidden=("path",))
