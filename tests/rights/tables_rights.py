"""维权's own settings page in the project's access tables (tests/core/tables.py); each part
of 维权 has its own ``tables_<part>.py``."""

from gonghui.rights import services as rights_services
from tests.core.tables import GONE, LOGIN, NO, OK, f

MODULES = ("gonghui.rights.services",)

PAGES = {"rights_settings": lambda w: "/unions/school/rights/settings/"}
# fmt: off
MATRIX = {
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # read by who holds rights.view (the 经审 too); the chair and the federation change them
    "rights_settings":     (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
}
# fmt: on

CASES = {
    "rights_settings_save": (
        rights_services.rights_settings_save,
        lambda w: {"union": w.school, "fields": {"submit_days": 12}},
    ),
}

FILL = {"rights:settings": f()}
