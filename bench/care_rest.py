"""Benchmark of the 疗休养 proposal for a 20,000-member union on the million-member generated
district: every eligible member ranked and stored, the first N put on the list.

    .venv/bin/python bench/care_rest.py [--unions 10000] [--members 1000000] [--rest-members 20000]
    .venv/bin/python bench/care_rest.py --unions 200 --members 20000 --rest-members 2000 --repeat 3

The data: ``gonghui generate`` (the district of ``bench/roster_scale.py``: 10,000 grassroots
unions, a million realistic members), the grassroots union with the most current members
brought to exactly ``--rest-members`` current members (``care_gifts._size_union``), then,
written by INSERT … SELECT:

- five years of trips (2021–2025) for every grassroots union: one round a year each and a
  taken place for about one current member in six a year (≈ 830,000 entries); the union's
  own past rounds also hold their candidates, as a proposal stores them (≈ 85,000 more);
- a spring 2026 round of the union where one member in 33 went (1,000 元): with the timed
  round's 2,500 元 they pass the example cap of 3,000 元 a year and are left out;
- the committee's priority categories for every union (劳动模范, 高技能人才, 因工负伤,
  一线/艰苦岗位, 先进人员, 即将退休 by the member's number: ≈ 22 % of members, some
  overlapping the roster's 一线职工 flag and the age rule, which must not count twice);
- eleven months of 2026 dues for the union's members, paid except March for one member in
  41 (before the round's ``dues_until``: left out) and September for one in 13 (after it:
  kept).

Cached under ``--cache`` (default var/bench/) as ``rest-u…-m…-s…-r…-<hash>.sqlite3``; the
hash covers the generator, every migration and the data parts of this script and of
``care_gifts.py`` (whose union sizing it uses), so a change regenerates.

Then, inside one transaction rolled back at the end, the union's chair (``care.change``)
creates a round of ``--places`` places (2026-07-06, 5 days at 500 元, dues until 2026-05-31)
and, timed round-robin, median of ``--repeat``, each run in a savepoint rolled back:

- **ours** — ``care.services_rest.rest_propose`` as the chair presses 拟定推荐名单: the
  lock, the settings, the ranked ``INSERT … SELECT`` (``queries_rest.scored`` compiled by the
  ORM: correlated subqueries per member, finance's arrears query for the dues, ranked by
  ``ROW_NUMBER()``), the first N listed, the counts of members left out, the audit entry;
- **ours, the INSERT … SELECT alone** — ``services_rest._insert_ranked``;
- **floor** — the same rows written by one hand-written statement sent raw: trips and tags
  grouped once per member by joins (no correlated subquery), the dues by ``NOT EXISTS``,
  the same window, then the same ``UPDATE`` of the first N;
- **peer** — one member at a time, as the Anhui rules engine checks eligibility
  (``validateBenefit``, the closest published system): per member its unpaid dues, its
  trips and its categories read (three queries each), the order made in Python
  (``rules_rest.sort_key``) and the rows bulk-inserted (``--peer-repeat`` runs).

Before timing, ours, the floor and the peer must write the same rows (member, rank, last
trip, weight, categories) and list the same N members. Targets printed beside the figures:
ours under 1 s (issue 16) and ≤ 3 × the floor.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import care_gifts  # bench/, beside this file
from care_gifts import CURRENT, GRASSROOTS, _rolled_back, _size_union, gonghui_env

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026
START = datetime.date(YEAR, 7, 6)
DUES_UNTIL = datetime.date(YEAR, 5, 31)
UNION_NAME = "示范疗休养机械集团有限公司工会"
CHAIR = "bench_rest_chair"
TARGET_SECONDS = 1.0
TARGET_FLOOR = 3.0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--unions", type=int, default=10_000, help="grassroots unions (10000)")
    p.add_argument("--members", type=int, default=1_000_000, help="members (1000000)")
    p.add_argument("--rest-members", type=int, default=20_000, help="members of the union")
    p.add_argument("--places", type=int, default=600, help="places of the timed round (600)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=9, help="timed runs of ours and the floor")
    p.add_argument("--peer-repeat", type=int, default=1, help="timed runs of the peer")
    p.add_argument("--cache", default=str(ROOT / "var" / "bench"), help="where the data is kept")
    p.add_argument("--rebuild", action="store_true", help="generate the data again")
    p.add_argument("--build-only", action="store_true", help="build the cached data and stop")
    p.add_argument("--child", default="", help=argparse.SUPPRESS)
    return p.parse_args()


def _data_part(path: Path) -> str:
    text = path.read_text()
    return text[text.index("\n# --- data -") : text.index("\n# --- end data -")]


def cache_path(args) -> Path:
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
    digest.update(_data_part(Path(__file__)).encode())
    digest.update(_data_part(Path(care_gifts.__file__)).encode())
    key = f"u{args.unions}-m{args.members}-s{args.seed}-r{args.rest_members}"
    return Path(args.cache) / f"rest-{key}-{digest.hexdigest()[:10]}.sqlite3"


def build(args, path: Path) -> float:
    """Generate the district into ``path`` (child processes: settings are per process)."""
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob(f"rest-u{args.unions}-m{args.members}-s{args.seed}-r*.sqlite3*"):
        old.unlink()
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    env = gonghui_env(partial, cache)
    gonghui = [sys.executable, "-m", "gonghui.cli"]
    started = time.perf_counter()
    subprocess.run([*gonghui, "migrate", "-v0", "--skip-checks"], env=env, check=True)
    subprocess.run(
        [*gonghui, "generate", "--skip-checks", f"--unions={args.unions}",
         f"--members={args.members}", f"--seed={args.seed}"],
        env=env,
        check=True,
    )  # fmt: skip
    child = [sys.executable, __file__, "--child", "data", f"--rest-members={args.rest_members}"]
    subprocess.run(child, env=env, check=True)
    partial.rename(path)
    return time.perf_counter() - started


# --- data ----------------------------------------------------------------------------

HISTORY = range(YEAR - 5, YEAR)
# (category, every n-th member by id)
TAGS = [
    ("劳动模范", 37),
    ("高技能人才", 23),
    ("因工负伤", 53),
    ("一线/艰苦岗位", 17),
    ("先进人员", 29),
    ("即将退休", 31),
]
ROUND_COLUMNS = (
    "union_id, year, name, base, base_listed, procurement_ref, insured, starts_on, days,"
    " places, cost_per_day, dues_until, status, categories, n_eligible, n_arrears, n_over_cap,"
    " created_at"
)
ENTRY_COLUMNS = "round_id, union_id, member_id, year, rank, weight, mask, amount, state, reason"


def child_data(args) -> None:
    """The union of exactly ``--rest-members`` current members, then the history."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        target = _size_union(cursor, args.rest_members)
        cursor.execute("UPDATE orgs_union SET name = %s WHERE id = %s", [UNION_NAME, target])
        for year in HISTORY:
            _trips(cursor, year, f"{year}年暑期疗休养", f"{year}-07-01", 6, "")
            _candidates(cursor, target, year)
        _trips(cursor, YEAR, f"{YEAR}年春季疗休养", f"{YEAR}-04-10", 33, f" AND u.id = {target}")
        for category, every in TAGS:
            cursor.execute(
                "INSERT INTO care_resttag (union_id, member_id, category, year, reason,"
                " created_at) SELECT m.union_id, m.id, %s, 2020, '', CURRENT_TIMESTAMP"
                f" FROM orgs_member m WHERE m.status IN {CURRENT} AND m.id %% %s = 0",
                [category, every],
            )
        _dues(cursor, target)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _trips(cursor, year, name, day, every, where) -> None:
    """One paid round of ``year`` per grassroots union, a taken place for every
    ``every``-th current member (by a spread of the id and the year)."""
    cursor.execute(
        f"INSERT INTO care_restround ({ROUND_COLUMNS}) SELECT u.id, %s, %s, '基地', TRUE, '—',"
        " TRUE, %s, 2, 100, 500, %s, 'paid', '[]', 0, 0, 0, CURRENT_TIMESTAMP"
        f" FROM orgs_union u WHERE u.{GRASSROOTS}{where}",
        [year, name, day, f"{year}-05-31"],
    )
    cursor.execute(
        f"INSERT INTO care_restentry ({ENTRY_COLUMNS}) SELECT r.id, m.union_id, m.id, %s, 1, 0,"
        " 0, 1000, 'taken', '' FROM orgs_member m JOIN care_restround r"
        " ON r.union_id = m.union_id AND r.name = %s"
        f" WHERE m.status IN {CURRENT} AND (m.id * 7 + %s) %% %s = 0",
        [year, name, year, every],
    )


