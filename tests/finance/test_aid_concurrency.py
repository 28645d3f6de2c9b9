"""Two loans asked for at the same moment cannot together lend more than the fund holds.

Only PostgreSQL runs writers truly at once (SQLite's IMMEDIATE transactions queue them at
BEGIN), so this is where the row lock on the union's settings is proved."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from gonghui.finance.models import AidEntry, FinanceSettings
from gonghui.finance.queries import aid as q
from gonghui.finance.services import aid as services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_two_simultaneous_loans_never_overdraw_the_fund(world, monkeypatch):
    school = world.school
    FinanceSettings.objects.update_or_create(union=school, defaults={"mutual_aid": True})
    services.aid_deposit(
        actor=world.treasurer,
        union=school,
        member=world.members["周会员"],
        amount="1000",
        on=timezone.localdate(),
    )
    real_totals = q.totals

    def slow_totals(*args, **kwargs):
        # Widen the window between reading the balance and writing the loan: without the
        # lock both threads would read 1,000 here and both lend 600.
        result = real_totals(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(services.q, "totals", slow_totals)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def borrow(name):
        try:
            start.wait()
            outcomes[name] = services.aid_loan(
                actor=world.treasurer,
                union=school,
                member=world.members[name],
                amount="600",
                on=timezone.localdate(),
                months=6,
            )
        except ValidationError as exc:
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=borrow, args=(n,)) for n in ("吴老师", "孙组长")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    lent = [o for o in outcomes.values() if isinstance(o, AidEntry)]
    refused = [o for o in outcomes.values() if isinstance(o, ValidationError)]
    assert len(lent) == 1 and len(refused) == 1, outcomes
    assert "现有结余 400.00 元，不足以借出 600.00 元" in "；".join(refused[0].messages)
    assert real_totals(school).balance == Decimal("400.00")
    assert AidEntry.objects.filter(kind="loan").count() == 1
