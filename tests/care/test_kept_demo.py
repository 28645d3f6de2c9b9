"""On the demo (示范区总工会 over the school, the hospital and the factory, a year of care), a
federation's kept 帮扶 figures equal the figures counted directly, for every kept metric and
every period a page asks for."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from gonghui.core import metrics
from gonghui.orgs.models import Union


def test_the_demo_federations_kept_figures_equal_the_direct_ones(empty_db):
    call_command("demo", verbosity=0)
    today = timezone.localdate()
    kept = [m for m in metrics.all_metrics() if m.kept]
    periods = [
        (today.replace(month=1, day=1), today),
        (datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)),
        (datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)),
        (today - datetime.timedelta(days=90), today),
    ]
    feds = list(Union.objects.filter(children__isnull=False).distinct())
    assert feds
    figures = 0
    for fed in feds:
        for start, end in periods:
            with metrics.request_memo():
                read = {m.key: m.value(fed, start, end) for m in kept}
            assert read == {m.key: m.compute(fed, start, end) for m in kept}, (fed, start, end)
            figures += sum(1 for v in read.values() if v)
    assert figures > 20  # the demo's year of care shows in them