def _candidates(cursor, target, year) -> None:
    """The union's past proposals also stored who was not chosen."""
    cursor.execute(
        f"INSERT INTO care_restentry ({ENTRY_COLUMNS}) SELECT r.id, m.union_id, m.id, %s, 2, 0,"
        " 0, 1000, 'candidate', '' FROM orgs_member m JOIN care_restround r"
        " ON r.union_id = m.union_id AND r.year = %s"
        f" WHERE m.union_id = %s AND m.status IN {CURRENT} AND (m.id * 7 + %s) %% 6 <> 0",
        [year, year, target, year],
    )


def _dues(cursor, target) -> None:
    for month in range(1, 12):
        unpaid = {3: 41, 9: 13}.get(month, 0)
        paid = f"CASE WHEN m.id %% {unpaid} = 0 THEN 0 ELSE 25 END" if unpaid else "25"
        cursor.execute(
            "INSERT INTO finance_duescharge (union_id, member_id, month, base, rate, amount,"
            f" paid) SELECT m.union_id, m.id, %s, 5000, 0.005, 25, {paid}"
            f" FROM orgs_member m WHERE m.union_id = %s AND m.status IN {CURRENT}",
            [f"{YEAR}-{month:02d}-01", target],
        )


# --- end data ------------------------------------------------------------------------


