"""Benchmark of the monthly dues run (会费计算) on a million members.

    .venv/bin/python bench/dues_run.py [--members 1000000] [--naive 10000] [--db sqlite|postgres|both]

The data: one enterprise union holding every member, built by ``gonghui generate --unions 1``
(realistic statuses: ~92 % 在会, ~5 % 退休, the rest gone) and cached; then a dues base for
nearly every member written by one INSERT … SELECT (wages with fen, every 97th member exempt,
every 211th without a base). Three ways of charging one month, each from the same empty
month and checked to write the same rows (count, total in fen, and a digest of
member → amount):

- ours: ``gonghui.finance.services.dues.dues_run`` — run record, lock, count, one INSERT …
  SELECT, the total, one audit entry, one transaction;
- floor: the same rows by one hand-written INSERT … SELECT sent raw through the cursor, in
  one transaction (what the database alone costs);
- naive: a per-member ORM loop (load each member with their base, ask whether a charge
  exists, compute in Python, ``DuesCharge.objects.create``), timed on ``--naive`` members and
  scaled to the whole union.

Targets printed beside the figures: ours ≤ 3 × floor and ≥ 50 × faster than the naive loop.
SQLite is cached under var/bench/; PostgreSQL runs with ``--db postgres|both`` or when
DATABASE_URL points at one, in a database ``bench_dues_…`` that is kept for the next run
(``--drop-pg`` removes it at the end).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
MONTH = datetime.date(2026, 11, 1)
ACTOR = "bench_dues_treasurer"
TARGET_FLOOR = 3.0
TARGET_NAIVE = 50.0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=1_000_000)
    p.add_argument("--naive", type=int, default=10_000, help="members the naive loop charges")
    p.add_argument("--repeat", type=int, default=3, help="timed runs of ours and the floor")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--db", choices=("sqlite", "postgres", "both"), default=None)
    p.add_argument("--pg", action="store_true", help="also PostgreSQL (same as --db both)")
    p.add_argument("--rebuild", action="store_true", help="generate the data again")
    p.add_argument("--drop-pg", action="store_true", help="drop the PostgreSQL database after")
    p.add_argument("--build-only", action="store_true", help="build the cached data and stop")
    p.add_argument("--child", default="", help=argparse.SUPPRESS)
    return p.parse_args()


def data_key(args) -> str:
    """Parameters plus the generator's source: an unchanged rerun starts at once. A schema
    change reaches the cached data through ``migrate`` at the start of every run."""
    digest = hashlib.sha256()
    src = ROOT / "src" / "gonghui"
    sources = [
        src / "members" / "synthetic.py",
        src / "members" / "management" / "commands" / "generate.py",
        Path(__file__),
    ]
    for path in sources:
        if path == Path(__file__):
            # Only the data-building part of this file counts.
            text = path.read_text()
            start, end = text.index("\n# --- data -"), text.index("\n# --- end data -")
            digest.update(text[start:end].encode())
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"m{args.members}-s{args.seed}-{digest.hexdigest()[:10]}"


# --- data ----------------------------------------------------------------------------

# Wages in fen, spread so that bases land on every fen and around every ten-yuan step:
# basic 1,500.00–4,999.99, post 500.00–1,999.99, performance 0–1,499.99; allowance and
# bonus are set but not counted by default.
BASES_SQL = """
INSERT INTO finance_duesbase
    (member_id, union_id, basic, post, performance, allowance, bonus, exempt,
     exempt_reason, updated_at)
SELECT m.id, m.union_id,
       1500 + ((m.id * 7919) %% 350000) / 100.0,
       500 + ((m.id * 104729) %% 150000) / 100.0,
       ((m.id * 15485863) %% 150000) / 100.0,
       ((m.id * 31) %% 80000) / 100.0,
       ((m.id * 17) %% 200000) / 100.0,
       {exempt},
       CASE WHEN m.id %% 97 = 0 THEN '病休' ELSE '' END,
       CURRENT_TIMESTAMP
