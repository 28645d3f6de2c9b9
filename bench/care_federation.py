"""Benchmark of a federation's 帮扶 figures over its 10,000 grassroots unions: every care metric
of ``core.metrics`` (area 帮扶) for the county federation of the million-member district.

    .venv/bin/python bench/care_federation.py [--unions 10000] [--members 1000000]
    .venv/bin/python bench/care_federation.py --unions 200 --members 20000 --repeat 3

The data: the district of ``bench/roster_scale.py`` (``gonghui generate``: 10,000 grassroots
unions, a million members; its cached ``roster-…`` file is shared with that script), copied,
and a year (2026) of care records added for every grassroots union by INSERT … SELECT
(``care_federation_data.py``), kept as ``carefed-u…-m…-s…-<hash>.sqlite3`` under ``--cache``
(the hash covers the generator, every migration and the data module):

- 困难职工档案: ≈1.6 % of current members, in every state (most 已建档, some 已脱困退档 in
  2026, some still 待初审 … 公示中, some 未通过), each with its application (家庭经济状况 and the
  household), its 入户调查 and its history; 1–4 帮扶 a year per filed household;
- 五必访: life events for ≈4 % of current members, visited in 0–8 days (8 is late), some still
  due past their day, some withdrawn; one 走访慰问 per visited event;
- 春节送温暖: a campaign per union, its targets (filed households, retirees, some front-line
  workers) and their visits (one in twenty not visited);
- 金秋助学: a round per union (one in ten still in 公示), applications for ≈0.6 % of members
  (some refused), paid at the Tianmen example amounts;
- 慈善一日捐 in eight unions of ten: pledges, payments by four methods (some duplicated and
  reversed), the hand-over of the money held;
- 互助保障: a 住院医疗 plan in 85 % of unions (a women's plan in a third of those), enrolments
  (some withdrawn), the premium, claims in every state;
- 体检: a campaign in nine unions of ten (spring; one in ten still running in the autumn),
  40 working-day slots, every active member a target: done, absent with a reason, booked, pending;
- 疗休养: one or two rounds in six unions of ten, ranked entries taken, declined, removed or
  left as candidates.

Then, timed round robin (median of ``--repeat``; the peer ``--peer-repeat`` times):

- **ours** — what the federation's leaders see: every 帮扶 metric through ``Metric.value`` in
  one ``core.metrics.request_memo()`` (as ``plans.summary.draft`` builds the year-end
  table), for 2026 as ``plans.targets.period`` gives it, **on the first view after a write**:
  before each timed round one 帮扶 is recorded through ``care.services.aid_record`` in another
  union's household, so the round brings that union's kept parts up to date
  (``core.kept_figures``) and sums the county's; also timed with nothing written since the
  last view (``ours, no write``), and each metric alone;
- **full refresh** — ``core.kept_figures.refresh(full=True)``: every union's parts of the
  period recomputed, what the daily ``gonghui remind`` (or ``gonghui figures``) pays per
  period, and the first view of a period nobody has asked for yet (``--refresh-repeat``);
- **direct** — every metric's ``compute`` for the county, the rows counted on every view
  (what ours was before the kept parts);
- **floor** — one hand-written SQL per figure (two for 投保率's parts), sent raw;
- **peer** — the spreadsheet roll-up: every grassroots union's own figures (the same
  functions, one union at a time), summed; rates from the summed parts;
- **pages** — the federation's care page (``care:insurance_rates``, the only federation
  page of care figures) and its year-end summary (``plans:summary``, every area's metrics),
  through the test client as the county federation's administrator (上级工会管理员: a
  federation has no 工会主席 role of its own here).

Ours, the floor and the peer must give the same figures before anything is timed (the
peer's one run is that check, and is timed), and ours and the floor again after the rounds'
writes. Each run's writes (a 帮扶 of 1 元 in goods per round, and their audit entries) stay
in the cached data: the figures grow by a few 人次 from run to run (``--rebuild`` starts
afresh). Target (issue 16): ours under 500 ms. SQLite only (the data is built by SQLite's SQL).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import care_federation_data  # bench/, beside this file
import roster_scale
from care_federation_data import YEAR
from care_gifts import CURRENT, gonghui_env
from roster_scale import account

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).with_name("care_federation_data.py")
AREA = "帮扶"
ADMIN = "bench_federation_admin"
TARGET_MS = 500.0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--unions", type=int, default=10_000, help="grassroots unions (10000)")
    p.add_argument("--members", type=int, default=1_000_000, help="members (1000000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=9, help="timed runs of ours and the floor")
    p.add_argument("--peer-repeat", type=int, default=1, help="timed runs of the peer (0: none)")
    p.add_argument("--page-repeat", type=int, default=3, help="timed requests of each page")
    p.add_argument("--refresh-repeat", type=int, default=2, help="timed full refreshes")
    p.add_argument("--explain", action="store_true", help="the plan of every query ours sends")
    p.add_argument("--cache", default=str(ROOT / "var" / "bench"), help="where the data is kept")
    p.add_argument("--rebuild", action="store_true", help="add the care records again")
    p.add_argument("--build-only", action="store_true", help="build the cached data and stop")
    p.add_argument("--child", default="", help=argparse.SUPPRESS)
    return p.parse_args()


def cache_path(args) -> Path:
    """The district's file name (its hash covers the generator and every migration) and
    this script's data module, hashed: a change to either makes a new one."""
    digest = hashlib.sha256(roster_scale.cache_path(args).name.encode())
    digest.update(DATA.read_bytes())
    key = f"u{args.unions}-m{args.members}-s{args.seed}"
    return Path(args.cache) / f"carefed-{key}-{digest.hexdigest()[:10]}.sqlite3"


