"""Benchmark of 文体活动 sign-up and check-in over HTTP: the site under gunicorn as ``make run``
starts it, phones posting 报名 and 签到 at once, on SQLite and then on PostgreSQL (issue 17).

    .venv/bin/python bench/signup_http.py [--members 200] [--places 50] [--checkins 1000]
                                          [--clients 100] [--port 8871] [--login store|http]
                                          [--db both|sqlite|postgres]

For each database: a temporary one (a SQLite file in a temporary directory; then the
database ``bench_signup_http`` on the PostgreSQL cluster of ``scripts/pg.sh``, started if it
is not running, never stopped; the database created and dropped here), migrated, holding
one school union and ``--members`` + ``--checkins`` members, each with a login (会员 role).
The site is started as ``scripts/run.sh`` does: ``gunicorn gonghui.wsgi:application
--workers 2`` (sync workers), the project's own settings (not testing: the manifest static
files, collected once into the temporary directory; a fresh SECRET_KEY), on ``--port``.

Every member is logged in beforehand, one after another: with ``--login store`` (the
default) the sessions are made in a child process through Django's session store, as
``django.contrib.auth.login`` stores them (the login form checks an Argon2 hash per login:
0.3–1.5 s each on two shared cores, 6–30 minutes for 1,200 members; five real logins are
timed and printed either way); ``--login http`` posts the login form for every member
instead. Then, as a phone does — the page fetched, the CSRF token taken from its
form and cookie, the form posted with the session cookie, the redirect not followed:

1. ``--members`` 20 of the check-in members sign up one after another for an activity of
   10 places (``POST /activities/<pk>/signup/``), alternating with ``GET /login/``;
2. ``--members`` members, each with the activity page already open, post 报名 together
   (one thread each, released at once) for an activity of ``--places`` places;
3. ``--checkins`` members check in on the scan page of the QR code (``GET`` then ``POST``
   ``/activities/<pk>/scan/<token>/``) from ``--clients`` clients, 10 % of them posting
   twice (a double tap: the second answered 已签到), in a seeded shuffled order.

The floor is the same HTTP round trip to the login page (``GET /login/``, anonymous: the
middleware, the base template, a form, no query), sent the same way (one at a time, then as
many at once as the burst, then from the same clients as the check-ins): what any request to
this site costs at least under that concurrency. Counted afterwards in the database: the
confirmed persons, ``taken`` and the waiting list; every member checked in once. Errors are
answers other than 2xx/3xx, failed connections and redirects to the login page. The script
fails (exit 1) unless exactly ``--places`` are confirmed, the rest waiting, every member is
checked in once and there are no errors.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import random
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SERVER = "postgres://gonghui@127.0.0.1:55432"
PG_DB = "bench_signup_http"
PASSWORD = "Bench-signup-2026"
SEQUENTIAL, SEQ_PLACES = 20, 10


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=200, help="members signing up at once (200)")
    p.add_argument("--places", type=int, default=50, help="places of the activity (50)")
    p.add_argument("--checkins", type=int, default=1000, help="members checking in (1000)")
    p.add_argument("--clients", type=int, default=100, help="concurrent check-in clients (100)")
    p.add_argument("--port", type=int, default=8871, help="gunicorn's port (8871)")
    p.add_argument("--login", choices=["store", "http"], default="store", help="(store)")
    p.add_argument("--db", choices=["both", "sqlite", "postgres"], default="both")
    p.add_argument("--child", choices=["setup", "count"], help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    return p.parse_args()


# --- the child: data and counts (Django, the database of DATABASE_URL) ------------------


def _union_and_members(total: int):
    from django.contrib.auth.hashers import make_password

    from gonghui.core.models import Role, RoleGrant, User
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Member, UnionKind

    fed = org_services.union_create(
        actor=None, name="测速镇总工会", code="benchfed", kind=UnionKind.TOWN, parent=None
    )
    union = org_services.union_create(
        actor=None, name="测速中学工会", code="benchschool", kind=UnionKind.SCHOOL, parent=fed
    )
    hashed = make_password(PASSWORD)  # one Argon2 hash for all: the setup is not timed
    users = User.objects.bulk_create(
        [User(username=f"bm{i:05d}", full_name=f"会员{i:05d}", password=hashed) for i in range(total)],
        batch_size=500,
    )  # fmt: skip
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=u, role=Role.MEMBER, union=union) for u in users], batch_size=500
    )
    Member.objects.bulk_create(
        [
            Member(union=union, user=u, name=u.full_name, sex="F" if i % 2 else "M", status="active")
            for i, u in enumerate(users)
        ],
        batch_size=500,
    )  # fmt: skip
    members = list(Member.objects.filter(union=union).select_related("user").order_by("id"))
    return union, members


def _activity(union, title: str, capacity: int, start, close_hours: int):
    from gonghui.activities import services

    fields = {
        "kind": "sports",
        "title": title,
        "place": "体育馆",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "close_hours": close_hours,
        "audience": "all",
        "members_only": True,
        "capacity": capacity,
    }
    activity = services.activity_save(actor=None, union=union, fields=fields)
    services.activity_publish(actor=None, activity=activity)
    activity.refresh_from_db()
    return activity


def _checkin_activity(union, members):
    """An activity starting in ten minutes (its self check-in window open), every one of
    ``members`` holding a confirmed place, its QR session opened."""
    from django.db import transaction
    from django.utils import timezone

    from gonghui.activities import services_checkin
    from gonghui.activities.models import Activity, Registration

    start = timezone.now() + datetime.timedelta(minutes=10)
    activity = _activity(union, "签到测速", len(members), start, 0)
    with transaction.atomic():
        Registration.objects.bulk_create(
            [
                Registration(activity=activity, union=union, member=m, user=m.user, name=m.name,
                             persons=1, state="confirmed")
                for m in members
            ],
            batch_size=500,
        )  # fmt: skip
        Activity.objects.filter(pk=activity.pk).update(taken=len(members))
    session = services_checkin.checkin_session_open(actor=None, activity=activity)
    return activity, session


def _session_cookie(user) -> str:
    """A session as ``django.contrib.auth.login`` stores it, in the session store."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def child_setup(args) -> None:
    import django

    django.setup()
    from django.utils import timezone

    total = args.members + args.checkins
    union, members = _union_and_members(total)
    signers, checkers = members[: args.members], members[args.members :]
    later = timezone.now() + datetime.timedelta(days=10)
    race = _activity(union, "报名测速", args.places, later, 24)
    one_by_one = _activity(union, "逐个报名", SEQ_PLACES, later, 24)
    checkin, session = _checkin_activity(union, checkers)

    def who(m):
        cookie = _session_cookie(m.user) if args.login == "store" else ""
        return {"username": m.user.username, "session": cookie}

    out = {
        "race": race.pk,
        "one_by_one": one_by_one.pk,
        "checkin": checkin.pk,
        "token": session.token,
        "signers": [who(m) for m in signers],
        "checkers": [who(m) for m in checkers],
    }
    Path(args.out).write_text(json.dumps(out))