FROM orgs_member m
WHERE m.union_id = %s AND m.id %% 211 <> 0
"""


def gonghui_env(url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, GONGHUI_TESTING="1", GONGHUI_DATA_DIR=str(CACHE))
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    return env


def generate(args, url: str) -> float:
    """``gonghui generate`` into the database at ``url``, then the dues bases."""
    env = gonghui_env(url)
    gonghui = [sys.executable, "-m", "gonghui.cli"]
    started = time.perf_counter()
    subprocess.run([*gonghui, "migrate", "-v0", "--skip-checks"], env=env, check=True)
    subprocess.run(
        [*gonghui, "generate", "--skip-checks", f"--unions={max(1, args.members // 1000)}",
         f"--members={args.members}", f"--seed={args.seed}"],
        env=env,
        check=True,
    )  # fmt: skip
    subprocess.run([sys.executable, __file__, "--child", "bases"], env=env, check=True)
    return time.perf_counter() - started


def child_bases() -> None:
    """Merge the generated unions into one (the generator spreads members over unions of
    realistic sizes, and one union of a million is what is timed), then write the bases."""
    from django.db import connection, transaction

    from gonghui.orgs.models import FEDERATION_KINDS, Union

    grassroots = list(
        Union.objects.exclude(kind__in=FEDERATION_KINDS).order_by("pk").values_list("pk", flat=True)
    )
    union = grassroots[0]
    exempt = "CASE WHEN m.id %% 97 = 0 THEN {t} ELSE {f} END".format(
        **({"t": "1", "f": "0"} if connection.vendor == "sqlite" else {"t": "TRUE", "f": "FALSE"})
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Group names are unique within a union: suffix each with its old union's id.
        cursor.execute(
            "UPDATE orgs_uniongroup SET name = SUBSTR(name || '-' || union_id, 1, 60)"
            " WHERE union_id <> %s",
            [union],
        )
        for table in ("orgs_uniongroup", "orgs_member", "members_memberevent"):
            cursor.execute(f"UPDATE {table} SET union_id = %s WHERE union_id <> %s", [union, union])
        cursor.execute(
            "UPDATE orgs_union SET name = '示范精密机械集团有限公司工会', staff_count = %s"
            " WHERE id = %s",
            [len(grassroots) * 1100, union],
        )
        cursor.execute(BASES_SQL.format(exempt=exempt), [union])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def sqlite_data(args) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"dues-{data_key(args)}.sqlite3"
    if path.exists() and not args.rebuild:
        return path
    for old in CACHE.glob(f"dues-m{args.members}-s{args.seed}-*.sqlite3*"):
        old.unlink()
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    print(f"generating {args.members:,} members into {path} …", flush=True)
    seconds = generate(args, f"sqlite:///{partial}")
    print(f"  built in {seconds:.0f} s", flush=True)
    partial.rename(path)
    return path


def postgres_admin_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        try:
            url = subprocess.run(
                ["bash", str(ROOT / "scripts" / "pg.sh"), "url"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            pass
    except Exception:
        return None
    return url


def postgres_data(args, admin_url: str) -> str:
    import psycopg

    name = "bench_dues_" + data_key(args).replace("-", "_")
    url = urlsplit(admin_url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        stale = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [f"bench_dues_m{args.members}_s{args.seed}_%", name],
        ).fetchall()
        for (old,) in stale:
            conn.execute(f'DROP DATABASE "{old}"')
        if exists and args.rebuild:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if exists:
            return url
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"generating {args.members:,} members into PostgreSQL database {name} …", flush=True)
    try:
        seconds = generate(args, url)
    except BaseException:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        raise
    print(f"  built in {seconds:.0f} s", flush=True)
    return url


# --- end data ------------------------------------------------------------------------


# --- measuring (in a child process per database) -----------------------------------

# The floor, written by hand for the default setting (基本工资 + 岗位工资 + 基础性绩效工资,
# 0.5 %, the part under ten yuan not counted, retired members exempt): the same rows as
# ours, in integer fen, in one statement, into an empty month — so without ours' guard
# against members already charged (ON CONFLICT on the unique index).
FLOOR_SQL = """
INSERT INTO finance_duescharge
    (union_id, member_id, group_id_at, month, base, rate, amount, paid, run_id)
SELECT union_id, member_id, group_id, %s, base_fen / 100.0, %s, amount_fen / 100.0, 0, NULL
FROM (
    SELECT m.union_id, m.id AS member_id, m.group_id,
           CAST(ROUND(b.basic * 100) AS BIGINT) + CAST(ROUND(b.post * 100) AS BIGINT)
               + CAST(ROUND(b.performance * 100) AS BIGINT) AS base_fen,
           ((CAST(ROUND(b.basic * 100) AS BIGINT) + CAST(ROUND(b.post * 100) AS BIGINT)
               + CAST(ROUND(b.performance * 100) AS BIGINT)) / 1000 * 1000 * 50 + 5000)
               / 10000 AS amount_fen
    FROM orgs_member m JOIN finance_duesbase b ON b.member_id = m.id
    WHERE m.union_id = %s AND m.status = 'active'
      AND (m.joined_on IS NULL OR m.joined_on <= %s) AND NOT b.exempt
) s
WHERE amount_fen > 0
"""
# What a month's charges add up to, to check that every way wrote the same rows.
DIGEST_SQL = """
SELECT COUNT(*), SUM(CAST(ROUND(amount * 100) AS BIGINT)), SUM(CAST(ROUND(base * 100) AS BIGINT)),
       SUM((member_id %% 100003) * CAST(ROUND(amount * 100) AS BIGINT)),
       SUM(COALESCE(group_id_at, 0))