def build(args, path: Path) -> float:
    """The district of ``bench/roster_scale.py`` (generated there once per generator and
    migrations, and shared with it), copied, and the year of care records added in a child
    process (settings are per process)."""
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    district = roster_scale.cache_path(args)
    if not district.exists():
        print(f"  generating {args.unions:,} unions / {args.members:,} members …", flush=True)
        print(f"  district built in {roster_scale.build(args, district):.0f} s", flush=True)
    for old in cache.glob(f"carefed-u{args.unions}-m{args.members}-s{args.seed}-*.sqlite3*"):
        old.unlink()
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):  # a failed build's leftovers
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(district, partial)
    env = gonghui_env(partial, cache)
    gonghui = [sys.executable, "-m", "gonghui.cli"]
    subprocess.run([*gonghui, "migrate", "-v0", "--skip-checks"], env=env, check=True)
    subprocess.run([sys.executable, __file__, "--child", "care"], env=env, check=True)
    partial.rename(path)
    return time.perf_counter() - started


# --- measuring -----------------------------------------------------------------------


def care_metrics() -> list:
    from gonghui.core import metrics

    return [m for m in metrics.all_metrics() if m.area == AREA]


def ours(fed, start, end, only=None) -> dict:
    """The figures as a page asks for them: ``Metric.value`` inside one request memo."""
    from gonghui.core import metrics

    with metrics.request_memo():
        return {m.key: m.value(fed, start, end) for m in (only or care_metrics())}


def direct(fed, start, end) -> dict:
    """Every figure counted from the rows (each metric's ``compute``), as before kept parts."""
    return {m.key: m.compute(fed, start, end) for m in care_metrics()}


def full_refresh(start, end) -> None:
    from gonghui.core import kept_figures

    kept_figures.refresh(start, end, full=True)


def forget_kept() -> None:
    """No kept parts, as on a site that has just loaded its data."""
    from gonghui.core.models import KeptFigure, KeptFigureMark

    KeptFigure.objects.all().delete()
    KeptFigureMark.objects.all().delete()


