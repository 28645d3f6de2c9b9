"""公示 (core.publicity): the period in working days, objections while it is open, closing
it with its outcome, who may do what, and the audit trail of every write."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core import publicity, queries_publicity
from gonghui.core import services_publicity as svc
from gonghui.core.models import AuditEntry, Objection, Publicity, PublicityOutcome
from gonghui.core.publicity import period_end, register_kind

KIND = "test.publicity"
register_kind(KIND, "测试公示", "member.change")

MON = datetime.date(2026, 3, 9)  # a Monday with no holiday near it


def open_one(world, *, starts_on=MON, subject=None, **kw):
    values = {
        "actor": world.chair,
        "union": world.school,
        "kind": KIND,
        "title": "2026年困难职工建档公示",
        "columns": ["姓名", "小组", "困难类别", "金额"],
        "rows": [["周会员", "语文组", "相对困难", Decimal("2000.00")]],
        "starts_on": starts_on,
        "subject": subject,
        "today": MON,
    }
    values.update(kw)
    return svc.publicity_open(**values)


def actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).values_list("action", flat=True)
    )


# --- the period -------------------------------------------------------------------------


def test_five_workdays_from_a_monday_end_on_friday():
    assert period_end(MON, 5) == datetime.date(2026, 3, 13)


def test_the_period_skips_the_weekend():
    # Thursday 12 March: Thu, Fri, (Sat, Sun), Mon, Tue, Wed.
    assert period_end(datetime.date(2026, 3, 12), 5) == datetime.date(2026, 3, 18)


def test_the_period_skips_the_national_day_holiday():
    # 30 September 2026 (Wednesday) is a working day; 1–7 October are the National Day
    # holiday; Saturday 10 October is worked in exchange (调休).
    assert period_end(datetime.date(2026, 9, 30), 2) == datetime.date(2026, 10, 8)
    assert period_end(datetime.date(2026, 9, 30), 4) == datetime.date(2026, 10, 10)
    assert period_end(datetime.date(2026, 9, 30), 5) == datetime.date(2026, 10, 12)


def test_a_publicity_put_up_on_a_holiday_starts_counting_on_the_next_workday():
    assert period_end(datetime.date(2026, 5, 1), 1) == datetime.date(2026, 5, 6)


def test_the_default_period_is_the_setting(world, settings):
    item = open_one(world)
    assert item.ends_on == datetime.date(2026, 3, 13)
    settings.PUBLICITY_WORKDAYS = 7
    other = open_one(world, title="另一条")
    assert other.ends_on == datetime.date(2026, 3, 17)
    assert open_one(world, title="第三条", workdays=1).ends_on == MON


def test_a_period_of_zero_workdays_is_refused_and_nothing_written(world):
    with pytest.raises(ValidationError, match="1 至 60"):
        open_one(world, workdays=0)
    assert not Publicity.objects.exists()


# --- opening ----------------------------------------------------------------------------


def test_the_rows_hold_exactly_what_was_given_as_text(world):
    item = open_one(world)
    item.refresh_from_db()
    assert item.columns == ["姓名", "小组", "困难类别", "金额"]
    assert item.rows == [["周会员", "语文组", "相对困难", "2000.00"]]
    assert item.union == world.school and item.opened_by == world.chair


def test_nothing_of_the_subject_but_the_given_cells_enters_the_publicity(world):
    subject = world.members["周会员"]  # has an ID number, a mobile, a card number
    item = open_one(world, subject=subject)
    stored = json.dumps(
        [item.columns, item.rows, item.body, item.title, item.subject_type], ensure_ascii=False
    )
    entry = AuditEntry.objects.get(action="publicity.open")
    logged = json.dumps(entry.changes, ensure_ascii=False)
    for secret in (subject.id_number, subject.mobile, subject.card_number, "1985"):
        assert secret not in stored and secret not in logged
    assert (item.subject_type, item.subject_id) == ("orgs.member", subject.pk)


@pytest.mark.parametrize(
    ("columns", "rows", "message"),
    [
        (["姓名", "金额"], [["周会员"]], "第 1 行应有 2 格"),
        (["姓名", ""], [], "列名不能为空"),
        (["姓名", "姓名"], [["a", "b"]], "不能重复"),
        (["姓名"], [[{"收入": 1}]], "文字或数字"),
        ([], [], "须有名单或说明"),
    ],
)
def test_a_bad_table_is_refused_and_nothing_written(world, columns, rows, message):
    with pytest.raises(ValidationError, match=message):
        open_one(world, columns=columns, rows=rows)
    assert not Publicity.objects.exists()
    assert not AuditEntry.objects.filter(action="publicity.open").exists()


def test_a_person_cannot_date_a_publicity_back(world):
    with pytest.raises(ValidationError, match="不能早于今天"):
        open_one(world, starts_on=MON - datetime.timedelta(days=1))
    assert not Publicity.objects.exists()
    # The system can (the demo's past year).
    assert open_one(world, actor=None, starts_on=datetime.date(2025, 3, 3)).opened_by is None


def test_a_decision_needs_no_table(world):
    item = open_one(world, columns=[], rows=[], body="经工会委员会研究，决定……")
    assert item.rows == [] and item.body.startswith("经工会委员会研究")


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValidationError, match="公示类别"):
        open_one(world, kind="nope.kind")


def test_one_open_publicity_per_subject(world):
    subject = world.members["周会员"]
    open_one(world, subject=subject)
    with pytest.raises(ValidationError, match="正在进行的公示"):
        open_one(world, subject=subject)


def test_a_subject_of_another_union_is_refused(world):
    with pytest.raises(ValidationError, match="不属于该工会"):
        open_one(world, subject=world.members["郑护士"])


@pytest.mark.parametrize("who", ["outsider", "member", "auditor", "treasurer"])
def test_opening_needs_the_kinds_permission(world, who):
    with pytest.raises(PermissionDenied):
        open_one(world, actor=getattr(world, who))
    assert not Publicity.objects.exists()


# --- objections -------------------------------------------------------------------------


def test_an_objection_on_the_last_day_is_accepted_the_day_after_refused(world):
    item = open_one(world)
    objection = svc.objection_raise(
        actor=world.member, publicity=item, text="金额有误", today=item.ends_on
    )
    assert objection.member == world.members["周会员"]
    with pytest.raises(ValidationError, match="公示期已过"):
        svc.objection_raise(
            actor=world.users["group_leader"],
            publicity=item,
            text="晚了",
            today=item.ends_on + datetime.timedelta(days=1),
        )
    assert Objection.objects.count() == 1


def test_an_objection_before_the_start_is_refused(world):
    item = open_one(world)
    with pytest.raises(ValidationError, match="尚未开始"):
        svc.objection_raise(
            actor=world.member, publicity=item, text="x", today=MON - datetime.timedelta(days=1)
        )


def test_a_second_open_objection_by_the_same_member_is_refused(world):
    item = open_one(world)
    first = svc.objection_raise(actor=world.member, publicity=item, text="一", today=MON)
    with pytest.raises(ValidationError, match="等待答复"):
        svc.objection_raise(actor=world.member, publicity=item, text="二", today=MON)
    svc.objection_answer(actor=world.committee, objection=first, answer="已核实", upheld=False)
    svc.objection_raise(actor=world.member, publicity=item, text="二", today=MON)
    assert item.objections.count() == 2


def test_a_member_of_another_union_cannot_object(world):
    item = open_one(world)
    with pytest.raises(PermissionDenied):
        svc.objection_raise(actor=world.outsider, publicity=item, text="x", today=MON)
    assert not Objection.objects.exists()


def test_an_empty_objection_is_refused(world):
    item = open_one(world)
    with pytest.raises(ValidationError, match="异议的内容"):
        svc.objection_raise(actor=world.member, publicity=item, text="  ", today=MON)


def test_only_managers_answer(world):
    item = open_one(world)
    objection = svc.objection_raise(actor=world.member, publicity=item, text="x", today=MON)
    for who in ("member", "outsider", "auditor"):
        with pytest.raises(PermissionDenied):
            svc.objection_answer(
                actor=getattr(world, who), objection=objection, answer="a", upheld=True
            )
    svc.objection_answer(actor=world.committee, objection=objection, answer="属实", upheld=True)
    with pytest.raises(ValidationError, match="已经答复过"):
        svc.objection_answer(actor=world.chair, objection=objection, answer="b", upheld=False)


# --- closing ----------------------------------------------------------------------------


def test_close_is_refused_until_the_period_is_over(world):
    item = open_one(world)
    with pytest.raises(ValidationError, match="期满后才能结束"):
        svc.publicity_close(actor=world.chair, publicity=item, today=item.ends_on)
    item.refresh_from_db()
    assert item.is_open and not queries_publicity.cleared(item)


def test_close_is_refused_while_an_objection_waits(world):
    item = open_one(world)
    objection = svc.objection_raise(actor=world.member, publicity=item, text="x", today=MON)
    after = item.ends_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="1 条异议未答复"):
        svc.publicity_close(actor=world.chair, publicity=item, today=after)
    svc.objection_answer(actor=world.chair, objection=objection, answer="不属实", upheld=False)
    closed = svc.publicity_close(actor=world.chair, publicity=item, today=after)
    assert closed.outcome == PublicityOutcome.REJECTED
    assert queries_publicity.cleared(closed)


def test_no_objection_closes_without_objection(world):
    item = open_one(world, subject=world.members["周会员"])
    after = item.ends_on + datetime.timedelta(days=3)
    svc.publicity_close(actor=world.committee, publicity=item, today=after)
    found = queries_publicity.publicity_for(world.members["周会员"])
    assert found == item
    assert found.outcome == PublicityOutcome.NONE and found.closed_by == world.committee
    assert queries_publicity.cleared(found)
    with pytest.raises(ValidationError, match="已经结束"):
        svc.publicity_close(actor=world.chair, publicity=item, today=after)


def test_an_upheld_objection_stops_the_decision(world):
    item = open_one(world)
    one = svc.objection_raise(actor=world.member, publicity=item, text="x", today=MON)
    two = svc.objection_raise(actor=world.committee, publicity=item, text="y", today=MON)
    svc.objection_answer(actor=world.chair, objection=one, answer="不属实", upheld=False)
    svc.objection_answer(actor=world.chair, objection=two, answer="属实", upheld=True)
    closed = svc.publicity_close(
        actor=world.chair, publicity=item, today=item.ends_on + datetime.timedelta(days=1)
    )
    assert closed.outcome == PublicityOutcome.UPHELD
    assert not queries_publicity.cleared(closed)


def test_an_objection_to_a_closed_publicity_is_refused(world):
    item = open_one(world)
    svc.publicity_close(
        actor=world.chair, publicity=item, today=item.ends_on + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="已经结束"):
        svc.objection_raise(actor=world.member, publicity=item, text="x", today=MON)


def test_publicity_for_an_object_without_one_is_none(world):
    assert queries_publicity.publicity_for(world.members["吴老师"]) is None
    assert not queries_publicity.cleared(None)


# --- the audit trail --------------------------------------------------------------------


def test_every_write_is_audited(world):
    item = open_one(world)
    objection = svc.objection_raise(actor=world.member, publicity=item, text="x", today=MON)
    svc.objection_answer(actor=world.chair, objection=objection, answer="a", upheld=False)
    svc.publicity_close(
        actor=world.chair, publicity=item, today=item.ends_on + datetime.timedelta(days=1)
    )
    svc.publicity_notice(actor=world.chair, publicity=item)
    assert actions(item) == ["publicity.notice", "publicity.close", "publicity.open"]
    assert actions(objection) == ["objection.answer", "objection.raise"]
    entry = AuditEntry.objects.filter(action="objection.raise").get()
    assert entry.actor == world.member and entry.union_id == world.school.pk


def test_registering_a_kind_twice_differently_is_an_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        register_kind(KIND, "别的名字", "member.change")
    with pytest.raises(ImproperlyConfigured):
        register_kind("test.other", "x", "no.such.perm")
    assert publicity.kind_label(KIND) == "测试公示"


# --- reminders --------------------------------------------------------------------------


def test_reminders_name_the_waiting_objection_then_the_close_then_tell_the_member(world):
    from gonghui.core import notices, todos_publicity

    item = open_one(world)
    objection = svc.objection_raise(actor=world.member, publicity=item, text="x", today=MON)
    after = item.ends_on + datetime.timedelta(days=1)
    found = todos_publicity.reminders(after)
    assert [r.key for r in found] == [f"publicity.objection.{objection.pk}"]
    assert notices.recipients(found) == [[world.chair]]  # the chairs by default
    svc.objection_answer(actor=world.chair, objection=objection, answer="属实", upheld=True)
    found = todos_publicity.reminders(timezone.localdate())
    by_key = {r.key: r for r in found}
    assert f"publicity.{item.pk}.close" in by_key
    told = by_key[f"publicity.objection.{objection.pk}.answered"]
    assert told.recipients == (world.member,) and "异议成立" in told.text
    svc.publicity_close(actor=world.chair, publicity=item, today=after)
    keys = {r.key for r in todos_publicity.reminders(timezone.localdate())}
    assert f"publicity.{item.pk}.close" not in keys


def test_a_kind_may_carry_its_own_period(world):
    register_kind("test.publicity7", "七日公示", "member.change", workdays=7)
    item = open_one(world, kind="test.publicity7")
    assert item.ends_on == datetime.date(2026, 3, 17)  # Mon 9 → Tue 17 March, 7 working days


def test_the_notice_of_a_decision_has_no_table(world):
    import io

    from docx import Document

    from gonghui.core.documents_publicity import notice

    item = open_one(world, columns=[], rows=[], body="经工会委员会研究，决定评选张三为优秀会员。")
    doc = Document(io.BytesIO(notice(item)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "决定评选张三为优秀会员" in text and not doc.tables
    assert "公示期为2026年3月9日至2026年3月13日" in text
