"""The congress union lookup, the inherited settings and "who is this representative"."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from gonghui.core import scoping, union_settings
from gonghui.orgs.models import Union

from ..models import CongressSettings


def congress_union(user, code: str, perm: str = "congress.view") -> Union:
    """The union of a congress URL after checking ``perm`` on it (PermissionDenied
    otherwise). Congresses belong to grassroots unions."""
    union = get_object_or_404(Union, code=code)
    scoping.require(user, perm, union=union)
    if union.is_federation:
        raise PermissionDenied("职代会由基层工会召开；请进入下属基层工会查看。")
    return union


def settings_for(union: Union) -> CongressSettings:
    """The union's congress settings: its own row, else its nearest ancestor's, else the
    defaults of ``congress/rules.py``."""
    return union_settings.inherited(CongressSettings, union)
