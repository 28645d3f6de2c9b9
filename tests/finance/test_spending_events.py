"""The spending rules by event (issue 16): once a year per illness (keyed by the event, not
the category), retirement once ever, a hospital stay of more than N days, and health checks
never from union funds. Each at its boundary — first and second time, N and N + 1 days —
on ``check_voucher`` itself and through ``voucher_submit``, with a Chinese refusal that names
the rule and its source; the chair's override still lets a voucher through and is recorded."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.models import AuditEntry
from gonghui.finance import spending
from gonghui.finance.models import SpendingRule, Voucher, VoucherShare
from gonghui.finance.services import vouchers as services
from gonghui.finance.services.rules import rule_disable, rule_save
from gonghui.members import services as member_services
from gonghui.orgs.models import Sex

from .vouchers_support import DAY, draft, gift, posted, push

HOSPITAL_SOURCE = "皖工发〔2025〕18号 第9-10页"
REASON = "该会员同一病种年内两次住院，经委员会集体研究同意再次慰问。"


def submit(world, *lines, date=DAY):
    """The submission's refusal messages, or [] when it went through."""
    v = draft(world, *lines, date=date)
    try:
        services.voucher_submit(actor=world.treasurer, voucher=v)
    except ValidationError as exc:
        assert Voucher.objects.get(pk=v.pk).status == "draft"
        return exc.messages
    return []


def stay(world, illness="住院（肺炎）", days=5, each="500.00", names=("周会员",), **extra):
    """A 住院慰问 line: the illness in 事由, the days of the stay."""
    return gift(world, "50103", each=each, names=names, event=illness, days=days, **extra)


def retirement(world, each="800.00", names=("周会员",)):
    return gift(world, "50106", each=each, names=names, pay_form="transfer")


def messages_of(voucher) -> list[str]:
    return [v.message for v in spending.check_voucher(voucher)]


# --- once a year per illness ----------------------------------------------------------


def test_the_same_illness_twice_in_a_year_is_refused_and_names_rule_and_source(world):
    assert submit(world, stay(world)) == []
    messages = submit(world, stay(world, each="300.00"))
    assert len(messages) == 1
    assert messages[0].startswith(
        "违反开支标准【住院慰问】：周会员 本年已因“住院（肺炎）”发放 1 次，本次 1 次，合计 2 次，"
        "超过同一事项每人每年 1 次的上限。依据："
    )
    assert HOSPITAL_SOURCE in messages[0]


def test_another_illness_or_another_member_or_next_year_passes(world):
    posted(world, stay(world))
    assert submit(world, stay(world, illness="住院（骨折）")) == []
    assert submit(world, stay(world, names=("吴老师",))) == []
    assert submit(world, stay(world), date=datetime.date(2027, 1, 5)) == []


def test_the_check_itself_counts_per_member_and_event(world):
    posted(world, stay(world))
    v = draft(world, stay(world, names=("周会员", "吴老师")))
    (violation,) = spending.check_voucher(v)
    assert violation.rule.key == "hospital"
    assert violation.member == world.members["周会员"]
    assert (violation.cap, violation.total) == (1, 2)
    assert spending.check_voucher(draft(world, stay(world, illness="住院（胆结石）"))) == []


def test_one_illness_on_two_lines_of_one_voucher_is_counted_twice(world):
    messages = submit(world, stay(world), stay(world, each="100.00"))
    assert len(messages) == 1 and "本年已因“住院（肺炎）”发放 0 次，本次 2 次" in messages[0]


def test_each_person_on_one_line_may_have_their_own_illness(world):
    line = stay(world, names=())
    line["shares"] = [
        (world.members["周会员"], "500.00", "肺炎"),
        (world.members["吴老师"], "500.00", "骨折"),
    ]
    line["amount"] = "1000.00"
    v = draft(world, line)
    assert sorted(
        VoucherShare.objects.filter(line__voucher=v).values_list("event_key", flat=True)
    ) == [
        "肺炎",
        "骨折",
    ]
    push(world, v)
    assert submit(world, stay(world, illness="骨折", names=("周会员",))) == []
    assert submit(world, stay(world, illness="骨折", names=("吴老师",))) != []


