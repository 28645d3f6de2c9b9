"""待录入成绩: the committee's 待办 counts the matches whose time slot is over with both sides
known and no result (not one still on, not one with a result or a walkover, not a bye or a
knockout match whose sides are not known yet, not another union's), and links to the
tournament; the reminder goes out the morning after a match day with results missing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import plugins_tournament as plugins
from gonghui.activities import queries_tournament as tq
from gonghui.activities import services_tournament as ts
from gonghui.activities.models_tournament import Stage, TournamentMatch
from gonghui.core import reminders, todo

from .test_tournament_services import WIN, drawn

pytestmark = pytest.mark.django_db
LINE = "比赛时间已过、待录入成绩的场次"


def _at(match, when):
    TournamentMatch.objects.filter(pk=match.pk).update(starts_at=when)


def _known_set(world):
    """A league of 9 in 3 groups (20-minute slots) whose knockout, byes included, is set an
    hour ago with its sides not known yet; of the group matches: one ten minutes into its
    slot, one played with a result, one walkover, two whose slot is over without a result,
    one in an hour, the rest in 2099."""
    t = drawn(world, n=9, groups=3, advance=2)
    now = timezone.now()
    ago = lambda minutes: now - datetime.timedelta(minutes=minutes)  # noqa: E731
    assert t.matches.filter(stage=Stage.KNOCKOUT, bye=True).count() == 2
    for m in t.matches.filter(stage=Stage.KNOCKOUT):
        _at(m, ago(120))
    going, played, walkover, due, just_due, later, *_ = t.matches.filter(
        stage=Stage.GROUPS
    ).order_by("id")
    for m, minutes in ((going, 10), (played, 60), (walkover, 60), (due, 60), (just_due, 21)):
        _at(m, ago(minutes))
    _at(later, ago(-60))
    ts.match_result(actor=None, match=played, games=WIN)
    ts.match_result(actor=None, match=walkover, walkover_winner="b")
    return t, due, just_due


def _lines(user, union):
    return [x for x in todo.resolve(union, plugins.todos(user, union)) if x.count]


def test_the_committee_sees_the_matches_waiting_for_results(world):
    t, due, just_due = _known_set(world)
    found = tq.results_due(world.school, timezone.now())
    assert {m.pk for m in found} == {due.pk, just_due.pk}
    (line,) = _lines(world.users["chair"], world.school)
    assert (line.text, line.count) == (LINE, 2)
    assert line.url == reverse("activities:tournament", args=[t.pk])
    assert [x.count for x in _lines(world.users["committee"], world.school)] == [2]
    # those who do not enter results, another union and a federation see nothing
    assert _lines(world.member, world.school) == []
    assert _lines(world.outsider, world.hospital) == []
    assert _lines(world.fed_admin, world.fed) == []
    ts.match_result(actor=None, match=due, games=WIN)
    assert [x.count for x in _lines(world.users["chair"], world.school)] == [1]
    ts.match_result(actor=None, match=just_due, walkover_winner="a")
    assert _lines(world.users["chair"], world.school) == []


def _ours(day):
    return [r for r in reminders.collect(day) if ".results." in r.key]


def test_the_reminder_comes_the_morning_after_the_match_day(world):
    t = drawn(world, n=4, groups=1, advance=0)
    first, second, third, *rest = t.matches.order_by("id")
    tz = timezone.get_current_timezone()
    day = datetime.date(2099, 3, 11)
    for m, hour in ((first, 15), (second, 23), (third, 9)):
        _at(m, datetime.datetime.combine(day, datetime.time(hour, 40), tzinfo=tz))
    for m in rest:  # the next day's: no result yet, but no reminder before the day after
        _at(m, datetime.datetime.combine(day, datetime.time(9), tzinfo=tz) + datetime.timedelta(1))
    ts.match_result(actor=None, match=third, games=WIN)
    assert _ours(day) == []  # the match day itself
    (reminder,) = _ours(day + datetime.timedelta(days=1))
    assert reminder.union == world.school and reminder.recipients == ()  # the chairs
    assert reminder.text == "比赛“教职工乒乓球赛”3月11日有 2 场比赛尚未录入成绩"
    assert reminder.url == reverse("activities:tournament", args=[t.pk])
    assert reminder.key == f"activities.tournament.{t.pk}.results.20990311"
    (after,) = _ours(day + datetime.timedelta(days=2))  # the next day's matches, once
    assert after.text.endswith("3月12日有 3 场比赛尚未录入成绩")
    assert _ours(day + datetime.timedelta(days=3)) == []
    for m in (first, second):
        m.refresh_from_db()
        ts.match_result(actor=None, match=m, games=WIN)
    assert _ours(day + datetime.timedelta(days=1)) == []