def child_count(args) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, Q, Sum

    from gonghui.activities.models import Activity, Registration
    from gonghui.activities.models_checkin import CheckIn

    ids = json.loads(Path(args.out).read_text())
    out = {}
    for key in ("race", "one_by_one"):
        got = Registration.objects.filter(activity_id=ids[key]).aggregate(
            confirmed=Sum("persons", filter=Q(state="confirmed")),
            waiting=Count("id", filter=Q(state="waiting")),
            rows=Count("id"),
        )
        got["taken"] = Activity.objects.get(pk=ids[key]).taken
        out[key] = {k: v or 0 for k, v in got.items()}
    scans = CheckIn.objects.filter(activity_id=ids["checkin"])
    out["checkins"] = scans.count()
    out["checked_members"] = scans.values("member_id").distinct().count()
    out["engine"] = (
        f"SQLite {sqlite3.sqlite_version} (temporary file, WAL, IMMEDIATE transactions)"
        if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    )
    ids["counts"] = out
    Path(args.out).write_text(json.dumps(ids))


# --- the phone: HTTP with cookies, CSRF from the page -----------------------------------


class _Forms(HTMLParser):
    """The page's POST forms: their action and the named inputs with their values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append({"action": a.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value") or ""


class Phone:
    """One member's browser: the session cookie, the CSRF cookie, one connection a request
    (gunicorn's sync workers close it after each answer)."""

    def __init__(self, port: int, session: str = ""):
        self.port = port
        self.cookies = {"sessionid": session} if session else {}

    def send(self, method: str, path: str, fields: dict | None = None):
        """(status, Location, body, seconds); raises on a failed connection."""
        headers = {"Accept-Encoding": "gzip", "User-Agent": "gonghui-bench/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
        finally:
            conn.close()
        seconds = time.perf_counter() - started
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if resp.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        return resp.status, resp.headers.get("Location") or "", raw.decode(), seconds

    def form(self, path: str, action_end: str = "", required: bool = True):
        """GET ``path`` and the fields of its POST form whose action ends with
        ``action_end`` (or has none: it posts to the page): (fields or None, seconds)."""
        status, _, text, seconds = self.send("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        parser = _Forms()
        parser.feed(text)
        for f in parser.forms:
            if (action_end and f["action"].endswith(action_end)) or (
                not action_end and f["action"] in ("", path)
            ):
                return f["fields"], seconds
        if required:
            raise RuntimeError(f"GET {path}: no form posting to {action_end or 'the page'}")
        return None, seconds

    def post(self, path: str, fields: dict) -> tuple[bool, float]:
        """POST as the form does: (a 2xx/3xx answer not sending us to the login page, seconds)."""
        try:
            status, location, _, seconds = self.send("POST", path, fields)
        except OSError:
            return False, 0.0
        return 200 <= status < 400 and "/login/" not in location, seconds

    def get(self, path: str) -> tuple[bool, float]:
        try:
            status, _, _, seconds = self.send("GET", path)
        except OSError:
            return False, 0.0
        return 200 <= status < 400, seconds

    def login_page(self) -> tuple[bool, float]:
        """The floor: the login page, anonymous."""
        return self.get("/login/")

    def log_in(self, username: str) -> float:
        fields, _ = self.form("/login/")
        fields.update(username=username, password=PASSWORD)
        status, location, _, seconds = self.send("POST", "/login/", fields)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username}: {status} {location}")
        return seconds


# --- running ----------------------------------------------------------------------------


def together(chunks: list[list]) -> tuple[float, list[float], int]:
    """Each chunk's calls (each returning (ok, seconds)) one after another in a thread of its
    own, the threads released together: the wall time, the latencies, the errors."""
    barrier = threading.Barrier(len(chunks) + 1)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def work(chunk):
        mine, bad = [], 0
        barrier.wait()
        for call in chunk:
            ok, seconds = call()
            mine.append(seconds)
            bad += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, errors[0]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def log_in_all(args, port: int, data: dict) -> dict:
    """A Phone per member; with ``--login http`` every member logged in by the form, one after
    another; five real logins timed either way (members of their own: fresh sessions)."""
    people = data["signers"] + data["checkers"]
    phones = {p["username"]: Phone(port, p["session"]) for p in people}
    started = time.perf_counter()
    if args.login == "http":
        for p in people:
            phones[p["username"]].log_in(p["username"])
    else:
        for p in people[-5:]:
            Phone(port).log_in(p["username"])
    data["login_seconds"] = time.perf_counter() - started
    data["logins_timed"] = len(people) if args.login == "http" else 5
    return phones


def one_by_one(port: int, data: dict, phones: dict) -> dict:
    """SEQUENTIAL members sign up one after another, each POST alternating with the floor's
    GET /login/ (round robin)."""
    path = f"/activities/{data['one_by_one']}/"
    ours, floor, errors = [], [], 0
    anonymous = Phone(port)
    for p in data["checkers"][:SEQUENTIAL]:
        phone = phones[p["username"]]
        fields, _ = phone.form(path, "/signup/")
        ok, seconds = phone.post(f"{path}signup/", fields)
        ours.append(seconds)
        errors += not ok
        ok, seconds = anonymous.get("/login/")
        floor.append(seconds)
        errors += not ok
    return {"ours": ours, "floor": floor, "errors": errors}


def race(port: int, data: dict, phones: dict) -> dict:
    path = f"/activities/{data['race']}/"
    calls = []
    for p in data["signers"]:
        phone = phones[p["username"]]
        fields, _ = phone.form(path, "/signup/")  # the page open on the phone
        calls.append([lambda phone=phone, fields=fields: phone.post(f"{path}signup/", fields)])
    wall, lat, errors = together(calls)
    fwall, flat, ferrors = together([[Phone(port).login_page] for _ in calls])
    return {"ours": (wall, lat, errors), "floor": (fwall, flat, ferrors)}


def checkins(args, port: int, data: dict, phones: dict) -> dict:
    """Each scan: the scan page, then 签到 posted; a repeated scan posts the same form again."""
    path = f"/activities/{data['checkin']}/scan/{data['token']}/"
    forms: dict[str, dict] = {}
    pages: list[float] = []

    def scan(username: str) -> tuple[bool, float]:
        phone = phones[username]
        if username not in forms:
            try:
                fields, seconds = phone.form(path, required=False)
            except (OSError, RuntimeError):
                return False, 0.0
            pages.append(seconds)
            if fields is None:  # the page says 已签到: the other tap came first
                return True, seconds
            forms[username] = fields
        return phone.post(path, forms[username])

    names = [p["username"] for p in data["checkers"]]
    scans = names + names[::10]  # 10 % tap twice
    random.Random(17).shuffle(scans)
    chunks = [[lambda u=u: scan(u) for u in scans[i :: args.clients]] for i in range(args.clients)]
    wall, lat, errors = together(chunks)
    fchunks = [[Phone(port).login_page] * len(c) for c in chunks]
    fwall, flat, ferrors = together(fchunks)
    return {
        "ours": (wall, lat, errors),
        "pages": pages,
        "floor": (fwall, flat, ferrors),
        "scans": len(scans),
    }


# --- the site ---------------------------------------------------------------------------


def site_env(tmp: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        GONGHUI_DATA_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        SECRET_KEY=(tmp / "secret_key").read_text(),
        DJANGO_SETTINGS_MODULE="gonghui.settings",
        PATH=f"{BIN}:{env.get('PATH', '')}",
    )
    return env


def start_site(env: dict, port: int, tmp: Path) -> subprocess.Popen:
    """gunicorn as scripts/run.sh starts it; returns once the login page answers."""
    cmd = [str(BIN / "gunicorn"), "gonghui.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", "2", "--access-logfile", str(tmp / "access.log")]  # fmt: skip
    log = (tmp / "gunicorn.log").open("ab")
    server = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}); see {tmp / 'gunicorn.log'}")
        try:
            if Phone(port).send("GET", "/login/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.5)  # not listening yet
    server.terminate()
    sys.exit("gunicorn did not answer within 120 s")


def run_database(args, tmp: Path, label: str, database_url: str) -> dict:
    env = site_env(tmp, database_url)
    gonghui = [sys.executable, "-m", "gonghui.cli"]
    t = time.perf_counter()
    subprocess.run([*gonghui, "migrate", "-v0", "--skip-checks"], env=env, check=True, cwd=ROOT)
    out = tmp / f"{label}.json"
    child = [sys.executable, __file__, "--child", "setup", "--out", str(out),
             "--members", str(args.members), "--places", str(args.places),
             "--checkins", str(args.checkins), "--login", args.login]  # fmt: skip
    subprocess.run(child, env=env, check=True, cwd=ROOT)
    data = json.loads(out.read_text())
    data["setup_seconds"] = time.perf_counter() - t
    server = start_site(env, args.port, tmp)
    try:
        phones = log_in_all(args, args.port, data)
        data["one_by_one_run"] = one_by_one(args.port, data, phones)
        data["race_run"] = race(args.port, data, phones)
        data["checkin_run"] = checkins(args, args.port, data, phones)
    finally:
        server.terminate()
        server.wait(timeout=60)
    counting = {k: v for k, v in data.items() if k in ("race", "one_by_one", "checkin")}
    out.write_text(json.dumps(counting))
    subprocess.run([*child[:3], "count", "--out", str(out)], env=env, check=True, cwd=ROOT)
    data["counts"] = json.loads(out.read_text())["counts"]
    data["load"] = os.getloadavg()[0]
    return data


def postgres_url(args) -> str:
    import psycopg

    if subprocess.run(["bash", "scripts/pg.sh", "status"], cwd=ROOT).returncode != 0:
        subprocess.run(["bash", "scripts/pg.sh", "start"], cwd=ROOT, check=True)
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DB}")
    return f"{PG_SERVER}/{PG_DB}"


