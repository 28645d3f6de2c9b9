from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "文体活动"

    def ready(self) -> None:
        from gonghui.core.demo import register as demo_step

        from . import plugins, plugins_checkin, plugins_tournament
        from .demo import build_activities
        from .demo_checkin import build_checkins
        from .demo_tournament import build_tournament

        plugins.connect(self.verbose_name)
        plugins_checkin.connect(self.verbose_name)
        plugins_tournament.connect(self.verbose_name)
        # in this order: the check-in step adds its own activity after the first slice's
        demo_step("activities", build_activities)
        demo_step("activities.checkin", build_checkins)
        demo_step("activities.tournament", build_tournament)
