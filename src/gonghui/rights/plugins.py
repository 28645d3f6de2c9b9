"""What the 维权 app itself plugs in: its settings' audit action and the 维权 menu's
settings entry. Each part has its own ``plugins_<part>.connect``."""

from __future__ import annotations

from gonghui.core import audit, nav


def connect(area: str) -> None:
    audit.register_actions({"rights.settings": "修改维权设置"}, area=area)
    item = nav.NavItem("维权设置", "rights:settings", "rights.view", menu="rights")
    if item not in nav.NAV:
        nav.NAV.append(item)
