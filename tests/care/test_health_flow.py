"""体检's services: a campaign needs the employer's written 委托 and makes no voucher; who is due
(every N years at the boundary year, the screening for women only, retirees by the setting)
goes on the list in one idempotent write; a member books a slot and is refused with a clear
message when it is full (never overbooked, even from a stale page); the committee books for
a member, marks 已完成 / 未参加 and undoes a wrong mark; the settings; the provider's list
without ID numbers unless the role may reveal them; no field that could hold a result."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from openpyxl import load_workbook

from gonghui.care import queries_health as queries
from gonghui.care import services_health as services
from gonghui.care.models_health import (
    AbsentReason,
    HealthCampaign,
    HealthSettings,
    HealthSlot,
    HealthTarget,
    TargetState,
)
from gonghui.core.dates import is_workday
from gonghui.core.models import AuditEntry
from gonghui.finance.models import Voucher
from gonghui.orgs.models import Member, MemberStatus

from .conftest import png
from .health_support import TODAY, checked_in, day, make_campaign, slot, target

WOMEN = {"李主席", "赵财务", "孙组长", "吴老师"}
MEN = {"王委员", "钱经审", "周会员"}


def names(campaign) -> set[str]:
    return set(campaign.targets.values_list("member__name", flat=True))


# --- the campaign ---------------------------------------------------------------------------


def test_a_campaign_records_the_written_entrustment_and_makes_no_voucher(world):
    vouchers = Voucher.objects.count()
    with pytest.raises(ValidationError) as refused:
        make_campaign(world, entrust_ref="  ")
    assert "皖工发〔2025〕18号 第17页" in refused.value.message_dict["entrust_ref"][0]
    assert not HealthCampaign.objects.exists()
    found = make_campaign(world, entrust_file=png("委托函.png"), afternoon=True, start=0, end=2)
    assert found.entrust_ref.startswith("关于委托校工会")
    assert found.entrust_name == "委托函.png" and len(found.entrust_sha256) == 64
    assert [(s.day, s.period) for s in queries.slots_of(found)] == [
        (day(n), p) for n in range(3) for p in ("am", "pm")
    ]
    assert Voucher.objects.count() == vouchers  # the employer pays: nothing in the books
    entry = AuditEntry.objects.filter(action="care.health_campaign").get()
    assert entry.object_id == str(found.pk)


def test_only_working_days_get_slots_when_asked(world):
    found = make_campaign(world, workdays_only=True, start=0, end=13)
    days = {s.day for s in found.slots.all()}
    assert days and all(is_workday(d) for d in days)
    assert days == {day(n) for n in range(14) if is_workday(day(n))}


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"name": ""}, "name", "请填写活动名称"),
        ({"provider": ""}, "provider", "请填写承担体检的医疗机构"),
        ({"end": -6}, "ends_on", "截止日期不能早于开始日期"),
        ({"end": 200}, "ends_on", "最长 120 天"),
        ({"general": False, "screening": False}, "general", "请至少选择一项"),
        ({"capacity": 0}, "capacity", "1 到 2000"),
    ],
)
def test_a_bad_campaign_is_refused_by_field(world, over, field, message):
    with pytest.raises(ValidationError) as refused:
        make_campaign(world, **over)
    assert message in refused.value.message_dict[field][0]
    assert not HealthCampaign.objects.exists() and not HealthSlot.objects.exists()


def test_the_same_name_twice_and_a_federation_are_refused(world):
    make_campaign(world)
    with pytest.raises(ValidationError, match="已有名为“年度体检”"):
        make_campaign(world)
    with pytest.raises(ValidationError, match="基层工会"):
        make_campaign(world, union=world.fed, actor=None)


@pytest.mark.parametrize("who", ["committee", "treasurer", "group_leader", "member", "auditor"])
def test_only_those_who_run_care_create_a_campaign(world, who):
    with pytest.raises(PermissionDenied):
        make_campaign(world, actor=world.users[who])


def test_the_welfare_member_creates_one(world, welfare):
    assert make_campaign(world, actor=welfare).created_by == welfare


# --- who is due -----------------------------------------------------------------------------


def test_due_every_two_years_at_the_boundary_year(world):
    HealthSettings.objects.create(union=world.school, general_years=2)
    campaign = make_campaign(world, screening=False)
    year = campaign.year
    checked_in(world, year - 2, {"周会员": (True, False), "王委员": (True, False)})
    checked_in(world, year - 1, {"王委员": (True, False), "吴老师": (False, True)})
    by_pk = {m.pk: name for name, m in world.members.items()}
    due = {by_pk[d.member_id]: d for d in queries.due_list(campaign)}
    assert due["周会员"].reasons == (f"上次常规体检 {year - 2} 年（每 2 年一次）",)
    assert "王委员" not in due  # checked last year: due next year
    assert due["吴老师"].reasons == ("无常规体检记录",)  # a screening is not a general check
    added = services.health_targets_add(actor=world.chair, campaign=campaign)
    assert added == len(due) == 6
    assert target(world, campaign, "周会员").reasons == f"上次常规体检 {year - 2} 年（每 2 年一次）"


def test_the_screening_lists_women_only_from_the_settings_age(world):
    HealthSettings.objects.create(union=world.school, screening_min_age=40)
    campaign = make_campaign(world, general=False)
    on = campaign.starts_on
    births = {
        "李主席": on.replace(year=on.year - 50),
        "赵财务": on.replace(year=on.year - 40),  # 40 on the first day: due
        "孙组长": on.replace(year=on.year - 40) + datetime.timedelta(days=1),  # 39 that day
        "周会员": on.replace(year=on.year - 45),
        "吴老师": None,
    }
    for name, birth in births.items():
        Member.objects.filter(pk=world.members[name].pk).update(birth_date=birth)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    assert names(campaign) == {"李主席", "赵财务", "吴老师"}
    assert not campaign.targets.filter(general=True).exists()
    assert target(world, campaign, "吴老师").reasons == "无妇科/两癌筛查记录（出生日期未登记）"


def test_a_campaign_of_both_kinds_gives_women_both_and_men_the_general_one(world):
    campaign = make_campaign(world)
    checked_in(world, campaign.year, {"吴老师": (True, True)}, union=world.school)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    assert names(campaign) == (WOMEN | MEN) - {"吴老师"}  # done this year already
    for name in WOMEN - {"吴老师"}:
        assert target(world, campaign, name).kinds_display == "常规体检、妇科/两癌筛查"
    for name in MEN:
        assert target(world, campaign, name).kinds_display == "常规体检"


def test_retirees_are_listed_only_when_the_settings_take_them_in(world):
    Member.objects.filter(pk=world.members["钱经审"].pk).update(status=MemberStatus.RETIRED)
    campaign = make_campaign(world)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    assert "钱经审" not in names(campaign)
    HealthSettings.objects.create(union=world.school, include_retired=True)
    assert services.health_targets_add(actor=world.chair, campaign=campaign) == 1
    assert "钱经审" in names(campaign)


def test_adding_is_idempotent_and_picked_members_come_with_the_committees_reason(world):
    campaign = make_campaign(world)
    first = services.health_targets_add(actor=world.chair, campaign=campaign)
    entries = AuditEntry.objects.filter(action="care.health_targets").count()
    assert first == 7
    assert services.health_targets_add(actor=world.chair, campaign=campaign) == 0
    assert AuditEntry.objects.filter(action="care.health_targets").count() == entries
    HealthTarget.objects.filter(member=world.members["周会员"]).delete()
    added = services.health_targets_add(
        actor=world.chair, campaign=campaign, members=[world.members["周会员"]]
    )
    assert added == 1 and target(world, campaign, "周会员").reasons == "工会委员会添加"
    with pytest.raises(ValidationError, match="不是本会在册会员"):
        services.health_targets_add(
            actor=world.chair, campaign=campaign, members=[world.members["郑护士"]]
        )
    with pytest.raises(PermissionDenied):
        services.health_targets_add(actor=world.group_leader, campaign=campaign)


# --- booking --------------------------------------------------------------------------------


@pytest.fixture
def listed(world):
    campaign = make_campaign(world, capacity=1)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    return campaign


def test_a_member_books_a_slot_and_a_full_one_is_refused_in_chinese(world, listed):
    mine = target(world, listed, "周会员")
    booked = services.health_book(actor=world.member, target=mine, slot=slot(listed, 1))
    assert booked.state == TargetState.BOOKED and booked.confirmed
    assert slot(listed, 1).booked == 1
    other = target(world, listed, "吴老师")
    with pytest.raises(ValidationError) as refused:
        services.health_book(actor=world.chair, target=other, slot=slot(listed, 1))
    label = slot(listed, 1).label
    assert refused.value.message_dict["slot"] == [f"{label}的名额已满（1 人），请选择其他时段。"]
    other.refresh_from_db()
    assert other.state == TargetState.PENDING and other.slot is None
    assert slot(listed, 1).booked == 1


def test_a_stale_page_cannot_overbook(world, listed):
    """The page showed the slot free; someone took it meanwhile. The conditional update
    reads the row, not the page's counter."""
    seen = slot(listed, 2)
    services.health_book(actor=world.chair, target=target(world, listed, "王委员"), slot=seen)
    assert seen.booked == 0  # the stale copy still says free
    with pytest.raises(ValidationError, match="名额已满"):
        services.health_book(actor=world.member, target=target(world, listed, "周会员"), slot=seen)
    assert HealthSlot.objects.get(pk=seen.pk).booked == 1
    assert HealthTarget.objects.filter(slot=seen).count() == 1