# --- measuring -----------------------------------------------------------------------


def _setup():
    """The union, its chair (once) and the timed round (in the caller's transaction)."""
    from gonghui.care import services_rest
    from gonghui.core import services as core_services
    from gonghui.core.models import Role, RoleGrant, User
    from gonghui.orgs.models import Union

    union = Union.objects.get(name=UNION_NAME)
    user = User.objects.filter(username=CHAIR).first()
    if user is None:
        user = core_services.user_create(actor=None, username=CHAIR, full_name=CHAIR)
    if not RoleGrant.objects.active().filter(user=user, union=union).exists():
        core_services.role_grant(actor=None, user=user, role=Role.CHAIR, union=union)
    return union, user, services_rest


def _round(services, union, user, places):
    return services.rest_round_create(
        actor=user,
        union=union,
        year=YEAR,
        name=f"{YEAR}年暑期疗休养（测速）",
        base="市总工会职工疗休养基地",
        base_listed=True,
        procurement_ref="会议纪要",
        starts_on=START,
        days=5,
        places=places,
        cost_per_day="500.00",
        dues_until=DUES_UNTIL,
    )


def _rows(round_) -> list[tuple]:
    from gonghui.care.models_rest import RestEntry

    return list(
        RestEntry.objects.filter(round=round_)
        .order_by("rank")
        .values_list("member_id", "rank", "last_year", "weight", "mask", "state")
    )


def _cleared(round_) -> None:
    from gonghui.care.models_rest import RestEntry

    RestEntry.objects.filter(round=round_).delete()


def _measured(fn, round_):
    """``fn`` timed in a savepoint; returns ((wall seconds, CPU seconds), the rows it wrote).
    SQLite runs inside this process, so its CPU time is the work done whatever else the
    machine runs (the wall time of a loaded machine is not)."""
    from django.db import transaction

    with transaction.atomic():
        _cleared(round_)
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        seconds = (time.perf_counter() - wall, time.process_time() - cpu)
        rows = _rows(round_)
        transaction.set_rollback(True)
    return seconds, rows