def households(fed, n: int) -> list:
    """``n`` filed households spread over the county (one per timed round's write)."""
    from gonghui.care.models import FileState, HardshipFile

    files = HardshipFile.objects.filter(union__path__startswith=fed.path, state=FileState.FILED)
    step = max(1, files.count() // max(n, 1))
    return list(files.order_by("id")[::step][:n])


def write(c: dict, i: int) -> None:
    """One 帮扶 (goods, 1 元) through the service in the i-th household: the audited write the
    next view must count."""
    from gonghui.care import services

    file = c["files"][i % len(c["files"])]
    services.aid_record(actor=None, file=file, kind="goods", given_on=c["end"], amount="1.00")


# The subtree as ours filters it (``path LIKE '/1/%'``). As a range of the path index
# (``path >= '/1/' AND path < '/10'``) SQLite starts from the unions and looks every row up
# by union: for the whole county 1.7 × slower for 参保人数 (2.1 s against 1.2 s).
SUB = "u.path LIKE %s"


def fen(column: str) -> str:
    return f"COALESCE(SUM(CAST(ROUND({column} * 100) AS INTEGER)), 0)"


ON_ROLL = (
    f"(m.joined_on <= %s OR m.joined_on IS NULL) AND (m.status IN {CURRENT} OR m.status_on > %s)"
)
PERIOD = ("sub", "start", "end")
FLOOR = {  # name: (SQL, its parameters)
    "filed": (
        "SELECT COUNT(*) FROM care_hardshipfile f JOIN orgs_union u ON u.id = f.union_id"
        f" WHERE {SUB} AND f.filed_on <= %s AND (f.state = 'filed' OR f.state = 'exited'"
        " AND EXISTS (SELECT 1 FROM care_statechange s WHERE s.file_id = f.id"
        " AND s.to_state = 'exited' AND s.at >= %s))",
        ("sub", "end", "after"),
    ),
    "aids": (
        f"SELECT COUNT(*), {fen('a.amount')} FROM care_aid a JOIN care_hardshipfile f"
        f" ON f.id = a.file_id JOIN orgs_union u ON u.id = f.union_id WHERE {SUB}"
        " AND a.given_on BETWEEN %s AND %s",
        PERIOD,
    ),
    "visits": (
        "SELECT COUNT(*) FROM care_carevisit v JOIN orgs_union u ON u.id = v.union_id"
        f" WHERE {SUB} AND v.visited_on BETWEEN %s AND %s",
        PERIOD,
    ),
    "timely": (
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN e.visited_on <= e.due_on THEN 1 ELSE 0 END), 0)"
        f" FROM care_lifeevent e JOIN orgs_union u ON u.id = e.union_id WHERE {SUB}"
        " AND e.due_on BETWEEN %s AND %s AND e.state <> 'withdrawn'"
        " AND (e.visited_on IS NOT NULL OR e.due_on < %s)",
        (*PERIOD, "today"),
    ),
    "bursary": (
        f"SELECT COUNT(*), {fen('a.amount')} FROM care_bursaryapplication a"
        " JOIN care_bursaryround r ON r.id = a.round_id JOIN orgs_union u ON u.id = a.union_id"
        f" WHERE {SUB} AND a.state = 'paid' AND r.paid_on BETWEEN %s AND %s",
        PERIOD,
    ),
    "rest": (
        "SELECT COUNT(*) FROM care_restentry e JOIN care_restround r ON r.id = e.round_id"
        f" JOIN orgs_union u ON u.id = e.union_id WHERE {SUB} AND e.state = 'taken'"
        " AND r.starts_on BETWEEN %s AND %s",
        PERIOD,
    ),
    "enrolled": (
        "SELECT COUNT(DISTINCT e.member_id) FROM care_insuranceenrollment e"
        " JOIN care_insuranceplan p ON p.id = e.plan_id JOIN orgs_member m ON m.id = e.member_id"
        f" JOIN orgs_union u ON u.id = e.union_id WHERE {SUB} AND p.starts_on <= %s"
        " AND p.ends_on >= %s AND e.enrolled_on <= %s"
        f" AND (e.withdrawn_on IS NULL OR e.withdrawn_on > %s) AND {ON_ROLL}",
        ("sub", "end", "end", "end", "end", "end", "end"),
    ),
    "members": (
        "SELECT COUNT(*) FROM orgs_member m JOIN orgs_union u ON u.id = m.union_id"
        f" WHERE {SUB} AND {ON_ROLL}",
        ("sub", "end", "end"),
    ),
    "claims": (
        f"SELECT {fen('c.paid')} FROM care_insuranceclaim c JOIN orgs_union u ON u.id = c.union_id"
        f" WHERE {SUB} AND c.state = 'paid' AND c.paid_on BETWEEN %s AND %s",
        PERIOD,
    ),
    "donations": (
        "SELECT COALESCE(SUM(CASE WHEN t > 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(t), 0) FROM"
        f" (SELECT e.donor_id, {fen('e.amount')} AS t FROM care_donationentry e"
        " JOIN care_donationcampaign c ON c.id = e.campaign_id JOIN orgs_union u"
        f" ON u.id = c.union_id WHERE {SUB} AND e.kind = 'payment' AND e.\"on\" BETWEEN %s AND %s"
        " GROUP BY e.donor_id) d",
        PERIOD,
    ),
    "health": (
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.state = 'done' THEN 1 ELSE 0 END), 0)"
        " FROM care_healthtarget t JOIN care_healthcampaign c ON c.id = t.campaign_id"
        f" JOIN orgs_union u ON u.id = c.union_id WHERE {SUB} AND c.starts_on BETWEEN %s AND %s",
        PERIOD,
    ),
    "health_done": (
        "SELECT COUNT(*) FROM care_healthtarget t JOIN orgs_union u ON u.id = t.union_id"
        f" WHERE {SUB} AND t.state = 'done' AND t.done_on BETWEEN %s AND %s",
        PERIOD,
    ),
}


