"""The reference data every database needs: the national categories and the platform's
example spending rules (finance/rules.py).

Migration 0002 writes them once; :func:`reference_data_seed` — a migration-time function,
connected to ``post_migrate`` — puts back any that are missing, because a flush
(``manage.py flush``, and the test runner between transactional tests) empties every table
and then sends post_migrate. It is not a service: nobody acts, so it takes no actor and
writes no audit entry (the rows are the same platform defaults on every install, not a
user's decision). It only adds what is missing, so a rule the platform administrator has
edited is left as it is.
"""

from __future__ import annotations

from django.db import transaction

from . import rules


@transaction.atomic
def reference_data_seed(**signal_kwargs) -> None:
    from .models import Category, SpendingRule

    by_code = {c.code: c for c in Category.objects.all()}
    for code, name, kind, parent in rules.CATEGORIES:
        if code not in by_code:
            by_code[code] = Category.objects.create(
                code=code, name=name, kind=kind, parent=by_code.get(parent)
            )
    have = set(SpendingRule.objects.filter(union__isnull=True).values_list("key", flat=True))
    for spec in rules.DEFAULT_SPENDING_RULES:
        if spec["key"] in have:
            continue
        spec = dict(spec)
        category = by_code[spec.pop("category")]
        SpendingRule.objects.create(
            union=None, category=category, is_example=True, active=True, **spec
        )
