from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织建设"

    def ready(self) -> None:
        from gonghui.core import demo
        from gonghui.core.models import ACTION_LABELS

        from .demo import build_orgs

        demo.register("orgs", build_orgs)

        ACTION_LABELS.update(
            {
                "union.create": "新建工会",
                "union.update": "修改工会信息",
                "union.move": "调整隶属关系",
                "union.archive": "归档工会",
                "group.create": "新建小组",
                "group.update": "修改小组",
                "group.archive": "归档小组",
                "member.create": "添加会员",
                "member.update": "修改会员",
                "member.link_user": "关联登录账号",
                "term.create": "录入届次",
                "term.close": "换届",
                "position.add": "任命职务",
                "position.end": "卸任",
            }
        )