def test_changing_the_appointment_gives_the_old_place_back(world, listed):
    mine = target(world, listed, "周会员")
    services.health_book(actor=world.member, target=mine, slot=slot(listed, 1))
    services.health_book(actor=world.member, target=mine, slot=slot(listed, 3))
    assert (slot(listed, 1).booked, slot(listed, 3).booked) == (0, 1)
    entry = AuditEntry.objects.filter(action="care.health_book").order_by("-id").first()
    assert entry.changes["appointment"] == [slot(listed, 1).label, slot(listed, 3).label]
    with pytest.raises(ValidationError, match="无需重复预约"):
        services.health_book(actor=world.member, target=mine, slot=slot(listed, 3))


def test_a_member_books_from_tomorrow_the_committee_from_today(world, listed):
    mine = target(world, listed, "周会员")
    with pytest.raises(ValidationError, match="最晚提前一天"):
        services.health_book(actor=world.member, target=mine, slot=slot(listed, 0))
    with pytest.raises(ValidationError, match="已经过去"):
        services.health_book(actor=world.chair, target=mine, slot=slot(listed, -1))
    booked = services.health_book(actor=world.chair, target=mine, slot=slot(listed, 0))
    assert booked.state == TargetState.BOOKED and not booked.confirmed


def test_another_members_target_and_another_campaigns_slot_are_refused(world, listed):
    mine = target(world, listed, "周会员")
    with pytest.raises(PermissionDenied):
        services.health_book(
            actor=world.member, target=target(world, listed, "吴老师"), slot=slot(listed, 1)
        )
    other = make_campaign(world, name="另一次体检")
    with pytest.raises(ValidationError, match="不属于本次体检"):
        services.health_book(actor=world.member, target=mine, slot=slot(other, 1))