FLOOR_OF = {  # metric: the floor queries its figure comes from
    "care.filed": ("filed",), "care.aid_count": ("aids",), "care.aid_amount": ("aids",),
    "care.visits": ("visits",), "care.visit_timely": ("timely",),
    "care.bursary_children": ("bursary",), "care.bursary_amount": ("bursary",),
    "care.rest_people": ("rest",), "care.insurance_rate": ("enrolled", "members"),
    "care.insurance_enrolled": ("enrolled",), "care.insurance_paid": ("claims",),
    "care.donation_times": ("donations",), "care.donation_amount": ("donations",),
    "care.health_rate": ("health",), "care.health_done": ("health_done",),
}  # fmt: skip


def _values(fed, start, end) -> dict:
    """The floor's parameters: the subtree's path prefix, the days as stored, the start of
    the day after ``end`` in UTC."""
    from django.db import connection
    from django.utils import timezone

    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())
    return {
        "sub": fed.path + "%", "start": start.isoformat(),
        "end": end.isoformat(), "today": timezone.localdate().isoformat(),
        "after": connection.ops.adapt_datetimefield_value(timezone.make_aware(after)),
    }  # fmt: skip


def yuan(fen_total) -> Decimal:
    return (Decimal(int(fen_total or 0)) / 100).quantize(Decimal("0.01"))


def pct(part, whole, places: str = "0.01") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), ROUND_HALF_UP)


def figures(c: dict) -> dict:
    """The 帮扶 figures from their parts (the floor's rows or the peer's sums)."""
    return {
        "care.filed": Decimal(c["filed"]),
        "care.aid_count": Decimal(c["aids"]),
        "care.aid_amount": yuan(c["aid_fen"]),
        "care.visits": Decimal(c["visits"]),
        "care.visit_timely": pct(c["on_time"], c["due"]),
        "care.bursary_children": Decimal(c["children"]),
        "care.bursary_amount": yuan(c["bursary_fen"]),
        "care.rest_people": Decimal(c["rest"]),
        "care.insurance_rate": pct(c["enrolled"], c["members"]),
        "care.insurance_enrolled": Decimal(c["enrolled"]),
        "care.insurance_paid": yuan(c["claims_fen"]),
        "care.donation_times": Decimal(c["donors"]),
        "care.donation_amount": yuan(c["donation_fen"]),
        "care.health_rate": pct(c["health_done"], c["health_due"], "0.1"),
        "care.health_done": Decimal(c["health_count"]),
    }


def floor(values: dict, times: dict | None = None) -> dict:
    """The figures by ``FLOOR``'s queries; each query's seconds added to ``times``."""
    from django.db import connection

    rows = {}
    with connection.cursor() as cursor:
        for name, (sql, params) in FLOOR.items():
            started = time.perf_counter()
            cursor.execute(sql, [values[p] for p in params])
            rows[name] = cursor.fetchone()
            if times is not None:
                times.setdefault(f"floor:{name}", []).append(time.perf_counter() - started)
    return figures({
        "filed": rows["filed"][0], "aids": rows["aids"][0], "aid_fen": rows["aids"][1],
        "visits": rows["visits"][0], "due": rows["timely"][0], "on_time": rows["timely"][1],
        "children": rows["bursary"][0], "bursary_fen": rows["bursary"][1],
        "rest": rows["rest"][0], "enrolled": rows["enrolled"][0], "members": rows["members"][0],
        "claims_fen": rows["claims"][0], "donors": rows["donations"][0],
        "donation_fen": rows["donations"][1], "health_due": rows["health"][0],
        "health_done": rows["health"][1], "health_count": rows["health_done"][0],
    })  # fmt: skip