def floor_sql(settings, round_) -> tuple[str, list]:
    """The proposal in one hand-written statement (and the UPDATE of the first N)."""
    from gonghui.care import rules_rest

    categories = list(settings.categories)
    bit, weight = rules_rest.bits(categories), {c["name"]: c["weight"] for c in categories}
    born = rules_rest.retiring_born_by(settings, round_.starts_on)
    fl, rt = settings.frontline_category, settings.retiring_category
    retiring = "((m.sex = 'M' AND m.birth_date <= %s) OR (m.sex = 'F' AND m.birth_date <= %s))"
    g_retiring = retiring.replace("m.", "gm.")

    def case(values, column="g.category"):
        whens = " ".join(f"WHEN '{k}' THEN {v}" for k, v in values.items())
        return f"CASE {column} {whens} ELSE 0 END"

    room = int((settings.cap_year - round_.cost) * 100)
    sql = f"""
INSERT INTO care_restentry (round_id, union_id, member_id, year, rank, last_year, weight, mask,
                            amount, state, reason)
SELECT %s, %s, s.id, %s,
       ROW_NUMBER() OVER (ORDER BY CASE WHEN s.last_year IS NULL THEN 0 ELSE 1 END, s.last_year,
                          s.weight DESC, CASE WHEN s.joined_on IS NULL THEN 1 ELSE 0 END,
                          s.joined_on, s.id),
       s.last_year, s.weight, s.mask, %s, 'candidate', ''
FROM (
  SELECT m.id, m.joined_on, t.last_year,
         COALESCE(g.weight, 0) + CASE WHEN m.is_frontline THEN {weight[fl]} ELSE 0 END
           + CASE WHEN {retiring} THEN {weight[rt]} ELSE 0 END AS weight,
         COALESCE(g.mask, 0) + CASE WHEN m.is_frontline THEN {bit[fl]} ELSE 0 END
           + CASE WHEN {retiring} THEN {bit[rt]} ELSE 0 END AS mask
  FROM orgs_member m
  LEFT JOIN (
    SELECT e.member_id, MAX(e.year) AS last_year,
           SUM(CASE WHEN e.year = %s THEN CAST(ROUND(e.amount * 100) AS BIGINT) ELSE 0 END) AS spent
    FROM care_restentry e JOIN orgs_member em ON em.id = e.member_id
    WHERE em.union_id = %s AND e.state IN ('listed', 'taken') AND e.round_id <> %s
    GROUP BY e.member_id
  ) t ON t.member_id = m.id
  LEFT JOIN (
    SELECT g.member_id, SUM({case(weight)}) AS weight, SUM({case(bit)}) AS mask
    FROM care_resttag g JOIN orgs_member gm ON gm.id = g.member_id
    WHERE gm.union_id = %s AND g.removed_at IS NULL
      AND NOT (g.category = '{fl}' AND gm.is_frontline)
      AND NOT (g.category = '{rt}' AND {g_retiring})
    GROUP BY g.member_id
  ) g ON g.member_id = m.id
  WHERE m.union_id = %s AND m.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM finance_duescharge c
                    WHERE c.member_id = m.id AND c.month <= %s AND c.paid < c.amount)
    AND COALESCE(t.spent, 0) <= {room}
) s
"""
    ops = _ops()
    day = ops.adapt_datefield_value
    m_born, f_born = day(born["M"]), day(born["F"])
    params = [round_.pk, round_.union_id, round_.year, str(round_.cost)]
    params += [m_born, f_born, m_born, f_born]  # weight, mask
    params += [round_.year, round_.union_id, round_.pk]  # trips
    params += [round_.union_id, m_born, f_born]  # tags
    params += [round_.union_id, day(round_.dues_until)]
    return sql, params


def _ops():
    from django.db import connection

    return connection.ops


def _floor(sql, params, round_) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute(
            "UPDATE care_restentry SET state = 'listed' WHERE round_id = %s AND rank <= %s",
            [round_.pk, round_.places],
        )


