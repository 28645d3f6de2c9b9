"""厂务公开: the schedule clock on its boundary days, the catalogue copied on first use (a
federation's, else the defaults), publications refused for a future period and never
edited (withdrawn with a reason), the overdue 待办 and the morning-after reminder, members'
questions (a current member only; names hidden from other members), 公开按时率 for a union
and a federation, and the year's 满意度测评 through the congress evaluation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import AuditEntry
from gonghui.orgs import services as org_services
from gonghui.rights import plugins_openness as plugins
from gonghui.rights import queries_openness as queries
from gonghui.rights import services_openness as services
from gonghui.rights.models import RightsSettings
from gonghui.rights.models_openness import (
    OpennessCategory,
    OpennessPublication,
    OpennessSchedule,
    due_on,
)

from .support_openness import TODAY, D, adopt, publish

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# --- the clock ------------------------------------------------------------------------------


def test_due_dates_follow_the_due_day_of_the_following_month():
    assert due_on(OpennessSchedule.MONTHLY, 2026, 10, 10) == D(2026, 11, 10)
    assert due_on(OpennessSchedule.MONTHLY, 2026, 12, 10) == D(2027, 1, 10)
    assert due_on(OpennessSchedule.QUARTERLY, 2026, 1, 10) == D(2026, 4, 10)
    assert due_on(OpennessSchedule.QUARTERLY, 2026, 4, 10) == D(2027, 1, 10)
    assert due_on(OpennessSchedule.YEARLY, 2026, 0, 10) == D(2027, 1, 10)
    # a due day past the month's end is its last day
    assert due_on(OpennessSchedule.MONTHLY, 2026, 1, 31) == D(2026, 2, 28)


def _cell(union, name, year, period, today=TODAY):
    rows = queries.year_grid(union, year, today)
    row = next(r for r in rows if r.category.name == name)
    return next(c for c in row.cells if c.period == period)


def test_published_on_the_10th_is_on_time_on_the_11th_late(world):
    cats = adopt(world.school)
    publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 10))
    publish(world.school, cats["职工切身利益"], period=9, published_on=D(2026, 10, 11))
    on_time, late = (
        _cell(world.school, "职工切身利益", 2026, 10),
        _cell(world.school, "职工切身利益", 2026, 9),
    )
    assert (on_time.status, on_time.days_late) == ("on_time", 0)
    assert (late.status, late.days_late) == ("late", 1)
    # November: due 10 December, not yet — and nothing for August: missing
    assert _cell(world.school, "职工切身利益", 2026, 11).status == "pending"
    assert _cell(world.school, "职工切身利益", 2026, 8).status == "missing"


def test_the_due_day_is_the_unions_setting(world):
    RightsSettings.objects.create(union=world.fed, openness_due_day=15)
    cats = adopt(world.school)
    publish(world.school, cats["职工切身利益"], period=9, published_on=D(2026, 10, 15))
    assert _cell(world.school, "职工切身利益", 2026, 9).status == "on_time"


def test_a_future_period_is_refused_and_nothing_is_written(world):
    cats = adopt(world.school)
    with pytest.raises(ValidationError) as exc:
        publish(world.school, cats["职工切身利益"], period=1, year=2027, published_on=TODAY)
    assert "不能登记未来月份的公开" in str(exc.value)
    with pytest.raises(ValidationError, match="未来季度"):
        publish(world.school, cats["财务"], period=1, year=2027, published_on=TODAY)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        publish(world.school, cats["职工切身利益"], period=11, published_on=D(2026, 12, 4))
    with pytest.raises(ValidationError, match="早于所属期间"):
        publish(world.school, cats["职工切身利益"], period=11, published_on=D(2026, 10, 31))
    with pytest.raises(ValidationError, match="事项发生日期"):
        publish(world.school, cats["重大决策"], published_on=TODAY)
    assert not OpennessPublication.objects.exists()
    assert not AuditEntry.objects.filter(action="rights.openness_publish").exists()


def test_items_as_they_happen_are_due_within_the_categorys_days(world):
    cats = adopt(world.school)
    item = publish(
        world.school, cats["重大决策"], event_on=D(2026, 11, 1), published_on=D(2026, 11, 9)
    )
    assert item.due_on == D(2026, 11, 8) and item.days_late == 1 and item.period is None


def test_the_catalogue_is_copied_on_first_use_from_the_federation(world):
    assert queries.template_for(world.school)[0] is None  # the defaults
    fed_cats = adopt(world.fed)
    services.openness_category_save(
        actor=world.fed_admin,
        union=world.fed,
        category=fed_cats["财务"],
        fields={"name": "财务收支", "schedule": "monthly", "event_days": 7},
    )
    source, template = queries.template_for(world.school)
    assert source == world.fed and ("财务收支", OpennessSchedule.MONTHLY) in [
        (n, s) for n, _, s, _ in template
    ]
    # the school's first publication copies it; later changes above no longer reach it
    assert not OpennessCategory.objects.filter(union=world.school).exists()
    services.openness_adopt(actor=world.chair, union=world.school, today=TODAY)
    names = [c.name for c in queries.categories(world.school)]
    assert "财务收支" in names and "财务" not in names
    first = queries.categories(world.school).first()
    assert first.counts_from == D(2026, 1, 1)
    with pytest.raises(ValidationError, match="已有自己的公开目录"):
        services.openness_adopt(actor=world.chair, union=world.school)


def test_categories_are_added_renamed_and_retired_by_rights_change(world):
    cats = adopt(world.school)
    with pytest.raises(PermissionDenied):
        services.openness_category_save(
            actor=world.treasurer, union=world.school, fields={"name": "x", "schedule": "yearly"}
        )
    with pytest.raises(ValidationError, match="同名"):
        services.openness_category_save(
            actor=world.chair, union=world.school, fields={"name": "财务", "schedule": "yearly"}
        )
    added = services.openness_category_save(
        actor=world.chair,
        union=world.school,
        fields={"name": "食堂管理", "schedule": "quarterly", "event_days": 7},
        today=TODAY,
    )
    assert added.counts_from == TODAY and added.order == 7
    publish(world.school, cats["财务"], period=3, published_on=D(2026, 10, 8))
    with pytest.raises(ValidationError, match="不能改变公开周期"):
        services.openness_category_save(
            actor=world.chair,
            union=world.school,
            category=cats["财务"],
            fields={"name": "财务", "schedule": "monthly", "event_days": 7},
        )
    services.openness_category_retire(actor=world.chair, category=cats["劳动安全"], today=TODAY)
    assert queries.categories(world.school, live_only=True).count() == 6
    # the retired one stays listed for what it owed before its retirement
    rows = queries.year_grid(world.school, 2026, TODAY)
    safety = next(r for r in rows if r.category.name == "劳动安全")
    assert [c.status for c in safety.cells] == ["missing", "missing", "missing", "none"]


def test_a_withdrawn_record_is_kept_and_no_longer_counts(world):
    cats = adopt(world.school)
    item = publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5))
    with pytest.raises(ValidationError):
        services.openness_withdraw(actor=world.chair, publication=item, reason="")
    services.openness_withdraw(actor=world.chair, publication=item, reason="期间登记错了")
    item.refresh_from_db()
    assert item.withdraw_reason == "期间登记错了" and item.withdrawn_by == world.chair
    assert _cell(world.school, "职工切身利益", 2026, 10).status == "missing"
    with pytest.raises(ValidationError, match="已经撤回"):
        services.openness_withdraw(actor=world.chair, publication=item, reason="again")


def test_evidence_is_kept_in_the_attachment_store_and_type_checked(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    cats = adopt(world.school)
    item = publish(
        world.school,
        cats["职工切身利益"],
        period=10,
        published_on=D(2026, 11, 5),
        evidence=SimpleUploadedFile("公开栏.png", PNG),
    )
    assert item.evidence_type == "image/png" and item.evidence_size == len(PNG)
    with pytest.raises(ValidationError) as exc:
        publish(
            world.school,
            cats["职工切身利益"],
            period=9,
            published_on=D(2026, 10, 5),
            evidence=SimpleUploadedFile("x.png", b"MZ not an image"),
        )
    assert "evidence" in exc.value.error_dict
    assert OpennessPublication.objects.count() == 1


def test_a_disclosure_to_the_congress_names_its_own_unions_sitting(world):
    from tests.congress.test_polls_fixtures import congress

    cats = adopt(world.school)
    c = congress(world, 3)
    item = publish(
        world.school,
        cats["党风廉政"],
        period=0,
        year=2025,
        published_on=D(2026, 1, 8),
        channel="congress",
        sitting=c.sitting,
    )
    assert item.sitting == c.sitting
    with pytest.raises(ValidationError, match="本工会的职代会"):
        publish(
            world.hospital,
            adopt(world.hospital)["党风廉政"],
            period=0,
            year=2025,
            published_on=D(2026, 1, 8),
            sitting=c.sitting,
        )


# --- overdue --------------------------------------------------------------------------------


def test_overdue_periods_are_a_todo_for_rights_change(world):
    cats = adopt(world.school)
    for m in range(1, 10):
        publish(world.school, cats["职工切身利益"], period=m, published_on=D(2026, m + 1, 5))
    found = queries.overdue(world.school, TODAY)
    labels = {(c.category.name, c.label) for c in found}
    # October (due 10 November) and the quarters of 财务/劳动安全 and last year's are owed
    assert ("职工切身利益", "2026年10月") in labels
    assert ("财务", "2026年第三季度") in labels
    assert ("职工切身利益", "2026年11月") not in labels  # due 10 December
    assert not any(c.year == 2025 for c in found)  # counted from 1 January 2026
    assert next(c for c in found if c.label == "2026年10月").late_by == 23
    # nothing for a union that has no catalogue yet, nor for the treasurer
    assert queries.overdue(world.hospital, TODAY) == []
    assert plugins.todos(world.treasurer, world.school) == []
    # the 待办 counts the categories with a period overdue, in the shared query
    from gonghui.core import todo

    [line] = todo.resolve(world.school, plugins.todos(world.chair, world.school))
    assert (line.text, line.count) == ("校务公开有逾期未公开事项的类别", 3)


@pytest.mark.parametrize(
    "today", [D(2026, 12, 3), D(2026, 11, 10), D(2026, 11, 11), D(2027, 1, 10), D(2027, 1, 11)]
)
@pytest.mark.parametrize("due_day", [10, 25])
def test_the_todos_count_agrees_with_the_year_pages_list(world, today, due_day):
    """The countable queryset and the list computed period by period name the same
    categories, on the boundary days and with another due day."""
    RightsSettings.objects.create(union=world.fed, openness_due_day=due_day)
    cats = adopt(world.school, D(2026, 1, 1))
    for m in (1, 2, 3, 4, 5, 6, 7, 8, 9):
        publish(world.school, cats["职工切身利益"], period=m, published_on=D(2026, m + 1, 1))
    for q in (1, 2, 3):
        publish(world.school, cats["财务"], period=q, published_on=D(2026, 3 * q + 1, 1))
    publish(world.school, cats["劳动安全"], period=1, published_on=D(2026, 4, 1))
    listed = {c.category.pk for c in queries.overdue(world.school, today)}
    counted = set(queries.overdue_categories(world.school, today).values_list("pk", flat=True))
    assert listed == counted


def test_the_reminder_comes_the_morning_after_the_due_date(world):
    cats = adopt(world.school)
    assert plugins.overdue_reminders(D(2026, 11, 10)) == []  # the due day itself
    found = plugins.overdue_reminders(D(2026, 11, 11))
    assert [r.key for r in found] == [f"rights.openness.{cats['职工切身利益'].pk}.2026.10.late"]
    who = {u.username for u in found[0].recipients}
    assert who == {"chair", "committee"}
    assert "职工切身利益" in found[0].text and "2026-11-10" in found[0].text
    publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 10))
    assert plugins.overdue_reminders(D(2026, 11, 11)) == []
    # a quarter's reminder the day after its due date
    found = plugins.overdue_reminders(D(2026, 10, 11))
    assert {r.key.split(".")[2] for r in found} == {
        str(cats["财务"].pk),
        str(cats["劳动安全"].pk),
        str(cats["职工切身利益"].pk),
    }


# --- questions ------------------------------------------------------------------------------


def test_a_member_asks_and_the_committee_answers(world):
    cats = adopt(world.school)
    item = publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5))
    q = services.openness_question_ask(actor=world.member, publication=item, text="津贴何时发？")
    assert q.member == world.members["周会员"]
    with pytest.raises(PermissionDenied):
        services.openness_question_answer(actor=world.member, question=q, answer="自己答")
    services.openness_question_answer(actor=world.committee, question=q, answer="随工资按月发。")
    q.refresh_from_db()
    assert q.answer == "随工资按月发。" and q.answered_by == world.committee
    with pytest.raises(ValidationError, match="已经答复"):
        services.openness_question_answer(actor=world.chair, question=q, answer="再答")
    entry = AuditEntry.objects.get(action="rights.openness_ask")
    assert "周会员" not in str(entry.changes) and "周会员" not in entry.object_repr


def test_an_outsider_or_a_former_member_cannot_ask(world):
    cats = adopt(world.school)
    item = publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5))
    for who in (world.outsider, world.nobody, world.fed_admin):
        with pytest.raises(PermissionDenied):
            services.openness_question_ask(actor=who, publication=item, text="?")
    with pytest.raises(ValidationError):
        services.openness_question_ask(actor=world.member, publication=item, text="  ")
    assert not item.questions.exists()


def test_other_members_see_answered_questions_without_the_name(world):
    cats = adopt(world.school)
    item = publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5))
    mine = services.openness_question_ask(actor=world.member, publication=item, text="问一")
    services.openness_question_ask(actor=world.member, publication=item, text="问二")
    services.openness_question_answer(actor=world.chair, question=mine, answer="答一")
    from gonghui.core import services as core_services

    core_services.role_grant(actor=None, user=world.treasurer, role="member", union=world.school)
    named, seen = queries.questions_for(world.treasurer, item)
    assert not named and [q.text for q in seen] == ["问一"]
    named, seen = queries.questions_for(world.member, item)
    assert not named and [q.text for q in seen] == ["问一", "问二"] and all(q.mine for q in seen)
    named, seen = queries.questions_for(world.chair, item)
    assert named and len(seen) == 2


def test_waiting_questions_are_counted_for_the_todo(world):
    from gonghui.core import todo

    cats = adopt(world.school)
    item = publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5))
    services.openness_question_ask(actor=world.member, publication=item, text="问")
    lines = todo.resolve(world.school, plugins.question_todos(world.chair, world.school))
    assert [(t.text, t.count) for t in lines] == [("待答复的公开事项提问", 1)]
    assert plugins.question_todos(world.member, world.school) == []


# --- 公开按时率 -------------------------------------------------------------------------------


def test_the_on_time_rate_counts_due_periods_and_items(world):
    cats = adopt(world.school)
    year = (D(2026, 1, 1), D(2026, 12, 31))
    for m in range(1, 11):  # January to October due by 10 November; March published late
        publish(
            world.school,
            cats["职工切身利益"],
            period=m,
            published_on=D(2026, m + 1, 12 if m == 3 else 9),
        )
    publish(world.school, cats["重大决策"], event_on=D(2026, 6, 1), published_on=D(2026, 6, 3))
    found = queries.figures(world.school, *year, TODAY)
    # monthly: 10 due (9 on time, March late); quarters 1–3 of 财务 and 劳动安全: 6 missing;
    # last year's periods started before the catalogue counted (1 January 2026)
    assert found == {"due": 17, "on_time": 10, "late": 1, "missing": 6}
    assert queries.rate(found) == Decimal("58.8")
    assert plugins.on_time_rate(world.school, *year) == Decimal("58.8")


def test_a_federation_sums_its_unions(world):
    school = adopt(world.school)
    hospital = adopt(world.hospital)
    third = org_services.union_create(
        actor=None, name="第二小学工会", code="school2", kind="school", parent=world.fed
    )
    for cats, union in ((school, world.school), (hospital, world.hospital)):
        for name in ("财务", "劳动安全"):
            for q in (1, 2, 3):
                publish(
                    union,
                    cats[name],
                    period=q,
                    published_on=due_on("quarterly", 2026, q, 10),
                )
    q3 = (D(2026, 10, 1), D(2026, 10, 31))  # the due dates of the third quarter
    # 财务 and 劳动安全's third quarter, and September's monthly items (not published)
    assert queries.figures(world.school, *q3, TODAY) == {
        "due": 3,
        "on_time": 2,
        "late": 0,
        "missing": 1,
    }
    found = queries.figures(world.fed, *q3, TODAY)
    assert found == {"due": 6, "on_time": 4, "late": 0, "missing": 2}
    adopt(third)  # counts from 1 January: its third quarter and September are owed too
    assert queries.figures(world.fed, *q3, TODAY) == {
        "due": 9,
        "on_time": 4,
        "late": 0,
        "missing": 5,
    }
    assert plugins.on_time_rate(world.fed, *q3) == Decimal("44.4")


def test_the_summary_sentence(world):
    cats = adopt(world.school)
    publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 12))
    paragraphs = plugins.paragraphs(world.school, D(2026, 11, 1), D(2026, 11, 30))
    assert len(paragraphs) == 1
    text = paragraphs[0].text
    assert text.startswith("监督校务公开，应公开1项（期）") and "逾期公开1项" in text
    assert plugins.paragraphs(world.hospital, D(2026, 11, 1), D(2026, 11, 30)) == []


# --- 满意度测评 -------------------------------------------------------------------------------


def test_the_satisfaction_poll_is_a_congress_evaluation(world):
    from gonghui.congress.queries.evaluation import visible_result
    from gonghui.congress.services import evaluation as evaluations
    from tests.congress.test_polls_fixtures import congress

    adopt(world.school)
    c = congress(world, 3)
    poll = services.openness_poll_create(
        actor=world.chair, union=world.school, year=2026, sitting=c.sitting
    )
    ev = poll.evaluation
    assert ev.title == "2026年度校务公开满意度测评"
    assert [s.name for s in ev.subjects.order_by("order")][:2] == ["重大决策公开", "财务公开"]
    with pytest.raises(ValidationError, match="已设置"):
        services.openness_poll_create(
            actor=world.chair, union=world.school, year=2026, sitting=c.sitting
        )
    evaluations.evaluation_open(actor=world.chair, evaluation=ev)
    subjects = list(ev.subjects.order_by("order"))
    for rep, level in zip(c.reps, (0, 1, 2), strict=True):
        evaluations.evaluation_cast(
            actor=c.user(rep), evaluation=ev, ratings={s.pk: level for s in subjects}
        )
    evaluations.evaluation_close(actor=world.chair, evaluation=ev)
    ev.refresh_from_db()
    result = visible_result(ev)
    assert result.ballots == 3 and result.rows[0].counts == [1, 1, 1]


def test_the_poll_needs_congress_manage_too(world):
    from tests.congress.test_polls_fixtures import congress

    adopt(world.school)
    c = congress(world, 3)
    with pytest.raises(PermissionDenied):
        services.openness_poll_create(
            actor=world.auditor, union=world.school, year=2026, sitting=c.sitting
        )


def test_dates_are_dates(world):
    cats = adopt(world.school)
    item = publish(world.school, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5))
    assert isinstance(item.due_on, datetime.date)


def test_the_write_that_copies_the_catalogue_says_so_in_the_trail(world):
    cats = queries.template_for(world.school)[1]  # no catalogue yet: the first write copies
    services.openness_category_save(
        actor=world.chair,
        union=world.school,
        fields={"name": "食堂管理", "schedule": "quarterly", "event_days": 7},
        today=TODAY,
    )
    entry = AuditEntry.objects.get(action="rights.openness_category_add")
    assert entry.changes["categories"][1] == [c[0] for c in cats]
    assert entry.changes["name"][1] == "食堂管理"
    added = services.openness_category_save(
        actor=world.chair,
        union=world.school,
        fields={"name": "后勤", "schedule": "yearly", "event_days": 7},
        today=TODAY,
    )
    later = AuditEntry.objects.filter(action="rights.openness_category_add").order_by("id").last()
    assert later.object_id == str(added.pk) and "categories" not in later.changes
