"""Benchmark of the pages that list, embed or count members, on one union of 200,000.

    .venv/bin/python bench/scale.py [--members 200000] [--repeat 20] [--export-repeat 3]
    DATABASE_URL=postgres://… .venv/bin/python bench/scale.py      # creates bench_scale there

The data: a county federation over one enterprise union of ``--members`` realistic members
in groups of 50 (``members.bulk.fill_union``: synthetic names, GB 11643 ID numbers, mobiles,
card numbers, about 97 % 在会 or 退休), then ``ANALYZE``. A throwaway SQLite file, or a
database ``bench_scale`` created (and dropped at the end) on the PostgreSQL server of
``DATABASE_URL``.

Each page is requested through Django's test client as the union's chair, as a browser
asks (``Accept-Encoding: gzip``), round-robin with its floor after 3 warm-ups; median and
p95 of ``--repeat`` runs (``--export-repeat`` for the export). The floor is the same rows
read by hand-written SQL through the raw cursor (no ORM, no template): what the database
alone costs for what the page shows.

- 工作台 (``/``) and the union page: the union's figures (在会, women, groups) and, on the
  union page, the first 100 groups with their current members;
- the roster, page 1 and a deep page (the list counts to 10,000 and no further, so the
  deepest page is 200: rows 9,951–10,000): the capped count and the page's 50 rows with
  their group, in the page's order (group name, pinyin);
- the new-voucher page: the expense categories it offers (no member is in the page);
- the member picker's search for "" (the first 20 by pinyin and the groups), "zh"
  (initials or pinyin), "张" (the start of a name, and groups named with it), "车间" (a
  group name) and a card number: the same members and groups by one raw query each;
- the member export (.xlsx of every current member): every current member's row with
  their group read raw.

Printed per case: ours and floor (ms, median), their ratio, ours' p95, the page's queries,
its bytes (as sent, gzipped; and raw), and the peak of the memory Python allocated for
one more request, untimed (``tracemalloc``: objects made by Python code and C extensions
through Python's allocator; not SQLite's or zlib's own buffers).
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
CURRENT = "('active', 'retired')"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=200_000)
    p.add_argument("--repeat", type=int, default=20, help="timed requests per page (20)")
    p.add_argument("--export-repeat", type=int, default=3, help="timed exports (3)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cases", default="", help="only the cases whose name matches this regex")
    return p.parse_args()


def setup_django(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_scale")
            conn.execute("CREATE DATABASE bench_scale")
        os.environ["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/bench_scale"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["GONGHUI_TESTING"] = "1"  # plain static storage: no collectstatic needed
    os.environ["GONGHUI_DATA_DIR"] = str(tmp)
    (tmp / "static").mkdir(exist_ok=True)
    os.environ.pop("GONGHUI_DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log while timing
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    # The export is timed as it is written: a site writes a roster this large in a
    # background thread (core.prepared) with the same function, after the request.
    settings.EXPORT_BACKGROUND_ROWS = sys.maxsize
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from django.db import connection

    return connection.vendor


def drop_pg() -> None:
    from django.db import connections

    url = os.environ["DATABASE_URL"]
    if not url.endswith("/bench_scale"):
        return
    import psycopg

    connections.close_all()
    with psycopg.connect(url.replace("/bench_scale", "/postgres"), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_scale")


def build(args):
    """The federation, the union and its roster; returns (union, the chair's account)."""
    from django.db import connection

    from gonghui.core import services as core_services
    from gonghui.core.models import Role, User
    from gonghui.members.bulk import fill_union
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import UnionKind

    fed = org_services.union_create(
        actor=None, name="示范县总工会", code="bench-fed", kind=UnionKind.FEDERATION, parent=None
    )
    union = org_services.union_create(
        actor=None,
        name="示范县精密机械有限公司工会",
        code="bench-big",
        kind=UnionKind.ENTERPRISE,
        parent=fed,
        staff_count=args.members + args.members // 10,
    )
    chair = core_services.user_create(actor=None, username="bench_chair", full_name="主席")
    core_services.role_grant(actor=None, user=chair, role=Role.CHAIR, union=union)
    User.objects.filter(pk=chair.pk).update(**_no_password_change())
    fill_union(union, args.members, seed=args.seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return union, User.objects.get(pk=chair.pk)


def _no_password_change() -> dict:
    """A new account may be sent to change its password first (trees after issue 14)."""
    from gonghui.core.models import User

    names = {f.name for f in User._meta.get_fields()}
    return {"must_change_password": False} if "must_change_password" in names else {}


# --- the floors: the same rows by hand-written SQL ------------------------------------


def _figures(u: int) -> list[tuple[str, list]]:
    return [
        (
            "SELECT (SELECT COUNT(*) FROM orgs_member WHERE union_id = %s AND status IN"
            f" {CURRENT}), (SELECT COUNT(*) FROM orgs_member WHERE union_id = %s AND status"
            f" IN {CURRENT} AND sex = 'F'), (SELECT COUNT(*) FROM orgs_uniongroup WHERE"
            " union_id = %s AND archived_at IS NULL)",
            [u, u, u],
        )
    ]


def _roster(u: int, offset: int) -> list[tuple[str, list]]:
    where = f"m.union_id = %s AND m.status IN {CURRENT}"
    return [
        (f"SELECT COUNT(*) FROM (SELECT 1 FROM orgs_member m WHERE {where} LIMIT 10001) t", [u]),
        (
            "SELECT m.id, m.name, m.sex, m.birth_date, m.mobile, m.id_number, m.department,"
            " m.post, m.joined_on, m.card_number, m.status, g.name FROM orgs_member m LEFT"
            f" JOIN orgs_uniongroup g ON g.id = m.group_id WHERE {where}"
            f" ORDER BY g.name, m.name_pinyin, m.id LIMIT 50 OFFSET {offset}",
            [u],
        ),
    ]


def _picked(u: int, *conditions: tuple[str, list]) -> tuple[str, list]:
    """The first 21 current members matching any condition, with their group, by pinyin:
    each condition's first 21 through its own index, then the 21 first of those."""
    firsts, params = [], []
    for condition, values in conditions:
        firsts.append(
            f"SELECT id FROM (SELECT name_pinyin, id FROM orgs_member WHERE union_id = %s AND"
            f" status IN {CURRENT} AND {condition} ORDER BY name_pinyin, id LIMIT 21) t"
        )
        params += [u, *values]
    return (
        "SELECT m.id, m.name, m.card_number, g.name FROM orgs_member m LEFT JOIN"
        f" orgs_uniongroup g ON g.id = m.group_id WHERE m.id IN ({' UNION '.join(firsts)})"
        " ORDER BY m.name_pinyin, m.id LIMIT 21",
        params,
    )


def _groups(u: int, contains: str | None) -> tuple[str, list]:
    like = "" if contains is None else " AND g.name LIKE %s"
    return (
        "SELECT g.id, g.name, (SELECT COUNT(*) FROM orgs_member m WHERE m.group_id = g.id AND"
        f" m.status IN {CURRENT}) FROM orgs_uniongroup g WHERE g.union_id = %s AND"
        f" g.archived_at IS NULL{like} ORDER BY g.name, g.id LIMIT 20",
        [u] if contains is None else [u, f"%{contains}%"],
    )


def floors(u: int, card: str) -> dict[str, list[tuple[str, list]]]:
    prefix = "name_pinyin >= %s AND name_pinyin < %s"
    in_groups = (
        "SELECT id FROM orgs_uniongroup WHERE union_id = %s AND archived_at IS NULL AND"
        " name LIKE %s ORDER BY id LIMIT 5"
    )
    return {
        "工作台 /": _figures(u),
        "union page": [
            *_figures(u),
            (
                "SELECT g.id, g.name, l.name, (SELECT COUNT(*) FROM orgs_member m WHERE"
                f" m.group_id = g.id AND m.status IN {CURRENT}) FROM orgs_uniongroup g LEFT"
                " JOIN orgs_member l ON l.id = g.leader_id WHERE g.union_id = %s AND"
                " g.archived_at IS NULL ORDER BY g.id LIMIT 101",
                [u],
            ),
        ],
        "roster page 1": _roster(u, 0),
        "roster page 200 (deepest)": _roster(u, 9950),
        "new voucher": [
            ("SELECT id, code, name, parent_id FROM finance_category ORDER BY code", [])
        ],
        "picker ''": [_groups(u, None), _picked(u, ("1 = 1", []))],
        "picker 'zh'": [
            _groups(u, "zh"),
            _picked(
                u,
                ("name_initials >= %s AND name_initials < %s", ["zh", "zi"]),
                (prefix, ["zh", "zi"]),
            ),
        ],
        "picker '张'": [
            _groups(u, "张"),
            _picked(
                u,
                (f"{prefix} AND name LIKE %s", ["zhang", "zhanh", "张%"]),
                (f"group_id IN ({in_groups})", [u, "%张%"]),
            ),
        ],
        "picker '车间' (group)": [
            _groups(u, "车间"),
            _picked(u, (f"group_id IN ({in_groups})", [u, "%车间%"])),
        ],
        "picker card number": [
            _groups(u, card),
            _picked(u, ("card_number = %s AND NOT (card_number = '')", [card])),
        ],
        "member export": [
            (
                "SELECT m.*, g.name FROM orgs_member m LEFT JOIN orgs_uniongroup g ON g.id ="
                f" m.group_id WHERE m.union_id = %s AND m.status IN {CURRENT}"
                " ORDER BY g.name, m.name_pinyin, m.id",
                [u],
            )
        ],
    }


def pages(code: str, card: str) -> dict[str, str]:
    pick = f"/unions/{code}/members/pick/?for=voucher&q="
    return {
        "工作台 /": "/",
        "union page": f"/unions/{code}/",
        "roster page 1": f"/unions/{code}/members/",
        "roster page 200 (deepest)": f"/unions/{code}/members/?page=200",
        "new voucher": f"/unions/{code}/finance/vouchers/new/",
        "picker ''": pick,
        "picker 'zh'": f"{pick}zh",
        "picker '张'": f"{pick}张",
        "picker '车间' (group)": f"{pick}车间",
        "picker card number": f"{pick}{card}",
        "member export": f"/unions/{code}/members/export/",
    }


# --- timing ---------------------------------------------------------------------------


def body(response) -> tuple[bytes, bytes]:
    """(as sent, raw) bytes of a response; a streamed one is read to the end."""
    sent = b"".join(response.streaming_content) if response.streaming else response.content
    raw = gzip.decompress(sent) if response.get("Content-Encoding") == "gzip" else sent
    return sent, raw


def peak_mib(client, url) -> float:
    """The most memory Python held at once for one request, beyond what it held before
    (MiB, ``tracemalloc``; the response is read and dropped chunk by chunk)."""
    tracemalloc.start()
    try:
        response = client.get(url, **BROWSER)
        for _ in response.streaming_content if response.streaming else [response.content]:
            pass  # read to the end, keeping nothing
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run_floor(queries) -> int:
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(2000):
                rows += len(chunk)
    return rows


def time_case(client, url, floor_sql, repeat: int):
    """(ours seconds, floor seconds, sent bytes, raw bytes, queries, peak MiB of the page)."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3 if repeat > 3 else 1):  # warm-ups
        response = client.get(url, **BROWSER)
        if response.status_code == 404:
            return None  # a page this tree does not have (an older one, for "before")
        assert response.status_code == 200, (url, response.status_code)
        sent, raw = body(response)
        run_floor(floor_sql)
    settings.DEBUG = True
    with CaptureQueriesContext(connection) as ctx:
        body(client.get(url, **BROWSER))
    settings.DEBUG = False
    queries = len(ctx.captured_queries)  # before the next request empties the log
    peak = peak_mib(client, url)
    ours, floor = [], []
    for _ in range(repeat):  # round-robin: drift and background load hit both alike
        started = time.perf_counter()
        body(client.get(url, **BROWSER))
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        run_floor(floor_sql)
        floor.append(time.perf_counter() - started)
    return ours, floor, len(sent), len(raw), queries, peak


def percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        vendor = setup_django(Path(tmpdir))
        try:
            run(args, vendor, Path(tmpdir))
        finally:
            if vendor == "postgresql":
                drop_pg()


def run(args, vendor: str, tmp: Path) -> None:
    import django
    from django.db import connection
    from django.test import Client

    from gonghui.orgs.models import Member, UnionGroup

    load = os.getloadavg()[0]
    started = time.perf_counter()
    union, chair = build(args)
    built = time.perf_counter() - started
    card = Member.objects.filter(union=union).order_by("-id").values_list("card_number").first()
    card = card[0] if card else ""
    current = Member.objects.current().filter(union=union).count()
    print(f"gonghui scale bench  {time.strftime('%Y-%m-%d %H:%M')}  {platform.platform()}")
    print(
        f"machine: {os.cpu_count()} cores, load average {load:.1f} at start, Python"
        f" {platform.python_version()}, Django {django.get_version()}"
    )
    if vendor == "sqlite":
        size = (tmp / "bench.sqlite3").stat().st_size / 2**20
        import sqlite3

        engine = f"SQLite {sqlite3.sqlite_version} (temporary file, WAL), {size:.0f} MiB"
    else:
        engine = f"PostgreSQL {connection.pg_version} (database bench_scale)"
    print(f"database: {engine}")
    print(
        f"sizes: one union of {args.members:,} members ({current:,} 在会 or 退休) in"
        f" {UnionGroup.objects.filter(union=union).count():,} groups; built in {built:.1f} s"
    )
    print(
        f"timing: median of {args.repeat} requests ({args.export_repeat} for the export)"
        " after warm-ups, round-robin with the floor (the same rows by raw SQL)\n"
    )
    client = Client()
    client.force_login(chair)
    print(
        f"{'case':<28}{'ours ms':>10}{'p95':>9}{'floor ms':>10}{'ours/floor':>11}"
        f"{'queries':>8}{'sent B':>11}{'raw B':>12}{'peak MiB':>10}"
    )
    floor_sql = floors(union.pk, card)
    for name, url in pages(union.code, card).items():
        if not re.search(args.cases, name):
            continue
        repeat = args.export_repeat if name == "member export" else args.repeat
        timed = time_case(client, url, floor_sql[name], repeat)
        if timed is None:
            print(f"{name:<28}{'(no such page in this tree)':>30}")
            continue
        ours, floor, sent, raw, queries, peak = timed
        o, f = statistics.median(ours) * 1e3, statistics.median(floor) * 1e3
        print(
            f"{name:<28}{o:>10.1f}{percentile(ours, 0.95) * 1e3:>9.1f}{f:>10.2f}"
            f"{o / f:>11.1f}{queries:>8}{sent:>11,}{raw:>12,}{peak:>10.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
