from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "gonghui.plans"
    label = "plans"
    verbose_name = "年度工作计划"

    def ready(self) -> None:
        from gonghui.core import audit, panels, reminders, summary
        from gonghui.core.demo import register

        from . import reminders as plan_reminders
        from .demo import build_plans
        from .views.panel import dashboard_panel

        register("plans", build_plans)
        reminders.register(plan_reminders.due_items)
        panels.register(dashboard_panel)
        from .summary.contributor import paragraphs as plan_paragraphs

        summary.register("plans", plan_paragraphs)

        audit.register_actions(
            {
                "plan.create": "新建年度工作计划",
                "plan.update": "修改年度工作计划",
                "plan.import": "导入年度工作计划",
                "plan.replace": "替换年度工作计划",
                "plan.copy": "复制上年工作计划",
                "plan.download": "下载年度工作计划",
                # entries written before the plan and the summary had an action each
                "plan.export": "下载计划或总结文档",
                "plan.section": "编辑计划部分",
                "plan.item_create": "添加计划事项",
                "plan.item_update": "修改计划事项",
                "plan.item_delete": "删除计划事项",
                "plan.item_status": "更新事项状态",
                "plan.target": "设置计划目标",
                "plan.target_delete": "删除计划目标",
                "plan.link": "关联落实记录",
                "plan.unlink": "取消关联落实记录",
                "plan.summary_edit": "修改年度工作总结段落",
                "plan.summary_regenerate": "重新生成年度工作总结段落",
                "plan.summary_export": "下载年度工作总结",
            },
            area=self.verbose_name,
        )
        audit.register_fields(
            {"items": "计划事项数", "targets": "计划目标数", "copied_from": "复制自计划编号"},
            model="plans.plan",
        )
        audit.register_fields({"label": "落实记录"}, model="plans.itemlink")
        # 目标值 is a figure in the target's own unit (人, 次, 元…), not always money.
        audit.register_fields(model="plans.target", shown_as={"value": "plain"})
