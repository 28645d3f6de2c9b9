"""Benchmark of the roster import (花名册导入) against a floor and a peer.

    .venv/bin/python bench/import_members.py [--rows 100000] [--db both|sqlite|postgres]

Writes one roster .xlsx of synthetic people (openpyxl write_only, ID numbers as text) and a
copy with 10 % of the rows changed, then on each database, on the same file:

- floor: python-calamine reads the file and one ``executemany`` inserts the same rows
  (search-key columns included) into ``orgs_member`` in one transaction;
- peer: django-import-export, a ModelResource for Member with its bulk options on
  (use_bulk, batch_size, skip_diff, force_init_instance), the file read through tablib;
- ours: ``gonghui.members.services_import.roster_import`` on the file, then again on the
  changed copy (the re-import); it also writes each new member's 入会 step.

Every step runs in a fresh child process, so its peak memory is the growth of the child's
ru_maxrss during the step (Python objects and C/Rust allocations alike). SQLite is a
temporary file; PostgreSQL, when its cluster is reachable (DATABASE_URL or
``bash scripts/pg.sh url``), a database ``bench_import`` created and dropped here.
"""

import argparse
import datetime
import functools
import hashlib
import itertools
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "bench_import"
UNION_CODE = "bench-import"
ACTOR = "bench_import_admin"
HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "证件类型",
    "身份证号码",
    "出生日期",
    "手机号码",
    "学历",
    "政治面貌",
    "部门",
    "岗位",
    "用工形式",
    "一线职工",
    "中层及以上管理人员",
    "教师",
    "入会时间",
    "会员证号",
    "工会小组",
]
# Targets of issue 3.
TARGET_FLOOR = 1.5
TARGET_PEER = 10.0
TARGET_MB = 500
TARGET_REIMPORT = 2.0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000, help="rows in the roster (default 100000)")
    p.add_argument(
        "--db",
        choices=("both", "sqlite", "postgres"),
        default="both",
        help="both: SQLite, and PostgreSQL when reachable (default)",
    )
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--group-size", type=int, default=50, help="members per 工会小组 (default 50)")
    p.add_argument(
        "--changed", type=float, default=0.10, help="share of rows the re-import changes"
    )
    p.add_argument("--skip-peer", action="store_true", help="leave out django-import-export")
    # Internal: one measured step in a child process.
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--file", help=argparse.SUPPRESS)
    p.add_argument("--today", help=argparse.SUPPRESS)
    return p.parse_args()


# --- the file ------------------------------------------------------------------------


