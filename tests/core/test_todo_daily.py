"""The 待办 sources built once a day (``core.todo``, ``register(..., daily=True)``): what
such a source returns may depend only on the user, their grants, the union and today's date,
so each is checked to read no row and not the time of day; the built items are reused while
every visit counts afresh."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core import scoping, todo
from gonghui.core.models import Role, RoleGrant, User
from gonghui.members.models import JoinApplication


def name(fn) -> str:
    return f"{fn.__module__.removeprefix('gonghui.')}.{fn.__qualname__}"


def fresh(user) -> User:
    """The user as a request has them: grants loaded once."""
    user = User.objects.get(pk=user.pk)
    scoping.grants(user)
    return user


def at(hour: int, minute: int):
    """``timezone.now`` at ``hour:minute`` local time today."""
    today = timezone.localdate()
    moment = timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour, minute)))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def compiled(source, user, union):
    found = todo._compiled(source(user, union))
    return [c.counts if isinstance(c, todo._Compiled) else c for c in found]


DAILY = sorted(todo.DAILY, key=name)


def test_the_daily_sources_are_the_ones_that_need_no_read_of_their_own():
    assert {name(s) for s in DAILY} >= {
        "finance.queries.home.todos",
        "care.todos.waiting",
        "rights.plugins_contracts.todos",
        "rights.plugins_openness.todos",
    }
    # A source that reads the time or rows is built on every visit.
    assert {"congress.todos.votes", "activities.plugins_rooms.todos"} & {
        name(s) for s in DAILY
    } == set()


@pytest.mark.parametrize("source", DAILY, ids=name)
@pytest.mark.parametrize("who", ["chair", "treasurer", "member", "fed_admin"])
def test_a_daily_source_reads_no_row_and_not_the_time_of_day(world, source, who):
    user = fresh(world.users[who])
    union = world.fed if who == "fed_admin" else world.school
    with at(0, 1), CaptureQueriesContext(connection) as ctx:
        early = compiled(source, user, union)
    assert len(ctx) == 0, [q["sql"][:120] for q in ctx.captured_queries]
    with at(23, 59):
        late = compiled(source, user, union)
    assert early == late


def test_the_built_items_are_reused_and_the_counts_stay_fresh(world):
    todo.forget()
    built = []
    source = next(s for s in DAILY if name(s) == "members.todos.applications")

    def spy(user, union):
        built.append(user.pk)
        return source(user, union)

    def lines(user):
        return {t.text: t.count for t in todo.items(fresh(user), world.school)}

    with mock.patch.object(todo, "SOURCES", [spy]), mock.patch.object(todo, "DAILY", {spy}):
        assert "待审批的入会申请" not in lines(world.chair)
        JoinApplication.objects.create(
            union=world.school, reference="T0000001", name="申请人", sex="F",
            id_number="110101199001010001", mobile="13700000001",
        )  # fmt: skip
        assert lines(world.chair)["待审批的入会申请"] == 1  # counted again, not built again
        assert built == [world.chair.pk]
        lines(world.member)  # another user: built for them
        assert built == [world.chair.pk, world.member.pk]
        # A new grant changes what the user may see: built again.
        RoleGrant.objects.create(user=world.member, role=Role.CHAIR, union=world.school)
        assert lines(world.member)["待审批的入会申请"] == 1
        assert built == [world.chair.pk, world.member.pk, world.member.pk]
        # So does a new day.
        with mock.patch.object(
            timezone, "localdate", return_value=timezone.localdate() + datetime.timedelta(days=1)
        ):
            lines(world.chair)
        assert built[-1] == world.chair.pk and len(built) == 4
        # And a change to the union itself (its code is in the links).
        world.school.name = "改名后的学校"
        world.school.save()
        lines(world.chair)
        assert len(built) == 5


def test_the_approver_line_follows_the_setting_the_union_inherits(world):
    """Finance's line reads the approver setting inside the count, so a build kept for the
    day still follows a change of the setting, above the union or in it."""
    from gonghui.finance.services.settings import finance_settings_update

    from ..finance.vouchers_support import submitted

    submitted(world)

    def waiting(user) -> int:
        lines = {t.text: t.count for t in todo.items(fresh(user), world.school)}
        return lines.get("待审批的凭证", 0)

    assert (waiting(world.chair), waiting(world.committee)) == (1, 0)
    finance_settings_update(actor=world.fed_admin, union=world.fed, approver_role="committee")
    assert (waiting(world.chair), waiting(world.committee)) == (0, 1)
    finance_settings_update(actor=world.chair, union=world.school, approver_role="chair")
    assert (waiting(world.chair), waiting(world.committee)) == (1, 0)
