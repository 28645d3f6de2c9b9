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


def inherited_value(model, union, field: str):
    """:func:`inherited`'s value of ``field`` as an SQL expression (one uncorrelated
    subquery: the union's own row, else the nearest ancestor's, else the field's default),
    for a queryset that must read the setting inside its own query (a 待办's count)."""
    from django.db.models import Case, Subquery, Value, When
    from django.db.models.functions import Coalesce

    ids = [*union.ancestor_ids, union.pk]
    nearest = Case(*(When(union_id=uid, then=Value(i)) for i, uid in enumerate(ids)))
    own = model.objects.filter(union_id__in=ids).annotate(_near=nearest).order_by("-_near")
    f = model._meta.get_field(field)
    return Coalesce(Subquery(own.values(field)[:1]), Value(f.get_default(), output_field=f))
