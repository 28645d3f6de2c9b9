from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "gonghui.care"
    label = "care"
    verbose_name = "困难帮扶"

    def ready(self) -> None:
        from gonghui.core import audit, metrics, nav, reminders, summary, todo
        from gonghui.core.demo import register as demo_step
        from gonghui.core.publicity import register_kind
        from gonghui.members.picker import PURPOSES, Purpose

        from . import (
            links,
            plugins_bursary,
            plugins_donations,
            plugins_health,
            plugins_insurance,
            plugins_rest,
            todos,
        )
        from . import reminders as care_reminders
        from .demo import build_care
        from .demo_bursary import build_bursary
        from .demo_visits import build_visits
        from .metrics import METRICS
        from .services import PUBLICITY_KIND
        from .summary import hardship as hardship_paragraphs
        from .summary import visits as visit_paragraphs

        register_kind(PUBLICITY_KIND, "困难职工建档", "care.change")
        metrics.register(*METRICS)
        todo.register(todos.waiting, daily=True)
        reminders.register(care_reminders.reviews_due)
        reminders.register(care_reminders.visits_due)
        summary.register("care", hardship_paragraphs)
        summary.register("care_visits", visit_paragraphs)
        demo_step("care", build_care)
        demo_step("care_visits", build_visits)
        demo_step("care_bursary", build_bursary)
        links.register()  # 慰问活动 and 走访慰问 as 落实记录 of a plan item
        # The member picker of 代职工申请: offers the union's current members to those who
        # run the 帮扶 flow (the search endpoint asks care.change, the welfare member's too).
        PURPOSES.setdefault("care", Purpose("care.change"))
        # a campaign's targets: members one by one or whole groups
        PURPOSES.setdefault("care_campaign", Purpose("care.change", groups=True))
        for item in (
            nav.NavItem("困难帮扶", "care:files", "care.view", grassroots_only=True, menu="care"),
            nav.NavItem("走访慰问", "care:visits", "care.view", grassroots_only=True, menu="care"),
            # in the 我的 menu, for accounts with a member record here (not administrators)
            nav.NavItem("我的帮扶", "care:mine", "self.view", per_union=False, menu="mine"),
            nav.NavItem("我的慰问", "care:my_events", "self.view", per_union=False, menu="mine"),
        ):
            if item not in nav.NAV:
                nav.NAV.append(item)

        audit.register_actions(
            {
                "care.settings": "修改帮扶设置",
                "care.apply": "困难职工申请",
                "care.screen": "困难职工初审",
                "care.reject": "困难职工申请不予通过",
                "care.visit": "记录入户调查",
                "care.publicize": "困难职工建档公示",
                "care.establish": "困难职工建档",
                "care.aid": "记录帮扶",
                "care.review": "困难职工年度复核",
                "care.exit": "脱困退档",
                "care.file_view": "查看困难职工档案",
                "care.event": "记录生活事件",
                "care.event_withdraw": "撤销生活事件",
                "care.visit_record": "登记走访慰问",
                "care.campaign": "创建慰问活动",
                "care.campaign_targets": "添加慰问对象",
                "care.target_remove": "移出慰问对象",
                "care.target_visit": "登记慰问活动走访",
            },
            area=self.verbose_name,
        )
        audit.register_fields(
            {"step": "环节", "visit": "入户调查日期", "aid": "帮扶", "viewed": "查看"},
            model="care.hardshipfile",
        )
        audit.register_fields({"consent_sha256": "授权委托书校验值"}, model="care.visit")
        audit.register_fields({"state": "事件状态"}, model="care.carevisit")
        audit.register_fields({"targets": "慰问对象人数"}, model="care.campaign")
        # 金秋助学: its 公示 kind, metrics, plan link, reminder, summary, audit actions, menus
        plugins_bursary.connect(self.verbose_name)
        # the later parts, each registering all of its own (docs/care.md, "The other parts")
        plugins_donations.connect(self.verbose_name)  # 捐款
        plugins_insurance.connect(self.verbose_name)  # 互助保障
        plugins_health.connect(self.verbose_name)  # 体检
        plugins_rest.connect(self.verbose_name)  # 疗休养
