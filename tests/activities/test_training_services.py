"""培训's services: sessions with their own check-in (a scan of session 2's code checks in
to session 2 only), completion at the threshold and just below, certificates numbered per
union and year, removal refused once anyone checked in, and every refusal in Chinese with
nothing written; the figures (期数, 课时, 人次) a federation sums, and the summary."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from gonghui.activities import (
    plugins_training,
    queries_training,
    services_checkin,
    services_training,
)
from gonghui.activities.models import Kind
from gonghui.activities.models_checkin import CheckIn, CheckinSession
from gonghui.activities.models_training import TrainingCertificate, TrainingSession
from gonghui.core.models import AuditEntry

from .support import START, make_activity, signup
from .support_training import DAY, HOUR, MINUTE, attend, make_course, sessions

pytestmark = pytest.mark.django_db
AFTER = START + 4 * DAY  # every session has ended


def refusal(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


def course_with(world, names=("周会员", "李主席", "吴老师")):
    course = make_course(world.school)
    for name in names:
        signup(world, course, name)
    return course


# --- sessions and check-in ------------------------------------------------------------------


def test_each_session_has_its_own_code_and_a_scan_checks_in_to_that_session_only(world):
    course = course_with(world)
    one, two, three = sessions(course)
    assert len({one.checkin.token, two.checkin.token, three.checkin.token}) == 3
    assert (one.checkin.start, two.checkin.start) == (one.starts_at, two.starts_at)
    at = two.starts_at - 10 * MINUTE
    checkin, new = services_checkin.checkin_scan(
        actor=world.member, activity=course, token=two.checkin.token, now=at
    )
    assert new and checkin.session == two.checkin
    assert list(CheckIn.objects.filter(activity=course).values_list("session", flat=True)) == [
        two.checkin.pk
    ]
    # session 1's code at session 2's time: session 1's window has closed
    said = refusal(
        lambda: services_checkin.checkin_scan(
            actor=world.member, activity=course, token=one.checkin.token, now=at
        )
    )
    assert "扫码签到已于" in said
    # session 3's code a day early: not open yet
    said = refusal(
        lambda: services_checkin.checkin_scan(
            actor=world.member, activity=course, token=three.checkin.token, now=at
        )
    )
    assert "签到将于" in said
    row = next(r for r in queries_training.grid(course).rows if r.name == "周会员")
    assert [c is not None for c in row.cells] == [False, True, False]
    assert row.hours == Decimal("2.0")


def test_the_organiser_marks_someone_present_at_one_session(world):
    course = course_with(world)
    attend(world, course, "吴老师", [1, 3])  # no account: marked
    row = next(r for r in queries_training.grid(course).rows if r.name == "吴老师")
    assert [c is not None for c in row.cells] == [True, False, True]
    assert all(c.by_organiser for c in row.cells if c)
    other = make_course(world.school, title="另一期")
    reg = row.registration
    said = refusal(
        lambda: services_checkin.checkin_mark(
            actor=None, registration=reg, session=sessions(other)[0].checkin, now=START
        )
    )
    assert "不属于本活动" in said


def test_completion_at_the_threshold_and_just_below(world):
    course = course_with(world)
    attend(world, course, "周会员", [1, 2])  # 4 of 5 课时: exactly 80 %
    attend(world, course, "李主席", [1, 3])  # 3 of 5: 60 %
    found = {r.name: r for r in queries_training.grid(course).rows}
    assert found["周会员"].completed and found["周会员"].share == Decimal("80.0")
    assert not found["李主席"].completed
    assert not found["吴老师"].completed and found["吴老师"].hours == 0
    services_training.training_settings_save(
        actor=world.chair, union=world.school, fields={"completion_percent": 81}
    )
    found = {r.name: r for r in queries_training.grid(course).rows}
    assert not found["周会员"].completed  # 80 % is just below 81 %
    grid = queries_training.grid(course)
    assert (grid.total_hours, grid.person_times, grid.needed) == (
        Decimal("5.0"),
        4,
        Decimal("4.1"),
    )


def test_a_session_is_refused_in_chinese_with_nothing_written(world):
    course = make_course(world.school, hours=())
    before = TrainingSession.objects.count(), CheckinSession.objects.count()

    def add(**fields):
        base = {
            "starts_at": START,
            "ends_at": START + 2 * HOUR,
            "topic": "课题",
            "hours": "2",
        }
        return refusal(
            lambda: services_training.training_session_save(
                actor=world.chair, activity=course, fields={**base, **fields}
            )
        )

    assert "一位小数" in add(hours="1.25")
    assert "请填写这次课的内容" in add(topic="  ")
    assert "结束时间须晚于开始时间" in add(ends_at=START)
    assert "起止时间" in add(starts_at=START - DAY, ends_at=START - DAY + HOUR)
    assert "请填写开始和结束时间" in add(starts_at=None)
    trip = make_activity(world.school)
    said = refusal(
        lambda: services_training.training_session_save(
            actor=world.chair,
            activity=trip,
            fields={"starts_at": START, "ends_at": START + HOUR, "topic": "x", "hours": 1},
        )
    )
    assert "培训" in said
    family = make_activity(world.school, kind=Kind.TRAINING, title="亲子培训")
    said = refusal(
        lambda: services_training.training_session_save(
            actor=world.chair,
            activity=family,
            fields={"starts_at": START, "ends_at": START + HOUR, "topic": "x", "hours": 1},
        )
    )
    assert "可带家属" in said
    assert (TrainingSession.objects.count(), CheckinSession.objects.count()) == before


def test_a_session_with_check_ins_keeps_its_times_and_cannot_be_removed(world):
    course = course_with(world)
    one, two, _three = sessions(course)
    attend(world, course, "周会员", [1])
    fields = {
        "starts_at": one.starts_at + HOUR,
        "ends_at": one.ends_at + HOUR,
        "topic": one.topic,
        "hours": one.hours,
    }
    said = refusal(
        lambda: services_training.training_session_save(
            actor=world.chair, session=one, fields=fields
        )
    )
    assert "不能再改时间" in said
    fields.update(starts_at=one.starts_at, ends_at=one.ends_at, topic="工会法解读", hours="1.5")
    changed = services_training.training_session_save(actor=world.chair, session=one, fields=fields)
    assert (changed.topic, changed.hours) == ("工会法解读", Decimal("1.5"))
    said = refusal(
        lambda: services_training.training_session_remove(actor=world.chair, session=one)
    )
    assert "已有 1 人签到，不能删除" in said
    # session 2 has none: removed with its code, which stops working
    token = two.checkin.token
    services_training.training_session_remove(actor=world.chair, session=two)
    assert not TrainingSession.objects.filter(pk=two.pk).exists()
    said = refusal(
        lambda: services_checkin.checkin_scan(
            actor=world.member, activity=course, token=token, now=two.starts_at
        )
    )
    assert "签到码无效" in said
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"activities.training_session_change", "activities.training_session_remove"} <= actions


def test_moving_a_session_moves_its_check_in_window(world):
    course = course_with(world)
    _one, two, _three = sessions(course)
    later = two.starts_at + 3 * HOUR
    services_training.training_session_save(
        actor=world.chair,
        session=two,
        fields={"starts_at": later, "ends_at": later + HOUR, "topic": "新课", "hours": "1"},
    )
    moved = CheckinSession.objects.get(training=two)
    assert (moved.start, moved.end) == (later, later + HOUR)


def test_an_early_qr_page_session_is_taken_over_by_the_first_course_session(world):
    course = make_course(world.school, hours=())
    loose = services_checkin.checkin_session_open(actor=None, activity=course)
    made = services_training.training_session_save(
        actor=None,
        activity=course,
        fields={"starts_at": START, "ends_at": START + HOUR, "topic": "开班", "hours": "1"},
    )
    assert CheckinSession.objects.filter(activity=course).count() == 1
    assert CheckinSession.objects.get(pk=loose.pk).training == made


# --- certificates ---------------------------------------------------------------------------


def test_certificates_go_to_those_who_completed_once_every_session_ended(world):
    course = course_with(world)
    attend(world, course, "周会员", [1, 2, 3])
    attend(world, course, "吴老师", [1, 2])
    attend(world, course, "李主席", [3])
    said = refusal(
        lambda: services_training.training_certificates_issue(
            actor=world.chair, activity=course, now=START + DAY
        )
    )
    assert "尚未全部结束" in said and not TrainingCertificate.objects.exists()
    made = services_training.training_certificates_issue(
        actor=world.chair, activity=course, now=AFTER
    )
    year = AFTER.year
    assert [(c.name, c.number, c.hours) for c in made] == [
        ("周会员", f"{year}0001", Decimal("5.0")),
        ("吴老师", f"{year}0002", Decimal("4.0")),
    ]
    assert AuditEntry.objects.filter(action="activities.training_certificate").count() == 2
    # again: nothing new, nothing written
    assert (
        services_training.training_certificates_issue(actor=world.chair, activity=course, now=AFTER)
        == []
    )
    # another course of the same union and year continues the numbers
    second = make_course(world.school, title="第二期", start=START + 10 * DAY, hours=("1",))
    signup(world, second, "周会员")
    attend(world, second, "周会员", [1])
    more = services_training.training_certificates_issue(
        actor=world.chair, activity=second, now=START + 12 * DAY
    )
    assert [c.number for c in more] == [f"{year}0003"]
    # the hospital numbers its own from 1
    other = make_course(world.hospital, title="护理工会培训")
    signup(world, other, "郑护士")
    attend(world, other, "郑护士", [1, 2, 3])
    theirs = services_training.training_certificates_issue(
        actor=world.outsider, activity=other, now=AFTER
    )
    assert [c.number for c in theirs] == [f"{year}0001"]


def test_a_trainee_reads_their_own_certificate_and_nobody_elses(world):
    course = course_with(world)
    attend(world, course, "周会员", [1, 2, 3])
    attend(world, course, "李主席", [1, 2, 3])
    made = services_training.training_certificates_issue(
        actor=world.chair, activity=course, now=AFTER
    )
    mine = next(c for c in made if c.name == "周会员")
    theirs = next(c for c in made if c.name == "李主席")
    assert queries_training.get_certificate(world.member, mine.pk) == mine
    assert queries_training.own_certificates(world.member) == [mine]
    with pytest.raises(Http404):
        queries_training.get_certificate(world.outsider, mine.pk)
    from django.core.exceptions import PermissionDenied

    with pytest.raises((Http404, PermissionDenied)):
        queries_training.get_certificate(world.member, theirs.pk)
    assert queries_training.get_certificate(world.auditor, theirs.pk) == theirs


# --- figures --------------------------------------------------------------------------------


def test_the_years_figures_sum_up_to_the_federation_and_into_the_summary(world):
    course = course_with(world)
    attend(world, course, "周会员", [1, 2, 3])
    attend(world, course, "吴老师", [1, 2])
    services_training.training_certificates_issue(actor=None, activity=course, now=AFTER)
    other = make_course(world.hospital, hours=("1.5",))
    signup(world, other, "郑护士")
    attend(world, other, "郑护士", [1])
    first, last = datetime.date(START.year, 1, 1), datetime.date(START.year, 12, 31)
    school = queries_training.period_figures(world.school, first, last)
    assert school == {
        "courses": 1,
        "hours": Decimal("5.0"),
        "person_times": 5,
        "certificates": 2,
    }
    fed = queries_training.period_figures(world.fed, first, last)
    assert (fed["courses"], fed["hours"], fed["person_times"]) == (2, Decimal("6.5"), 6)
    assert plugins_training.courses(world.fed, first, last) == 2
    assert plugins_training.hours(world.fed, first, last) == Decimal("6.5")
    [para] = plugins_training.paragraphs(world.school, first, last)
    assert para.text == "举办培训1期（共5课时），参训5人次，结业2人次。"
    assert (
        plugins_training.paragraphs(world.school, first.replace(year=2000), last.replace(year=2000))
        == []
    )
    year = queries_training.year(world.school, START.year)
    hours = {m["member__name"]: m["hours"] for m in year["members"]}
    assert hours == {"周会员": Decimal("5.0"), "吴老师": Decimal("4.0")}
    assert (year["count"], year["person_times"], year["completed"]) == (1, 5, 2)
