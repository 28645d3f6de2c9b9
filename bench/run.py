"""Benchmarks of the org tree, the district figures and the audit trail.

    .venv/bin/python bench/run.py [--unions N] [--db sqlite|postgres] [--repeat 30]

Every case runs three ways in one process, round-robin, and prints the median:
ours (the project's code), a floor (the same work in raw SQL through connection.cursor)
and a peer (django-treebeard, or Django's own admin LogEntry for writes). The database is
a temporary SQLite file, or with DATABASE_URL=postgres://… a database gonghui_bench that
is created on that server and dropped afterwards. See bench/README.md.
"""

import argparse
import datetime
import itertools
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from urllib.parse import urlsplit

BENCH_DB = "gonghui_bench"
NOT_GRASSROOTS = ("federation", "town", "industry")
NOT_GRASSROOTS_SQL = "('federation', 'town', 'industry')"


def parse_args() -> argparse.Namespace:
    on_pg = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--unions", type=int, default=2000, help="grassroots unions (default 2000)")
    p.add_argument("--towns", type=int, default=20)
    p.add_argument("--members", type=int, default=50, help="mean members per union")
    p.add_argument(
        "--db", choices=("sqlite", "postgres"), default="postgres" if on_pg else "sqlite"
    )
    p.add_argument("--repeat", type=int, default=30, help="timed runs per read case")
    p.add_argument("--writes", type=int, default=500, help="writes per timed write batch")
    p.add_argument("--write-repeat", type=int, default=9, help="timed batches per write case")
    p.add_argument("--explain", action="store_true", help="print the plans of our queries")
    return p.parse_args()


def prepare_database(args, tmp: str) -> str | None:
    """Point DATABASE_URL at a fresh database; return the admin URL to drop it with."""
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        return None
    admin_url = os.environ.get("DATABASE_URL", "")
    if not admin_url.startswith(("postgres://", "postgresql://")):
        sys.exit("--db postgres needs DATABASE_URL=postgres://… (try: bash scripts/pg.sh url)")
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = urlsplit(admin_url)._replace(path=f"/{BENCH_DB}").geturl()
    return admin_url


def drop_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def main() -> None:
    load = os.getloadavg()[0]  # other work on the machine skews every column alike
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
    os.environ.setdefault("GONGHUI_TESTING", "1")
    tmp = tempfile.mkdtemp(prefix="gonghui-bench-")
    os.environ["GONGHUI_DATA_DIR"] = tmp
    admin_url = prepare_database(args, tmp)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        run(args, tmp, load)
    finally:
        from django.db import connections

        connections.close_all()
        if admin_url:
            drop_database(admin_url)
        shutil.rmtree(tmp, ignore_errors=True)


# --- the district -----------------------------------------------------------------


