"""Per-union settings rows inherited down the tree (finance, congress, …).

A settings model has a one-to-one ``union``. A union without its own row uses its nearest
ancestor's, else the model's field defaults (which cite their rule). The first change a
union makes copies the values it inherited into its own row, so later changes above it no
longer reach it — a union that chose its own rules keeps them. This module reads; the
write is ``core.services.union_settings_save``.
"""

from __future__ import annotations


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
