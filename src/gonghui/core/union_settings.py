"""Per-union settings rows inherited down the tree (finance, congress, …).

A settings model has a one-to-one ``union``. A union without its own row uses its nearest
ancestor's, else the model's field defaults (which cite their rule). The first change a
union makes copies the values it inherited into its own row, so later changes above it no
longer reach it — a union that chose its own rules keeps them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from . import audit


def inherited(model, union):
    """The union's settings: its own row, else the nearest ancestor's, else an unsaved
    default. ``inherited_from`` says which: None (own), an ancestor Union, or "defaults"."""
    ids = [*union.ancestor_ids, union.pk]
    rows = {s.union_id: s for s in model.objects.filter(union_id__in=ids)}
    for uid in reversed(ids):
        if uid in rows:
            found = rows[uid]
            found.inherited_from = None if uid == union.pk else found.union
            return found
    default = model(union=union)
    default.inherited_from = "defaults"
    return default


def update(
    *,
    actor,
    model,
    union,
    fields: dict[str, Any],
    allowed: tuple[str, ...] | list[str],
    clean: Callable[[str, Any], Any],
    action: str,
    copy: Callable[[str, Any], Any] = lambda field, value: value,
    source: Callable | None = None,
):
    """Change the named ``fields`` of the union's own row (created from the inherited values
    on first change — from ``source(union)``, default :func:`inherited` — each passed
    through ``copy``); ``clean(field, value)`` validates one
    value, raising ValidationError with a Chinese message. One audit entry, ``action``.
    Call inside the service's transaction."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown {model._meta.label} fields: {sorted(unknown)}")
    problems: dict[str, list[str]] = {}
    cleaned = {}
    for field, value in fields.items():
        try:
            cleaned[field] = clean(field, value)
        except ValidationError as exc:
            problems[field] = exc.messages
    if problems:
        raise ValidationError(problems)
    row = model.objects.select_for_update().filter(union=union).first()
    if row is None:
        base = source(union) if source else inherited(model, union)
        row = model(union=union, **{f: copy(f, getattr(base, f)) for f in allowed})
        before = None
    else:
        before = audit.snapshot(row)
    for field, value in cleaned.items():
        setattr(row, field, value)
    row.save()
    changes = audit.diff(before, audit.snapshot(row))
    changes.pop("updated_at", None)
    audit.record(actor=actor, action=action, obj=row, changes=changes)
    return row
