"""疗休养 through its services: the proposal's order (never been first, the longest since the
last trip, the weight, seniority, the member's number) computed in SQL and the same as the
rule's; who is eligible (在会, dues paid, room under the yearly cap); the caps at the cap and
a fen over it; places exceeded; adjustments with their reasons; the 公示 that shows no health
and blocks the confirmation while an objection is open; 放弃 moving the next one up; the
cost through one voucher that the spending rules check."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.care import queries_rest as queries
from gonghui.care import rules_rest as rules
from gonghui.care import services_rest as services
from gonghui.care.models_rest import EntryState, RestEntry, RestRound, RestRoundStatus
from gonghui.core.models import AuditEntry
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import objection_answer, objection_raise, publicity_close
from gonghui.finance.models import DuesCharge, Voucher, VoucherShare
from gonghui.finance.services import vouchers as voucher_services
from gonghui.finance.services.rules import rule_save
from gonghui.members import services as member_services

YEAR = 2026
START = datetime.date(YEAR, 7, 1)
TODAY = datetime.date(YEAR, 6, 1)


def new_round(world, *, places=3, days=2, cost="500.00", name="暑期疗休养", year=YEAR, **over):
    data = {
        "actor": world.chair,
        "union": world.school,
        "year": year,
        "name": name,
        "base": "莫干山职工疗休养基地",
        "base_listed": True,
        "procurement_ref": "工会委员会会议纪要〔2026〕2号",
        "starts_on": datetime.date(year, 7, 1),
        "days": days,
        "places": places,
        "cost_per_day": cost,
        "dues_until": datetime.date(year, 5, 31),
    }
    data.update(over)
    return services.rest_round_create(**data)


def went(world, name, year, amount="1000.00", state=EntryState.TAKEN):
    """``name`` on the list of an earlier round of ``year`` (a trip that counts)."""
    earlier = RestRound.objects.create(
        union=world.school,
        year=year,
        name=f"{year}年第{RestRound.objects.count() + 1}批",
        base="基地",
        base_listed=True,
        procurement_ref="—",
        starts_on=datetime.date(year, 4, 1),
        days=1,
        places=10,
        cost_per_day=Decimal(amount),
        dues_until=datetime.date(year, 3, 31),
        status=RestRoundStatus.PAID,
    )
    return RestEntry.objects.create(
        round=earlier,
        union=world.school,
        member=world.members[name],
        year=year,
        rank=1,
        amount=Decimal(amount),
        state=state,
    )


def order(round_):
    return [e.member.name for e in RestEntry.objects.filter(round=round_).select_related("member")]


def states(round_):
    return {
        e.member.name: e.state
        for e in RestEntry.objects.filter(round=round_).select_related("member")
    }


def tag(world, name, category, year=2024):
    return services.rest_tag_add(
        actor=world.chair,
        union=world.school,
        member=world.members[name],
        category=category,
        year=year,
        reason="测试",
    )


def proposed(world, **over):
    found = new_round(world, **over)
    return services.rest_propose(actor=world.chair, round=found)


def publish(world, round_, today=TODAY):
    return services.rest_publicize(actor=world.chair, round=round_, today=today)


def close(round_, actor):
    item = publicity_for(round_)
    publicity_close(actor=actor, publicity=item, today=item.ends_on + datetime.timedelta(days=1))


@pytest.fixture
def history(world):
    """王委员 劳动模范 (3), 赵财务 高技能人才 (2); 钱经审 went in 2023, 李主席 in 2024;
    周会员 joined 2008, 吴老师 2015, the others no date."""
    tag(world, "王委员", "劳动模范")
    tag(world, "赵财务", "高技能人才")
    went(world, "钱经审", 2023)
    went(world, "李主席", 2024)


# --- the order ------------------------------------------------------------------------------


def test_never_been_first_then_weight_then_seniority_then_longest_since(world, history):
    found = proposed(world, places=3)
    assert order(found) == ["王委员", "赵财务", "周会员", "吴老师", "孙组长", "钱经审", "李主席"]
    assert [e.rank for e in RestEntry.objects.filter(round=found)] == list(range(1, 8))
    assert states(found) == {
        "王委员": "listed",
        "赵财务": "listed",
        "周会员": "listed",
        "吴老师": "candidate",
        "孙组长": "candidate",
        "钱经审": "candidate",
        "李主席": "candidate",
    }
    entry = RestEntry.objects.get(round=found, member=world.members["钱经审"])
    assert (entry.last_year, entry.years_since, entry.weight) == (2023, 3, 0)
    wang = RestEntry.objects.get(round=found, member=world.members["王委员"])
    assert wang.category_names() == ["劳动模范"] and wang.weight == 3
    assert wang.amount == Decimal("1000.00") and found.n_eligible == 7


def test_the_sql_order_is_the_rule_s_order(world, history):
    found = proposed(world)
    categories = queries.settings_for(world.school).categories
    rows = list(queries.scored(found, queries.settings_for(world.school)))
    weighed = [(r[1], rules.weight_of(r[2], categories), r[3], r[0]) for r in rows]
    expected = [r[3] for r in sorted(weighed, key=rules.sort_key)]
    assert [e.member_id for e in RestEntry.objects.filter(round=found)] == expected


def test_ties_are_broken_by_the_member_s_number(world):
    went(world, "钱经审", 2024)
    went(world, "李主席", 2024)
    found = proposed(world)
    tail = order(found)[-2:]
    first, second = sorted(["李主席", "钱经审"], key=lambda n: world.members[n].pk)
    assert tail == [first, second]


def test_the_roster_gives_frontline_and_retiring_and_a_tag_is_not_counted_twice(world, history):
    # 赵财务 (F) reaches 55 within two years of the trip; 孙组长 is 一线 in the roster
    member_services.member_update(
        actor=None, member=world.members["赵财务"], birth_date=datetime.date(1972, 1, 1)
    )
    member_services.member_update(actor=None, member=world.members["孙组长"], is_frontline=True)
    tag(world, "孙组长", "一线/艰苦岗位")  # also flagged in the roster: counted once
    found = proposed(world)
    assert order(found)[:4] == ["赵财务", "王委员", "孙组长", "周会员"]
    sun = RestEntry.objects.get(round=found, member=world.members["孙组长"])
    assert (sun.weight, sun.category_names()) == (3, ["一线/艰苦岗位"])
    zhao = RestEntry.objects.get(round=found, member=world.members["赵财务"])
    assert (zhao.weight, zhao.category_names()) == (4, ["高技能人才", "即将退休"])


def test_a_removed_tag_no_longer_counts(world):
    found_tag = tag(world, "吴老师", "劳动模范")
    services.rest_tag_remove(actor=world.chair, tag=found_tag)
    found = proposed(world)
    assert RestEntry.objects.get(round=found, member=world.members["吴老师"]).weight == 0
    with pytest.raises(ValidationError, match="已经取消"):
        services.rest_tag_remove(actor=world.chair, tag=found_tag)


# --- eligibility and caps -------------------------------------------------------------------


def test_only_active_members_with_dues_paid_are_eligible(world):
    member_services.member_retire(
        actor=None, member=world.members["钱经审"], on=datetime.date(2025, 12, 31)
    )
    for month, paid in ((datetime.date(YEAR, 3, 1), "0"), (datetime.date(YEAR, 6, 1), "0")):
        DuesCharge.objects.create(
            union=world.school,
            member=world.members["吴老师"] if month.month == 3 else world.members["周会员"],
            month=month,
            base=Decimal("5000"),
            rate=Decimal("0.005"),
            amount=Decimal("25.00"),
            paid=Decimal(paid),
        )
    found = proposed(world)
    names = order(found)
    assert "钱经审" not in names  # retired
    assert "吴老师" not in names  # March unpaid, before dues_until
    assert "周会员" in names  # June is after dues_until (5-31)
    assert found.n_arrears == 1 and found.n_eligible == 5
    with pytest.raises(ValidationError, match="不符合本批次参加条件"):
        services.rest_entry_add(
            actor=world.chair, round=found, member=world.members["吴老师"], reason="照顾"
        )


def test_round_caps_at_the_cap_and_a_fen_over(world):
    new_round(world, days=5, cost="600.00", name="五天")
    with pytest.raises(ValidationError) as info:
        new_round(world, days=5, cost="600.01", name="超标")
    assert "每人每天不超过 600.00 元" in info.value.message_dict["cost_per_day"][0]
    assert "衢州" in info.value.message_dict["cost_per_day"][0]
    with pytest.raises(ValidationError) as info:
        new_round(world, days=6, cost="100", name="超天数")
    assert "不超过 5 天" in info.value.message_dict["days"][0]


def test_yearly_cap_at_the_cap_and_a_fen_over(world):
    went(world, "周会员", YEAR, "2000.00")
    went(world, "吴老师", YEAR, "2000.01")
    found = proposed(world, places=7)  # 2 days × 500 = 1,000
    assert "周会员" in order(found)  # 2,000.00 + 1,000.00 = 3,000.00: at the cap
    assert "吴老师" not in order(found)  # 3,000.01
    assert found.n_over_cap == 1


def test_adding_over_the_yearly_cap_is_refused_with_the_basis(world):
    found = proposed(world, places=7)
    went(world, "周会员", YEAR, "2000.01")  # after the proposal: the add checks again
    entry = RestEntry.objects.get(round=found, member=world.members["周会员"])
    services.rest_entry_remove(actor=world.chair, entry=entry, reason="测试")
    with pytest.raises(ValidationError) as info:
        services.rest_entry_add(actor=world.chair, round=found, member=entry.member, reason="x")
    message = info.value.message_dict["member"][0]
    assert "3,000.01" in message and "每人每年 3,000.00 元" in message and "衢州" in message


def test_places_exceeded_is_refused_in_chinese(world):
    found = proposed(world, places=2)
    spare = RestEntry.objects.filter(round=found, state=EntryState.CANDIDATE).first()
    with pytest.raises(ValidationError, match="名额已满（共 2 个，名单已有 2 人）"):
        services.rest_entry_add(actor=world.chair, round=found, member=spare.member, reason="x")
    assert RestEntry.objects.filter(round=found, state=EntryState.LISTED).count() == 2


def test_a_round_needs_a_listed_base_and_its_procurement(world):
    with pytest.raises(ValidationError) as info:
        new_round(world, base_listed=False, procurement_ref=" ")
    assert "马工发〔2026〕4号" in info.value.message_dict["base_listed"][0]
    assert "采购程序" in info.value.message_dict["procurement_ref"][0]
    with pytest.raises(ValidationError, match="疗休养由基层工会组织"):
        new_round(world, union=world.fed, actor=None)


# --- adjustments ----------------------------------------------------------------------------


def test_adjustments_need_a_reason_and_are_audited(world, history):
    found = proposed(world, places=3)
    listed = RestEntry.objects.get(round=found, member=world.members["周会员"])
    with pytest.raises(ValidationError, match="请填写调出的理由"):
        services.rest_entry_remove(actor=world.chair, entry=listed, reason=" ")
    services.rest_entry_remove(actor=world.chair, entry=listed, reason="本人申请调出")
    spare = world.members["孙组长"]
    with pytest.raises(ValidationError, match="请填写增补的理由"):
        services.rest_entry_add(actor=world.chair, round=found, member=spare, reason="")
    added = services.rest_entry_add(
        actor=world.chair, round=found, member=spare, reason="连续三年满工作量"
    )
    assert added.state == EntryState.LISTED and added.changed_by == world.chair
    assert states(found)["周会员"] == EntryState.REMOVED
    entries = AuditEntry.objects.filter(action__in=("care.rest_add", "care.rest_remove"))
    assert {e.action: e.changes["reason"][1] for e in entries} == {
        "care.rest_remove": "本人申请调出",
        "care.rest_add": "连续三年满工作量",
    }
    assert all("周会员" not in str(e.changes) and "孙组长" not in e.object_repr for e in entries)


def test_proposing_again_starts_over(world, history):
    found = proposed(world, places=3)
    entry = RestEntry.objects.get(round=found, member=world.members["周会员"])
    services.rest_entry_remove(actor=world.chair, entry=entry, reason="调出")
    again = services.rest_propose(actor=world.chair, round=found)
    assert states(again)["周会员"] == EntryState.LISTED
    assert RestEntry.objects.filter(round=found).count() == 7
    last = AuditEntry.objects.filter(action="care.rest_propose").order_by("-id").first()
    assert last.changes["dropped"] == [1, 0]


def test_only_care_change_runs_the_round(world, welfare):
    found = new_round(world)
    for who in ("auditor", "treasurer", "committee", "member", "outsider", "fed_admin"):
        with pytest.raises(PermissionDenied):
            services.rest_propose(actor=world.users[who], round=found)
    services.rest_propose(actor=welfare, round=found)  # the welfare member, by post


# --- 公示, confirmation, attendance ---------------------------------------------------------


def test_the_publicity_shows_name_group_public_category_and_reserve_only(world, history):
    tag(world, "王委员", "因工负伤")
    found = proposed(world, places=2)
    publish(world, found)
    item = publicity_for(found)
    assert item.kind == "care.rest" and item.columns == list(services.PUBLICITY_COLUMNS)
    assert item.rows[:3] == [
        ["1", "王委员", "语文组", "劳动模范、优先照顾", "入选"],
        ["2", "赵财务", "数学组", "高技能人才", "入选"],
        ["3", "周会员", "语文组", "—", "候补1"],
    ]
    assert len(item.rows) == 4  # the list and min(places, 10) of the reserve
    assert "因工负伤" not in str(item.rows) + item.body
    found.refresh_from_db()
    assert found.status == RestRoundStatus.PUBLICITY
    with pytest.raises(ValidationError, match="正在公示"):
        services.rest_entry_remove(
            actor=world.chair,
            entry=RestEntry.objects.filter(round=found, state="listed").first(),
            reason="x",
        )


def test_an_open_objection_blocks_the_confirmation(world, history):
    found = proposed(world)
    publish(world, found, today=datetime.date.today())
    objection = objection_raise(actor=world.member, publicity=publicity_for(found), text="有异议")
    with pytest.raises(ValidationError, match="还有 1 条异议未答复"):
        services.rest_confirm(actor=world.chair, round=found)
    objection_answer(actor=world.chair, objection=objection, answer="按规则排序", upheld=False)
    with pytest.raises(ValidationError, match="期满并结束公示"):
        services.rest_confirm(actor=world.chair, round=found)
    close(found, world.chair)
    confirmed = services.rest_confirm(actor=world.chair, round=found)
    assert confirmed.status == RestRoundStatus.CONFIRMED and confirmed.confirmed_by == world.chair


def test_an_objection_upheld_reopens_the_list_for_a_new_publicity(world, history):
    found = proposed(world)
    publish(world, found, today=datetime.date.today())
    objection = objection_raise(actor=world.member, publicity=publicity_for(found), text="漏排")
    objection_answer(actor=world.chair, objection=objection, answer="属实", upheld=True)
    close(found, world.chair)
    with pytest.raises(ValidationError, match="异议成立"):
        services.rest_confirm(actor=world.chair, round=found)
    entry = RestEntry.objects.filter(round=found, state="listed").last()
    services.rest_entry_remove(actor=world.chair, entry=entry, reason="异议成立，调整")
    found.refresh_from_db()
    assert found.status == RestRoundStatus.DRAFT
    publish(world, found, today=datetime.date.today())
    assert publicity_for(found).status == "open"


def confirmed(world, **over):
    found = proposed(world, **over)
    publish(world, found)
    close(found, world.chair)
    return services.rest_confirm(actor=world.chair, round=found)


def test_declined_frees_the_place_to_the_next_in_the_proposal(world, history):
    found = confirmed(world, places=3)
    first = RestEntry.objects.get(round=found, member=world.members["王委员"])
    moved = services.rest_entry_decline(actor=world.chair, entry=first, reason="家中有事")
    assert moved.member == world.members["吴老师"]  # rank 4, the first of the reserve
    assert (moved.state, moved.reason) == (EntryState.LISTED, "递补（第 1 名放弃）")
    first.refresh_from_db()
    assert (first.state, first.reason) == (EntryState.DECLINED, "家中有事")
    assert queries.listed_count(found) == 3
    # the next one skips a candidate who has gone over the yearly cap meanwhile
    went(world, "孙组长", YEAR, "2500.00")
    second = RestEntry.objects.get(round=found, member=world.members["赵财务"])
    moved = services.rest_entry_decline(actor=world.chair, entry=second)
    second.refresh_from_db()
    assert moved.member == world.members["钱经审"] and second.reason == "本人放弃"
    with pytest.raises(ValidationError, match="只能在“入选”时"):
        services.rest_entry_decline(actor=world.chair, entry=second)


def test_attendance_only_after_confirmation(world):
    found = proposed(world)
    entry = RestEntry.objects.filter(round=found, state="listed").first()
    with pytest.raises(ValidationError, match="名单确认后"):
        services.rest_entry_take(actor=world.chair, entry=entry)


def test_the_cost_is_one_voucher_the_spending_rules_check(world, history):
    found = confirmed(world, places=2)
    entries = list(RestEntry.objects.filter(round=found, state="listed"))
    with pytest.raises(ValidationError, match="还有 2 人未登记"):
        services.rest_pay(actor=world.chair, round=found, insured=True)
    for entry in entries:
        services.rest_entry_take(actor=world.chair, entry=entry)
    with pytest.raises(ValidationError) as info:
        services.rest_pay(actor=world.chair, round=found, insured=False)
    assert "人身意外险" in info.value.message_dict["insured"][0]
    paid = services.rest_pay(actor=world.chair, round=found, insured=True, date=START)
    assert paid.status == RestRoundStatus.PAID and paid.insured
    voucher = Voucher.objects.get(union=world.school)
    assert voucher.status == "draft" and voucher.total == Decimal("2000.00")
    line = voucher.lines.get()
    assert (line.category.code, line.days, line.event) == ("50199", 2, "疗休养")
    shares = {s.member.name: (s.amount, s.event_key) for s in VoucherShare.objects.all()}
    assert shares == {
        "王委员": (Decimal("1000.00"), f"care.rest:{found.pk}"),
        "赵财务": (Decimal("1000.00"), f"care.rest:{found.pk}"),
    }
    assert all(e.voucher_share_id for e in RestEntry.objects.filter(round=found, state="taken"))
    with pytest.raises(ValidationError, match="请勿重复结算"):
        services.rest_pay(actor=world.chair, round=found, insured=True)
    # the treasurer submits it: a union's rule of 400 元 a day on 50199 refuses 500
    rule_save(
        actor=world.chair,
        union=world.school,
        key="rest-day",
        name="职工疗休养",
        category="50199",
        cap_day="400",
        source="马工发〔2026〕4号",
    )
    with pytest.raises(ValidationError, match="职工疗休养"):
        voucher_services.voucher_submit(actor=world.treasurer, voucher=voucher)
    rule_save(actor=world.chair, union=world.school, key="rest-day", cap_day="500")
    assert voucher_services.voucher_submit(actor=world.treasurer, voucher=voucher).status == (
        "submitted"
    )


def test_trips_taken_are_next_year_s_history(world):
    found = confirmed(world, places=2)
    for entry in RestEntry.objects.filter(round=found, state="listed"):
        services.rest_entry_take(actor=world.chair, entry=entry)
    went_names = {e.member.name for e in RestEntry.objects.filter(round=found, state="taken")}
    following = proposed(world, year=YEAR + 1, name="明年暑期")
    tail = order(following)[-2:]
    assert set(tail) == went_names


# --- settings and tags ----------------------------------------------------------------------


def test_settings_are_inherited_and_checked(world):
    services.rest_settings_save(
        actor=world.users["fed_admin"],
        union=world.fed,
        fields={"cap_day": "400", "max_days": 2, "basis": "马工发〔2026〕4号"},
    )
    found = queries.settings_for(world.school)
    assert (found.cap_day, found.max_days, found.inherited_from) == (
        Decimal("400.00"),
        2,
        world.fed,
    )
    with pytest.raises(ValidationError) as info:
        new_round(world, days=3, cost="400")
    assert "马工发〔2026〕4号" in info.value.message_dict["days"][0]
    with pytest.raises(ValidationError) as info:
        services.rest_settings_save(
            actor=world.chair,
            union=world.school,
            fields={"categories": "劳动模范 3", "cap_year": "-1"},
        )
    problems = info.value.message_dict
    assert "不在优先类别中" in problems["frontline_category"][0]
    with pytest.raises(PermissionDenied):
        services.rest_settings_save(actor=world.users["committee"], union=world.school, fields={})


def test_tags_are_checked(world):
    tag(world, "王委员", "劳动模范")
    with pytest.raises(ValidationError, match="已登记为“劳动模范”"):
        tag(world, "王委员", "劳动模范")
    with pytest.raises(ValidationError, match="请从疗休养设置的优先类别中选择"):
        tag(world, "王委员", "院士")
    with pytest.raises(ValidationError, match="不是本会在册会员"):
        services.rest_tag_add(
            actor=world.chair,
            union=world.school,
            member=world.members["郑护士"],
            category="劳动模范",
            year=2024,
        )