def peer(unions, start, end) -> dict:
    """The spreadsheet roll-up: each grassroots union's own figures (the functions its own
    page and metrics use), one union at a time, summed; rates from the summed parts."""
    from gonghui.care import metrics as care
    from gonghui.care import (
        queries_bursary,
        queries_donations,
        queries_health,
        queries_insurance,
        queries_rest,
    )
    from gonghui.members.metrics import total

    c: Counter = Counter()
    for u in unions:
        c["filed"] += care.filed_count(u, start, end)
        c["aids"] += care.aid_count(u, start, end)
        c["aid_fen"] += care.aid_amount(u, start, end) * 100
        c["visits"] += care.visit_count(u, start, end)
        timely = care.timeliness(u, start, end)
        c["due"], c["on_time"] = c["due"] + timely["due"], c["on_time"] + timely["on_time"]
        paid = queries_bursary.paid_figures(u, start, end)
        c["children"], c["bursary_fen"] = (
            c["children"] + paid["children"],
            c["bursary_fen"] + paid["amount"] * 100,
        )
        c["rest"] += queries_rest.taken_figures(u, start, end)["people"]
        c["enrolled"] += queries_insurance.enrolled_at(u, end)
        c["members"] += total(u, start, end)
        c["claims_fen"] += queries_insurance.claims_paid(u, start, end)["amount"] * 100
        given = queries_donations.given_in(u, start, end)
        c["donors"], c["donation_fen"] = (
            c["donors"] + given["times"],
            c["donation_fen"] + given["amount"] * 100,
        )
        health = queries_health.period_figures(u, start, end)
        c["health_due"], c["health_done"] = (
            c["health_due"] + health["due"],
            c["health_done"] + health["done"],
        )
        c["health_count"] += queries_health.done_count(u, start, end)
    return figures(c)


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _queries(fn) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx), [q["sql"] for q in ctx.captured_queries]


def _pages(fed) -> list[tuple[str, str]]:
    from django.urls import reverse

    return [
        (
            "page: 互助保障 投保率 (care:insurance_rates)",
            reverse("care:insurance_rates", args=[fed.code]),
        ),
        (
            f"page: {YEAR}年工作总结 (plans:summary, all areas)",
            reverse("plans:summary", args=[fed.code, YEAR]),
        ),
    ]


