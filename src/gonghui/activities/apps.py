from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "文体活动"

    def ready(self) -> None:
        from gonghui.core.demo import register as demo_step

        from . import plugins, plugins_checkin, plugins_rooms, plugins_tournament, plugins_training
        from .demo import build_activities
        from .demo_birthday import build_birthday
        from .demo_checkin import build_checkins
        from .demo_rooms import build_rooms
        from .demo_tournament import build_tournament
        from .demo_training import build_training
        from .plugins_birthday import connect as connect_birthday
        from .plugins_plan_item import connect as connect_plan_item

        plugins.connect(self.verbose_name)
        connect_birthday(self.verbose_name)
        connect_plan_item()
        plugins_checkin.connect(self.verbose_name)
        plugins_tournament.connect(self.verbose_name)
        plugins_rooms.connect(self.verbose_name)
        plugins_training.connect(self.verbose_name)
        # in this order: the check-in step adds its own activity after the first slice's
        demo_step("activities", build_activities)
        demo_step("activities.checkin", build_checkins)
        demo_step("activities.tournament", build_tournament)
        demo_step("activities.rooms", build_rooms)
        demo_step("activities.training", build_training)
        demo_step("activities.birthday", build_birthday)