def test_a_union_rule_of_twice_a_year_per_illness_refuses_the_third(world):
    rule_save(actor=world.chair, union=world.school, key="hospital", times_event_year=2)
    posted(world, stay(world))
    assert submit(world, stay(world)) == []
    messages = submit(world, stay(world))
    assert len(messages) == 1 and "合计 3 次，超过同一事项每人每年 2 次的上限" in messages[0]


def test_without_an_illness_the_rule_cannot_be_checked(world):
    messages = submit(world, stay(world, illness=""))
    assert len(messages) == 1
    assert messages[0].startswith(
        "违反开支标准【住院慰问】：「住院慰问」须在“事由”中写明慰问的事项（如病种）"
    )


def test_a_reversal_gives_the_time_back(world):
    original = posted(world, stay(world))
    assert submit(world, stay(world)) != []
    push(
        world,
        services.voucher_reverse(
            actor=world.treasurer, voucher=original, reason="重复发放", date=DAY
        ),
    )
    assert submit(world, stay(world)) == []


# --- more than N days -----------------------------------------------------------------


def test_a_stay_of_exactly_n_days_is_refused_and_n_plus_one_passes(world):
    messages = submit(world, stay(world, days=3))
    assert len(messages) == 1
    assert messages[0].startswith(
        "违反开支标准【住院慰问】：天数 3 天，未超过 3 天，不符合列支条件。依据："
    )
    assert "住院超过 3 天方予慰问" in messages[0]
    assert submit(world, stay(world, days=4)) == []


def test_a_stay_without_days_is_refused(world):
    v = draft(world, stay(world, days=None))
    (violation,) = spending.check_voucher(v)
    assert violation.message.startswith(
        "违反开支标准【住院慰问】：请填写天数：天数超过 3 天方可列支"
    )
    assert violation.cap == 3 and violation.member is None


def test_a_federation_sets_the_days_for_its_unions_and_a_union_copies_it(world):
    rule_save(actor=world.fed_admin, union=world.fed, key="hospital", min_days=7)
    assert submit(world, stay(world, days=7)) != []
    assert submit(world, stay(world, days=8, illness="住院（骨折）")) == []
    # The school's own rule starts from the federation's, then changes one limit.
    own = rule_save(actor=world.chair, union=world.school, key="hospital", cap_event="800")
    assert (own.min_days, own.times_event_year) == (7, 1)


# --- once ever ----------------------------------------------------------------------------


def test_retirement_is_paid_once_ever_not_once_a_year(world):
    assert submit(world, retirement(world), date=datetime.date(2025, 6, 30)) == []
    messages = submit(world, retirement(world))  # 2026: another year, still refused
    assert len(messages) == 1
    assert messages[0].startswith(
        "违反开支标准【退休慰问】：周会员 已发放 1 次，本次 1 次，合计 2 次，"
        "超过每人累计 1 次的上限（不分年度）。依据："
    )
    assert "皖工发〔2025〕18号" in messages[0]
    assert submit(world, retirement(world, names=("吴老师",))) == []


def test_the_once_ever_check_reads_every_year_in_one_query(world):
    def queries_for(n):
        names = []
        for i in range(n):
            m = member_services.member_create(
                actor=None, union=world.school, name=f"退休{n}-{i}", sex=Sex.MALE
            )
            world.members[m.name] = m
            names.append(m.name)
        posted(world, retirement(world, names=names), date=datetime.date(2024, 3, 1))
        v = draft(world, retirement(world, names=names), stay(world, names=names))
        with CaptureQueriesContext(connection) as ctx:
            found = spending.check_voucher(v)
        assert len([f for f in found if f.rule.key == "retire"]) == n
        return len(ctx)

    assert queries_for(2) == queries_for(25)


