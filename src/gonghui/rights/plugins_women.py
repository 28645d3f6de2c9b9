"""The women workers' part plugged into the platform: its page in the 维权 menu, the
爱心妈咪小屋's audit actions (the facilities shown by their names), the keeper picker and the
demo rooms."""

from __future__ import annotations

AUDIT_ACTIONS = {
    "rights.mother_room_create": "登记爱心妈咪小屋",
    "rights.mother_room_update": "修改爱心妈咪小屋",
}


def connect(area: str) -> None:
    """Register the part's audit actions, nav entry, picker and demo step."""
    from gonghui.core import audit, nav
    from gonghui.core.demo import register as demo_step
    from gonghui.members.picker import PURPOSES, Purpose

    from . import demo_mediation
    from .forms_women import KEEPER_PICKER
    from .models_women import MotherRoomFacility

    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(
        model="rights.motherroom",
        shown_as={"facilities": audit.choice_names(MotherRoomFacility)},
    )
    PURPOSES.setdefault(KEEPER_PICKER, Purpose("rights.change"))
    item = nav.NavItem("女职工", "rights:women", "rights.view", grassroots_only=True, menu="rights")
    if item not in nav.NAV:
        nav.NAV.append(item)
    demo_step("rights.women", demo_mediation.build_women)
