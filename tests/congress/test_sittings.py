"""Sittings: numbering and names, the 7-day notice, the quorum to open, closing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.congress.models import SittingStatus
from gonghui.congress.services import sittings as services
from gonghui.congress.services import terms as term_services
from gonghui.core.models import AuditEntry

from .support import school_term, seat

D = datetime.date


def test_sittings_are_numbered_in_the_term_and_named(world):
    term = school_term(world)
    first = services.sitting_create(actor=world.chair, term=term, date=D(2025, 10, 10))
    second = services.sitting_create(
        actor=world.committee,
        term=term,
        date=D(2026, 10, 10),
        place="报告厅",
        is_extraordinary=True,
    )
    assert first.name == "第八届第一次教职工代表大会"
    assert second.name == "第八届第二次教职工代表大会（临时）"
    assert AuditEntry.objects.filter(action="congress.sitting").count() == 2
    with pytest.raises(PermissionDenied):
        services.sitting_create(actor=world.outsider, term=term, date=D(2026, 11, 1))


def test_proposal_window_must_close_before_the_sitting(world):
    term = school_term(world)
    with pytest.raises(ValidationError, match="会议日期前截止"):
        services.sitting_create(
            actor=world.chair,
            term=term,
            date=D(2026, 3, 1),
            proposals_open=D(2026, 2, 1),
            proposals_close=D(2026, 3, 2),
        )
    assert not term.sittings.exists()


def test_notice_seven_days_ahead_or_a_recorded_reason(world):
    term, _ = seat(world, 3, is_teacher=True)
    sitting = services.sitting_create(actor=world.chair, term=term, date=D(2026, 3, 10))
    with pytest.raises(ValidationError, match="只有 6 天，少于规定的 7 天"):
        services.sitting_notice(actor=world.chair, sitting=sitting, noticed_on=D(2026, 3, 4))
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.PLANNED and not sitting.checkin_token
    services.sitting_notice(
        actor=world.chair, sitting=sitting, noticed_on=D(2026, 3, 4), late_reason="上级通知提前开会"
    )
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.NOTICED
    assert sitting.late_notice_reason == "上级通知提前开会"
    assert len(sitting.checkin_token) == 32
    entry = AuditEntry.objects.get(action="congress.notice")
    # The composition check is on the record: 3 representatives are fewer than 30.
    assert entry.changes["composition_total"][1].startswith("需注意｜代表总数 3 人")
    assert "checkin_token" not in entry.changes


def test_a_timely_notice_keeps_no_reason(world):
    term = school_term(world)
    sitting = services.sitting_create(actor=world.chair, term=term, date=D(2026, 3, 10))
    services.sitting_notice(
        actor=world.chair, sitting=sitting, noticed_on=D(2026, 3, 3), late_reason="无"
    )
    sitting.refresh_from_db()
    assert sitting.late_notice_reason == ""
    with pytest.raises(ValidationError, match="已预告"):
        services.sitting_notice(actor=world.chair, sitting=sitting, noticed_on=D(2026, 3, 3))


def test_opening_needs_two_thirds_of_all_seated(world):
    today = timezone.localdate()
    term, reps = seat(world, 30)
    seat(world, 3, term=term, kind="observer")
    sitting = services.sitting_create(actor=world.chair, term=term, date=today)
    services.sitting_notice(
        actor=world.chair, sitting=sitting, noticed_on=today, late_reason="测试当天预告"
    )
    for rep in reps[:19]:
        services.rep_checkin(
            actor=world.chair, sitting=sitting, representative=rep, by_secretariat=True
        )
    with pytest.raises(ValidationError, match="实到 19 人，不足应到 30 人的三分之二（需 20 人）"):
        services.sitting_open(actor=world.chair, sitting=sitting)
    services.rep_checkin(
        actor=world.chair, sitting=sitting, representative=reps[19], by_secretariat=True
    )
    services.sitting_open(actor=world.chair, sitting=sitting)
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.OPEN and sitting.opened_at
    entry = AuditEntry.objects.get(action="congress.open")
    assert (entry.changes["seated"][1], entry.changes["present"][1]) == (30, 20)
    token = sitting.checkin_token
    services.sitting_close(actor=world.chair, sitting=sitting)
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CLOSED and sitting.checkin_token != token


def test_a_closed_term_takes_no_new_sitting(world):
    term = school_term(world)
    term_services.term_close(actor=world.chair, term=term, on=D(2030, 8, 31))
    with pytest.raises(ValidationError, match="已届满"):
        services.sitting_create(actor=world.chair, term=term, date=D(2030, 9, 9))


def test_a_term_with_an_unclosed_sitting_cannot_close(world):
    term = school_term(world)
    services.sitting_create(actor=world.chair, term=term, date=D(2026, 3, 10))
    with pytest.raises(ValidationError, match="未闭会"):
        term_services.term_close(actor=world.chair, term=term, on=D(2030, 8, 31))
    term.refresh_from_db()
    assert term.closed_on is None
