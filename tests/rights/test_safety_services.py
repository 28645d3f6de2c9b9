"""劳动保护's services: the hazard's state machine (待整改 → 已整改待复查 → 已销号, a failed 复查
back to 待整改 with a new deadline), every date in order and none in the future, with a clear
Chinese message and nothing written; the photo kept in the attachment store; the register,
accidents and 安康杯 entries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import AuditEntry
from gonghui.finance import attachments
from gonghui.rights import services_safety as services
from gonghui.rights.models_safety import (
    AccidentSeverity,
    Hazard,
    HazardPost,
    HazardRecheck,
    HazardState,
    SafetyInspection,
)

from .support_safety import DAY, TODAY, hazard, inspection, photo, rectified

pytestmark = pytest.mark.django_db


def _refused(call, field: str, words: str):
    """The call is refused on ``field`` with a message holding ``words``; nothing written."""
    entries, hazards = AuditEntry.objects.count(), Hazard.objects.count()
    with pytest.raises(ValidationError) as caught:
        call()
    messages = caught.value.message_dict.get(field) if hasattr(caught.value, "error_dict") else None
    text = "；".join(messages or caught.value.messages)
    assert words in text, text
    assert AuditEntry.objects.count() == entries
    assert Hazard.objects.count() == hazards


def test_found_rectified_rechecked_closed(world):
    h = hazard(world.school, actor=world.users["committee"], file=photo())
    assert h.state == HazardState.OPEN and h.found_on == TODAY - 10 * DAY
    stored = h.photos.get()
    assert attachments.attachment_open(stored.stored()) == photo().read()
    h = services.hazard_rectify(
        actor=world.users["committee"],
        hazard=h,
        rectified_on=TODAY - 8 * DAY,
        measure="更换排风机。",
        photo=photo("整改后.png"),
        today=TODAY,
    )
    assert (h.state, h.photos.count()) == (HazardState.RECTIFIED, 2)
    h = services.hazard_recheck(
        actor=world.users["chair"],
        hazard=h,
        checked_on=TODAY - 7 * DAY,
        checked_by="王委员",
        passed=True,
        today=TODAY,
    )
    assert (h.state, h.closed_on) == (HazardState.CLOSED, TODAY - 7 * DAY)
    actions = list(
        AuditEntry.objects.filter(object_id=str(h.pk), object_type="rights.hazard")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["rights.safety_hazard", "rights.safety_rectify", "rights.safety_recheck"]
    with pytest.raises(ValidationError, match="不能复查"):
        services.hazard_recheck(
            actor=None, hazard=h, checked_on=TODAY, checked_by="王委员", passed=True, today=TODAY
        )
    with pytest.raises(ValidationError, match="不能登记整改"):
        services.hazard_rectify(actor=None, hazard=h, rectified_on=TODAY, measure="x", today=TODAY)


def test_a_failed_recheck_sends_it_back_with_a_new_deadline(world):
    h = rectified(world.school)  # found TODAY-10, rectified TODAY-9
    _refused(
        lambda: services.hazard_recheck(
            actor=None,
            hazard=h,
            checked_on=TODAY - 8 * DAY,
            checked_by="王委员",
            passed=False,
            today=TODAY,
        ),
        "new_deadline",
        "请定新的整改期限",
    )
    _refused(
        lambda: services.hazard_recheck(
            actor=None,
            hazard=h,
            checked_on=TODAY - 8 * DAY,
            checked_by="王委员",
            passed=False,
            new_deadline=TODAY - 8 * DAY,
            today=TODAY,
        ),
        "new_deadline",
        "须晚于复查日期",
    )
    h = services.hazard_recheck(
        actor=None,
        hazard=h,
        checked_on=TODAY - 8 * DAY,
        checked_by="王委员",
        passed=False,
        note="风量仍不足",
        new_deadline=TODAY + 5 * DAY,
        today=TODAY,
    )
    assert (h.state, h.deadline, h.rectified_on, h.closed_on) == (
        HazardState.OPEN,
        TODAY + 5 * DAY,
        None,
        None,
    )
    kept = HazardRecheck.objects.get(hazard=h)
    assert (kept.passed, kept.rectified_on, kept.measure) == (False, TODAY - 9 * DAY, "更换风机。")
    # the second round's 整改 cannot be dated before the failed re-check
    _refused(
        lambda: services.hazard_rectify(
            actor=None, hazard=h, rectified_on=TODAY - 9 * DAY, measure="加装风机", today=TODAY
        ),
        "rectified_on",
        "不能早于上次复查日期",
    )
    services.hazard_rectify(
        actor=None, hazard=h, rectified_on=TODAY - 2 * DAY, measure="加装风机", today=TODAY
    )
    h = services.hazard_recheck(
        actor=None, hazard=h, checked_on=TODAY, checked_by="王委员", passed=True, today=TODAY
    )
    assert h.state == HazardState.CLOSED and h.rechecks.count() == 2


def test_dates_out_of_order_are_refused_and_nothing_is_written(world):
    visit = inspection(world.school)  # held TODAY-10
    add = dict(
        actor=None,
        inspection=visit,
        location="锅炉房",
        description="压力表过期",
        level="general",
        owner="总务处",
        today=TODAY,
    )
    _refused(
        lambda: services.hazard_add(**add, deadline=TODAY, found_on=TODAY - 11 * DAY),
        "found_on",
        "发现日期不能早于检查日期",
    )
    _refused(
        lambda: services.hazard_add(**add, deadline=TODAY - 11 * DAY),
        "deadline",
        "整改期限不能早于发现日期",
    )
    _refused(
        lambda: services.hazard_add(**add, deadline=TODAY + 9 * DAY, found_on=TODAY + DAY),
        "found_on",
        "发现日期不能晚于今天",
    )
    h = hazard(world.school)
    _refused(
        lambda: services.hazard_rectify(
            actor=None, hazard=h, rectified_on=h.found_on - DAY, measure="x", today=TODAY
        ),
        "rectified_on",
        "整改完成日期不能早于发现日期",
    )
    _refused(
        lambda: services.hazard_rectify(
            actor=None, hazard=h, rectified_on=TODAY + DAY, measure="x", today=TODAY
        ),
        "rectified_on",
        "不能晚于今天",
    )
    # a re-check before the rectification is refused, and one before it is rectified at all
    with pytest.raises(ValidationError, match="还没有登记整改"):
        services.hazard_recheck(
            actor=None, hazard=h, checked_on=TODAY, checked_by="x", passed=True, today=TODAY
        )
    h = rectified(world.school)
    _refused(
        lambda: services.hazard_recheck(
            actor=None,
            hazard=h,
            checked_on=h.rectified_on - DAY,
            checked_by="王委员",
            passed=True,
            today=TODAY,
        ),
        "checked_on",
        "复查日期不能早于整改完成日期",
    )
    assert Hazard.objects.get(pk=h.pk).state == HazardState.RECTIFIED
    with pytest.raises(ValidationError) as caught:
        inspection(world.school, held_on=TODAY + DAY)
    assert "检查日期不能晚于今天" in caught.value.message_dict["held_on"][0]


def test_an_inspection_needs_inspectors_of_the_union(world):
    with pytest.raises(ValidationError) as caught:
        services.inspection_create(
            actor=None,
            union=world.school,
            held_on=TODAY,
            kind="routine",
            places="食堂",
            today=TODAY,
        )
    assert "请选择检查人员" in caught.value.message_dict["inspectors"][0]
    with pytest.raises(ValidationError) as caught:
        inspection(world.school, inspectors=[world.members["郑护士"]])
    assert "不是本工会的在册会员" in caught.value.message_dict["inspectors"][0]
    with pytest.raises(ValidationError, match="基层工会"):
        inspection(world.fed)
    assert not SafetyInspection.objects.exists()
    found = inspection(world.school, inspectors=[world.members["王委员"]])
    assert list(found.inspectors.all()) == [world.members["王委员"]]


def test_a_photo_that_is_not_an_image_is_refused_on_its_field(world):
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    visit = inspection(world.school)
    _refused(lambda: hazard(world.school, inspection=visit, file=fake), "photo", "JPG、PNG")


def test_only_a_major_hazard_is_reported_once(world):
    h = hazard(world.school)
    with pytest.raises(ValidationError, match="只有重大隐患"):
        services.hazard_escalate(
            actor=None, hazard=h, escalated_on=TODAY, escalated_to="校长", today=TODAY
        )
    major = hazard(world.school, level="major")
    _refused(
        lambda: services.hazard_escalate(
            actor=None,
            hazard=major,
            escalated_on=major.found_on - DAY,
            escalated_to="校长",
            today=TODAY,
        ),
        "escalated_on",
        "报告日期不能早于发现日期",
    )
    major = services.hazard_escalate(
        actor=None, hazard=major, escalated_on=TODAY, escalated_to="校长办公会", today=TODAY
    )
    assert major.escalated_on == TODAY
    with pytest.raises(ValidationError, match="已于"):
        services.hazard_escalate(
            actor=None, hazard=major, escalated_on=TODAY, escalated_to="上级工会", today=TODAY
        )


def test_the_register_is_edited_and_audited(world):
    fields = {"workshop": "后勤", "name": "锅炉工", "factors": ["heat", "noise"], "workers": 2}
    post = services.hazard_post_save(actor=None, union=world.school, fields=fields, today=TODAY)
    assert post.factors_display == "噪声、高温"
    with pytest.raises(ValidationError) as caught:
        services.hazard_post_save(actor=None, union=world.school, fields=fields, today=TODAY)
    assert "同名岗位" in caught.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as caught:
        services.hazard_post_save(
            actor=None, union=world.school, fields={**fields, "name": "司炉", "factors": []}
        )
    assert "至少选择一项" in caught.value.message_dict["factors"][0]
    post = services.hazard_post_save(
        actor=world.users["committee"],
        union=world.school,
        post=post,
        fields={**fields, "workers": 3, "factors_other": "一氧化碳", "last_check_on": TODAY},
        today=TODAY,
    )
    assert post.factors_display == "噪声、高温、一氧化碳"
    entry = AuditEntry.objects.filter(action="rights.safety_post_change").get()
    assert entry.changes["workers"] == [2, 3]
    services.hazard_post_retire(actor=None, post=post, today=TODAY)
    assert HazardPost.objects.get(pk=post.pk).retired_on == TODAY


def test_an_accident_names_members_of_the_union_and_the_trail_counts_them(world):
    with pytest.raises(ValidationError) as caught:
        services.accident_record(
            actor=None,
            union=world.school,
            occurred_on=TODAY,
            place="操场",
            severity=AccidentSeverity.MINOR,
            description="摔伤",
            injured=[world.members["郑护士"]],
            today=TODAY,
        )
    assert "不是本工会的在册会员" in caught.value.message_dict["injured"][0]
    accident = services.accident_record(
        actor=None,
        union=world.school,
        occurred_on=TODAY,
        place="操场",
        severity=AccidentSeverity.SERIOUS,
        description="摔伤",
        injured=[world.members["吴老师"]],
        today=TODAY,
    )
    entry = AuditEntry.objects.get(action="rights.safety_accident")
    assert "吴老师" not in str(entry.changes) and entry.changes["injured_count"] == [None, 1]
    accident = services.accident_recognition(actor=None, accident=accident, recognition="applied")
    assert accident.get_recognition_display() == "已申请"


def test_a_group_enters_the_ankang_cup_once_a_year(world):
    entry = services.ankang_entry_save(
        actor=None, union=world.school, year=2026, group=world.chinese, score=Decimal("90.5")
    )
    again = services.ankang_entry_save(
        actor=None,
        union=world.school,
        year=2026,
        group=world.chinese,
        score=Decimal("92"),
        award="优胜班组",
    )
    assert again.pk == entry.pk and again.score == Decimal("92")
    with pytest.raises(ValidationError) as caught:
        services.ankang_entry_save(actor=None, union=world.school, year=2026, group=world.ward)
    assert "本工会的小组" in caught.value.message_dict["group"][0]
    with pytest.raises(ValidationError) as caught:
        services.ankang_entry_save(
            actor=None, union=world.school, year=2026, group=world.maths, score=Decimal("1001")
        )
    assert "0 到 1000" in caught.value.message_dict["score"][0]
