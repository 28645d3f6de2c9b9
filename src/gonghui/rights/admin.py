"""Only the settings are in the admin; contracts, publications, inspections and cases are
written by the services (their audit entries) and read on the pages. No mediation case
is ever shown here: only the union's mediation committee reads them."""

from gonghui.core.admin import register_read_only

from .models import RightsSettings

register_read_only(RightsSettings)