def write_rosters(args, tmp: str, today: datetime.date) -> tuple[str, str, int]:
    """The roster and its changed copy; returns their paths and the number of rows changed."""
    import openpyxl

    from gonghui.members.choices import Education, Employment, IdType, Political
    from gonghui.members.synthetic import Synth

    rng = random.Random(args.seed)
    synth = Synth(rng, today=today)
    groups = synth.departments("enterprise", max(1, args.rows // args.group_size))
    yes_no = {True: "是", False: "否"}
    rows = []
    for i in range(args.rows):
        group = groups[i % len(groups)]
        p = synth.member_fields("enterprise", department=group)
        rows.append(
            [
                i + 1,
                p["name"],
                "男" if p["sex"] == "M" else "女",
                p["ethnicity"],
                IdType(p["id_type"]).label,
                p["id_number"],
                p["birth_date"],
                p["mobile"],
                Education(p["education"]).label,
                Political(p["political_status"]).label,
                p["department"],
                p["post"],
                Employment(p["employment"]).label,
                yes_no[p["is_frontline"]],
                yes_no[p["is_manager"]],
                yes_no[p["is_teacher"]],
                p["joined_on"],
                p["card_number"],
                group,
            ]
        )

    def save(path: str) -> None:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("会员花名册")
        sheet.append(HEADERS)
        for row in rows:
            sheet.append(row)
        book.save(path)

    fresh = os.path.join(tmp, "roster.xlsx")
    save(fresh)
    # The re-import: a new mobile number and another post for every tenth row or so.
    changed = 0
    step = max(1, round(1 / args.changed)) if args.changed > 0 else 0
    for i in range(0, len(rows), step) if step else ():
        rows[i][7] = synth.mobile()
        rows[i][11] = "调岗待定" if rows[i][11] != "调岗待定" else "操作工"
        changed += 1
    edited = os.path.join(tmp, "roster-changed.xlsx")
    save(edited)
    return fresh, edited, changed


# --- databases -----------------------------------------------------------------------


def postgres_url() -> str | None:
    """The admin URL of a reachable PostgreSQL, or None."""
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


def recreate_pg(admin_url: str, drop_only: bool = False) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlsplit(admin_url)._replace(path=f"/{BENCH_DB}").geturl()


def run_child(step: str, env: dict, args, path: str = "", today: str = "") -> dict:
    cmd = [sys.executable, __file__, "--child", step, "--file", path, "--today", today]
    cmd += ["--seed", str(args.seed)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-8000:])
        raise SystemExit(f"step {step} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_engine(args, engine: str, env: dict, fresh: str, edited: str, today: str) -> dict:
    info = run_child("setup", env, args)
    steps = {"info": info}
    steps["floor"] = run_child("floor", env, args, fresh, today)
    steps["tuned"] = run_child("floor-tuned", env, args, fresh, today)
    if not args.skip_peer:
        steps["peer"] = run_child("peer", env, args, fresh, today)
    steps["ours"] = run_child("ours", env, args, fresh, today)
    steps["reimport"] = run_child("ours", env, args, edited, today)
    return steps


# --- the measured steps, each in its own process ----------------------------------------


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def fingerprint(union) -> str:
    """A digest of the union's roster, to check that all three wrote the same rows."""
    from gonghui.orgs.models import Member

    rows = (
        Member.objects.filter(union=union)
        .order_by("id_number")
        .values_list(
            "id_number", "name", "sex", "ethnicity", "id_type", "birth_date", "mobile",
            "education", "political_status", "department", "post", "employment",
            "is_frontline", "is_manager", "is_teacher", "joined_on", "card_number",
            "group__name", "status", *Member.SEARCH_KEYS,
        )
    )  # fmt: skip
    digest = hashlib.sha256()
    for row in rows.iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def clear(union) -> None:
    """Remove what a floor or peer step wrote (not timed)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM orgs_member WHERE union_id = %s", [union.pk])
        cursor.execute("DELETE FROM orgs_uniongroup WHERE union_id = %s", [union.pk])
    # Back to the state of a fresh database, so the next step does not start with a
    # warmed, pre-grown file (SQLite) or reusable dead space (PostgreSQL).
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
        else:
            cursor.execute("VACUUM FULL ANALYZE orgs_member, orgs_uniongroup")


def child(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ.setdefault("GONGHUI_TESTING", "1")
    import django

    django.setup()
    from django.db import connection

    if args.child == "setup":
        print(json.dumps(setup_database()))
        return

    # Everything a step imports is loaded before the baseline, so the growth is the work.
    import import_export.resources  # noqa: F401
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401
    import tablib  # noqa: F401

    from gonghui.core.models import User
    from gonghui.members import services_import  # noqa: F401
    from gonghui.orgs.models import Union

    union = Union.objects.get(code=UNION_CODE)
    actor = User.objects.get(username=ACTOR)
    today = datetime.date.fromisoformat(args.today)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every step starts with no WAL
    step = {
        "floor": floor_step,
        "floor-tuned": functools.partial(floor_step, tuned=True),
        "peer": peer_step,
        "ours": ours_step,
    }[args.child]
    base = maxrss_mb()
    out = step(args.file, union=union, actor=actor, today=today)
    out["peak_mb"] = maxrss_mb() - base
    out["rss_mb"] = maxrss_mb()
    out["fingerprint"] = fingerprint(union)
    if args.child in ("floor", "floor-tuned", "peer"):
        clear(union)
    print(json.dumps(out))


def setup_database() -> dict:
    from django.core.management import call_command
    from django.db import connection

    from gonghui.core import services as core_services
    from gonghui.core.models import Role
    from gonghui.orgs import services
    from gonghui.orgs.models import UnionKind

    call_command("migrate", verbosity=0)
    fed = services.union_create(
        actor=None, name="示范县总工会", code="bench-fed", kind=UnionKind.FEDERATION, parent=None
    )
    union = services.union_create(
        actor=None,
        name="示范精密机械集团有限公司工会",
        code=UNION_CODE,
        kind=UnionKind.ENTERPRISE,
        parent=fed,
        staff_count=200_000,
    )
    actor = core_services.user_create(actor=None, username=ACTOR)
    core_services.role_grant(actor=None, user=actor, role=Role.CHAIR, union=union)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            import sqlite3

            engine = f"SQLite {sqlite3.sqlite_version} (temporary file, WAL, synchronous=NORMAL)"
        else:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
            cursor.execute("SHOW fsync")
            engine = f"PostgreSQL {version} (database {BENCH_DB}, fsync={cursor.fetchone()[0]})"
    return {"engine": engine}


def floor_step(path: str, *, union, actor, today, tuned: bool = False) -> dict:
    """What the work costs without the project: read every cell, map the labels, compute
    the search keys, and insert the rows (groups first) in one transaction, streaming the
    sheet in chunks of 5,000 rows as ours does. ``tuned`` uses what the database loads
    fastest with: a 64 MiB page cache on SQLite, ``COPY`` on PostgreSQL."""
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    from gonghui.members.choices import Education, Employment, IdType, Political
    from gonghui.members.validation import search_keys

    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows()
    ix = {str(h): i for i, h in enumerate(next(rows))}
    sex = {"男": "M", "女": "F"}
    id_types = {label: value for value, label in IdType.choices}
    education = {label: value for value, label in Education.choices}
    political = {label: value for value, label in Political.choices}
    employment = {label: value for value, label in Employment.choices}
    yes = {"是": True, "否": False}
    date = connection.ops.adapt_datefield_value
    (_, c_name, c_sex, c_eth, c_type, c_id, c_birth, c_mobile, c_edu, c_pol, c_dept, c_post,
     c_emp, c_front, c_mgr, c_teacher, c_joined, c_card, c_group) = [ix[h] for h in HEADERS]  # fmt: skip
    insert_group = "INSERT INTO orgs_uniongroup (union_id, name, for_retirees) VALUES (%s, %s, %s)"
    insert_member = (
        "INSERT INTO orgs_member (union_id, group_id, name, sex, ethnicity, id_type,"
        " id_number, birth_date, mobile, education, political_status, department, post,"
        " employment, is_frontline, is_manager, is_teacher, joined_on, card_number, status,"
        " name_pinyin, name_initials, mobile_tail, id_tail)"
        f" VALUES ({', '.join(['%s'] * 24)})"
    )
    count = 0
    groups: dict[str, int] = {}
    copy = tuned and connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if tuned and connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -65536")
        while True:
            chunk = list(itertools.islice(rows, 5000))
            if not chunk:
                break
            new = list(
                dict.fromkeys(str(r[c_group]) for r in chunk if str(r[c_group]) not in groups)
            )
            if new:
                cursor.executemany(insert_group, [(union.pk, n, False) for n in new])
                cursor.execute(
                    "SELECT name, id FROM orgs_uniongroup WHERE union_id = %s", [union.pk]
                )
                groups.update(cursor.fetchall())
            data = []
            for r in chunk:
                name, mobile, number = r[c_name], str(r[c_mobile]), str(r[c_id])
                keys = search_keys(name, mobile, number)
                data.append(
                    (
                        union.pk, groups[str(r[c_group])], name, sex[r[c_sex]], r[c_eth],
                        id_types[r[c_type]], number, date(r[c_birth]), mobile, education[r[c_edu]],
                        political[r[c_pol]], r[c_dept], r[c_post], employment[r[c_emp]],
                        yes[r[c_front]], yes[r[c_mgr]], yes[r[c_teacher]], date(r[c_joined]),
                        str(r[c_card]), "active", keys["name_pinyin"], keys["name_initials"],
                        keys["mobile_tail"], keys["id_tail"],
                    )
                )  # fmt: skip
            if copy:
                columns = insert_member[len("INSERT INTO orgs_member ") :].split(" VALUES")[0]
                with cursor.cursor.copy(f"COPY orgs_member {columns} FROM STDIN") as pipe:
                    for row in data:
                        pipe.write_row(row)
            else:
                cursor.executemany(insert_member, data)
            count += len(data)
    seconds = time.perf_counter() - started
    how = {"sqlite": "64 MiB page cache", "postgresql": "COPY"}[connection.vendor]
    note = f"{how}, 5,000 rows a chunk" if tuned else "executemany per 5,000 rows"
    return {
        "seconds": seconds,
        "read_s": None,
        "rows": count,
        "note": note,
    }


def peer_step(path: str, *, union, actor, today) -> dict:
    """django-import-export with every bulk option its documentation lists for speed."""
    import tablib
    from import_export import fields, resources, widgets

    from gonghui.members.choices import Education, Employment, IdType, Political
    from gonghui.members.validation import search_keys
    from gonghui.orgs.models import Member, UnionGroup

    # The peer cannot create groups from names: they exist before its clock starts (a
    # head start; ours creates them), and are looked up from a dict rather than by one
    # query per row as ForeignKeyWidget would.
    names = list(dict.fromkeys(str(v) for v in _column(path, "工会小组")))
    UnionGroup.objects.bulk_create(UnionGroup(union=union, name=n) for n in names)
    groups = {g.name: g for g in UnionGroup.objects.filter(union=union)}

    class Choice(widgets.Widget):
        def __init__(self, table):
            super().__init__()
            self.table = table

        def clean(self, value, row=None, **kwargs):
            return self.table.get(str(value).strip(), "") if value not in (None, "") else ""

    class Group(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return groups.get(str(value).strip()) if value else None

    def labels(choices):
        return Choice({label: value for value, label in choices.choices})

    yes_no = Choice({"是": True, "否": False})
    dates = widgets.DateWidget()

    def f(attribute, column, widget=None):
        return fields.Field(attribute=attribute, column_name=column, widget=widget)

    class MemberResource(resources.ModelResource):
        name = f("name", "姓名")
        sex = f("sex", "性别", Choice({"男": "M", "女": "F"}))
        ethnicity = f("ethnicity", "民族")
        id_type = f("id_type", "证件类型", labels(IdType))
        id_number = f("id_number", "身份证号码", widgets.CharWidget())
        birth_date = f("birth_date", "出生日期", dates)
        mobile = f("mobile", "手机号码", widgets.CharWidget())
        education = f("education", "学历", labels(Education))
        political_status = f("political_status", "政治面貌", labels(Political))
        department = f("department", "部门")
        post = f("post", "岗位")
        employment = f("employment", "用工形式", labels(Employment))
        is_frontline = f("is_frontline", "一线职工", yes_no)
        is_manager = f("is_manager", "中层及以上管理人员", yes_no)
        is_teacher = f("is_teacher", "教师", yes_no)
        joined_on = f("joined_on", "入会时间", dates)
        card_number = f("card_number", "会员证号", widgets.CharWidget())
        group = f("group", "工会小组", Group())

        class Meta:
            model = Member
            fields = (
                "name", "sex", "ethnicity", "id_type", "id_number", "birth_date", "mobile",
                "education", "political_status", "department", "post", "employment",
                "is_frontline", "is_manager", "is_teacher", "joined_on", "card_number", "group",
            )  # fmt: skip
            import_id_fields = ("id_number",)
            use_bulk = True
            batch_size = 5000
            skip_diff = True
            skip_html_diff = True
            force_init_instance = True  # a fresh import: no lookup per row
            report_skipped = False

        def before_save_instance(self, instance, row, **kwargs):
            instance.union = union
            for key, value in search_keys(
                instance.name, instance.mobile, instance.id_number
            ).items():
                setattr(instance, key, value)

    started = time.perf_counter()
    with open(path, "rb") as fh:
        dataset = tablib.Dataset().load(fh.read(), format="xlsx")
    read_s = time.perf_counter() - started
    result = MemberResource().import_data(
        dataset, dry_run=False, raise_errors=True, use_transactions=True
    )
    seconds = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit("peer: import errors")
    return {"seconds": seconds, "read_s": read_s, "rows": result.totals["new"], "note": ""}


def _column(path: str, header: str) -> list:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    i = [str(h) for h in rows[0]].index(header)
    return [r[i] for r in rows[1:]]


def ours_step(path: str, *, union, actor, today) -> dict:
    from gonghui.members.services_import import roster_import

    started = time.perf_counter()
    result = roster_import(
        actor=actor, union=union, file=path, filename=os.path.basename(path), today=today
    )
    seconds = time.perf_counter() - started
    s = result.summary()
    if s["rejected"]:
        sys.stderr.write(f"ours: {len(s['rejected'])} rejected, first: {s['rejected'][:3]}\n")
        raise SystemExit(1)
    note = (
        f"created {s['created']:,}, updated {s['updated']:,}, unchanged {s['unchanged']:,},"
        f" groups created {len(s['groups_created']):,}"
    )
    return {
        "seconds": seconds,
        "read_s": None,
        "rows": s["created"] + s["updated"] + s["unchanged"],
        "note": note,
        "summary": {k: v for k, v in s.items() if k in ("created", "updated", "unchanged")},
    }


# --- the report ----------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(steps: dict, rows: int) -> None:
    print(f"\n{steps['info']['engine']}")
    print(f"{'step':<36} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}  detail")
    names = {
        "floor": "floor: calamine + executemany",
        "tuned": "floor, tuned for the database",
        "peer": "peer: django-import-export (bulk)",
        "ours": "ours: roster_import, fresh",
        "reimport": "ours: re-import, rows changed",
    }
    for key, label in names.items():
        s = steps.get(key)
        if s is None:
            continue
        detail = s["note"]
        if s.get("read_s") is not None:
            reader = "calamine" if key == "floor" else "tablib/openpyxl"
            detail = f"{reader} read {s['read_s']:.1f} s, rest {s['seconds'] - s['read_s']:.1f} s"
        print(
            f"{label:<36} {s['seconds']:8.2f} {rows / s['seconds']:9,.0f}"
            f" {s['peak_mb']:8.0f}  {detail}"
        )
    ours, floor = steps["ours"], steps["floor"]
    print(f"\n{'ratio':<36} {'value':>8} {'target':>9}")
    r = ours["seconds"] / floor["seconds"]
    print(f"{'ours / floor':<36} {r:8.2f} {'≤ 1.5':>9}  {verdict(r <= TARGET_FLOOR)}")
    r = ours["seconds"] / steps["tuned"]["seconds"]
    print(f"{'ours / tuned floor':<36} {r:8.2f} {'-':>9}  (for reference)")
    if "peer" in steps:
        r = steps["peer"]["seconds"] / ours["seconds"]
        print(
            f"{'peer / ours (times faster)':<36} {r:8.2f} {'≥ 10':>9}  {verdict(r >= TARGET_PEER)}"
        )
    mb = max(ours["peak_mb"], steps["reimport"]["peak_mb"])
    print(f"{'ours peak memory, MB':<36} {mb:8.0f} {'< 500':>9}  {verdict(mb < TARGET_MB)}")
    r = steps["reimport"]["seconds"] / ours["seconds"]
    print(f"{'re-import / fresh import':<36} {r:8.2f} {'≤ 2':>9}  {verdict(r <= TARGET_REIMPORT)}")
    prints = {k: steps[k]["fingerprint"] for k in ("floor", "tuned", "peer", "ours") if k in steps}
    same = len(set(prints.values())) == 1
    print(
        f"same rows written by {', '.join(prints)}: "
        + ("yes" if same else f"NO {prints} (the ratios compare different work)")
    )


def main() -> None:
    args = parse_args()
    if args.child:
        child(args)
        return
    load = os.getloadavg()[0]
    today = datetime.date.today()
    tmp = tempfile.mkdtemp(prefix="gonghui-import-bench-")
    pg_admin = None
    try:
        started = time.perf_counter()
        fresh, edited, changed = write_rosters(args, tmp, today)
        write_s = time.perf_counter() - started
        import django

        print(f"gonghui import bench  {today}  {platform.platform()}")
        print(
            f"machine: {os.cpu_count()} cores, load average {load:.1f} at start,"
            f" Python {platform.python_version()}, Django {django.get_version()}"
        )
        print(
            f"file: {args.rows:,} rows x {len(HEADERS)} columns, "
            f"{os.path.getsize(fresh) / 2**20:.1f} MiB, written in {write_s:.1f} s"
            f" (openpyxl write_only); the re-import file changes {changed:,} rows"
            " (mobile and post)"
        )
        print(
            "memory: growth of ru_maxrss of a fresh child process during the step"
            " (Python, SQLite/libpq and calamine's Rust allocations alike)"
        )
        engines = []
        if args.db in ("both", "sqlite"):
            engines.append("sqlite")
        if args.db in ("both", "postgres"):
            pg_admin = postgres_url()
            if pg_admin:
                engines.append("postgres")
            else:
                print("PostgreSQL: not reachable (bash scripts/pg.sh start), skipped")
                if args.db == "postgres":
                    raise SystemExit(1)
        for engine in engines:
            env = dict(os.environ, GONGHUI_DATA_DIR=tmp, GONGHUI_TESTING="1")
            env.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
            if engine == "sqlite":
                db = os.path.join(tmp, "bench.sqlite3")
                for suffix in ("", "-wal", "-shm"):
                    Path(db + suffix).unlink(missing_ok=True)
                env["DATABASE_URL"] = f"sqlite:///{db}"
            else:
                env["DATABASE_URL"] = recreate_pg(pg_admin)
            steps = run_engine(args, engine, env, fresh, edited, today.isoformat())
            report(steps, args.rows)
    finally:
        if pg_admin:
            recreate_pg(pg_admin, drop_only=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
