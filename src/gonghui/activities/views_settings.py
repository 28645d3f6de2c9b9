"""The union settings pages of activities' parts (签到, 活动室, 培训), one view for all of them:
``activities.view`` reads the settings (the 经审), ``activities.change`` changes them (the
committee); the page says where the values come from (the defaults and their source, a
federation's, or the union's own). Each part describes its page with a ``SettingsPage``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.shortcuts import render
from django.urls import reverse

from gonghui.core import scoping
from gonghui.core.pages import form_page
from gonghui.core.queries import get_union

from .services import GRASSROOTS


@dataclass(frozen=True)
class SettingsPage:
    current: Callable[[Any], Any]  # the part's ``settings_for(union)`` (own or inherited)
    form: type[forms.ModelForm]
    save: Callable[..., Any]  # the part's ``*_settings_save(actor=, union=, fields=)``
    title: str
    saved: str  # the message after a save
    read_only: str  # the template that shows the settings to who may not change them
    back: str  # the URL name (with the union's code) the page leads back to
    source: str  # what the page says while the defaults apply: their source


def _intro(current, source: str) -> str:
    if current.inherited_from == "defaults":
        return source
    if current.inherited_from:
        return f"沿用{current.inherited_from}的设置，修改后本会单独设置。"
    return "本会自己的设置。"


def settings_page(request, code, page: SettingsPage):
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    current = page.current(union)
    intro = _intro(current, page.source)
    if not scoping.has_perm(request.user, "activities.change", union=union):
        if request.method == "POST":
            scoping.require(request.user, "activities.change", union=union)
        return render(
            request, page.read_only, {"union": union, "settings": current, "intro": intro}
        )
    return form_page(
        request,
        page.form(request.POST or None, instance=current),
        save=lambda data: page.save(actor=request.user, union=union, fields=data),
        success=lambda _: page.saved,
        title=page.title,
        union=union,
        back=reverse(page.back, args=[union.code]),
        intro=intro,
    )
