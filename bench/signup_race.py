"""Benchmark of 文体活动 sign-up and check-in on SQLite: N members signing up for an activity
with M places, one after another and from concurrent threads, and 1,000 check-ins with 10 %
repeated scans.

    .venv/bin/python bench/signup_race.py [--members 200] [--places 50] [--threads 8]
                                          [--checkins 1000] [--repeat 5]

A temporary SQLite file (WAL, the project's settings: IMMEDIATE transactions, 20 s busy
timeout), migrated, holding one school union and ``--members`` + ``--checkins`` members;
deleted afterwards. Three ways of doing the same work, timed round-robin, median of
``--repeat`` runs, each run on a fresh activity:

- **ours** — ``activities.services.registration_signup`` as the committee signs a member up
  (``actor=None``: the system, so no role lookup is timed): the activity row locked, the
  member, audience and "signed up already" checks, a place by the conditional ``UPDATE …
  SET taken = taken + n WHERE taken <= capacity - n`` when nobody waits, else the waiting
  list, and the audit entry (the hash chain); ``services_checkin.checkin_mark`` for the
  check-ins (the session, the registration's state, the window, the deduplicating insert,
  the audit entry).
- **floor** — the same checks and writes as raw SQL in one IMMEDIATE transaction per
  sign-up (the activity's state and deadline, the member, the standing sign-up, anyone
  waiting, the conditional UPDATE, the INSERT) and per check-in (the registration confirmed,
  the window, ``INSERT OR IGNORE`` on the unique index): no ORM, no audit entry.
- **peer** — a naive Django ORM loop, as a first version is often written: read the places
  taken (a SUM over the confirmed sign-ups), confirm if they fit and write ``taken`` back
  as the number read plus one; for check-ins ``exists()`` then ``create()``. Autocommit, no
  lock, no conditional UPDATE: run from threads it shows whether it overbooks.

Every run is checked: exactly M confirmed and N − M waiting (sequential ours, floor and peer;
concurrent ours and floor); every member checked in once. The concurrent runs print the
confirmed persons, ``taken`` and any errors, and p50/p95 of one call's latency.

It measures the services themselves, in one process, as ``bench/care_rest.py`` does; the
issue's benchmark over HTTP (the site under gunicorn, 200 clients at once, SQLite then
PostgreSQL) is ``bench/signup_http.py``, and ``tests/activities/test_concurrency.py`` pins
"never overbooked" on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIVE = ("confirmed", "waiting", "offered", "entered")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=200, help="members signing up (200)")
    p.add_argument("--places", type=int, default=50, help="places of the activity (50)")
    p.add_argument("--threads", type=int, default=8, help="concurrent clients (8)")
    p.add_argument("--checkins", type=int, default=1000, help="members checking in (1000)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs of each (5)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args()


# --- the data ------------------------------------------------------------------------


def _setup(args):
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Member, UnionKind

    fed = org_services.union_create(
        actor=None, name="测速镇总工会", code="benchfed", kind=UnionKind.TOWN, parent=None
    )
    union = org_services.union_create(
        actor=None, name="测速中学工会", code="benchschool", kind=UnionKind.SCHOOL, parent=fed
    )
    total = args.members + args.checkins
    Member.objects.bulk_create(
        [
            Member(union=union, name=f"会员{i:05d}", sex="F" if i % 2 else "M", status="active")
            for i in range(total)
        ],
        batch_size=1000,
    )
    members = list(Member.objects.filter(union=union).order_by("id"))
    return union, members[: args.members], members[args.members :]


def _activity(union, capacity: int, title: str):
    from django.utils import timezone

    from gonghui.activities import services

    start = timezone.now() + datetime.timedelta(days=10)
    fields = {
        "kind": "sports",
        "title": title,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "close_hours": 24,
        "audience": "all",
        "members_only": True,
        "capacity": capacity,
    }
    activity = services.activity_save(actor=None, union=union, fields=fields)
    services.activity_publish(actor=None, activity=activity)
    activity.refresh_from_db()
    return activity


# --- sign-up: ours, floor, peer --------------------------------------------------------


def ours_signup(activity, member) -> None:
    from gonghui.activities import services

    services.registration_signup(actor=None, activity=activity, member=member)


def floor_signup(activity, member) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "SELECT state, signup_closes_at > %s, members_only FROM activities_activity"
            " WHERE id = %s",
            [now, activity.pk],
        )
        state, open_, _ = c.fetchone()
        if state != "open" or not open_:
            raise ValueError("报名已截止")
        c.execute(
            "SELECT 1 FROM orgs_member WHERE id = %s AND union_id = %s"
            " AND status IN ('active', 'retired')",
            [member.pk, activity.union_id],
        )
        if c.fetchone() is None:
            raise ValueError("不是本会会员")
        c.execute(
            "SELECT 1 FROM activities_registration WHERE activity_id = %s AND member_id = %s"
            f" AND state IN {LIVE}",
            [activity.pk, member.pk],
        )
        if c.fetchone() is not None:
            raise ValueError("已报名")
        c.execute(
            "SELECT 1 FROM activities_registration WHERE activity_id = %s AND state = 'waiting'"
            " LIMIT 1",
            [activity.pk],
        )
        state = "waiting"
        if c.fetchone() is None:
            c.execute(
                "UPDATE activities_activity SET taken = taken + 1"
                " WHERE id = %s AND taken <= capacity - 1",
                [activity.pk],
            )
            state = "confirmed" if c.rowcount == 1 else "waiting"
        c.execute(
            "INSERT INTO activities_registration (activity_id, union_id, member_id, name,"
            " companions, companion_names, persons, state, queued_at, confirmed_at)"
            " VALUES (%s, %s, %s, %s, 0, '', 1, %s, %s, %s)",
            [activity.pk, activity.union_id, member.pk, member.name, state, now,
             now if state == "confirmed" else None],
        )  # fmt: skip


def peer_signup(activity, member) -> None:
    """Read, decide, write back: no lock, no conditional UPDATE (autocommit)."""
    from django.db.models import Sum

    from gonghui.activities.models import Activity, Registration

    found = Activity.objects.get(pk=activity.pk)
    if Registration.objects.filter(activity=found, member=member, state__in=LIVE).exists():
        raise ValueError("已报名")
    taken = (
        Registration.objects.filter(activity=found, state="confirmed").aggregate(n=Sum("persons"))[
            "n"
        ]
        or 0
    )
    fits = taken + 1 <= found.capacity
    Registration.objects.create(
        activity=found,
        union_id=found.union_id,
        member=member,
        name=member.name,
        persons=1,
        state="confirmed" if fits else "waiting",
    )
    if fits:
        Activity.objects.filter(pk=found.pk).update(taken=taken + 1)


# --- check-in: ours, floor, peer -------------------------------------------------------


def _checkin_setup(union, members):
    """An activity of ``len(members)`` places, all confirmed, its check-in session open."""
    from django.db import transaction

    from gonghui.activities import services_checkin
    from gonghui.activities.models import Activity, Registration

    activity = _activity(union, len(members), "签到测速")
    with transaction.atomic():
        Registration.objects.bulk_create(
            [
                Registration(
                    activity=activity,
                    union=union,
                    member=m,
                    name=m.name,
                    persons=1,
                    state="confirmed",
                )
                for m in members
            ],
            batch_size=1000,
        )
        Activity.objects.filter(pk=activity.pk).update(taken=len(members))
    session = services_checkin.checkin_session_open(actor=None, activity=activity)
    regs = list(Registration.objects.filter(activity=activity).select_related("activity__union"))
    scans = regs + regs[::10]  # 10 % scanned twice
    at = activity.starts_at + datetime.timedelta(minutes=1)
    return activity, session, scans, at


def _clear_checkins(session) -> None:
    from gonghui.activities.models_checkin import CheckIn

    CheckIn.objects.filter(session=session).delete()


def ours_checkin(session, reg, at) -> None:
    from gonghui.activities import services_checkin

    services_checkin.checkin_mark(actor=None, registration=reg, now=at)


def floor_checkin(session, reg, at) -> None:
    from django.db import connection, transaction

    now = connection.ops.adapt_datetimefield_value(at)
    opens = connection.ops.adapt_datetimefield_value(
        reg.activity.starts_at - datetime.timedelta(minutes=60)
    )
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "SELECT state, member_id, user_id, name, persons FROM activities_registration"
            " WHERE id = %s",
            [reg.pk],
        )
        state, member_id, user_id, name, persons = c.fetchone()
        if state != "confirmed" or now < opens:
            raise ValueError("不能签到")
        c.execute(
            "INSERT OR IGNORE INTO activities_checkin (session_id, activity_id, union_id,"
            " registration_id, member_id, user_id, name, persons, at, late, walk_in,"
            " by_organiser) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 0, 0, 1)",
            [session.pk, reg.activity_id, reg.union_id, reg.pk, member_id, user_id, name,
             persons, now],
        )  # fmt: skip


def peer_checkin(session, reg, at) -> None:
    from gonghui.activities.models_checkin import CheckIn

    if CheckIn.objects.filter(session=session, registration=reg).exists():
        return
    CheckIn.objects.create(
        session=session,
        activity_id=reg.activity_id,
        union_id=reg.union_id,
        registration=reg,
        member_id=reg.member_id,
        name=reg.name,
        persons=reg.persons,
        at=at,
        by_organiser=True,
    )


# --- running ---------------------------------------------------------------------------


def _signups(activity) -> dict:
    from django.db.models import Count, Q, Sum

    from gonghui.activities.models import Activity, Registration

    regs = Registration.objects.filter(activity=activity)
    out = regs.aggregate(
        confirmed=Sum("persons", filter=Q(state="confirmed")),
        waiting=Count("id", filter=Q(state="waiting")),
    )
    out["taken"] = Activity.objects.get(pk=activity.pk).taken
    return {k: v or 0 for k, v in out.items()}


def _sequential(fn, items, *args) -> tuple[float, int]:
    errors = 0
    started = time.perf_counter()
    for item in items:
        try:
            fn(*args, item) if len(args) < 2 else fn(args[0], item, args[1])
        except Exception:  # a refusal or a database error: counted, not hidden
            errors += 1
    return time.perf_counter() - started, errors


def _concurrent(fn, items, threads: int, *args) -> tuple[float, int, list[float]]:
    """``fn`` over ``items`` from ``threads`` threads (each its own connection), started
    together; the wall time, the errors, every call's latency."""
    from django.db import connection

    chunks = [items[i::threads] for i in range(threads)]
    barrier = threading.Barrier(threads + 1)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def work(chunk):
        mine, bad = [], 0
        barrier.wait()
        for item in chunk:
            t = time.perf_counter()
            try:
                fn(*args, item) if len(args) < 2 else fn(args[0], item, args[1])
            except Exception:
                bad += 1
            mine.append(time.perf_counter() - t)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    workers = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for w in workers:
        w.start()
    barrier.wait()
    started = time.perf_counter()
    for w in workers:
        w.join()
    return time.perf_counter() - started, errors[0], latencies


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def child(args) -> None:
    import django

    django.setup()
    from django.db import connection

    from gonghui.activities.models_checkin import CheckIn

    union, signers, checkers = _setup(args)
    ways = {"ours": ours_signup, "floor": floor_signup, "peer": peer_signup}
    seq = {k: [] for k in ways}
    seq_ok = dict.fromkeys(ways, True)
    for run in range(args.repeat):
        for key, fn in ways.items():
            activity = _activity(union, args.places, f"{key}{run}")
            seconds, errors = _sequential(fn, signers, activity)
            seq[key].append(seconds)
            got = _signups(activity)
            want = min(args.places, args.members)
            seq_ok[key] &= errors == 0 and got["confirmed"] == want == got["taken"]
            seq_ok[key] &= got["waiting"] == args.members - want
    conc = {}
    for run in range(args.repeat):
        for key, fn in ways.items():
            activity = _activity(union, args.places, f"{key}-threads{run}")
            seconds, errors, lat = _concurrent(fn, signers, args.threads, activity)
            got = _signups(activity)
            worst = conc.get(key)
            # keep the median wall time, every latency, the worst overbooking seen
            if worst is None:
                conc[key] = ([seconds], errors, lat, got)
            else:
                worst[0].append(seconds)
                worst[2].extend(lat)
                if got["confirmed"] > worst[3]["confirmed"] or errors > worst[1]:
                    conc[key] = (worst[0], max(errors, worst[1]), worst[2], got)
    queries = _queries(union, signers[0], checkers[0])

    activity, session, scans, at = _checkin_setup(union, checkers)
    cways = {"ours": ours_checkin, "floor": floor_checkin, "peer": peer_checkin}
    cseq = {k: [] for k in cways}
    cseq_ok = dict.fromkeys(cways, True)
    for _ in range(args.repeat):
        for key, fn in cways.items():
            _clear_checkins(session)
            seconds, errors = _sequential(fn, scans, session, at)
            cseq[key].append(seconds)
            cseq_ok[key] &= errors == 0
            cseq_ok[key] &= CheckIn.objects.filter(session=session).count() == len(checkers)
    cconc = {}
    for key, fn in cways.items():
        _clear_checkins(session)
        seconds, errors, lat = _concurrent(fn, scans, args.threads, session, at)
        cconc[key] = (seconds, errors, lat, CheckIn.objects.filter(session=session).count())
    import sqlite3

    engine = f"SQLite {sqlite3.sqlite_version} (temporary file, WAL, IMMEDIATE transactions)"
    size = Path(connection.settings_dict["NAME"]).stat().st_size
    report(args, engine, size, seq, seq_ok, conc, cseq, cseq_ok, cconc, len(scans), queries)


