"""Changing a sitting's date and place before it opens (改期、改地点): the notice rule
applies again to a noticed sitting, an open or closed one cannot change, every change is
on the record with before and after."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.congress.models import Sitting, SittingStatus
from gonghui.congress.services import sittings as services
from gonghui.core.models import AuditEntry

from .support import school_term

D = datetime.date


@pytest.fixture
def sitting(world):
    return services.sitting_create(
        actor=world.chair,
        term=school_term(world),
        date=D(2026, 3, 20),
        place="报告厅",
        proposals_open=D(2026, 2, 20),
        proposals_close=D(2026, 3, 10),
    )


def update(world, sitting, **kw):
    actor = kw.pop("actor", world.chair)
    args = {
        "date": sitting.date,
        "place": sitting.place,
        "proposals_open": sitting.proposals_open,
        "proposals_close": sitting.proposals_close,
    }
    args.update(kw)
    return services.sitting_update(actor=actor, sitting=sitting, **args)


def unchanged(sitting):
    fresh = Sitting.objects.get(pk=sitting.pk)
    assert (fresh.date, fresh.place) == (D(2026, 3, 20), "报告厅")
    assert not AuditEntry.objects.filter(action="congress.sitting_update").exists()


# --- services ----------------------------------------------------------------------------


def test_a_planned_sitting_moves_with_before_and_after_on_the_record(world, sitting):
    update(world, sitting, date=D(2026, 3, 27), place="学术报告厅")
    sitting.refresh_from_db()
    assert (sitting.date, sitting.place) == (D(2026, 3, 27), "学术报告厅")
    assert sitting.name == "第八届第一次教职工代表大会"  # the number does not change
    entry = AuditEntry.objects.get(action="congress.sitting_update")
    assert entry.actor == world.chair
    assert entry.changes["date"] == ["2026-03-20", "2026-03-27"]
    assert entry.changes["place"] == ["报告厅", "学术报告厅"]
    assert set(entry.changes) == {"date", "place"}


def test_nothing_changed_writes_nothing(world, sitting):
    update(world, sitting)
    assert not AuditEntry.objects.filter(action="congress.sitting_update").exists()


def test_a_noticed_sitting_moved_closer_needs_a_late_reason(world, sitting):
    services.sitting_notice(actor=world.chair, sitting=sitting, noticed_on=D(2026, 3, 10))
    sitting.refresh_from_db()
    # Noticed on 3-10; moving to 3-15 leaves 5 days, fewer than the 7 required.
    with pytest.raises(
        ValidationError, match="只有 5 天，少于规定的 7 天；请填写预告不足规定天数的原因"
    ):
        update(world, sitting, date=D(2026, 3, 15))
    unchanged(sitting)
    update(world, sitting, date=D(2026, 3, 15), late_reason="上级检查提前")
    sitting.refresh_from_db()
    assert sitting.date == D(2026, 3, 15) and sitting.late_notice_reason == "上级检查提前"
    assert sitting.status == SittingStatus.NOTICED and sitting.noticed_on == D(2026, 3, 10)
    entry = AuditEntry.objects.get(action="congress.sitting_update")
    assert entry.changes["late_notice_reason"] == ["", "上级检查提前"]


def test_moving_a_noticed_sitting_later_needs_no_reason_and_clears_an_old_one(world, sitting):
    services.sitting_notice(
        actor=world.chair, sitting=sitting, noticed_on=D(2026, 3, 17), late_reason="临时通知"
    )
    sitting.refresh_from_db()
    update(world, sitting, date=D(2026, 3, 30), late_reason="")
    sitting.refresh_from_db()
    assert sitting.date == D(2026, 3, 30) and sitting.late_notice_reason == ""


def test_a_noticed_sitting_cannot_move_before_its_notice(world, sitting):
    services.sitting_notice(actor=world.chair, sitting=sitting, noticed_on=D(2026, 3, 10))
    sitting.refresh_from_db()
    with pytest.raises(ValidationError, match="预告日期不能晚于会议日期"):
        update(world, sitting, date=D(2026, 3, 9), proposals_close=D(2026, 3, 5), late_reason="x")
    unchanged(sitting)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"date": D(2025, 8, 1)}, "会议日期不能早于本届开始日期"),
        ({"proposals_open": D(2026, 3, 11)}, "提案征集截止日期不能早于开始日期"),
        ({"date": D(2026, 3, 9)}, "提案征集须在会议日期前截止"),
    ],
)
def test_the_dates_follow_the_creation_rules(world, sitting, kw, message):
    with pytest.raises(ValidationError, match=message):
        update(world, sitting, **kw)
    unchanged(sitting)


@pytest.mark.parametrize("status", [SittingStatus.OPEN, SittingStatus.CLOSED])
def test_an_open_or_closed_sitting_cannot_change(world, sitting, status):
    Sitting.objects.filter(pk=sitting.pk).update(status=status)
    sitting.refresh_from_db()
    label = "开会中" if status == SittingStatus.OPEN else "已闭会"
    with pytest.raises(ValidationError, match=f"已{label}，不能再修改会议日期和地点"):
        update(world, sitting, date=D(2026, 3, 27))
    unchanged(sitting)


def test_only_the_secretariat_of_the_union(world, sitting):
    for who in (world.member, world.outsider, world.treasurer):
        with pytest.raises(PermissionDenied):
            services.sitting_update(actor=who, sitting=sitting, date=D(2026, 3, 27))
    unchanged(sitting)
    update(world, sitting, actor=world.committee, place="会议室")
    assert Sitting.objects.get(pk=sitting.pk).place == "会议室"


# --- pages -------------------------------------------------------------------------------


def form_data(sitting, **kw):
    data = {
        "date": sitting.date.isoformat(),
        "place": sitting.place,
        "proposals_open": sitting.proposals_open.isoformat(),
        "proposals_close": sitting.proposals_close.isoformat(),
    }
    data.update(kw)
    return data


def test_outsiders_and_members_are_refused(world, sitting, client_for):
    url = reverse("congress:sitting_edit", args=[sitting.pk])
    for who, status in ((world.outsider, 404), (world.member, 403)):
        client = client_for(who)
        assert client.get(url).status_code == status
        assert client.post(url, form_data(sitting, place="别处")).status_code == status
    unchanged(sitting)


def test_the_sitting_page_links_to_the_edit_only_before_it_opens(world, sitting, client_for):
    client = client_for(world.chair)
    edit = reverse("congress:sitting_edit", args=[sitting.pk])
    assert edit in client.get(sitting.get_absolute_url()).content.decode()
    Sitting.objects.filter(pk=sitting.pk).update(status=SittingStatus.OPEN)
    assert edit not in client.get(sitting.get_absolute_url()).content.decode()
    r = client.get(edit)
    assert r.status_code == 302 and r["Location"] == sitting.get_absolute_url()


def test_editing_through_the_page_shows_the_new_date_and_place(world, sitting, client_for):
    client = client_for(world.committee)
    url = reverse("congress:sitting_edit", args=[sitting.pk])
    form = client.get(url).content.decode()
    assert 'value="报告厅"' in form and 'value="2026-03-20"' in form
    assert "late_reason" not in form  # no notice yet: nothing to be late against
    r = client.post(url, form_data(sitting, date="2026-03-27", place="学术报告厅"))
    assert r.status_code == 302 and r["Location"] == sitting.get_absolute_url()
    html = client.get(sitting.get_absolute_url()).content.decode()
    assert "2026年3月27日" in html and "学术报告厅" in html


def test_a_late_move_on_the_page_asks_for_the_reason(world, sitting, client_for):
    services.sitting_notice(actor=world.chair, sitting=sitting, noticed_on=D(2026, 3, 10))
    sitting.refresh_from_db()
    client = client_for(world.committee)
    url = reverse("congress:sitting_edit", args=[sitting.pk])
    r = client.post(url, form_data(sitting, date="2026-03-15"))
    assert r.status_code == 200 and "请填写预告不足规定天数的原因" in r.content.decode()
    unchanged(sitting)
    r = client.post(url, form_data(sitting, date="2026-03-15", late_reason="上级检查提前"))
    assert r.status_code == 302
    html = client.get(sitting.get_absolute_url()).content.decode()
    assert "距会议 5 天" in html and "上级检查提前" in html