def _peer(settings, round_) -> None:
    """One member at a time: their dues, trips and categories read, the order in Python."""
    from django.db.models import F

    from gonghui.care import rules_rest
    from gonghui.care.models_rest import ON_LIST, RestEntry, RestTag
    from gonghui.finance.models import DuesCharge
    from gonghui.orgs.models import Member

    categories = list(settings.categories)
    bit, weight = rules_rest.bits(categories), {c["name"]: c["weight"] for c in categories}
    born = rules_rest.retiring_born_by(settings, round_.starts_on)
    fl, rt, cost = settings.frontline_category, settings.retiring_category, round_.cost
    rows = []
    members = Member.objects.filter(union=round_.union, status="active").only(
        "id", "sex", "birth_date", "is_frontline", "joined_on"
    )
    for m in members:
        if DuesCharge.objects.filter(
            member=m, month__lte=round_.dues_until, paid__lt=F("amount")
        ).exists():
            continue
        trips = list(
            RestEntry.objects.filter(member=m, state__in=ON_LIST)
            .exclude(round=round_)
            .values_list("year", "amount")
        )
        if sum(a for y, a in trips if y == round_.year) + cost > settings.cap_year:
            continue
        retiring = m.birth_date is not None and m.birth_date <= born.get(m.sex, datetime.date.min)
        names = set(
            RestTag.objects.filter(member=m, removed_at=None).values_list("category", flat=True)
        )
        names = {n for n in names if n in bit}
        if m.is_frontline:
            names.add(fl)
        if retiring:
            names.add(rt)
        last = max((y for y, _ in trips), default=None)
        rows.append(
            (last, sum(weight[n] for n in names), m.joined_on, m.pk, sum(bit[n] for n in names))
        )
    rows.sort(key=lambda r: rules_rest.sort_key(r[:4]))
    RestEntry.objects.bulk_create(
        [
            RestEntry(
                round=round_,
                union_id=round_.union_id,
                member_id=r[3],
                year=round_.year,
                rank=i,
                last_year=r[0],
                weight=r[1],
                mask=r[4],
                amount=cost,
                state="listed" if i <= round_.places else "candidate",
            )
            for i, r in enumerate(rows, start=1)
        ],
        batch_size=2000,
    )


def _first_difference(answers: dict[str, list[tuple]]) -> str:
    """The first row where the floor or the peer disagrees with ours, to print."""
    for key in ("floor", "peer"):
        if len(answers[key]) != len(answers["ours"]):
            return f"{key}: {len(answers[key])} rows, ours {len(answers['ours'])}"
        for mine, theirs in zip(answers["ours"], answers[key], strict=True):
            if mine != theirs:
                return f"{key}: {theirs} where ours is {mine}"
    return ""


def child_time(args) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from gonghui.care import queries_rest
    from gonghui.care.models_rest import RestEntry
    from gonghui.orgs.models import Member

    union, user, services = _setup()
    result = {k: [] for k in ("ours", "insert", "floor", "peer")}
    with transaction.atomic():
        round_ = _round(services, union, user, args.places)
        settings = queries_rest.settings_for(union)
        sql, params = floor_sql(settings, round_)
        ours = lambda: services.rest_propose(actor=user, round=round_)  # noqa: E731
        insert = lambda: services._insert_ranked(round_, settings)  # noqa: E731
        floor = lambda: _floor(sql, params, round_)  # noqa: E731
        peer = lambda: _peer(settings, round_)  # noqa: E731
        answers = {}
        for key, fn in (("ours", ours), ("floor", floor), ("peer", peer)):
            seconds, answers[key] = _measured(fn, round_)
            result[key].append(seconds)
        result["same"] = answers["ours"] == answers["floor"] == answers["peer"]
        result["differ"] = _first_difference(answers)
        result["rows"] = len(answers["ours"])
        result["listed"] = sum(1 for r in answers["ours"] if r[5] == "listed")
        for i in range(args.repeat):
            result["ours"].append(_measured(ours, round_)[0])
            result["insert"].append(_measured(insert, round_)[0])
            result["floor"].append(_measured(floor, round_)[0])
            if i + 1 < args.peer_repeat:
                result["peer"].append(_measured(peer, round_)[0])
        with CaptureQueriesContext(connection) as ctx:
            _rolled_back(ours)
        result["queries"] = len(ctx)
        proposed = _rolled_back(ours)[1]
        result["figures"] = (proposed.n_eligible, proposed.n_arrears, proposed.n_over_cap)
        result["members"] = Member.objects.filter(
            union=union, status__in=("active", "retired")
        ).count()
        result["entries"] = RestEntry.objects.count()
        transaction.set_rollback(True)
    import sqlite3

    result["engine"] = f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"
    result["size"] = Path(connection.settings_dict["NAME"]).stat().st_size
    report(args, result)


