"""Benchmark of a 春节送温暖 gift to every member of a 5,000-member union, checked against
the spending rules in one submission, on the million-member generated district.

    .venv/bin/python bench/care_gifts.py [--unions 10000] [--members 1000000] [--gift-members 5000]
    .venv/bin/python bench/care_gifts.py --unions 200 --members 20000 --gift-members 2000 --repeat 3

The data: ``gonghui generate`` (the district of ``bench/roster_scale.py``: 10,000 grassroots
unions, a million realistic members), then the grassroots union with the most current
members brought to exactly ``--gift-members`` current members (members of other unions moved
in, or its last ones moved out), then a year and a half of books for every grassroots union,
written by INSERT … SELECT: a posted 节日慰问 voucher for 中秋 2025 and 元旦 2026 to every
current member (200 元 each), and a 2026 gift of 300 元 to every seventh member — about 2.1
million shares, so the rule engine's running totals read a realistic table. Cached under
``--cache`` (default var/bench/) as ``care-u…-m…-s…-g…-<hash>.sqlite3``; the hash covers the
generator, every migration and the data part of this script, so a change regenerates. Each
run then adds (once) a treasurer, a chair and an adopted 2026 budget to the union.

Then, inside one transaction that is rolled back at the end (the cached file stays as it
was), the chair (``care.change``) drafts the gift through ``care.payments.payment_draft``: one line of
50101 节日慰问, 500 元 of goods to each of the 5,000 members, dated 2026-02-10. Timed,
round-robin, median of ``--repeat``:

- **ours** — ``finance.services.vouchers.voucher_submit`` on that draft, as the treasurer
  presses 提交审批: the lock, the spending rules (``finance.spending.check_voucher``: the
  festival rule's 2,200 元 a year per member, no cash, no cards), the budget, the status of
  the voucher and its line, the audit entry; in a savepoint rolled back after each run;
- **ours, the rules alone** — ``check_voucher`` on the same draft;
- **floor** — one grouped SQL of the same totals, sent raw: per payee, the year's 节日慰问
  on counted vouchers plus this voucher, summed and counted (``GROUP BY member_id``);
- **peer** — the way the Anhui rules engine (``validateBenefit``, the closest published
  system) checks a gift: one payee at a time, that member's records of the year read and
  summed (one query per payee; ``--peer-repeat`` runs);
- **payment_draft** — the draft itself (5,000 shares, bulk-written with its audit entry)
  against its floor, the same line and shares inserted raw by ``executemany``.

Before timing, ours, the floor and the peer must agree: with the union's festival cap
lowered to 900 元 (so every seventh member, at 1,000 元, breaks it) the three name the same
members with the same totals, and at the real cap nobody is refused. Targets printed beside
the figures: ours ≤ 3 × floor and under 2 s.
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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIFT_DAY = datetime.date(2026, 2, 10)
GIFT = Decimal("500.00")
LOW_CAP = Decimal("900.00")
TREASURER, CHAIR = "bench_gift_treasurer", "bench_gift_chair"
TARGET_FLOOR = 3.0
TARGET_SECONDS = 2.0
COUNTED = ("submitted", "approved", "posted")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--unions", type=int, default=10_000, help="grassroots unions (10000)")
    p.add_argument("--members", type=int, default=1_000_000, help="members (1000000)")
    p.add_argument("--gift-members", type=int, default=5_000, help="members of the union (5000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=9, help="timed runs of ours and the floor")
    p.add_argument("--peer-repeat", type=int, default=3, help="timed runs of the peer")
    p.add_argument("--cache", default=str(ROOT / "var" / "bench"), help="where the data is kept")
    p.add_argument("--rebuild", action="store_true", help="generate the data again")
    p.add_argument("--build-only", action="store_true", help="build the cached data and stop")
    p.add_argument("--child", default="", help=argparse.SUPPRESS)
    return p.parse_args()


def cache_path(args) -> Path:
    """The cached database for these parameters; a change to the generator, a migration or
    the data part of this script makes a new one."""
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
    text = Path(__file__).read_text()
    digest.update(text[text.index("\n# --- data -") : text.index("\n# --- end data -")].encode())
    key = f"u{args.unions}-m{args.members}-s{args.seed}-g{args.gift_members}"
    return Path(args.cache) / f"care-{key}-{digest.hexdigest()[:10]}.sqlite3"


def gonghui_env(path: Path, cache: Path) -> dict:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{path}", GONGHUI_TESTING="1")
    env["GONGHUI_DATA_DIR"] = str(cache)
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    return env


# --- data ----------------------------------------------------------------------------

BOOKS = [
    # (summary, number, date, amount, event, every n-th member)
    ("2025 年中秋节慰问品", "记-2025-0001", "2025-09-17", 200, "中秋", 1),
    ("2026 年元旦慰问品", "记-2026-0001", "2026-01-01", 200, "元旦", 1),
    ("2026 年慰问品（部分会员）", "记-2026-0002", "2026-01-20", 300, "慰问", 7),
]
CURRENT = "('active', 'retired')"
GRASSROOTS = "kind NOT IN ('federation', 'town', 'industry')"


def build(args, path: Path) -> float:
    """Generate the district into ``path`` (child processes: settings are per process)."""
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob(f"care-u{args.unions}-m{args.members}-s{args.seed}-g*.sqlite3*"):
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
    child = [sys.executable, __file__, "--child", "books", f"--gift-members={args.gift_members}"]
    subprocess.run(child, env=env, check=True)
    partial.rename(path)
    return time.perf_counter() - started


def child_books(args) -> None:
    """The union of exactly ``--gift-members`` current members, then the books."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        target = _size_union(cursor, args.gift_members)
        cursor.execute("SELECT id FROM finance_category WHERE code = '50101'")
        festival = cursor.fetchone()[0]
        for summary, number, day, amount, event, every in BOOKS:
            _book(cursor, festival, summary, number, day, amount, event, every)
        cursor.execute(
            "UPDATE orgs_union SET name = '示范精密机械集团有限公司工会' WHERE id = %s", [target]
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _size_union(cursor, size: int) -> int:
    """The grassroots union with the most current members, brought to ``size`` of them:
    members of other unions (never a group's leader) moved in, or its last ones moved out."""
    cursor.execute(
        f"SELECT m.union_id, COUNT(*) FROM orgs_member m JOIN orgs_union u ON u.id = m.union_id"
        f" WHERE m.status IN {CURRENT} AND u.{GRASSROOTS} GROUP BY m.union_id"
        " ORDER BY COUNT(*) DESC, m.union_id LIMIT 2"
    )
    (target, have), (other, _n) = cursor.fetchall()
    cursor.execute("SELECT MIN(id) FROM orgs_uniongroup WHERE union_id = %s", [target])
    group = cursor.fetchone()[0]
    leaders = "SELECT leader_id FROM orgs_uniongroup WHERE leader_id IS NOT NULL"
    if have < size:
        cursor.execute(
            f"UPDATE orgs_member SET union_id = %s, group_id = %s WHERE id IN ("
            f" SELECT m.id FROM orgs_member m JOIN orgs_union u ON u.id = m.union_id"
            f" WHERE m.union_id <> %s AND u.{GRASSROOTS} AND m.status IN {CURRENT}"
            f" AND m.id NOT IN ({leaders}) ORDER BY m.id LIMIT %s)",
            [target, group, target, size - have],
        )
    elif have > size:
        cursor.execute("SELECT MIN(id) FROM orgs_uniongroup WHERE union_id = %s", [other])
        cursor.execute(
            f"UPDATE orgs_member SET union_id = %s, group_id = %s WHERE id IN ("
            f" SELECT id FROM orgs_member WHERE union_id = %s AND status IN {CURRENT}"
            f" AND id NOT IN ({leaders}) ORDER BY id DESC LIMIT %s)",
            [other, cursor.fetchone()[0], target, have - size],
        )
    return target


def _book(cursor, festival, summary, number, day, amount, event, every) -> None:
    """One posted 节日慰问 voucher per grassroots union, a line, a share per current member
    (every ``every``-th), then the line's and the voucher's totals."""
    cursor.execute(
        "INSERT INTO finance_voucher (union_id, kind, number, date, summary, status, total,"
        " idempotency_key, created_at, returned_reason, override_reason, override_violations)"
        f" SELECT id, 'expense', %s, %s, %s, 'posted', 0, '', CURRENT_TIMESTAMP, '', '', '[]'"
        f" FROM orgs_union WHERE {GRASSROOTS}",
        [number, day, summary],
    )
    cursor.execute(
        "INSERT INTO finance_voucherline (voucher_id, union_id, category_id, amount, payee,"
        " pay_form, event, status, date)"
        " SELECT id, union_id, %s, 0, '', 'goods', %s, 'posted', date"
        " FROM finance_voucher WHERE summary = %s",
        [festival, event, summary],
    )
    cursor.execute(
        "INSERT INTO finance_vouchershare (line_id, member_id, amount, event_key)"
        " SELECT l.id, m.id, %s, %s FROM finance_voucherline l"
        " JOIN finance_voucher v ON v.id = l.voucher_id"
        f" JOIN orgs_member m ON m.union_id = v.union_id AND m.status IN {CURRENT}"
        " WHERE v.summary = %s AND m.id %% %s = 0",
        [amount, event, summary, every],
    )
    cursor.execute(
        "UPDATE finance_voucherline SET amount = (SELECT COALESCE(SUM(s.amount), 0)"
        " FROM finance_vouchershare s WHERE s.line_id = finance_voucherline.id)"
        " WHERE voucher_id IN (SELECT id FROM finance_voucher WHERE summary = %s)",
        [summary],
    )
    cursor.execute(
        "UPDATE finance_voucher SET total = (SELECT COALESCE(SUM(l.amount), 0)"
        " FROM finance_voucherline l WHERE l.voucher_id = finance_voucher.id) WHERE summary = %s",
        [summary],
    )


# --- end data ------------------------------------------------------------------------


# --- measuring -----------------------------------------------------------------------

FLOOR_SQL = """
SELECT s.member_id, SUM(s.amount), SUM(CASE WHEN s.amount < 0 THEN -1 ELSE 1 END)
FROM finance_vouchershare s JOIN finance_voucherline l ON l.id = s.line_id
WHERE s.member_id IN (SELECT member_id FROM finance_vouchershare WHERE line_id = %s)
  AND l.category_id = %s AND l.date >= %s AND l.date < %s
  AND (l.status IN ('submitted', 'approved', 'posted') OR l.voucher_id = %s)
GROUP BY s.member_id
"""


def _setup():
    """The union, its people (once) and an adopted 2026 budget (once), through the services."""
    from gonghui.core import services as core_services
    from gonghui.core.models import Role, RoleGrant, User
    from gonghui.finance.models import Budget
    from gonghui.finance.services import budget as budget_services
    from gonghui.orgs.models import Union

    union = Union.objects.get(name="示范精密机械集团有限公司工会")
    users = {}
    for username, role in ((TREASURER, Role.TREASURER), (CHAIR, Role.CHAIR)):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = core_services.user_create(actor=None, username=username, full_name=username)
        if not RoleGrant.objects.active().filter(user=user, union=union).exists():
            core_services.role_grant(actor=None, user=user, role=role, union=union)
        users[username] = user
    if not Budget.objects.filter(union=union, year=2026).exists():
        budget = budget_services.budget_create(
            actor=None, union=union, year=2026, lines={"501": "9000000", "502": "500000"}
        )
        budget_services.budget_adopt(
            actor=None, budget=budget, adopted_on=datetime.date(2026, 1, 5), adopted_by="congress"
        )
    return union, users


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _rolled_back(fn):
    """Time ``fn`` in a savepoint that is rolled back afterwards (not timed)."""
    from django.db import transaction

    with transaction.atomic():
        seconds, result = _timed(fn)
        transaction.set_rollback(True)
    return seconds, result


def _floor(voucher, line) -> dict[int, tuple[Decimal, int]]:
    from django.db import connection

    ops = connection.ops
    start = ops.adapt_datefield_value(datetime.date(2026, 1, 1))
    end = ops.adapt_datefield_value(datetime.date(2027, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [line.pk, line.category_id, start, end, voucher.pk])
        rows = cursor.fetchall()
    return {m: (Decimal(str(total)).quantize(Decimal("0.01")), times) for m, total, times in rows}


def _peer(voucher, line, cap: Decimal) -> dict[int, Decimal]:
    """The Anhui engine's way: each payee's records of the year read and summed, one payee at
    a time; returns the payees above the cap with their totals."""
    from gonghui.finance.models import VoucherShare

    over = {}
    payees = list(line.shares.values_list("member_id", "amount"))
    for member_id, amount in payees:
        before = VoucherShare.objects.filter(
            member_id=member_id,
            line__category_id=line.category_id,
            line__status__in=COUNTED,
            line__date__gte=datetime.date(2026, 1, 1),
            line__date__lt=datetime.date(2027, 1, 1),
        ).exclude(line__voucher_id=voucher.pk)
        total = sum(before.values_list("amount", flat=True), Decimal(0)) + amount
        if total > cap:
            over[member_id] = total
    return over


def _payment(union, users, members):
    from gonghui.care.payments import Payee, payment_draft

    return payment_draft(
        actor=users[CHAIR],  # care.change: the chair records the union's 送温暖
        union=union,
        category="50101",
        payees=[Payee(m, GIFT) for m in members],
        date=GIFT_DAY,
        summary="2026 年春节送温暖慰问品",
        event="春节送温暖",
        pay_form="goods",
        source="春节送温暖",
    )


def _payment_floor(voucher, category_id, members) -> None:
    from django.db import connection

    day = connection.ops.adapt_datefield_value(GIFT_DAY)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO finance_voucherline (voucher_id, union_id, category_id, amount, payee,"
            " pay_form, event, status, date) VALUES (%s, %s, %s, %s, '', 'goods', %s, 'draft', %s)",
            [
                voucher.pk,
                voucher.union_id,
                category_id,
                str(GIFT * len(members)),
                "春节送温暖",
                day,
            ],
        )
        line_id = cursor.lastrowid
        cursor.executemany(
            "INSERT INTO finance_vouchershare (line_id, member_id, amount, event_key)"
            " VALUES (%s, %s, %s, %s)",
            [(line_id, m, str(GIFT), "春节送温暖") for m in members],
        )


def _agree(union, voucher, line) -> dict:
    """Ours, the floor and the peer name the same members (with the same totals) under a
    cap of 900 元, and nobody under the real one."""
    from django.db import transaction

    from gonghui.finance import spending
    from gonghui.finance.services.rules import rule_save

    passes = spending.check_voucher(voucher) == []
    floor = _floor(voucher, line)
    with transaction.atomic():
        rule_save(actor=None, union=union, key="festival", cap_year=str(LOW_CAP))
        ours = {v.member.pk: v.total for v in spending.check_voucher(voucher)}
        transaction.set_rollback(True)
    low_floor = {m: t for m, (t, _n) in floor.items() if t > LOW_CAP}
    peer = _peer(voucher, line, LOW_CAP)
    return {
        "passes": passes and max(t for t, _n in floor.values()) <= Decimal("2200"),
        "refused": len(ours),
        "same": ours == low_floor == peer,
    }


def child_time(args) -> None:
    from django.db import connection, transaction

    from gonghui.finance import spending
    from gonghui.finance.models import VoucherShare
    from gonghui.finance.services.vouchers import voucher_submit
    from gonghui.orgs.models import Member

    union, users = _setup()
    members = list(
        Member.objects.filter(union=union, status__in=("active", "retired"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    shares_in_books = VoucherShare.objects.count()
    result = {"members": len(members), "shares": shares_in_books, "ours": [], "check": []}
    result.update({"floor": [], "peer": [], "pay": [], "pay_floor": []})
    with transaction.atomic():
        seconds, shares = _timed(lambda: _payment(union, users, members))
        result["pay"].append(seconds)
        line = shares[0].line
        voucher = line.voucher
        result["agree"] = _agree(union, voucher, line)
        for i in range(args.repeat):
            result["floor"].append(_timed(lambda: _floor(voucher, line))[0])
            result["check"].append(_timed(lambda: spending.check_voucher(voucher))[0])
            seconds, submitted = _rolled_back(
                lambda: voucher_submit(actor=users[TREASURER], voucher=voucher)
            )
            assert submitted.status == "submitted", submitted.status
            result["ours"].append(seconds)
            if i < args.peer_repeat:
                result["peer"].append(_timed(lambda: _peer(voucher, line, Decimal("2200")))[0])
            if i + 1 < args.repeat:
                result["pay"].append(_rolled_back(lambda: _payment(union, users, members))[0])
            result["pay_floor"].append(
                _rolled_back(lambda: _payment_floor(voucher, line.category_id, members))[0]
            )
        result["queries"] = _queries(voucher, users)
        transaction.set_rollback(True)
    import sqlite3

    result["engine"] = f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"
    result["size"] = Path(connection.settings_dict["NAME"]).stat().st_size
    report(args, result)


def _queries(voucher, users) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.finance.services.vouchers import voucher_submit

    with CaptureQueriesContext(connection) as ctx:
        _rolled_back(lambda: voucher_submit(actor=users[TREASURER], voucher=voucher))
    return len(ctx)


def report(args, r: dict) -> None:
    import django

    med = {k: statistics.median(r[k]) * 1000 for k in ("ours", "check", "floor", "peer")}
    med["pay"], med["pay_floor"] = (statistics.median(r[k]) * 1000 for k in ("pay", "pay_floor"))
    ok = {True: "met", False: "MISSED"}
    print(f"gonghui care gifts bench  {datetime.date.today()}  {platform.platform()}")
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end, "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )
    print(f"database: {r['engine']}, {r['size'] / 2**20:,.0f} MiB")
    print(
        f"district: {args.unions:,} unions, {args.members:,} members, {r['shares']:,} shares in"
        f" the books; the union: {r['members']:,} current members, each given {GIFT} 元"
    )
    print(f"timing: median of {len(r['ours'])} runs (peer {len(r['peer'])}), round robin\n")
    rows = [
        ("ours: voucher_submit, rules + budget + audit", "ours", f"{r['queries']} queries"),
        ("ours: check_voucher alone", "check", ""),
        ("floor: one grouped SQL of the same totals", "floor", "1 query"),
        ("peer: per payee (Anhui engine's validateBenefit)", "peer", f"{r['members']:,} queries"),
        ("care.payments.payment_draft", "pay", ""),
        ("floor: line + shares by executemany", "pay_floor", ""),
    ]
    print(f"{'case':52} {'ms':>10}")
    for label, key, note in rows:
        print(f"{label:52} {med[key]:10.1f}   {note}")
    vs_floor, seconds = med["ours"] / med["floor"], med["ours"] / 1000
    print()
    print(f"ours / floor   = {vs_floor:6.2f}   target ≤ {TARGET_FLOOR:g}   {ok[vs_floor <= 3]}")
    print(f"ours           = {seconds:6.3f} s target < 2 s   {ok[seconds < TARGET_SECONDS]}")
    print(f"check / floor  = {med['check'] / med['floor']:6.2f}")
    print(f"peer / ours    = {med['peer'] / med['ours']:6.1f}")
    print(f"payment_draft / its floor = {med['pay'] / med['pay_floor']:6.2f}")
    agree = r["agree"]
    print(
        f"same answer: at the real cap nobody refused {'yes' if agree['passes'] else 'NO'}; "
        f"at {LOW_CAP} 元 ours = floor = peer {'yes' if agree['same'] else 'NO'} "
        f"({agree['refused']:,} members refused)"
    )


def main() -> None:
    args = parse_args()
    if args.child:
        import django

        django.setup()
        if args.child == "books":
            child_books(args)
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
           f"--members={args.members}", f"--gift-members={args.gift_members}"]  # fmt: skip
    warnings.filterwarnings("ignore")
    subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