def test_cap_and_once_ever_both_hold_at_the_boundary(world):
    assert submit(world, retirement(world, each="1000.01")) == [
        "违反开支标准【退休慰问】：周会员 本次 1,000.01 元，超过每人每次 1,000.00 元的上限。"
        "依据：示例：会员退休一次性慰问不超过 1000 元，每人只慰问一次（皖工发〔2025〕18号 第9-10页）。"
    ]
    assert submit(world, retirement(world, each="1000.00")) == []


# --- not from union funds -------------------------------------------------------------------


def test_health_checks_are_never_paid_from_union_funds(world):
    line = {"category": "50114", "amount": "0.01", "payee": "市体检中心"}
    messages = submit(world, line)
    assert messages == [
        "违反开支标准【职工体检】：「职工体检」不得使用工会经费列支。依据：示例：职工体检经费应由"
        "单位行政负担，不得列入基层工会经费；工会受单位行政书面委托承办的，经费由行政拨付"
        "（皖工发〔2025〕18号 第17页）。"
    ]
    rule_disable(actor=world.chair, union=world.school, key="health_check")
    assert submit(world, line) == []


def test_a_union_rule_without_a_source_names_the_union(world):
    rule_save(
        actor=world.chair,
        union=world.school,
        key="no-gifts-cards",
        name="不得列支",
        category="50199",
        forbid_union_funds=True,
    )
    (message,) = submit(world, {"category": "50199", "amount": "10.00"})
    assert (
        message
        == "违反开支标准【不得列支】：「其他职工活动」不得使用工会经费列支。依据：第一中学工会开支标准。"
    )


# --- the override path ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "second",
    [
        lambda w: stay(w),  # the same illness again
        lambda w: stay(w, illness="住院（骨折）", days=2),  # too short a stay
    ],
)
def test_the_chairs_override_lets_an_event_violation_through_and_is_recorded(world, second):
    posted(world, stay(world))
    v = draft(world, second(world))
    with pytest.raises(ValidationError, match="违反开支标准【住院慰问】"):
        services.voucher_submit(actor=world.treasurer, voucher=v)
    v = services.voucher_override(actor=world.chair, voucher=v, reason=REASON)
    assert [x["rule"] for x in v.override_violations] == ["hospital"]
    assert "依据：" in v.override_violations[0]["message"]
    entry = AuditEntry.objects.filter(action="voucher.override").latest("id")
    assert entry.changes["override_reason"] == ["", REASON]
    v = services.voucher_submit(actor=world.treasurer, voucher=v)
    assert services.voucher_approve(actor=world.chair, voucher=v).status == "approved"


def test_the_override_does_not_cover_a_second_illness_payment_added_later(world):
    posted(world, stay(world))
    v = draft(world, stay(world))
    services.voucher_override(actor=world.chair, voucher=v, reason=REASON)
    v = services.voucher_update(
        actor=world.treasurer,
        voucher=v,
        date=DAY,
        summary="住院慰问",
        lines=[stay(world), stay(world, names=("吴老师",))],
    )
    assert v.override_violations == []
    with pytest.raises(ValidationError, match="同一事项每人每年 1 次"):
        services.voucher_submit(actor=world.treasurer, voucher=v)


# --- the example rules as shipped ---------------------------------------------------------


@pytest.mark.django_db
def test_the_examples_carry_the_new_limits_with_their_sources():
    rules = {r.key: r for r in SpendingRule.objects.filter(union__isnull=True)}
    hospital, retire, check = rules["hospital"], rules["retire"], rules["health_check"]
    assert (hospital.times_year, hospital.times_event_year, hospital.min_days) == (None, 1, 3)
    assert (retire.times_year, retire.times_ever) == (None, 1)
    assert check.forbid_union_funds and check.category.code == "50114"
    assert check.category.parent.code == "501"
    assert all(r.is_example for r in (hospital, retire, check))
    assert "皖工发〔2025〕18号" in hospital.source and "第17页" in check.source