def test_the_member_confirms_what_the_committee_booked_and_may_cancel(world, listed):
    mine = target(world, listed, "周会员")
    services.health_book(actor=world.chair, target=mine, slot=slot(listed, 2))
    with pytest.raises(PermissionDenied, match="只能由本人确认"):
        services.health_confirm(actor=world.chair, target=mine)
    assert services.health_confirm(actor=world.member, target=mine).confirmed
    with pytest.raises(ValidationError, match="已确认过"):
        services.health_confirm(actor=world.member, target=mine)
    cancelled = services.health_cancel(actor=world.member, target=mine)
    assert cancelled.state == TargetState.PENDING and cancelled.slot is None
    assert slot(listed, 2).booked == 0


def test_a_past_appointment_cannot_be_cancelled(world, listed):
    mine = target(world, listed, "周会员")
    services.health_book(actor=world.chair, target=mine, slot=slot(listed, 1))
    with pytest.raises(ValidationError, match="预约日期已过"):
        services.health_cancel(actor=world.member, target=mine, today=day(2))


# --- the committee's marks ------------------------------------------------------------------


def test_done_keeps_the_day_and_the_kinds_done_but_not_in_the_trail(world, listed):
    hers = target(world, listed, "吴老师")
    services.health_book(actor=world.chair, target=hers, slot=slot(listed, 1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.health_done(actor=world.chair, target=hers, done_on=day(1))
    done = services.health_done(
        actor=world.chair, target=hers, general=True, screening=False, today=day(1)
    )
    assert (done.state, done.done_on, done.general_done, done.screening_done) == (
        TargetState.DONE,
        day(1),
        True,
        False,
    )
    assert slot(listed, 1).booked == 1  # the place was used
    entry = AuditEntry.objects.filter(action="care.health_done").get()
    assert set(entry.changes) >= {"state", "done_on"}
    assert not {"general_done", "screening_done"} & set(entry.changes)
    assert "吴老师" not in str(entry.changes) and "筛查" not in str(entry.changes)


def test_done_needs_a_kind_and_a_day_within_the_campaign(world, listed):
    his = target(world, listed, "周会员")  # the general check only
    with pytest.raises(ValidationError, match="请勾选已完成的体检项目"):
        services.health_done(actor=world.chair, target=his, general=False, screening=True)
    with pytest.raises(ValidationError, match="不能早于活动开始日期"):
        services.health_done(actor=world.chair, target=his, done_on=day(-6))
    walk_in = services.health_done(actor=world.chair, target=his)
    assert walk_in.done_on == TODAY and walk_in.general_done and not walk_in.screening_done


def test_absent_takes_a_reason_from_the_list_and_frees_the_place(world, listed):
    his = target(world, listed, "周会员")
    services.health_book(actor=world.chair, target=his, slot=slot(listed, 1))
    with pytest.raises(ValidationError, match="请选择未参加的原因"):
        services.health_absent(actor=world.chair, target=his, reason="住院检查发现…")
    absent = services.health_absent(actor=world.chair, target=his, reason=AbsentReason.SICK)
    assert absent.state == TargetState.ABSENT and absent.get_absent_reason_display() == "病假"
    assert absent.slot is None and slot(listed, 1).booked == 0
    with pytest.raises(ValidationError, match="此操作只能在"):
        services.health_done(actor=world.chair, target=absent)
    undone = services.health_undo(actor=world.chair, target=absent)
    assert undone.state == TargetState.PENDING and undone.absent_reason == ""


def test_undoing_a_done_mark_goes_back_to_the_appointment(world, listed):
    his = target(world, listed, "周会员")
    services.health_book(actor=world.chair, target=his, slot=slot(listed, 0))
    services.health_done(actor=world.chair, target=his)
    undone = services.health_undo(actor=world.chair, target=his)
    assert undone.state == TargetState.BOOKED and undone.slot == slot(listed, 0)
    assert undone.done_on is None and not undone.general_done


@pytest.mark.parametrize("who", ["auditor", "group_leader", "committee", "member"])
def test_only_care_change_marks(world, listed, who):
    his = target(world, listed, "周会员")
    with pytest.raises(PermissionDenied):
        services.health_done(actor=world.users[who], target=his)
    with pytest.raises(PermissionDenied):
        services.health_absent(actor=world.users[who], target=his, reason=AbsentReason.AWAY)


def test_a_slots_places_never_go_below_those_booked(world, listed):
    one = slot(listed, 1)
    services.health_book(actor=world.chair, target=target(world, listed, "周会员"), slot=one)
    with pytest.raises(ValidationError, match="已约 1 人"):
        services.health_slot_capacity(actor=world.chair, slot=one, capacity=0)
    assert services.health_slot_capacity(actor=world.chair, slot=one, capacity=5).capacity == 5
    closed = services.health_slot_capacity(actor=world.chair, slot=slot(listed, 2), capacity=0)
    assert closed.free == 0


# --- settings -------------------------------------------------------------------------------


def test_settings_are_inherited_from_the_federation_and_checked(world):
    assert queries.settings_for(world.school).inherited_from == "defaults"
    services.health_settings_save(
        actor=world.fed_admin, union=world.fed, fields={"general_years": 2}
    )
    found = queries.settings_for(world.school)
    assert found.general_years == 2 and found.inherited_from == world.fed
    with pytest.raises(ValidationError) as refused:
        services.health_settings_save(
            actor=world.chair,
            union=world.school,
            fields={"general_years": 0, "screening_min_age": 90},
        )
    assert set(refused.value.message_dict) == {"general_years", "screening_min_age"}
    with pytest.raises(PermissionDenied):
        services.health_settings_save(
            actor=world.auditor, union=world.school, fields={"general_years": 1}
        )
    own = services.health_settings_save(
        actor=world.chair, union=world.school, fields={"screening_years": 2}
    )
    assert (own.general_years, own.screening_years) == (2, 2)


# --- the provider's list --------------------------------------------------------------------


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_the_providers_list_has_no_id_numbers_unless_the_role_may_reveal_them(world, welfare):
    campaign = make_campaign(world)
    services.health_targets_add(actor=world.chair, campaign=campaign)
    Member.objects.filter(pk=world.members["孙组长"].pk).update(name="=HYPERLINK(1)")
    services.health_book(
        actor=world.chair, target=target(world, campaign, "周会员"), slot=slot(campaign, 1)
    )
    services.health_absent(
        actor=world.chair, target=target(world, campaign, "王委员"), reason=AbsentReason.AWAY
    )
    rows = _rows(services.health_export(actor=welfare, campaign=campaign))
    assert "不含证件号码" in rows[0][0] and "导出人：welfare" in rows[0][0]
    assert rows[1] == ("序号", "姓名", "性别", "小组", "体检项目", "预约日期", "时段", "状态")
    assert rows[2][1:5] == ("周会员", "男", "语文组", "常规体检")
    assert rows[2][6:] == ("上午", "已预约")
    assert len(rows) == 2 + 6  # 王委员 did not go: not on the provider's list
    assert "=HYPERLINK(1)" in {r[1] for r in rows}  # as text, never a formula
    assert not any("110101" in str(v) for r in rows for v in r)
    with pytest.raises(PermissionDenied):
        services.health_export(actor=welfare, campaign=campaign, full=True)
    full = _rows(services.health_export(actor=world.chair, campaign=campaign, full=True))
    assert full[1][-2:] == ("证件号码", "手机号码")
    assert world.members["周会员"].id_number in {r[-2] for r in full}
    entries = AuditEntry.objects.filter(action="care.health_export").order_by("id")
    assert [e.changes["masked"] for e in entries] == [[None, True], [None, False]]
    with pytest.raises(PermissionDenied):
        services.health_export(actor=world.group_leader, campaign=campaign)


def test_no_field_of_a_target_could_hold_a_result():
    """Done or not done, a reason from a list, and nothing else typed by anyone."""
    text = {
        f.name
        for f in HealthTarget._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    }
    assert text == {"reasons", "state", "absent_reason"}
    assert HealthTarget._meta.get_field("absent_reason").choices
    assert HealthTarget._meta.get_field("state").choices