def _queries(union, signer, checker) -> dict[str, int]:
    """Statements one sign-up and one check-in of ours send (on fresh activities)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = {}
    activity = _activity(union, 1, "计数")
    with CaptureQueriesContext(connection) as ctx:
        ours_signup(activity, signer)
    out["signup"] = len(ctx)
    _, session, scans, at = _checkin_setup(union, [checker])
    with CaptureQueriesContext(connection) as ctx:
        ours_checkin(session, scans[0], at)
    out["checkin"] = len(ctx)
    return out


SIGNUP_LABELS = {
    "ours": "ours: registration_signup (lock, checks, audit)",
    "floor": "floor: raw SQL, same checks, one transaction",
    "peer": "peer: naive ORM read-decide-write",
}
CHECKIN_LABELS = {
    "ours": "ours: checkin_mark (session, state, window, audit)",
    "floor": "floor: raw SQL, INSERT OR IGNORE",
    "peer": "peer: naive ORM exists() then create()",
}


def _one_after_another(labels, runs, oks: dict[str, str], per: int, unit: str) -> None:
    """The sequential rows: median wall time, per call, what was checked; the ratios."""
    med = {k: statistics.median(v) * 1000 for k, v in runs.items()}
    for key, label in labels.items():
        print(f"  {label:50} {med[key]:9.1f} ms  {med[key] / per:6.2f} ms/{unit}  {oks[key]}")
    print(f"  ours / floor = {med['ours'] / med['floor']:.2f}   peer / ours = "
          f"{med['peer'] / med['ours']:.2f}")  # fmt: skip


def _threaded(label: str, seconds: float, lat: list[float], tail: str) -> None:
    print(
        f"  {label:50} {seconds * 1000:9.1f} ms  p50 {_pct(lat, 0.5):6.1f} ms"
        f"  p95 {_pct(lat, 0.95):6.1f} ms  {tail}"
    )


def report(args, engine, size, seq, seq_ok, conc, cseq, cseq_ok, cconc, n_scans, queries) -> None:
    import django

    n, m = args.members, args.places
    print(f"gonghui activities sign-up bench  {datetime.date.today()}  {platform.platform()}")
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end, "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )
    print(f"database: {engine}, {size / 2**20:,.1f} MiB")
    print(f"timing: median of {args.repeat} runs, round robin; {args.threads} threads\n")
    print(f"{n} members sign up for {m} places, one after another")
    oks = {k: f"{m} confirmed, {n - m} waiting" if v else "WRONG COUNTS" for k, v in seq_ok.items()}
    oks["ours"] += f"; {queries['signup']} statements each"
    _one_after_another(SIGNUP_LABELS, seq, oks, n, "sign-up")
    print(
        f"\n{n} members sign up for {m} places from {args.threads} threads at once"
        f" ({args.repeat} runs: median wall time, latencies of every call, the worst count)"
    )
    for key, label in SIGNUP_LABELS.items():
        walls, errors, lat, got = conc[key]
        over = got["confirmed"] - m
        verdict = f"OVERBOOKED by {over}" if over > 0 else "never overbooked"
        tail = (
            f"confirmed {got['confirmed']}, taken {got['taken']}, waiting {got['waiting']},"
            f" errors {errors}: {verdict}"
        )
        _threaded(label, statistics.median(walls), lat, tail)
    print(f"\n{n_scans} check-ins ({n_scans - args.checkins} repeated scans), one after another")
    once = f"each of {args.checkins} once"
    oks = {k: once if v else "WRONG COUNT" for k, v in cseq_ok.items()}
    oks["ours"] += f"; {queries['checkin']} statements each"
    _one_after_another(CHECKIN_LABELS, cseq, oks, n_scans, "scan")
    print(f"\n{n_scans} check-ins from {args.threads} threads at once")
    for key, label in CHECKIN_LABELS.items():
        seconds, errors, lat, count = cconc[key]
        _threaded(label, seconds, lat, f"checked in {count} of {args.checkins}, errors {errors}")


def main() -> None:
    args = parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory(prefix="gonghui-signup-") as tmp:
        path = Path(tmp) / "bench.sqlite3"
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{path}", GONGHUI_TESTING="1")
        env["GONGHUI_DATA_DIR"] = tmp
        env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
        gonghui = [sys.executable, "-m", "gonghui.cli"]
        subprocess.run([*gonghui, "migrate", "-v0", "--skip-checks"], env=env, check=True)
        cmd = [sys.executable, __file__, "--child", *sys.argv[1:]]
        subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
