"""Form widgets of our own.

``SearchPicker`` is the one way to choose from a list too long for a ``<select>`` (a union's
members: 240 in a school, 200,000 in a big employer). A search box asks the server for at
most a screenful of matches (htmx, ``hx-get`` on the picker's URL with ``q``) and each
match chosen becomes a chip holding a hidden input with its value, so the form posts ids
exactly as a select would and the field validates them on the server. Nothing of the list
is in the page but what has been chosen. ``static/core/picker.js`` (one delegated listener
for every picker of the page, also those htmx adds later) puts the chips in and out and
lets arrow keys, Enter and Escape work as in a select.

The field that uses it sets ``url`` (the search endpoint, which answers with
``core/_picker_options.html``-shaped buttons) and ``labels`` (values → ``[(value, label)]``
of what is chosen, for a form shown again). ``members.picker`` has the member fields.
With ``post``, the search goes by POST with nothing but ``q`` in its body (``hx-params``),
so what is typed never appears in a URL, and hence in no access log (a secret ballot's
write-ins).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.template import loader
from django.utils.safestring import mark_safe


def _no_labels(values: list[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class SearchPicker(forms.Widget):
    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        attrs=None,
        *,
        multiple: bool = False,
        url: str = "",
        placeholder: str = "输入姓名、拼音首字母或会员证号查找",
        labels: Callable[[list[str]], list[tuple[str, str]]] = _no_labels,
        post: bool = False,
    ):
        super().__init__(attrs)
        self.multiple = multiple
        self.url = url
        self.post = post
        self.placeholder = placeholder
        self.labels = labels

    def _values(self, value) -> list[str]:
        if value in (None, ""):
            return []
        items: Iterable = value if isinstance(value, list | tuple) else [value]
        return list(dict.fromkeys(str(v) for v in items if v not in (None, "")))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = self._values(value)
        context["widget"].update(
            multiple=self.multiple,
            url=self.url,
            post=self.post,
            placeholder=self.placeholder,
            chosen=self.labels(values) if values else [],
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (templates/ is not an app directory, which the
        # default form renderer would search).
        return mark_safe(loader.render_to_string(template_name, context))

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # Nothing chosen posts nothing, as with a <select multiple>.
        return False if self.multiple else name not in data
