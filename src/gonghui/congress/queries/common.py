"""The federation refusal of congress pages and the inherited settings."""

from __future__ import annotations

from gonghui.core import union_settings
from gonghui.orgs.models import Union

from ..models import CongressSettings

# Congresses belong to grassroots unions: get_union(..., grassroots=GRASSROOTS).
GRASSROOTS = "职代会由基层工会召开；请进入下属基层工会查看。"


def settings_for(union: Union) -> CongressSettings:
    """The union's congress settings: its own row, else its nearest ancestor's, else the
    defaults of ``congress/rules.py``."""
    return union_settings.inherited(CongressSettings, union)
