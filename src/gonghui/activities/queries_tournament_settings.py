"""A union's 比赛积分设置 (``TournamentSettings``): its own, the nearest federation's above
it, or the ITTF example; what a new tournament copies from it, and the words that say
whose rules a tournament took."""

from __future__ import annotations

from typing import Any

from gonghui.core import union_settings
from gonghui.orgs.models import Union

from .models_tournament import TournamentSettings

COPIED = ("win_points", "draw_points", "loss_points", "walkover_points", "draws_allowed")
EXAMPLE = "示例默认值（国际乒联规程）"


def settings_for(union: Union) -> TournamentSettings:
    """The union's own row, else the nearest ancestor's, else the defaults (unsaved)."""
    return union_settings.inherited(TournamentSettings, union)


def scoring_of(found: TournamentSettings) -> dict[str, Any]:
    """The fields a new tournament copies (its own from then on)."""
    return {**{k: getattr(found, k) for k in COPIED}, "tiebreaks": found.tiebreaks}


def source_label(found: TournamentSettings) -> str:
    """ "本会设置", "XX总工会的设置" or the example's name: what the tournament page shows."""
    where = getattr(found, "inherited_from", None)
    if where == "defaults":
        return EXAMPLE
    if where is not None:
        return f"{where.name}的设置"[:60]
    return "本会设置"
