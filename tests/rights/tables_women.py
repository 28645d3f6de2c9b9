"""The women workers' page in the project's access tables (tests/core/tables.py): its pages in
the role matrix (``rights.view`` reads, ``rights.change`` registers the 爱心妈咪小屋), its
services refused to a user without the permission, its URL patterns walked with the
hospital's room."""

import datetime

from gonghui.rights import services_women as services
from tests.core.tables import GONE, LOGIN, NO, OK, f

MODULES = ("gonghui.rights.services_women",)

PAGES = {
    "women": lambda w: "/unions/school/rights/women/",
    "women_room_new": lambda w: "/unions/school/rights/women/rooms/new/",
    "women_room_edit": lambda w: f"/rights/women/rooms/{room(w).pk}/edit/",
}
# fmt: off
MATRIX = {
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # read by who holds rights.view (the 经审 too); rooms kept by rights.change
    "women":               (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "women_room_new":      (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "women_room_edit":     (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
}
# fmt: on

OPENED = datetime.date(2026, 3, 8)


def room(w, union=None):
    return services.mother_room_create(
        actor=None,
        union=union or w.school,
        fields={
            "name": "爱心妈咪小屋",
            "place": "行政楼203",
            "area": "12.5",
            "facilities": ["fridge", "sink"],
            "opened_on": OPENED,
            "state": "open",
        },
    )


CASES = {
    "mother_room_create": (
        services.mother_room_create,
        lambda w: {
            "union": w.school,
            "fields": {"name": "小屋", "place": "一楼", "opened_on": OPENED},
        },
    ),
    "mother_room_update": (
        services.mother_room_update,
        lambda w: {"room": room(w), "fields": {"state": "paused"}},
    ),
}


def foreign(w) -> dict:
    return {"mother_room": room(w, w.hospital).pk}


FILL = {
    "rights:women": f(),
    "rights:women_room_new": f(),
    "rights:women_room_edit": f("mother_room"),
}
