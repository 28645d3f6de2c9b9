"""Benchmark of the member list page (会员名册) on a generated district of a million members.

    .venv/bin/python bench/roster_scale.py [--unions 10000] [--members 1000000] [--repeat 30]

The district comes from ``gonghui generate`` into a SQLite file cached under var/bench/
(keyed by the parameters and the generator's source, so a rerun starts in seconds). Each
case is the page as a federation admin gets it through Django's test Client: the list of
the largest grassroots union and of the whole federation, plain and with a search for
pinyin initials, full pinyin and the last four digits of a number. For each it prints the
median and p95 of the page, the number of SQL queries the page sends, the time of the
page's own member queries replayed through the sqlite3 module, and a floor: the same page
of rows (50, in the page's order, with the capped count) written by hand in raw SQL and
run through the sqlite3 module directly. Target: median under 150 ms.
"""

import argparse
import datetime
import hashlib
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
TARGET_MS = 150
PER_PAGE = 50
COUNT_CAP = 10_000
ADMIN = "bench_fed_admin"
CHAIR = "bench_chair"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--unions", type=int, default=10_000, help="grassroots unions (default 10000)")
    p.add_argument("--members", type=int, default=1_000_000, help="members (default 1000000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=30, help="timed requests per case")
    p.add_argument("--rebuild", action="store_true", help="generate again even if cached")
    p.add_argument("--explain", action="store_true", help="print the plans of the page's SQL")
    return p.parse_args()


def cache_path(args) -> Path:
    """The cached database for these parameters; a change to the generator or to any
    migration makes a new one."""
    digest = hashlib.sha256()
    src = ROOT / "src" / "gonghui"
    sources = [
        src / "members" / "synthetic.py",
        src / "members" / "management" / "commands" / "generate.py",
        *sorted(src.glob("*/migrations/0*.py")),
    ]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    key = f"u{args.unions}-m{args.members}-s{args.seed}-{digest.hexdigest()[:10]}"
    return CACHE / f"roster-{key}.sqlite3"


def build(args, path: Path) -> float:
    """Generate the district into ``path`` in a child process (settings are per process)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"roster-u{args.unions}-m{args.members}-s{args.seed}-*.sqlite3*"):
        old.unlink()  # an outdated copy of the same parameters
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{partial}", GONGHUI_TESTING="1")
    env["GONGHUI_DATA_DIR"] = str(CACHE)
    gonghui = [sys.executable, "-m", "gonghui.cli"]
    started = time.perf_counter()
    subprocess.run([*gonghui, "migrate", "-v0", "--skip-checks"], env=env, check=True)
    subprocess.run(
        [*gonghui, "generate", "--skip-checks", f"--unions={args.unions}",
         f"--members={args.members}", f"--seed={args.seed}"],
        env=env,
        check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    partial.rename(path)
    return seconds


def main() -> None:
    load = os.getloadavg()[0]
    args = parse_args()
    path = cache_path(args)
    built = None
    if args.rebuild or not path.exists():
        print(f"generating {args.unions:,} unions / {args.members:,} members into {path} …")
        built = build(args, path)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["GONGHUI_DATA_DIR"] = str(CACHE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ.setdefault("GONGHUI_TESTING", "1")
    # The test Client's host; DEBUG stays off (no query log while timing).
    os.environ["ALLOWED_HOSTS"] = "testserver"
    warnings.filterwarnings("ignore", message="No directory at")  # no collected STATIC_ROOT
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a no-op unless a migration was added since
    run(args, path, load, built)


# --- measuring -----------------------------------------------------------------------


def percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def account(username: str, role: str, union):
    """A user holding ``role`` on ``union``, made through the services (kept for reruns)."""
    from gonghui.core import services as core_services
    from gonghui.core.models import RoleGrant, User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = core_services.user_create(actor=None, username=username, full_name=username)
    if not RoleGrant.objects.active().filter(user=user, role=role, union=union).exists():
        core_services.role_grant(actor=None, user=user, role=role, union=union)
    return user


# The floor: the rows a page shows, in its order, plus the capped count, by hand.
COLUMNS = (
    "m.id, m.name, m.sex, m.birth_date, m.mobile, m.id_number, m.department, m.post,"
    " m.joined_on, m.card_number, m.status, g.name, u.name"
)
CURRENT = "m.status IN ('active', 'retired')"


def prefix(column: str, value: str) -> tuple[str, list[str]]:
    return f"({column} >= ? AND {column} < ?)", [value, value[:-1] + chr(ord(value[-1]) + 1)]


def floor_queries(union, q: str) -> list[tuple[str, list]]:
    """The count and the first page of the list in raw SQL (sqlite3 placeholders)."""
    if union.is_federation:
        scope = "m.union_id IN (SELECT id FROM orgs_union WHERE path >= ? AND path < ?)"
        params: list = [union.path, union.path[:-1] + "0"]  # "/1/" … "/10": the subtree
        order = "m.name_pinyin, m.id"
    else:
        scope, params = "m.union_id = ?", [union.pk]
        order = "g.name, m.name_pinyin, m.id"
    where, extra = f"{scope} AND {CURRENT}", []
    if q.isdigit():
        where += " AND (m.mobile_tail = ? OR m.id_tail = ? OR m.card_number = ?)"
        extra = [q, q, q]
    elif q:
        a, pa = prefix("m.name_initials", q)
        b, pb = prefix("m.name_pinyin", q)
        where += f" AND ({a} OR {b})"
        extra = pa + pb
    joins = (
        "FROM orgs_member m LEFT JOIN orgs_uniongroup g ON g.id = m.group_id"
        " JOIN orgs_union u ON u.id = m.union_id"
    )
    count = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM orgs_member m WHERE {where} LIMIT {COUNT_CAP + 1})"
    )
    rows = f"SELECT {COLUMNS} {joins} WHERE {where} ORDER BY {order} LIMIT {PER_PAGE}"
    return [(count, params + extra), (rows, params + extra)]


def run(args, path: Path, load: float, built: float | None) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.models import Role
    from gonghui.orgs.models import FEDERATION_KINDS, Member, Union

    top = Union.objects.filter(parent=None, code=f"gen{args.seed}").get()
    biggest = (
        Union.objects.filter(path__startswith=top.path)
        .exclude(kind__in=FEDERATION_KINDS)
        .annotate(n=Count("members"))
        .order_by("-n")
        .first()
    )
    admin = Client()
    admin.force_login(account(ADMIN, Role.FEDERATION_ADMIN, top))
    # The same union's list as its own chair sees it: the page without the federation
    # admin's union switcher, which lists every union of the district.
    chair = Client()
    chair.force_login(account(CHAIR, Role.CHAIR, biggest))
    raw = sqlite3.connect(path)  # the floor: no Django between the script and SQLite

    cases = []
    for label, union in (("union", biggest), ("federation", top)):
        for q in ("", "zw", "zhangwei", "5678"):
            cases.append((label, union, q, admin))
    cases[1:1] = [("union, as its chair", biggest, "", chair)]

    def url(union, q):
        return f"/unions/{union.code}/members/" + (f"?q={q}" if q else "")

    header(args, path, load, built, top, biggest, Member.objects.count())
    print(
        f"{'case':<26} {'matches':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
        f" {'page SQL ms':>12} {'floor ms':>9} {'page/floor':>10} {'same rows':>9}"
        f"  target < {TARGET_MS} ms",
        flush=True,
    )
    plans = []
    for label, union, q, client in cases:
        target = url(union, q)

        def page(target=target, client=client):
            response = client.get(target)
            if response.status_code != 200:
                raise SystemExit(f"{target}: HTTP {response.status_code}")
            return response

        page()
        with CaptureQueriesContext(connection) as captured:
            page()
        queries = [c["sql"] for c in captured.captured_queries]
        member_sql = [s for s in queries if "orgs_member" in s]

        def replay(member_sql=member_sql):
            return [raw.execute(sql).fetchall() for sql in member_sql]

        floor_sql = floor_queries(union, q)

        def floor(floor_sql=floor_sql):
            return [raw.execute(sql, params).fetchall() for sql, params in floor_sql]

        # The page's rows (its query with a LIMIT and no COUNT, id first; none when nothing
        # matches) against the floor's.
        floor_rows = floor()
        listed = [
            [r[0] for r in rows]
            for sql, rows in zip(member_sql, replay(), strict=True)
            if " LIMIT " in sql and "COUNT(" not in sql.upper()
        ]
        same = "yes" if (listed or [[]])[0] == [r[0] for r in floor_rows[1]] else "NO"
        page_t, replay_t, floor_t = [], [], []
        for fn in (page, replay, floor):
            for _ in range(3):
                fn()
        for _ in range(args.repeat):  # round-robin: drift hits all three alike
            for fn, times in ((page, page_t), (replay, replay_t), (floor, floor_t)):
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
        name = f"{label}{' ?q=' + q if q else ''}"
        matches = floor_rows[0][0][0]
        med, fl = statistics.median(page_t), statistics.median(floor_t)
        shown = f"{COUNT_CAP:,}+" if matches > COUNT_CAP else f"{matches:,}"
        print(
            f"{name:<26} {shown:>8} {med * 1e3:10.1f} {percentile(page_t, 0.95) * 1e3:8.1f}"
            f" {len(queries):8d} {statistics.median(replay_t) * 1e3:12.1f} {fl * 1e3:9.2f}"
            f" {med / fl:10.1f} {same:>9}  {'ok' if med * 1e3 < TARGET_MS else 'MISSED'}",
            flush=True,
        )
        if args.explain:
            plans.append((name, member_sql))
    for name, member_sql in plans:
        print(f"\n[{name}]")
        for sql in member_sql:
            print(f"  {sql[:200]}")
            for plan in raw.execute("EXPLAIN QUERY PLAN " + sql):
                print("     ", plan[-1])


def header(args, path: Path, load: float, built, top, biggest, members: int) -> None:
    import django

    from gonghui.orgs.models import FEDERATION_KINDS, Union

    grassroots = Union.objects.filter(path__startswith=top.path).exclude(kind__in=FEDERATION_KINDS)
    print(f"gonghui roster bench  {datetime.date.today()}  {platform.platform()}")
    print(
        f"machine: {os.cpu_count()} cores, load average {load:.1f} at start,"
        f" Python {platform.python_version()}, Django {django.get_version()}"
    )
    origin = f"generated in {built:.0f} s" if built is not None else "cached"
    print(
        f"database: SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL),"
        f" {path.stat().st_size / 2**20:.0f} MiB, {origin}: {path.relative_to(ROOT)}"
    )
    print(
        f"sizes: {grassroots.count():,} grassroots unions under {top.name} ({top.code}),"
        f" {members:,} members; largest union {biggest.name} ({biggest.code}),"
        f" {biggest.members.count():,} members"
    )
    print(
        f"timing: {args.repeat} requests per case after 3 warm-ups, through django.test.Client"
        " as a federation admin (one case as the union's chair); page SQL = the page's own"
        " member queries replayed with the"
        " sqlite3 module; floor = hand-written count (capped at 10,001) and first page of 50"
        " rows in raw SQL with the sqlite3 module\n"
    )


if __name__ == "__main__":
    main()