def report(args, r: dict) -> None:
    import django

    keys = ("ours", "insert", "floor", "peer")
    med = {k: statistics.median(w for w, _ in r[k]) * 1000 for k in keys}
    cpu = {k: statistics.median(c for _, c in r[k]) * 1000 for k in keys}
    ok = {True: "met", False: "MISSED"}
    eligible, arrears, over = r["figures"]
    print(f"gonghui care rest bench  {datetime.date.today()}  {platform.platform()}")
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end, "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )
    print(f"database: {r['engine']}, {r['size'] / 2**20:,.0f} MiB")
    print(
        f"district: {args.unions:,} unions, {args.members:,} members, {r['entries']:,} 疗休养"
        f" entries before the proposal; the union: {r['members']:,} current members,"
        f" {eligible:,} eligible ({arrears:,} with dues unpaid, {over:,} over the yearly cap"
        f" left out), {args.places:,} places"
    )
    print(f"timing: median of {len(r['ours'])} runs (peer {len(r['peer'])}), round robin\n")
    rows = [
        (
            "ours: rest_propose (rank, store, list, counts, audit)",
            "ours",
            f"{r['queries']} queries",
        ),
        ("ours: the ranked INSERT … SELECT alone", "insert", "1 query"),
        ("floor: one hand-written INSERT … SELECT + UPDATE", "floor", "2 queries"),
        ("peer: one member at a time, sorted in Python", "peer", f"≈ {3 * eligible:,} queries"),
    ]
    print(f"{'case':56} {'wall ms':>10} {'CPU ms':>10}")
    for label, key, note in rows:
        print(f"{label:56} {med[key]:10.1f} {cpu[key]:10.1f}   {note}")
    vs_floor, seconds = med["ours"] / med["floor"], med["ours"] / 1000
    cpu_floor, cpu_seconds = cpu["ours"] / cpu["floor"], cpu["ours"] / 1000
    print()
    print(
        f"ours / floor   = {vs_floor:6.2f}   target ≤ {TARGET_FLOOR:g}   {ok[vs_floor <= TARGET_FLOOR]}"
    )
    print(f"ours           = {seconds:6.3f} s target < 1 s   {ok[seconds < TARGET_SECONDS]}")
    print(
        f"CPU: ours / floor = {cpu_floor:.2f}, ours = {cpu_seconds:.3f} s"
        f"   {ok[cpu_seconds < TARGET_SECONDS]}"
    )
    print(f"insert / floor = {med['insert'] / med['floor']:6.2f}")
    print(f"peer / ours    = {med['peer'] / med['ours']:6.1f}")
    print(
        f"same answer: ours = floor = peer {'yes' if r['same'] else 'NO'} "
        f"({r['rows']:,} rows ranked, {r['listed']:,} listed)"
    )
    if r["differ"]:
        print(f"first difference: {r['differ']}")


def main() -> None:
    args = parse_args()
    if args.child:
        import django

        django.setup()
        if args.child == "data":
            child_data(args)
        else:
            child_time(args)
        return
    path = cache_path(args)
    if args.rebuild or not path.exists():
        print(f"generating {args.unions:,} unions / {args.members:,} members into {path} …")
        print(f"  built in {build(args, path):.0f} s", flush=True)
    if args.build_only:
        return
    env = gonghui_env(path, Path(args.cache))
    subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "migrate", "-v0", "--skip-checks"],
        env=env,
        check=True,
    )
    cmd = [sys.executable, __file__, "--child", "time", f"--repeat={args.repeat}",
           f"--peer-repeat={args.peer_repeat}", f"--unions={args.unions}",
           f"--members={args.members}", f"--rest-members={args.rest_members}",
           f"--places={args.places}"]  # fmt: skip
    warnings.filterwarnings("ignore")
    subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