def drop_postgres() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


# --- the report -------------------------------------------------------------------------


def _line(label: str, wall: float | None, lat: list[float], tail: str = "") -> None:
    head = f"{wall * 1000:9.1f} ms" if wall is not None else " " * 12
    print(f"  {label:46} {head}  p50 {pct(lat, 0.5):7.1f} ms  p95 {pct(lat, 0.95):7.1f} ms  {tail}")


def _ratios(ours, floor, wall: bool = True) -> None:
    parts = [f"wall {ours[0] / floor[0]:.2f}"] if wall else []
    parts += [f"p50 {pct(ours[1], 0.5) / pct(floor[1], 0.5):.2f}",
              f"p95 {pct(ours[1], 0.95) / pct(floor[1], 0.95):.2f}"]  # fmt: skip
    print(f"  ours / floor: {', '.join(parts)}")


def report(args, data: dict) -> bool:
    c = data["counts"]
    n, m = args.members, args.places
    print(f"\n== {c['engine']}: set-up {data['setup_seconds']:.0f} s, load average "
          f"{data['load']:.1f} after the run")  # fmt: skip
    how = "by the login form" if args.login == "http" else "through the session store (child)"
    each = data["login_seconds"] / data["logins_timed"] * 1000
    print(f"logins: {n + args.checkins} members logged in {how}; "
          f"the login form: {each:.0f} ms a login (POST /login/, {data['logins_timed']} timed)")  # fmt: skip
    seq = data["one_by_one_run"]
    got = c["one_by_one"]
    ok = got["confirmed"] == SEQ_PLACES and got["waiting"] == SEQUENTIAL - SEQ_PLACES
    ok &= seq["errors"] == 0
    print(
        f"\n{SEQUENTIAL} members sign up one after another for {SEQ_PLACES} places (round robin with the floor)"
    )
    _line(
        "ours: POST 报名 (activities:signup)",
        None,
        seq["ours"],
        f"confirmed {got['confirmed']}, waiting {got['waiting']}, errors {seq['errors']}",
    )
    _line("floor: GET /login/ (anonymous)", None, seq["floor"])
    _ratios((0, seq["ours"]), (1, seq["floor"]), wall=False)  # fmt: skip
    r = data["race_run"]
    got = c["race"]
    over = got["confirmed"] - m
    verdict = f"OVERBOOKED by {over}" if over > 0 else "never overbooked"
    print(f"\n{n} members post 报名 at once for {m} places ({n} clients released together, "
          f"gunicorn 2 sync workers)")  # fmt: skip
    _line("ours: POST 报名 (activities:signup)", r["ours"][0], r["ours"][1],
          f"confirmed {got['confirmed']}, taken {got['taken']}, waiting {got['waiting']}, "
          f"errors {r['ours'][2]}: {verdict}")  # fmt: skip
    _line(
        f"floor: {n} GET /login/ at once", r["floor"][0], r["floor"][1], f"errors {r['floor'][2]}"
    )
    _ratios(r["ours"], r["floor"])
    ok &= got["confirmed"] == m == got["taken"] and got["waiting"] == n - m
    ok &= got["rows"] == n and r["ours"][2] == 0 and r["floor"][2] == 0
    k = data["checkin_run"]
    print(f"\n{k['scans']} check-ins ({k['scans'] - args.checkins} repeated) of {args.checkins} "
          f"members from {args.clients} clients at once (scan page, then POST 签到)")  # fmt: skip
    _line("ours: POST 签到 (activities:checkin_scan)", k["ours"][0], k["ours"][1],
          f"checked in {c['checked_members']} of {args.checkins} ({c['checkins']} rows), "
          f"errors {k['ours'][2]}")  # fmt: skip
    _line("  the scan page before it (GET)", None, k["pages"])
    _line(f"floor: {k['scans']} GET /login/, same clients", k["floor"][0], k["floor"][1],
          f"errors {k['floor'][2]}")  # fmt: skip
    _ratios(k["ours"], k["floor"], wall=False)
    ok &= c["checked_members"] == c["checkins"] == args.checkins and k["ours"][2] == 0
    print("  correct" if ok else "  WRONG: see the counts above")
    return ok