FROM finance_duescharge WHERE union_id = %s AND month = %s {extra}
"""


def _setup():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a no-op unless a migration was added since
    from gonghui.core import services as core_services
    from gonghui.core.models import Role, RoleGrant, User
    from gonghui.orgs.models import FEDERATION_KINDS, Union

    union = Union.objects.exclude(kind__in=FEDERATION_KINDS).order_by("pk").first()
    user = User.objects.filter(username=ACTOR).first()
    if user is None:
        user = core_services.user_create(actor=None, username=ACTOR, full_name=ACTOR)
    if not RoleGrant.objects.active().filter(user=user, union=union).exists():
        core_services.role_grant(actor=None, user=user, role=Role.TREASURER, union=union)
    return union, user


def _clear(union) -> None:
    """Remove the month's charges and runs (not timed), so every way starts alike."""
    from django.db import connection, transaction

    from gonghui.finance.models import DuesCharge, DuesRun

    day = connection.ops.adapt_datefield_value(MONTH)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {DuesCharge._meta.db_table} WHERE union_id = %s AND month = %s",
            [union.pk, day],
        )
        cursor.execute(
            f"DELETE FROM {DuesRun._meta.db_table} WHERE union_id = %s AND month = %s",
            [union.pk, day],
        )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute(f"VACUUM ANALYZE {DuesCharge._meta.db_table}")


def _digest(union, members: list[int] | None = None) -> list:
    from django.db import connection

    day = connection.ops.adapt_datefield_value(MONTH)
    extra, params = "", [union.pk, day]
    if members is not None:
        extra = f"AND member_id IN ({', '.join(str(int(m)) for m in members)})"
    with connection.cursor() as cursor:
        cursor.execute(DIGEST_SQL.format(extra=extra), params)
        return [int(v or 0) for v in cursor.fetchone()]


def _floor(union) -> float:
    from django.db import connection, transaction

    ops = connection.ops
    day = ops.adapt_datefield_value(MONTH)
    end = ops.adapt_datefield_value(datetime.date(2026, 11, 30))
    rate = ops.adapt_decimalfield_value(__import__("decimal").Decimal("0.005"), 6, 4)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [day, rate, union.pk, end])
    return time.perf_counter() - started


def _ours(union, user) -> tuple[float, int]:
    from gonghui.finance.services.dues import dues_run

    started = time.perf_counter()
    run = dues_run(actor=user, union=union, month=MONTH)
    return time.perf_counter() - started, run.created


def _naive(union, n: int) -> tuple[float, list[int], int]:
    """Charge the first ``n`` current members one by one through the ORM, as a first
    version would: load member and base, ask whether the charge exists, compute in Python,
    create. One transaction (a generous naive loop: no commit per member)."""
    from django.db import transaction

    from gonghui.finance import money
    from gonghui.finance.models import DuesBase, DuesCharge
    from gonghui.orgs.models import Member

    end = datetime.date(2026, 11, 30)
    rate, counted = __import__("decimal").Decimal("0.005"), ("basic", "post", "performance")
    ids = list(
        Member.objects.filter(union=union, status="active")
        .order_by("pk")
        .values_list("pk", flat=True)[:n]
    )
    started = time.perf_counter()
    with transaction.atomic():
        for pk in ids:
            member = Member.objects.get(pk=pk)
            base = DuesBase.objects.filter(member=member).first()
            if base is None or base.exempt:
                continue
            if member.joined_on and member.joined_on > end:
                continue
            if DuesCharge.objects.filter(member=member, month=MONTH).exists():
                continue
            items = {i: getattr(base, i) for i in counted}
            full = money.dues_base(items, counted)
            amount = money.dues_amount(full, rate, "drop10")
            if amount > 0:
                DuesCharge.objects.create(
                    union=union, member=member, group_id_at=member.group_id, month=MONTH,
                    base=full, rate=rate, amount=amount,
                )  # fmt: skip
    return time.perf_counter() - started, ids, len(ids)


