"""Benchmark of the year-end statements page for a union of 5,000 members.

    .venv/bin/python bench/statements_page.py [--members 5000] [--vouchers 2000] [--repeat 20]
    DATABASE_URL=$(bash scripts/pg.sh url) .venv/bin/python bench/statements_page.py

The data: one school union with 5,000 members in 50 groups; a year of 2,000 posted
vouchers (income and expense, one to three lines each; every 40th voucher a per-person
line shared out over every member, so the year holds 250,000 shares), 200 more vouchers
submitted, approved or in draft, and 40 reversals; twelve months of dues charges (60,000
rows, about 92 % paid); an adopted budget with adjustments. Rows are written with
``bulk_create`` (the services are not what is timed).

Timed, round-robin after 3 warm-ups, median of ``--repeat``:

- ours: ``GET /unions/<code>/finance/statements/<year>/`` through Django's test client as
  the chair — routing, access check, the three statements' queries, the template with its
  chart data;
- floor: the income-and-expense figures by one raw ``SELECT category_id, SUM(…) …
  GROUP BY`` over the posted lines of the year (what the database alone costs for the
  largest table the page reads).

Before timing, the page's income and expense totals are checked against the floor's.
Target: ours ≤ 300 ms median. A SQLite database is built in a temporary directory; with
DATABASE_URL pointing at PostgreSQL a database ``bench_statements`` is created there and
dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026
TARGET_MS = 300.0


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=5000)
    p.add_argument("--vouchers", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args()


def setup_django(tmp: Path) -> str:
    """Point Django at a fresh database; return its vendor label."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        admin = url
        base = url.rsplit("/", 1)[0]
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_statements")
            conn.execute("CREATE DATABASE bench_statements")
        os.environ["DATABASE_URL"] = f"{base}/bench_statements"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("GONGHUI_TESTING", "1")
    os.environ["GONGHUI_DATA_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from django.db import connection

    return connection.vendor


def drop_pg() -> None:
    url = os.environ["DATABASE_URL"]
    if "bench_statements" not in url:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(url.replace("/bench_statements", "/postgres"), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_statements")


def build(args):
    """The union, its members, a year of books. Returns (union, chair)."""
    from django.db import connection, transaction

    from gonghui.core import services as core_services
    from gonghui.core.models import Role
    from gonghui.finance import models as fm
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Member, UnionGroup, UnionKind

    rng = random.Random(args.seed)
    fed = org_services.union_create(
        actor=None, name="示范县总工会", code="bench-fed", kind=UnionKind.FEDERATION, parent=None
    )
    union = org_services.union_create(
        actor=None,
        name="示范县第一中学工会",
        code="bench-school",
        kind=UnionKind.SCHOOL,
        parent=fed,
    )
    chair = core_services.user_create(
        actor=None, username="bench_chair", full_name="主席", password="x-bench-password-1"
    )
    core_services.role_grant(actor=None, user=chair, role=Role.CHAIR, union=union, group=None)
    treasurer = core_services.user_create(
        actor=None, username="bench_treasurer", full_name="财务", password="x-bench-password-2"
    )
    with transaction.atomic():
        groups = UnionGroup.objects.bulk_create(
            UnionGroup(union=union, name=f"第{i + 1:02d}组") for i in range(50)
        )
        members = Member.objects.bulk_create(
            Member(
                union=union,
                group=groups[i % len(groups)],
                name=f"会员{i:05d}",
                sex="M" if i % 2 else "F",
            )
            for i in range(args.members)
        )
        cats = {c.code: c for c in fm.Category.objects.all()}
        leaves = [c for c in cats.values() if not c.children.exists()]
        income = [c for c in leaves if c.kind == "income"]
        expense = [c for c in leaves if c.kind == "expense" and c.code != "50101"]
        start = datetime.date(YEAR, 1, 1)
        vouchers, lines, shares = [], [], []
        statuses = ["posted"] * args.vouchers + ["submitted", "approved", "draft"] * 67
        for n, status in enumerate(statuses):
            day = start + datetime.timedelta(days=rng.randrange(365))
            kind = "income" if n % 4 == 0 else "expense"
            number = f"记-{YEAR}-{n + 1:04d}" if status == "posted" else ""
            vouchers.append(
                fm.Voucher(
                    union=union, kind=kind, date=day, summary=f"凭证{n}", status=status,
                    number=number, created_by=treasurer,
                )
            )  # fmt: skip
        vouchers = fm.Voucher.objects.bulk_create(vouchers)
        per_person = []
        for n, v in enumerate(vouchers):
            if v.kind == "expense" and n % 40 == 1:
                per_person.append(v)
                amount = Decimal("50.00")
                lines.append(
                    fm.VoucherLine(
                        voucher=v, union=union, category=cats["50101"], status=v.status,
                        date=v.date, amount=amount * len(members), pay_form="goods",
                    )
                )  # fmt: skip
                continue
            pool = income if v.kind == "income" else expense
            for _ in range(rng.randint(1, 3)):
                cents = rng.randint(100, 2_000_000)
                lines.append(
                    fm.VoucherLine(
                        voucher=v, union=union, category=rng.choice(pool), status=v.status,
                        date=v.date, amount=Decimal(cents) / 100,
                    )
                )  # fmt: skip
        lines = fm.VoucherLine.objects.bulk_create(lines, batch_size=2000)
        by_voucher = {ln.voucher_id: ln for ln in lines if ln.category_id == cats["50101"].pk}
        for v in per_person:
            line = by_voucher[v.pk]
            shares.extend(
                fm.VoucherShare(line=line, member=m, amount=Decimal("50.00")) for m in members
            )
        fm.VoucherShare.objects.bulk_create(shares, batch_size=5000)
        # Reversals of 40 posted expense vouchers: the same lines negated.
        posted_expense = [v for v in vouchers if v.status == "posted" and v.kind == "expense"]
        originals = rng.sample(posted_expense, 40)
        reversals = fm.Voucher.objects.bulk_create(
            fm.Voucher(
                union=union, kind="expense", date=v.date, summary=f"冲销 {v.number}",
                status="posted", number=f"记-{YEAR}-9{i:03d}", reverses=v, created_by=treasurer,
            )
            for i, v in enumerate(originals)
        )  # fmt: skip
        original_lines = {}
        for ln in lines:
            original_lines.setdefault(ln.voucher_id, []).append(ln)
        fm.VoucherLine.objects.bulk_create(
            fm.VoucherLine(
                voucher=r, union=union, category_id=ln.category_id, status="posted",
                date=r.date, amount=-ln.amount,
            )
            for r, v in zip(reversals, originals, strict=True)
            for ln in original_lines[v.pk]
        )  # fmt: skip
        charges = []
        for month in range(1, 13):
            first = datetime.date(YEAR, month, 1)
            for m in members:
                amount = Decimal(rng.randint(800, 3500)) / 100
                paid = amount if rng.random() < 0.92 else Decimal("0")
                charges.append(
                    fm.DuesCharge(
                        union=union, member=m, group_id_at=m.group_id, month=first,
                        base=amount * 200, rate=Decimal("0.005"), amount=amount, paid=paid,
                    )
                )  # fmt: skip
        fm.DuesCharge.objects.bulk_create(charges, batch_size=5000)
        budget = fm.Budget.objects.create(
            union=union, year=YEAR, adopted_on=datetime.date(YEAR, 1, 8), adopted_by="congress"
        )
        for code, amount in [("501", "9000000"), ("50111", "1500000"), ("502", "3000000"),
                             ("503", "3000000"), ("504", "2000000")]:  # fmt: skip
            line = fm.BudgetLine.objects.create(budget=budget, category=cats[code], amount=amount)
            fm.BudgetAdjustment.objects.create(
                line=line,
                delta=Decimal("1000.00"),
                reason="追加",
                decided_on=datetime.date(YEAR, 6, 1),
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {
        "members": len(members),
        "vouchers": fm.Voucher.objects.count(),
        "lines": fm.VoucherLine.objects.count(),
        "shares": fm.VoucherShare.objects.count(),
        "dues charges": fm.DuesCharge.objects.count(),
    }
    return union, chair, counts


FLOOR_SQL = """
SELECT category_id, SUM(CAST(ROUND(amount * 100) AS BIGINT)) AS fen
FROM finance_voucherline
WHERE union_id = %s AND status = 'posted' AND date BETWEEN %s AND %s
GROUP BY category_id
"""


def floor(union) -> dict[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            FLOOR_SQL, [union.pk, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)]
        )
        return dict(cursor.fetchall())


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        vendor = setup_django(Path(tmpdir))
        try:
            run(args, vendor)
        finally:
            if vendor == "postgresql":
                drop_pg()


def run(args, vendor: str) -> None:
    from django.test import Client
    from django.urls import reverse

    from gonghui.finance.models import Category
    from gonghui.finance.queries.statements import statements

    started = time.perf_counter()
    union, chair, counts = build(args)
    print(f"database: {vendor}; built in {time.perf_counter() - started:.1f} s:")
    print("  " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))

    # Same answer first: the page's totals are the floor's sums.
    st = statements(union, YEAR)
    kinds = dict(Category.objects.values_list("pk", "kind"))
    fen = {"income": 0, "expense": 0}
    for pk, value in floor(union).items():
        fen[kinds[pk]] += int(value)
    assert Decimal(fen["income"]) / 100 == st.income_expense.income_total, "income differs"
    assert Decimal(fen["expense"]) / 100 == st.income_expense.expense_total, "expense differs"
    print(
        f"  income {st.income_expense.income_total:,}, expense {st.income_expense.expense_total:,}"
        " — page and floor agree"
    )

    client = Client()
    client.force_login(chair)
    url = reverse("finance:statements", args=[union.code, YEAR])
    page_times, floor_times = [], []
    for i in range(args.repeat + 3):
        t = time.perf_counter()
        response = client.get(url)
        page = time.perf_counter() - t
        assert response.status_code == 200, response.status_code
        t = time.perf_counter()
        floor(union)
        low = time.perf_counter() - t
        if i >= 3:
            page_times.append(page)
            floor_times.append(low)
    ours, low = statistics.median(page_times) * 1000, statistics.median(floor_times) * 1000
    print(f"statements page (median of {args.repeat}): {ours:.1f} ms   target ≤ {TARGET_MS:.0f} ms")
    print(f"floor: one GROUP BY over the year's posted lines: {low:.1f} ms")
    print(f"ratio ours / floor: {ours / low:.1f} ×")
    print(f"page size: {len(response.content) / 1024:.0f} KiB")
    print("PASS" if ours <= TARGET_MS else "FAIL: over target")


if __name__ == "__main__":
    main()
