"""帮扶 in the shared places: the metrics (建档困难职工数, 帮扶人次, 帮扶金额, a federation's
summing its unions), the 待办 and the 复核 reminder to the welfare member."""

import datetime
from decimal import Decimal

from gonghui.care import services
from gonghui.care.models import FileState, HardshipFile
from gonghui.core import metrics, todo
from gonghui.core.dates import add_years
from gonghui.core.reminders import collect

from .conftest import figures, run_to

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def _value(key, union, start=YEAR[0], end=YEAR[1]):
    return metrics.get(key).compute(union, start, end)


def test_metrics_count_files_and_aid_and_add_up_in_the_federation(world, applied):
    file = run_to(applied, FileState.FILED, world.chair)
    today = datetime.date.today()
    year = (today.replace(month=1, day=1), today.replace(month=12, day=31))
    for amount in ("800.00", "0.10", "0.20"):
        services.aid_record(
            actor=world.chair, file=file, kind="money", given_on=today, amount=amount
        )
    assert _value("care.filed", world.school, *year) == 1
    assert _value("care.aid_count", world.school, *year) == 3
    assert _value("care.aid_amount", world.school, *year) == Decimal("800.30")
    assert _value("care.aid_amount", world.fed, *year) == Decimal("800.30")
    assert _value("care.aid_amount", world.hospital, *year) == 0
    # before it was filed it was not on file; after 退档 it is not either
    yesterday = today - datetime.timedelta(days=1)
    assert _value("care.filed", world.school, year[0], yesterday) == 0
    services.hardship_exit(actor=world.chair, file=file, reason="脱困")
    assert _value("care.filed", world.school, *year) == 0


def test_todo_counts_applications_and_reviews_for_those_who_act(world, applied, welfare):
    texts = {t.text: t.count for t in todo.items(world.chair, world.school)}
    assert texts["待初审的困难职工申请"] == 1
    assert {t.text for t in todo.items(welfare, world.school)} >= {"待初审的困难职工申请"}
    assert not [t for t in todo.items(world.auditor, world.school) if "困难职工" in t.text]
    assert not [t for t in todo.items(world.member, world.school) if "困难职工" in t.text]


def test_the_review_reminder_goes_to_the_welfare_member_30_days_ahead(world, applied, welfare):
    file = run_to(applied, FileState.FILED, world.chair)
    due = file.review_due
    day = due - datetime.timedelta(days=31)
    assert not [r for r in collect(day) if r.key.startswith("care.review")]
    reminders = [r for r in collect(due - datetime.timedelta(days=30)) if r.key.startswith("care.")]
    assert [r.recipients for r in reminders] == [(welfare,)]
    assert "周会员" in reminders[0].text and "将于" in reminders[0].text
    late = [r for r in collect(due + datetime.timedelta(days=1)) if r.key.startswith("care.")]
    assert "已逾期" in late[0].text
    # a file filed a year ago: its 复核 falls in 10 days; once reviewed, the next is a year on
    today = datetime.date.today()
    HardshipFile.objects.filter(pk=file.pk).update(review_due=today + datetime.timedelta(days=10))
    assert [r for r in collect(today) if r.key.startswith("care.")]
    services.hardship_review(actor=welfare, file=HardshipFile.objects.get(), **figures())
    assert not [r for r in collect(today) if r.key.startswith("care.")]
    assert HardshipFile.objects.get().review_due == add_years(today, 1)


def test_the_summary_paragraph_counts_and_names_nobody(world, applied):
    from gonghui.core import summary

    today = datetime.date.today()
    year = (today.replace(month=1, day=1), today.replace(month=12, day=31))
    assert [p for p in summary.paragraphs(world.school, *year) if p.key == "care.hardship"] == []
    file = run_to(applied, FileState.FILED, world.chair)
    services.aid_record(actor=world.chair, file=file, kind="money", given_on=today, amount="800")
    services.aid_record(actor=world.chair, file=file, kind="goods", given_on=today, amount="150.5")
    (para,) = [p for p in summary.paragraphs(world.fed, *year) if p.key == "care.hardship"]
    assert para.text == (
        "新建档困难职工1户；期末在档1户（深度困难1户）；开展帮扶2人次，帮扶金额950.50元。"
    )
    assert "周会员" not in para.text