def child_time(args) -> None:
    from django.db import connection

    from gonghui.orgs.models import Member

    union, user = _setup()
    members = Member.objects.filter(union=union).count()
    current = Member.objects.filter(union=union, status="active").count()
    ours, floor, rerun = [], [], []
    digests = set()
    created = 0
    for _ in range(args.repeat):
        _clear(union)
        floor.append(_floor(union))
        digests.add(tuple(_digest(union)))
        _clear(union)
        seconds, created = _ours(union, user)
        ours.append(seconds)
        digests.add(tuple(_digest(union)))
        seconds, again = _ours(union, user)  # the month once more: nothing is missing
        assert again == 0, again
        rerun.append(seconds)
    reference = _digest(union)
    _clear(union)
    naive_s, ids, looped = _naive(union, args.naive)
    naive_digest = _digest(union)
    # The naive rows must be ours' rows for the same members.
    _clear(union)
    _ours(union, user)
    ours_subset = _digest(union, ids)
    _clear(union)
    if connection.vendor == "sqlite":
        import sqlite3

        engine = f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
            cursor.execute("SHOW fsync")
            engine = f"PostgreSQL {version} (fsync={cursor.fetchone()[0]})"
    print(
        json.dumps(
            {
                "engine": engine,
                "members": members,
                "current": current,
                "created": created,
                "total_fen": reference[1],
                "same_rows": len(digests) == 1,
                "naive_same_rows": naive_digest == ours_subset,
                "ours": ours,
                "floor": floor,
                "rerun": rerun,
                "naive": naive_s,
                "naive_members": looped,
            }
        )
    )


def report(name: str, r: dict, load: float) -> None:
    import django

    ours, floor = statistics.median(r["ours"]), statistics.median(r["floor"])
    per_member = r["naive"] / r["naive_members"]
    naive_scaled = per_member * r["current"]
    vs_floor, vs_naive = ours / floor, naive_scaled / ours
    ok = {True: "met", False: "MISSED"}
    print(f"\n== {name}: {r['engine']}")
    print(
        f"machine: {os.cpu_count()} cores, load average {load:.1f} at start, "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )
    print(
        f"union: {r['members']:,} members, {r['current']:,} 在会; the run charges "
        f"{r['created']:,} (total {r['total_fen'] / 100:,.2f} 元)"
    )
    print(f"timing: median of {len(r['ours'])} runs each, ours and floor alternating\n")
    print(f"{'case':44} {'seconds':>10}")
    print(
        f"{'ours: dues_run (one INSERT … SELECT)':44} {ours:10.2f}   runs: "
        + ", ".join(f"{t:.2f}" for t in r["ours"])
    )
    print(
        f"{'floor: raw INSERT … SELECT':44} {floor:10.2f}   runs: "
        + ", ".join(f"{t:.2f}" for t in r["floor"])
    )
    print(f"{'ours again (nothing missing)':44} {statistics.median(r['rerun']):10.2f}")
    print(
        f"{'naive ORM loop, ' + format(r['naive_members'], ',') + ' members':44} {r['naive']:10.2f}"
        f"   ({per_member * 1e6:,.0f} µs a member)"
    )
    print(f"{'naive, scaled to ' + format(r['current'], ',') + ' members':44} {naive_scaled:10.1f}")
    print()
    print(
        f"ours / floor  = {vs_floor:6.2f}   target ≤ {TARGET_FLOOR:g}   {ok[vs_floor <= TARGET_FLOOR]}"
    )
    print(
        f"naive / ours  = {vs_naive:6.1f}   target ≥ {TARGET_NAIVE:g}   {ok[vs_naive >= TARGET_NAIVE]}"
    )
    print(
        f"same rows: floor = ours {'yes' if r['same_rows'] else 'NO'}; "
        f"naive = ours on its members {'yes' if r['naive_same_rows'] else 'NO'}"
    )  # fmt: skip


def run_child(args, url: str) -> dict:
    cmd = [sys.executable, __file__, "--child", "time", f"--repeat={args.repeat}",
           f"--naive={args.naive}"]  # fmt: skip
    proc = subprocess.run(cmd, env=gonghui_env(url), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-8000:])
        raise SystemExit(f"timing failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    args = parse_args()
    if args.child:
        import django

        django.setup()
        if args.child == "bases":
            child_bases()
        else:
            child_time(args)
        return
    load = os.getloadavg()[0]
    engines = [args.db or ("both" if args.pg else None)]
    if engines == [None]:
        url = os.environ.get("DATABASE_URL", "")
        engines = ["both" if url.startswith(("postgres://", "postgresql://")) else "sqlite"]
    wanted = ["sqlite", "postgres"] if engines[0] == "both" else engines
    urls = {}
    if "sqlite" in wanted:
        urls["SQLite"] = f"sqlite:///{sqlite_data(args)}"
    if "postgres" in wanted:
        admin = postgres_admin_url()
        if admin is None:
            raise SystemExit("PostgreSQL is not reachable (bash scripts/pg.sh start).")
        urls["PostgreSQL"] = postgres_data(args, admin)
    if args.build_only:
        return
    print(f"gonghui dues run bench  {datetime.date.today()}  {platform.platform()}")
    for name, url in urls.items():
        report(name, run_child(args, url), load)
    if args.drop_pg and "PostgreSQL" in urls:
        import psycopg

        name = urlsplit(urls["PostgreSQL"]).path.lstrip("/")
        with psycopg.connect(postgres_admin_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
