from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "文体活动"

    def ready(self) -> None:
        from gonghui.core.demo import register as demo_step

        from . import plugins
        from .demo import build_activities

        plugins.connect(self.verbose_name)
        demo_step("activities", build_activities)