def _get(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def _sizes(fed) -> dict:
    from django.db import connection

    from gonghui.orgs.models import FEDERATION_KINDS, Member, Union

    tables = ("care_hardshipfile", "care_aid", "care_lifeevent", "care_carevisit",
              "care_campaigntarget", "care_bursaryapplication", "care_donationentry",
              "care_insuranceenrollment", "care_insuranceclaim", "care_healthtarget",
              "care_restentry")  # fmt: skip
    with connection.cursor() as cursor:
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            rows[table[5:]] = cursor.fetchone()[0]
    subtree = Union.objects.filter(path__startswith=fed.path)
    return {
        "grassroots": subtree.exclude(kind__in=FEDERATION_KINDS).count(),
        "federations": subtree.filter(kind__in=FEDERATION_KINDS).count(),
        "members": Member.objects.filter(union__path__startswith=fed.path).count(),
        "rows": rows,
        "size": Path(connection.settings_dict["NAME"]).stat().st_size,
    }


def child_time(args) -> None:
    from django.test import Client
    from django.utils import timezone

    from gonghui.core.models import Role
    from gonghui.orgs.models import FEDERATION_KINDS, Union
    from gonghui.plans.targets import period

    fed = Union.objects.get(parent=None, code=f"gen{args.seed}")
    start, end, _over = period(YEAR, timezone.localdate())
    client = Client()
    client.force_login(account(ADMIN, Role.FEDERATION_ADMIN, fed))
    grassroots = Union.objects.filter(path__startswith=fed.path).exclude(kind__in=FEDERATION_KINDS)
    c = {"fed": fed, "start": start, "end": end, "values": _values(fed, start, end)}
    c |= {"client": client, "pages": _pages(fed), "unions": list(grassroots)}
    c["files"] = households(fed, args.repeat + 2)
    r = {"sizes": _sizes(fed), "period": (start, end), "metrics": care_metrics()}
    t: dict[str, list[float]] = {"ours": [], "floor": [], "peer": [], "refresh": []}
    # the data was loaded without the audit trail, and an earlier run's kept parts go: the
    # first read computes every union
    forget_kept()
    seconds, r["ours_fig"] = _timed(lambda: ours(fed, start, end))
    t["first"] = [seconds]
    r["floor_fig"] = floor(c["values"])
    if args.peer_repeat:  # the peer's one run is its check, and is timed
        seconds, r["peer_fig"] = _timed(lambda: peer(c["unions"], start, end))
        t["peer"].append(seconds)
    r["same"] = r["ours_fig"] == r["floor_fig"] == r.get("peer_fig", r["floor_fig"])
    _rounds(args, c, r["metrics"], t)
    r["same_after"] = ours(fed, start, end) == floor(c["values"]) == direct(fed, start, end)
    r["queries"] = _counts(c, r["metrics"])
    if args.explain:
        explain(fed, start, end)
    import sqlite3

    r["engine"] = f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"
    r["pages"] = c["pages"]
    report(r, {k: statistics.median(v) * 1000 for k, v in t.items() if v}, t)


def _rounds(args, c: dict, care: list, t: dict) -> None:
    """Round robin: a write then ours, ours again, the floor, the direct count, each metric
    alone, a full refresh, the pages, the peer's other runs."""
    fed, start, end = c["fed"], c["start"], c["end"]
    for i in range(args.repeat):
        write(c, i)
        t["ours"].append(_timed(lambda: ours(fed, start, end))[0])
        t.setdefault("ours_read", []).append(_timed(lambda: ours(fed, start, end))[0])
        t["floor"].append(_timed(lambda: floor(c["values"], t))[0])
        t.setdefault("direct", []).append(_timed(lambda: direct(fed, start, end))[0])
        if i < args.refresh_repeat:
            t["refresh"].append(_timed(lambda: full_refresh(start, end))[0])
        for m in care:
            t.setdefault(m.key, []).append(_timed(lambda m=m: ours(fed, start, end, [m]))[0])
        if i < args.page_repeat:
            for _label, url in c["pages"]:
                t.setdefault(url, []).append(_timed(lambda url=url: _get(c["client"], url))[0])
        if i + 1 < args.peer_repeat:
            t["peer"].append(_timed(lambda: peer(c["unions"], start, end))[0])


def _counts(c: dict, care: list) -> dict:
    """Queries sent: ours, each metric alone, each page, and the peer (counted on twenty
    unions, times the unions)."""
    fed, start, end = c["fed"], c["start"], c["end"]
    write(c, len(c["files"]) - 1)
    n = {"ours": _queries(lambda: ours(fed, start, end))[0]}
    n["ours_read"] = _queries(lambda: ours(fed, start, end))[0]
    n["direct"] = _queries(lambda: direct(fed, start, end))[0]
    n |= {m.key: _queries(lambda m=m: ours(fed, start, end, [m]))[0] for m in care}
    n |= {url: _queries(lambda url=url: _get(c["client"], url))[0] for _l, url in c["pages"]}
    sample = c["unions"][:20]
    n["peer"] = _queries(lambda: peer(sample, start, end))[0] * len(c["unions"]) // len(sample)
    return n


def explain(fed, start, end) -> None:
    """The plan SQLite chooses for every query ours sends (captured with its parameters)."""
    from django.db import connection

    _n, sqls = _queries(lambda: ours(fed, start, end))
    with connection.cursor() as cursor:
        for sql in sqls:
            print("\n" + sql)
            cursor.execute("EXPLAIN QUERY PLAN " + sql.replace("%", "%%"), [])
            for row in cursor.fetchall():
                print("   ", row[-1])


def _figure(value, unit: str) -> str:
    if value is None:
        return "无数据"
    text = f"{value:,.2f}" if unit == "元" else f"{value:,}"
    return f"{text} {unit}"


def report(r: dict, med: dict, t: dict) -> None:
    import django

    s, (start, end) = r["sizes"], r["period"]
    ok = {True: "met", False: "MISSED"}
    print(f"gonghui care federation bench  {datetime.date.today()}  {platform.platform()}")
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end, "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )
    print(f"database: {r['engine']}, {s['size'] / 2**20:,.0f} MiB")
    print(
        f"district: {s['grassroots']:,} grassroots unions under {s['federations']:,} federations,"
        f" {s['members']:,} members; care rows: "
        + ", ".join(f"{k} {v:,}" for k, v in s["rows"].items())
    )
    print(
        f"period: {start} – {end} (plans.targets.period); median of {len(t['ours'])} runs"
        f" (peer {len(t['peer'])}, pages {len(t.get(r['pages'][0][1], ()))}), round robin\n"
    )
    print(
        f"{'metric':12} {'figure':>20} {'ours ms':>9} {'queries':>8} {'floor ms':>9}  floor query"
    )
    for m in r["metrics"]:
        figure = _figure(r["ours_fig"][m.key], m.unit)
        names = FLOOR_OF.get(m.key, ())
        floor_ms = sum(med.get(f"floor:{n}", 0) for n in names)
        print(
            f"{m.label:12} {figure:>20} {med[m.key]:9.1f} {r['queries'][m.key]:8}"
            f" {floor_ms:9.1f}  {' + '.join(names)}"
        )
    print(f"\n{'case':58} {'ms':>9} {'queries':>8}")
    rows = [
        (
            f"ours: all {len(r['metrics'])} 帮扶 metrics after a write, one memo",
            "ours",
            r["queries"]["ours"],
        ),
        ("ours, no write since the last view", "ours_read", r["queries"]["ours_read"]),
        ("full refresh of the period's kept parts (daily)", "refresh", 0),
        ("first view, no kept parts yet (once, before the rounds)", "first", 0),
        ("direct: every metric counted from the rows", "direct", r["queries"]["direct"]),
        ("floor: one hand-written SQL per figure", "floor", len(FLOOR)),
        ("peer: each union's figures, one union at a time, summed", "peer", r["queries"]["peer"]),
        *((label, url, r["queries"][url]) for label, url in r["pages"]),
    ]
    for label, key, queries in rows:
        if key in med:
            sent = f"{queries:8,}" if queries else f"{'—':>8}"
            print(f"{label:58} {med[key]:9.1f} {sent}")
    print()
    print(
        f"ours           = {med['ours']:7.1f} ms  target ≤ {TARGET_MS:g} ms   {ok[med['ours'] <= TARGET_MS]}"
    )
    print(f"ours / floor   = {med['ours'] / med['floor']:7.2f}")
    if "peer" in med:
        print(f"peer / ours    = {med['peer'] / med['ours']:7.1f}")
    print(f"refresh / ours = {med['refresh'] / med['ours']:7.1f}  (the daily full refresh)")
    agree = "ours = floor = peer" if "peer_fig" in r else "ours = floor (no peer run)"
    print(f"same figures: {agree} {'yes' if r['same'] else 'NO'}")
    print(
        f"same figures after the rounds' writes: ours = floor = direct {'yes' if r['same_after'] else 'NO'}"
    )
    if not r["same"]:
        for m in r["metrics"]:
            print(
                f"  {m.label}: ours {r['ours_fig'][m.key]} floor {r['floor_fig'].get(m.key)}"
                f" peer {r.get('peer_fig', {}).get(m.key)}"
            )


def main() -> None:
    args = parse_args()
    if args.child:
        import django

        django.setup()
        if args.child == "care":
            care_federation_data.child_care()
        else:
            child_time(args)
        return
    path = cache_path(args)
    if args.rebuild or not path.exists():
        print(f"building {path} …", flush=True)
        print(f"  built in {build(args, path):.0f} s", flush=True)
    if args.build_only:
        return
    env = gonghui_env(path, Path(args.cache)) | {"ALLOWED_HOSTS": "testserver"}
    subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "migrate", "-v0", "--skip-checks"],
        env=env,
        check=True,
    )
    cmd = [sys.executable, __file__, "--child", "time", f"--repeat={args.repeat}",
           f"--peer-repeat={args.peer_repeat}", f"--page-repeat={args.page_repeat}",
           f"--refresh-repeat={args.refresh_repeat}",
           f"--seed={args.seed}", *(["--explain"] if args.explain else [])]  # fmt: skip
    warnings.filterwarnings("ignore")
    subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
