"""劳动争议调解's services: the 15-day clock of 第十四条 on its boundary (counted from receipt,
the civil code's rest-day rule), dates out of order refused with nothing written, the seat as
the only right to a case, the audit trail without a case's content, hostile text kept as
text, numbering per union and year, the committee's 主任 and 第十条's sides."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.rights import services as rights_services
from gonghui.rights import services_mediation as services
from gonghui.rights.models_mediation import CaseState, MediationCase, MediatorPost, MediatorSide

from .support_mediation import APPLIED, CLAIM, accepted, agreed, case, seat

DAY = datetime.timedelta(days=1)


def _writes():
    return AuditEntry.objects.count(), MediationCase.objects.count()


# --- the clock ----------------------------------------------------------------------------------


def test_the_deadline_is_15_days_from_receipt_open_on_day_15_overdue_on_day_16(world):
    c = accepted(world)  # received Monday 2 November 2026
    assert c.deadline == datetime.date(2026, 11, 17) == APPLIED + 15 * DAY
    assert not c.overdue(APPLIED + 15 * DAY)
    assert c.overdue(APPLIED + 16 * DAY)


def test_a_deadline_on_a_rest_day_runs_to_the_next_working_day(world):
    c = case(world, applied_on=datetime.date(2026, 11, 6))  # +15: Saturday 21 November
    assert c.deadline == datetime.date(2026, 11, 23)
    assert not c.overdue(datetime.date(2026, 11, 23))
    assert c.overdue(datetime.date(2026, 11, 24))


def test_the_deadline_follows_the_union_setting(world):
    rights_services.rights_settings_save(
        actor=None, union=world.school, fields={"mediation_days": 10}
    )
    assert case(world).deadline == datetime.date(2026, 11, 12)


def test_a_closed_case_is_never_overdue(world):
    assert not agreed(world).overdue(APPLIED + 100 * DAY)


# --- dates out of order -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "step, kwargs, message",
    [
        ("accept", {"accepted_on": APPLIED - DAY}, "受理日期不能早于收到申请的日期"),
        ("accept", {"accepted_on": APPLIED + 5 * DAY, "today": APPLIED}, "受理日期不能晚于今天"),
        ("refuse", {"on": APPLIED - DAY, "reason": "x"}, "不能早于收到申请的日期"),
    ],
)
def test_acceptance_out_of_order_is_refused_and_nothing_written(world, step, kwargs, message):
    c = case(world)
    before = _writes()
    service = {"accept": services.case_accept, "refuse": services.case_refuse}[step]
    kwargs.setdefault("today", APPLIED + 10 * DAY)
    with pytest.raises(ValidationError, match=message):
        service(actor=None, case=c, **kwargs)
    c.refresh_from_db()
    assert c.state == CaseState.APPLIED and c.accepted_on is None and _writes() == before


def test_a_future_application_is_refused(world):
    before = _writes()
    with pytest.raises(ValidationError, match="收到申请日期不能晚于今天"):
        services.case_create(
            actor=None,
            union=world.school,
            applicant_name="甲",
            respondent="乙",
            claim_kind="pay",
            claim="x",
            applied_on=APPLIED + DAY,
            today=APPLIED,
        )
    assert _writes() == before


def test_sessions_and_closing_out_of_order_are_refused(world):
    c = services.case_accept(
        actor=None, case=case(world), accepted_on=APPLIED + 2 * DAY, today=APPLIED + 2 * DAY
    )
    with pytest.raises(ValidationError, match="调解日期不能早于受理日期"):
        services.session_add(actor=None, case=c, held_on=APPLIED + DAY, record="r")
    services.session_add(
        actor=None, case=c, held_on=APPLIED + 6 * DAY, record="r", today=APPLIED + 6 * DAY
    )
    before = _writes()
    with pytest.raises(ValidationError, match="结案日期不能早于最后一次调解"):
        services.case_agree(
            actor=None, case=c, on=APPLIED + 5 * DAY, agreement="a", today=APPLIED + 9 * DAY
        )
    with pytest.raises(ValidationError, match="结案日期不能早于受理日期"):
        services.case_fail(actor=None, case=c, on=APPLIED + DAY, today=APPLIED + 9 * DAY)
    with pytest.raises(ValidationError, match="结案日期不能晚于今天"):
        services.case_fail(actor=None, case=c, on=APPLIED + 9 * DAY, today=APPLIED + 8 * DAY)
    c.refresh_from_db()
    assert c.state == CaseState.ACCEPTED and _writes() == before


def test_a_closed_case_takes_no_more_steps(world):
    c = agreed(world)
    for service, kwargs in (
        (services.case_fail, {"on": APPLIED + 5 * DAY}),
        (services.session_add, {"held_on": APPLIED + 5 * DAY, "record": "r"}),
        (services.case_withdraw, {"on": APPLIED + 5 * DAY}),
    ):
        with pytest.raises(ValidationError, match="已结案"):
            service(actor=None, case=c, today=APPLIED + 9 * DAY, **kwargs)


def test_the_whole_path_to_no_agreement(world):
    s = seat(world)
    c = case(world)
    c = services.case_accept(
        actor=None, case=c, accepted_on=APPLIED + DAY, mediators=[s], today=APPLIED + DAY
    )
    assert list(c.mediators.all()) == [s]
    services.session_add(
        actor=None,
        case=c,
        held_on=APPLIED + 3 * DAY,
        record="双方分歧较大",
        today=APPLIED + 3 * DAY,
    )
    c = services.case_fail(actor=None, case=c, on=APPLIED + 16 * DAY, today=APPLIED + 16 * DAY)
    assert c.state == CaseState.FAILED and c.closed_on == APPLIED + 16 * DAY


def test_mediators_must_be_current_seats_of_the_union(world):
    gone = seat(world, "王委员")
    services.mediator_end(actor=None, mediator=gone, until=APPLIED - DAY, today=APPLIED)
    elsewhere = seat(world, "郑护士")
    for wrong in (gone, elsewhere):
        with pytest.raises(ValidationError, match="在任成员"):
            services.case_accept(
                actor=None, case=case(world), accepted_on=APPLIED, mediators=[wrong], today=APPLIED
            )


def test_numbers_run_per_union_and_year(world):
    first, second = case(world), case(world)
    other_year = case(world, applied_on=datetime.date(2025, 12, 30))
    hospital = case(world, world.hospital, "郑护士")
    assert (first.number, second.number, other_year.number, hospital.number) == (1, 2, 1, 1)
    assert str(second) == "（2026）调字第2号"


# --- the committee ------------------------------------------------------------------------------


def test_the_committee_has_one_director_and_workers_come_from_the_roster(world):
    seat(world, "王委员", post=MediatorPost.DIRECTOR)
    with pytest.raises(ValidationError, match="已有在任主任"):
        seat(world, "吴老师", post=MediatorPost.DIRECTOR)
    with pytest.raises(ValidationError, match="职工代表应从本工会会员中选择"):
        services.mediator_add(
            actor=None, union=world.school, name="某人", side=MediatorSide.WORKERS, since=APPLIED
        )
    with pytest.raises(ValidationError, match="本工会的在册会员"):
        services.mediator_add(
            actor=None, union=world.school, member=world.members["郑护士"], since=APPLIED
        )
    with pytest.raises(ValidationError, match="已是本会调解委员会的在任成员"):
        seat(world, "王委员")
    employer = services.mediator_add(
        actor=world.chair,
        union=world.school,
        name="校办 钱主任",
        side=MediatorSide.EMPLOYER,
        since=APPLIED,
        today=APPLIED,
    )
    assert employer.member is None and employer.name == "校办 钱主任"


def test_a_plain_member_cannot_keep_the_committee(world):
    with pytest.raises(PermissionDenied):
        services.mediator_add(
            actor=world.member, union=world.school, member=world.members["吴老师"], since=APPLIED
        )


# --- confidentiality ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["chair", "auditor", "fed_admin", "platform_admin", "committee"])
def test_no_role_writes_a_case_only_a_seat_does(world, who):
    c = case(world)
    before = _writes()
    with pytest.raises(PermissionDenied):
        services.case_accept(actor=getattr(world, who), case=c, accepted_on=APPLIED)
    with pytest.raises(PermissionDenied):
        services.case_create(
            actor=getattr(world, who),
            union=world.school,
            applicant_name="甲",
            respondent="乙",
            claim_kind="pay",
            claim="x",
            applied_on=APPLIED,
        )
    assert _writes() == before
    seat(world, "王委员")  # the committee role's member, now seated
    world.committee.__dict__.pop("_mediation_seats", None)  # asked once per request
    if who == "committee":
        services.case_accept(actor=world.committee, case=c, accepted_on=APPLIED, today=APPLIED)


def test_a_seat_that_ended_no_longer_opens_cases(world):
    s = seat(world)
    c = case(world)
    services.mediator_end(actor=None, mediator=s, until=APPLIED, today=APPLIED)
    with pytest.raises(PermissionDenied):
        services.case_accept(actor=world.member, case=c, accepted_on=APPLIED, today=APPLIED)


def test_a_seat_in_another_union_opens_nothing_here(world):
    seat(world, "郑护士")
    with pytest.raises(PermissionDenied):
        services.case_accept(actor=world.outsider, case=case(world), accepted_on=APPLIED)


HOSTILE = '=HYPERLINK("http://x")\x0b<script>alert(1)</script>'


def test_the_trail_holds_states_and_dates_never_the_content(world):
    s = seat(world)
    c = services.case_create(
        actor=world.member,
        union=world.school,
        applicant=world.members["吴老师"],
        respondent="第一中学 校长 某某",
        claim_kind="dismissal",
        claim=CLAIM + HOSTILE,
        applied_on=APPLIED,
        today=APPLIED,
    )
    services.case_accept(
        actor=world.member, case=c, accepted_on=APPLIED, mediators=[s], today=APPLIED
    )
    services.session_add(
        actor=world.member,
        case=c,
        held_on=APPLIED,
        record="吴老师陈述",
        place="工会办公室",
        today=APPLIED,
    )
    services.case_agree(
        actor=world.member, case=c, on=APPLIED, agreement="支付3,200元", today=APPLIED
    )
    entries = AuditEntry.objects.filter(action__startswith="rights.case_")
    assert entries.count() == 4
    dumped = " ".join(f"{e.object_repr} {e.changes}" for e in entries)
    for secret in ("吴老师", "第一中学", "加班", "3,200", "dismissal", "工会办公室", "HYPERLINK"):
        assert secret not in dumped, secret
    assert "（2026）调字第1号" in dumped and "agreed" in dumped


def test_hostile_text_is_stored_as_text(world):
    c = case(world)
    c = services.case_accept(actor=None, case=c, accepted_on=APPLIED, today=APPLIED)
    services.session_add(actor=None, case=c, held_on=APPLIED, record=HOSTILE, today=APPLIED)
    assert c.sessions.get().record == HOSTILE.strip()
