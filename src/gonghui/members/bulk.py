"""One union with a big roster, fast: the scale test (tests/members/test_scale.py) and the
scale bench (bench/scale.py) fill a union with tens or hundreds of thousands of members.

``gonghui generate`` spreads people over many unions and assigns each to a group in time
linear in the union's groups, so one union of 200,000 would take minutes; this fills one
union in a few seconds. The people come from :mod:`members.synthetic`: a pool of realistic
records (names, sexes, birth dates, departments, posts, statuses), each row taking one of
them with its own GB 11643 ID number, mobile and member card number, so numbers are unique
as the roster's constraints demand and names repeat as they do in a big employer. Search
keys as the services keep them (``validation.search_keys``), groups of ``group_size``
members named after the employer's departments, and no history or audit entry: what the
pages that list or pick members read. Rows go in through ``executemany`` (the
generator's ``Inserter``), like the generator's.
"""

from __future__ import annotations

import datetime
import random

from django.db import connection, transaction

from gonghui.orgs.models import CURRENT_MEMBER_STATUSES as CURRENT
from gonghui.orgs.models import Member, Union, UnionGroup

from .management.commands.generate import Inserter
from .synthetic import Synth
from .validation import PERSON_FIELDS, search_keys

POOL = 2_000
BATCH = 20_000
FIELDS = ["union", "group", *PERSON_FIELDS, "status", "status_on", *Member.SEARCH_KEYS]


@transaction.atomic
def fill_union(
    union: Union,
    n: int,
    *,
    seed: int = 1,
    group_size: int = 50,
    today: datetime.date | None = None,
) -> list[UnionGroup]:
    """Add ``n`` members to ``union`` in ``max(1, n // group_size)`` new groups; returns the
    groups. Numbers already on the roster are never handed out again."""
    synth = Synth(
        random.Random(seed),
        today=today,
        taken_ids=set(Member.objects.exclude(id_number="").values_list("id_number", flat=True)),
        taken_cards=set(
            Member.objects.exclude(card_number="").values_list("card_number", flat=True)
        ),
    )
    taken = set(UnionGroup.objects.filter(union=union).values_list("name", flat=True))
    count = max(1, n // group_size)
    names = [g for g in synth.departments(union.kind, count + len(taken)) if g not in taken]
    groups = UnionGroup.objects.bulk_create(UnionGroup(union=union, name=g) for g in names[:count])
    pool = []
    for person in synth.people(min(n, POOL), kind=union.kind):
        status, status_on = synth.status(person)
        keys = search_keys(person["name"], "", "")
        pool.append((person, status, status_on, keys["name_pinyin"], keys["name_initials"]))
    date = connection.ops.adapt_datefield_value
    rows = Inserter(Member, FIELDS)
    for i in range(n):
        person, status, status_on, pinyin, initials = pool[i % len(pool)]
        person = dict(person)
        person["id_number"] = synth.id_number(person["sex"], person["birth_date"])
        person["mobile"] = synth.mobile()
        person["card_number"] = synth.card_number(person["joined_on"])
        for field in ("birth_date", "joined_on"):
            person[field] = date(person[field])
        # A former member belongs to no group (as members.services leaves them).
        group = groups[i * len(groups) // n].pk if status in CURRENT else None
        tails = (person["mobile"][-4:], person["id_number"][-4:])
        rows.add(
            (
                union.pk,
                group,
                *(person[f] for f in PERSON_FIELDS),
                status,
                date(status_on),
                pinyin,
                initials,
                *tails,
            )
        )
        if len(rows.rows) == BATCH:
            rows.flush()
    rows.flush()
    return groups