def build(args):
    """1 county federation → towns → grassroots unions through the services (paths and
    audit entries as in production); groups and members bulk-inserted for speed."""
    from treebeard_peer.models import PeerUnion

    from gonghui.core import services as core_services
    from gonghui.core.models import Role
    from gonghui.orgs import services
    from gonghui.orgs.models import Member, MemberStatus, Sex, Union, UnionGroup, UnionKind

    rng = random.Random(2026)
    county = services.union_create(
        actor=None, name="示范县总工会", code="county", kind=UnionKind.FEDERATION, parent=None
    )
    towns = [
        services.union_create(
            actor=None, name=f"第{t}镇总工会", code=f"town-{t}", kind=UnionKind.TOWN, parent=county
        )
        for t in range(1, args.towns + 1)
    ]
    kinds = [UnionKind.ENTERPRISE, UnionKind.SCHOOL, UnionKind.HOSPITAL, UnionKind.COMMUNITY]
    sizes, grassroots = [], []
    for i in range(args.unions):
        size = rng.randint(args.members // 10, 2 * args.members - args.members // 10)
        grassroots.append(
            services.union_create(
                actor=None,
                name=f"第{i + 1}基层工会",
                code=f"u-{i + 1}",
                kind=rng.choice(kinds),
                parent=towns[i % len(towns)],
                staff_count=size + rng.randint(0, size // 4 + 1),
            )
        )
        sizes.append(size)
    groups = UnionGroup.objects.bulk_create(
        UnionGroup(union=u, name=f"第{g}小组") for u in grassroots for g in (1, 2, 3)
    )
    statuses = [MemberStatus.ACTIVE, MemberStatus.RETIRED, MemberStatus.LEFT]
    Member.objects.bulk_create(
        (
            Member(
                union=u,
                group=groups[3 * i + k % 3],
                name=f"会员{k}",
                sex=Sex.FEMALE if rng.random() < 0.45 else Sex.MALE,
                status=rng.choices(statuses, weights=(90, 5, 5))[0],
            )
            for i, (u, size) in enumerate(zip(grassroots, sizes, strict=True))
            for k in range(size)
        ),
        batch_size=5000,
    )

    town_admin = core_services.user_create(actor=None, username="town_admin")
    core_services.role_grant(
        actor=None, user=town_admin, role=Role.FEDERATION_ADMIN, union=towns[0]
    )
    chair = core_services.user_create(actor=None, username="chair")
    core_services.role_grant(actor=None, user=chair, role=Role.CHAIR, union=grassroots[0])

    # The peer: a copy of the tree in treebeard, same ids.
    names, children = {}, defaultdict(list)
    for pk, parent_id, name in Union.objects.order_by("path").values_list("id", "parent", "name"):
        names[pk] = name
        children[parent_id].append(pk)

    def node(pk):
        return {"id": pk, "data": {"name": names[pk]}, "children": [node(c) for c in children[pk]]}

    PeerUnion.objects.load_bulk([node(county.pk)], keep_ids=True, bulk_create=True)
    return county, towns, grassroots, town_admin, chair


# --- measuring --------------------------------------------------------------------


def raw(sql: str, params=None) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def median_times(fns, repeat: int, warmup: int = 3) -> list[float]:
    """Median seconds per call of each fn, timed round-robin so drift hits all alike."""
    for fn in fns:
        for _ in range(warmup):
            fn()
    samples = [[] for _ in fns]
    for _ in range(repeat):
        for fn, times in zip(fns, samples, strict=True):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return [statistics.median(t) for t in samples]


def same(name, norm, *fns) -> None:
    """Refuse to time three ways of doing the work unless they give the same answer."""
    answers = [norm(fn()) for fn in fns]
    if any(a != answers[0] for a in answers[1:]):
        raise SystemExit(f"{name}: answers differ: {[str(a)[:200] for a in answers]}")


def run(args, tmp: str, load: float) -> None:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import Count, Q
    from django.utils import timezone
    from treebeard_peer.models import PeerUnion

    from gonghui.core import audit, scoping
    from gonghui.orgs import queries
    from gonghui.orgs.models import Member, Union, UnionGroup
    from gonghui.orgs.services import union_update

    started = time.perf_counter()
    county, towns, grassroots, town_admin, chair = build(args)
    raw("ANALYZE")  # planner statistics, as a live database would have
    if connection.vendor == "sqlite":
        raw("PRAGMA wal_checkpoint(TRUNCATE)")  # start timing with an empty WAL
    setup_s = time.perf_counter() - started
    town = towns[0]
    peer = {
        n.pk: n for n in PeerUnion.objects.filter(pk__in=[county.pk, town.pk, grassroots[0].pk])
    }

    def peer_ids(union):
        return PeerUnion.objects.get_tree(peer[union.pk]).values("pk")

    # (a) subtree reach -------------------------------------------------------------
    def reach(user):
        return list(scoping.unions(user, "org.view").values_list("id", flat=True))

    def floor_reach(union):
        return raw("SELECT id FROM orgs_union WHERE path LIKE %s", [union.path + "%"])

    def peer_reach(union):
        tree = PeerUnion.objects.get_descendants(peer[union.pk], include_self=True)
        return list(tree.values_list("id", flat=True))

    cte = """WITH RECURSIVE sub(id) AS (
        SELECT id FROM orgs_union WHERE id = %s
        UNION ALL SELECT u.id FROM orgs_union u JOIN sub ON u.parent_id = sub.id)
        SELECT id FROM sub"""

    def cold_reach():
        scoping.forget(town_admin)  # a new request: the grants are loaded again
        return reach(town_admin)

    def cold_floor():
        (path,) = raw(
            "SELECT u.path FROM core_rolegrant g JOIN orgs_union u ON u.id = g.union_id"
            " WHERE g.user_id = %s AND g.revoked_at IS NULL",
            [town_admin.pk],
        )[0]
        return raw("SELECT id FROM orgs_union WHERE path LIKE %s", [path + "%"])

    def cold_peer():
        node = PeerUnion.objects.get(pk=town.pk)
        return list(PeerUnion.objects.get_descendants(node, include_self=True).values_list("id"))

    # (b) figures -------------------------------------------------------------------
    def floor_figures(union):
        like = [union.path + "%"]
        u = raw(
            "SELECT COUNT(*),"
            f" SUM(CASE WHEN kind NOT IN {NOT_GRASSROOTS_SQL} THEN 1 ELSE 0 END),"
            f" COALESCE(SUM(CASE WHEN kind NOT IN {NOT_GRASSROOTS_SQL} THEN staff_count END), 0)"
            " FROM orgs_union WHERE path LIKE %s AND archived_at IS NULL",
            like,
        )[0]
        m = raw(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN m.sex = 'F' THEN 1 ELSE 0 END), 0)"
            " FROM orgs_member m JOIN orgs_union u ON u.id = m.union_id"
            " WHERE u.path LIKE %s AND m.status IN ('active', 'retired')",
            like,
        )[0]
        g = raw(
            "SELECT COUNT(*) FROM orgs_uniongroup g JOIN orgs_union u ON u.id = g.union_id"
            " WHERE u.path LIKE %s AND u.archived_at IS NULL AND g.archived_at IS NULL",
            like,
        )[0]
        return queries.Figures(u[0], u[1], m[0], m[1], u[2], g[0])

    def peer_figures(union):
        """figures() line for line, with the subtree taken from treebeard."""
        ids = peer_ids(union)
        subtree = Union.objects.filter(pk__in=ids, archived_at=None)
        counts = subtree.aggregate(
            unions=Count("id"), grassroots=Count("id", filter=~Q(kind__in=NOT_GRASSROOTS))
        )
        staff = sum(subtree.exclude(kind__in=NOT_GRASSROOTS).values_list("staff_count", flat=True))
        members = Member.objects.filter(queries.CURRENT, union__in=ids).aggregate(
            total=Count("id"), women=Count("id", filter=Q(sex="F"))
        )
        groups = UnionGroup.objects.filter(
            union__in=ids, union__archived_at=None, archived_at=None
        ).count()
        return queries.Figures(
            counts["unions"],
            counts["grassroots"],
            members["total"],
            members["women"],
            staff,
            groups,
        )

    # (d) the union list page --------------------------------------------------------
    def tree_rows(rows):
        return sorted((u.pk, u.member_count, u.group_count) for u in rows)

    def floor_tree():
        return raw(
            "SELECT u.id, u.name, p.name,"
            " (SELECT COUNT(*) FROM orgs_member m WHERE m.union_id = u.id"
            "  AND m.status IN ('active', 'retired')),"
            " (SELECT COUNT(*) FROM orgs_uniongroup g WHERE g.union_id = u.id"
            "  AND g.archived_at IS NULL)"
            " FROM orgs_union u LEFT JOIN orgs_union p ON p.id = u.parent_id"
            " WHERE u.path LIKE %s ORDER BY u.path",
            [town.path + "%"],
        )

    def peer_tree():
        """union_tree() with the subtree taken from treebeard."""
        current = Q(members__status__in=("active", "retired"))
        return list(
            Union.objects.filter(pk__in=peer_ids(town))
            .select_related("parent")
            .annotate(
                member_count=Count("members", filter=current, distinct=True),
                group_count=Count("groups", filter=Q(groups__archived_at=None), distinct=True),
            )
            .order_by("path")
        )

    # (c) audit writes --------------------------------------------------------------
    counter = itertools.count(1)
    targets = itertools.cycle(grassroots)
    befores = {u.pk: audit.snapshot(u) | {"staff_count": -1} for u in grassroots}
    union_ct = ContentType.objects.get_for_model(Union)
    entry_sql = (
        "INSERT INTO core_auditentry (at, actor_id, actor_label, action, object_type,"
        " object_id, object_repr, union_id, changes, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )

    def raw_entry(u, old, new, n):
        at = connection.ops.adapt_datetimefield_value(timezone.now())
        changes = json.dumps({"staff_count": [old, new]})
        row = [at, town_admin.pk, "town_admin", "union.update", "orgs.union", str(u.pk)]
        raw(entry_sql, [*row, u.name, u.pk, changes, "0" * 64, f"raw-{n:060d}"])

    def log_entry(u):
        msg = json.dumps([{"changed": {"fields": ["staff_count"]}}])
        LogEntry.objects.create(
            user_id=town_admin.pk,
            content_type_id=union_ct.pk,
            object_id=str(u.pk),
            object_repr=str(u)[:200],
            action_flag=CHANGE,
            change_message=msg,
        )

    def batch(write):
        def run_batch():
            for _ in range(args.writes):
                write(next(targets), next(counter))

        return run_batch

    def ours_record(u, n):
        with transaction.atomic():
            audit.record(actor=town_admin, action="union.update", obj=u, before=befores[u.pk])

    def floor_record(u, n):
        with transaction.atomic():
            raw_entry(u, -1, u.staff_count, n)

    def peer_record(u, n):
        with transaction.atomic():
            log_entry(u)

    def ours_update(u, n):
        union_update(actor=town_admin, union=u, staff_count=n)

    def floor_update(u, n):
        with transaction.atomic():
            raw("UPDATE orgs_union SET staff_count = %s WHERE id = %s", [n, u.pk])
            raw_entry(u, u.staff_count, n, n)

    def peer_update(u, n):
        """What Django's admin does on a change form: load, validate, save, log."""
        with transaction.atomic():
            obj = Union.objects.get(pk=u.pk)
            obj.staff_count = n
            obj.full_clean()
            obj.save()
            log_entry(obj)

    scoping.grants(town_admin)  # warm: grants are cached on the user for the request
    scoping.grants(chair)
    reads = []

    def read(name, peer_name, ours, floor, peer, norm=sorted):
        reads.append((name, peer_name, norm, ours, floor, peer))

    def first(rows):
        return [r[0] for r in rows]

    read(
        f"reach: town admin ({len(floor_reach(town))} unions)",
        "treebeard",
        ours=lambda: reach(town_admin),
        floor=lambda: first(floor_reach(town)),
        peer=lambda: peer_reach(town),
    )
    read(
        "reach: town admin",
        "recursive CTE",
        ours=lambda: reach(town_admin),
        floor=lambda: first(floor_reach(town)),
        peer=lambda: first(raw(cte, [town.pk])),
    )
    read(
        "reach: town admin, new request",
        "treebeard",
        ours=cold_reach,
        floor=lambda: first(cold_floor()),
        peer=lambda: first(cold_peer()),
    )
    read(
        "reach: union chair (1 union)",
        "treebeard",
        ours=lambda: reach(chair),
        floor=lambda: first(floor_reach(grassroots[0])),
        peer=lambda: peer_reach(grassroots[0]),
    )
    for label, union in (("town", town), ("county", county)):
        read(
            f"figures({label})",
            "treebeard",
            ours=lambda u=union: queries.figures(u),
            floor=lambda u=union: floor_figures(u),
            peer=lambda u=union: peer_figures(u),
            norm=repr,
        )
    read(
        "union_tree(town admin)",
        "treebeard",
        ours=lambda: tree_rows(queries.union_tree(town_admin)),
        floor=lambda: sorted((r[0], r[3], r[4]) for r in floor_tree()),
        peer=lambda: tree_rows(peer_tree()),
    )
    writes = [
        ("audit.record, per write", "admin LogEntry", ours_record, floor_record, peer_record),
        ("union_update, per write", "ORM save+LogEntry", ours_update, floor_update, peer_update),
    ]

    rows = []
    for name, peer_name, norm, ours_fn, floor_fn, peer_fn in reads:
        same(name, norm, ours_fn, floor_fn, peer_fn)
        rows.append((name, peer_name, *median_times([ours_fn, floor_fn, peer_fn], args.repeat)))
    for name, peer_name, *fns in writes:
        times = median_times([batch(f) for f in fns], args.write_repeat, warmup=1)
        rows.append((name, peer_name, *(t / args.writes for t in times)))

    header(args, tmp, setup_s, load)
    table(rows)
    if args.explain:
        for name, _peer_name, _norm, *fns in reads:
            explain(name, fns[:2])


def header(args, tmp: str, setup_s: float, load: float) -> None:
    from django.db import connection

    from gonghui.core.models import AuditEntry
    from gonghui.orgs.models import Member, Union, UnionGroup

    if connection.vendor == "sqlite":
        import sqlite3

        engine = f"SQLite {sqlite3.sqlite_version} (temporary file, WAL, synchronous=NORMAL)"
        size = sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp))
    else:
        version = raw("SHOW server_version")[0][0]
        fsync = raw("SHOW fsync")[0][0]
        engine = f"PostgreSQL {version} (database {BENCH_DB}, fsync={fsync})"
        size = raw("SELECT pg_database_size(current_database())")[0][0]
    print(f"gonghui bench  {datetime.date.today()}  {platform.platform()}")
    print(
        f"machine: {os.cpu_count()} cores, load average {load:.1f} at start,"
        f" Python {platform.python_version()}, Django {__import__('django').get_version()}"
    )
    print(f"database: {engine}, {size / 2**20:.0f} MiB")
    print(
        f"sizes: {Union.objects.count()} unions (1 county, {args.towns} towns,"
        f" {args.unions} grassroots), {UnionGroup.objects.count()} groups,"
        f" {Member.objects.count()} members, {AuditEntry.objects.count()} audit entries"
        f" at the end; setup {setup_s:.1f} s"
    )
    print(
        f"timing: median of {args.repeat} runs after 3 warm-ups (reads);"
        f" median of {args.write_repeat} batches of {args.writes} writes, one transaction"
        " per write (writes)\n"
    )


def table(rows) -> None:
    print(
        f"{'case':<34} {'ours ms':>9} {'floor ms':>9} {'peer ms':>9}"
        f" {'ours/floor':>10} {'ours/peer':>9}  peer"
    )
    for name, peer_name, ours, floor, peer in rows:
        print(
            f"{name:<34} {ours * 1e3:9.3f} {floor * 1e3:9.3f} {peer * 1e3:9.3f}"
            f" {ours / floor:10.2f} {ours / peer:9.2f}  {peer_name}"
        )
    print("\nper write (µs):")
    for name, _peer_name, ours, floor, peer in rows:
        if "per write" in name:
            print(
                f"  {name:<32} ours {ours * 1e6:7.0f}  floor {floor * 1e6:7.0f}  peer {peer * 1e6:7.0f}"
            )


def explain(name: str, fns) -> None:
    """The plan of every query that ours and the floor send for one case."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    for who, fn in zip(("ours", "floor"), fns, strict=True):
        with CaptureQueriesContext(connection) as captured:
            fn()
        for query in captured.captured_queries:
            print(f"\n[{name} · {who}] {query['sql'][:150]}")
            for row in raw(prefix + query["sql"]):
                print("   ", row[-1])


if __name__ == "__main__":
    main()
