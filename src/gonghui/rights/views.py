"""The 维权 app's own pages: its settings. Each part has its ``views_<part>``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from gonghui.core.settings_page import SettingsPage
from gonghui.core.settings_page import settings_page as settings_view

from . import queries, services
from .forms import SettingsForm

SETTINGS = SettingsPage(
    current=queries.settings_for,
    form=SettingsForm,
    save=services.rights_settings_save,
    title="维权设置",
    saved="已保存维权设置；之后计算的期限按新设置。",
    read_only="rights/settings.html",
    back="rights:settings",
    source="法定期限取自《集体合同规定》（劳动和社会保障部令第22号）和《劳动争议调解仲裁法》"
    "第十四条；生效后公布期限和按月公开截止日是示例，各地规定不同，请按本地规定修改。"
    "上级工会的设置适用于下属没有单独设置的工会。",
    view="rights.view",
    change=services.RULES,
)


@login_required
def settings_page(request, code):
    """The union's legal-clock settings: who holds ``rights.rules`` changes them, anyone
    with ``rights.view`` reads them."""
    return settings_view(request, code, SETTINGS)