def main() -> None:
    args = parse_args()
    if args.child == "setup":
        child_setup(args)
        return
    if args.child == "count":
        child_count(args)
        return
    import django
    import gunicorn

    print(
        f"gonghui activities sign-up bench over HTTP  {datetime.date.today()}  {platform.platform()}"
    )
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start, "
          f"Python {platform.python_version()}, Django {django.get_version()}, "
          f"gunicorn {gunicorn.__version__} (2 sync workers, as scripts/run.sh)")  # fmt: skip
    ok = True
    with tempfile.TemporaryDirectory(prefix="gonghui-signup-http-") as name:
        tmp = Path(name)
        (tmp / "secret_key").write_text(secrets.token_urlsafe(50))
        env = site_env(tmp, f"sqlite:///{tmp / 'bench.sqlite3'}")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gonghui.cli", "collectstatic", "--noinput", "-v0"],
                       env=env, check=True, cwd=ROOT)  # fmt: skip
        print(f"collectstatic: {time.perf_counter() - t:.0f} s (once, as make run does)")
        if args.db in ("both", "sqlite"):
            ok &= report(args, run_database(args, tmp, "sqlite", env["DATABASE_URL"]))
        if args.db in ("both", "postgres"):
            try:
                ok &= report(args, run_database(args, tmp, "postgres", postgres_url(args)))
            finally:
                drop_postgres()
        shutil.rmtree(tmp / "static", ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
