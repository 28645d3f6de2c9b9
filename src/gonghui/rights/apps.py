from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = "维权"

    def ready(self) -> None:
        from . import (
            plugins,
            plugins_contract_figures,
            plugins_contracts,
            plugins_mediation,
            plugins_openness,
            plugins_safety,
            plugins_women,
        )

        # Each part registers its audit actions, nav entries (in the 维权 menu), 待办,
        # reminders, metrics, plan links, summary paragraphs and demo step.
        plugins.connect(self.verbose_name)
        plugins_contracts.connect(self.verbose_name)
        plugins_contract_figures.connect(self.verbose_name)
        plugins_openness.connect(self.verbose_name)
        plugins_safety.connect(self.verbose_name)
        plugins_mediation.connect(self.verbose_name)
        plugins_women.connect(self.verbose_name)
