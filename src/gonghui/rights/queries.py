"""Reads of the 维权 app shared by its parts: the union's settings (own or inherited)."""

from __future__ import annotations

from gonghui.core import union_settings
from gonghui.orgs.models import Union

from .models import RightsSettings


def settings_for(union: Union) -> RightsSettings:
    """The union's 维权 settings: its own, its nearest ancestor's, or the cited defaults."""
    return union_settings.inherited(RightsSettings, union)
