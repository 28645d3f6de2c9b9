"""Only the settings are in the admin. The files, households, visits and 帮扶 are the most
sensitive data of the product: they are read on the file page, by those ``care.view``
names, and every look is audited — a superuser browsing the admin gets no way round that."""

from gonghui.core.admin import register_read_only

from .models import CareSettings

register_read_only(CareSettings)
