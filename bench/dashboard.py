"""Benchmark of the 工作台 (dashboard) on the demo, against the login page as the floor.

    .venv/bin/python bench/dashboard.py [--repeat 300] [--cold 50] [--sources 50] [--profile [PATTERN]]

The data: ``gonghui demo`` (the 示范镇 federation, its school, hospital and factory, with
the plan, the books and the congress of the school) built into a throwaway SQLite file.

Timed through Django's test client, as a browser asks (``Accept-Encoding: gzip``):

- ours: ``GET /`` as the demo school's chair (``chair``) — sessions, the access checks, the
  union figures, the to-dos of every module (``core.todo``), the panels (``core.panels``:
  the plan's months, targets and chart), the navigation, the template;
- floor: ``GET /login/`` as an anonymous visitor — the same middleware, the base template
  and a form, no query: what any page of this project costs at least.

The two alternate (round-robin, so background load hits both alike) after 10 warm-ups;
wall time (``perf_counter``) and the process's CPU time (``process_time``: SQLite runs in
this process, so its work is included) are reported, median and mean. The plan targets'
figures are kept as in production (``GONGHUI_METRICS_CACHE_SECONDS``): the 工作台 is also
timed right after a write, when every figure is computed again ("after a write"). Then the
page's query count and the SQL time Django logged for them, each to-do source and panel on
its own
(queries and median time, every call as a fresh request), and the bytes a first visit
downloads: the HTML and every script and stylesheet it names, raw and gzipped (level 9,
as whitenoise stores them).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=300, help="requests of each page (300)")
    p.add_argument("--cold", type=int, default=50, help="requests after a write (50)")
    p.add_argument("--sources", type=int, default=50, help="calls of each to-do/panel (50)")
    p.add_argument(
        "--profile",
        nargs="?",
        const=".",
        metavar="PATTERN",
        help="cProfile 100 dashboard requests: the top 40 functions whose path matches",
    )
    return p.parse_args()


def setup_django(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["GONGHUI_TESTING"] = "1"  # plain static storage: no collectstatic needed
    os.environ["GONGHUI_DATA_DIR"] = str(tmp)
    (tmp / "static").mkdir()  # STATIC_ROOT: whitenoise warns when it is missing
    os.environ.pop("GONGHUI_DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log while timing
    # As in production (GONGHUI_TESTING turns it off): plan targets' figures kept until the
    # next audited write. Trees before the cache simply ignore the setting.
    settings.GONGHUI_METRICS_CACHE_SECONDS = 600
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def build():
    from django.db import connection

    from gonghui.core import demo
    from gonghui.core.models import User

    demo.build()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return User.objects.get(username="chair")


def ms(seconds: list[float]) -> tuple[float, float]:
    return statistics.median(seconds) * 1000, statistics.mean(seconds) * 1000


def body(response) -> bytes:
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content


def time_pages(chair, repeat: int):
    from django.test import Client

    ours, floor = Client(), Client()
    ours.force_login(chair)
    wall = {"ours": [], "floor": []}
    cpu = {"ours": [], "floor": []}
    for i in range(repeat + 10):
        for name, client, url in (("ours", ours, "/"), ("floor", floor, "/login/")):
            w, c = time.perf_counter(), time.process_time()
            response = client.get(url, **BROWSER)
            w, c = time.perf_counter() - w, time.process_time() - c
            assert response.status_code == 200, (url, response.status_code)
            if i >= 10:
                wall[name].append(w)
                cpu[name].append(c)
    return wall, cpu, ours


def time_cold(client, repeat: int):
    """The 工作台 right after a write: the figures' cache emptied before each request (not
    timed), so every plan target's figure is computed again."""
    from django.core.cache import cache

    wall, cpu = [], []
    for _ in range(repeat):
        cache.clear()
        w, c = time.perf_counter(), time.process_time()
        response = client.get("/", **BROWSER)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
        assert response.status_code == 200
    return wall, cpu


def count_queries(client, url: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **BROWSER)
    sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    return len(ctx.captured_queries), sql_ms, response


