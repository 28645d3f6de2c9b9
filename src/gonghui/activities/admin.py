"""Only the settings are in the admin; activities and sign-ups are written by the services
(their audit entries) and read on the pages."""

from gonghui.core.admin import register_read_only

from .models import ActivitySettings

register_read_only(ActivitySettings)