def time_sources(chair, calls: int):
    """Each registered to-do source and panel alone: its queries and its median time, every
    call as a fresh request would make it (a new user object, a new per-request memo)."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gonghui.core import metrics, panels, scoping, todo
    from gonghui.core.models import User
    from gonghui.orgs.models import Union

    union = Union.objects.get(code="demo-school")
    today: datetime.date = timezone.localdate()
    rows = []
    daily = getattr(todo, "DAILY", set())  # built once a day on the page (older trees: none)
    contributors = [
        (f"todo  {_name(s)}{' (daily)' if s in daily else ''}", s, False) for s in todo.SOURCES
    ]
    contributors += [(f"panel {_name(s)}", s, True) for s in panels.SOURCES]
    for label, source, is_panel in contributors:
        times, queries = [], None
        for i in range(calls + 3):
            user = User.objects.get(pk=chair.pk)
            scoping.grants(user)  # loaded once per request by the page itself; not the source's
            # request_memo() is what MemoMiddleware opens; older trees have none.
            memo = getattr(metrics, "request_memo", contextlib.nullcontext)
            with memo(), CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                if is_panel:
                    source(user, union, today)
                else:
                    list(source(user, union))
                t = time.perf_counter() - t
            queries = len(ctx.captured_queries)
            if i >= 3:
                times.append(t)
        rows.append((label, queries, statistics.median(times) * 1000))
    return rows


def _name(fn) -> str:
    return f"{fn.__module__.removeprefix('gonghui.')}.{fn.__qualname__}"


def assets(html: str) -> list[tuple[str, int, int]]:
    """(static path, raw bytes, gzipped bytes) of every script and stylesheet the page names."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    found = re.findall(r'<script[^>]+src="([^"]+)"', html)
    found += re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    found += re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html)
    out = []
    for url in dict.fromkeys(found):
        if not url.startswith(settings.STATIC_URL):
            continue
        path = finders.find(url.removeprefix(settings.STATIC_URL))
        data = Path(path).read_bytes()
        out.append((url.removeprefix(settings.STATIC_URL), len(data), len(gzip.compress(data, 9))))
    return out


def profile(client, pattern: str, n: int = 100) -> None:
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        client.get("/", **BROWSER)
    prof.disable()
    print(f"\n== cProfile of {n} dashboard requests (cumulative, top 40 matching {pattern!r})")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(pattern, 40)


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        setup_django(Path(tmpdir))
        run(args)


def run(args) -> None:
    import django

    started = time.perf_counter()
    chair = build()
    load = os.getloadavg()[0]
    print(f"gonghui dashboard bench  {time.strftime('%Y-%m-%d %H:%M')}")
    print(
        f"machine: {os.cpu_count()} cores, load average {load:.1f} at start, "
        f"Python {sys.version.split()[0]}, Django {django.get_version()}"
    )
    print(f"database: SQLite (temporary file), demo built in {time.perf_counter() - started:.1f} s")

    wall, cpu, client = time_pages(chair, args.repeat)
    print(f"\nserver time per request, {args.repeat} requests each, round-robin, ms")
    print(f"{'page':<34}{'wall med':>9}{'mean':>8}{'cpu med':>9}{'mean':>8}")
    for name, label in (("ours", "工作台 GET / (chair)"), ("floor", "login GET /login/ (floor)")):
        (wm, wa), (cm, ca) = ms(wall[name]), ms(cpu[name])
        print(f"{label:<34}{wm:>9.2f}{wa:>8.2f}{cm:>9.2f}{ca:>8.2f}")
    (om, _), (fm, _) = ms(wall["ours"]), ms(wall["floor"])
    print(f"ratio 工作台 / login (wall median): {om / fm:.2f} ×; 工作台 − login: {om - fm:.2f} ms")

    from django.conf import settings

    settings.DEBUG = True  # log the SQL of the counted requests only
    n, sql_ms, response = count_queries(client, "/")
    floor_n, _, _ = count_queries(__import__("django.test").test.Client(), "/login/")
    settings.DEBUG = False
    print(f"queries: 工作台 {n} (SQL {sql_ms:.1f} ms as logged), login {floor_n}")

    from django.core.cache import cache

    cold_wall, cold_cpu = time_cold(client, args.cold)
    settings.DEBUG = True
    cache.clear()
    cold_n, cold_sql, _ = count_queries(client, "/")
    settings.DEBUG = False
    (wm, wa), (cm, ca) = ms(cold_wall), ms(cold_cpu)
    print(
        f"工作台 after a write (figures recomputed), {args.cold} requests: wall median {wm:.2f}"
        f" mean {wa:.2f}, cpu median {cm:.2f} mean {ca:.2f} ms; {cold_n} queries"
        f" (SQL {cold_sql:.1f} ms)"
    )

    print(f"\neach to-do source and panel alone, {args.sources} calls, ms median")
    for label, queries, t in time_sources(chair, args.sources):
        print(f"  {label:<62}{queries:>3} queries {t:>7.2f} ms")

    html = body(response).decode()
    sent = len(response.content)
    print("\nbytes of a first visit to the 工作台 (raw / gzipped level 9)")
    encoding = response.get("Content-Encoding") or "not compressed"
    print(f"  {'HTML':<44}{len(html.encode()):>9,}{len(gzip.compress(html.encode(), 9)):>9,}")
    print(f"  {'  as sent (' + encoding + ')':<44}{sent:>9,}")
    total_raw, total_gz = sent, sent
    for path, raw, gz in assets(html):
        print(f"  {path:<44}{raw:>9,}{gz:>9,}")
        total_raw += raw
        total_gz += gz
    print(f"  {'total (HTML as sent + assets)':<44}{total_raw:>9,}{total_gz:>9,}")
    echarts = sum(gz for path, _, gz in assets(html) if "echarts" in path)
    print(f"  ECharts share of the gzipped bytes: {echarts / total_gz:.0%}")

    if args.profile:
        profile(client, args.profile)


if __name__ == "__main__":
    main()
