"""金秋助学 through its services: the amount of each school level × hardship status from the
settings (a federation's reaching its unions), the window's edges, every refusal (outside
the window, a non-member, the same child twice, a bad file, an excluded case) with nothing
written, review, the 公示 that shows no income or illness, and payment — refused before the
公示 clears, then one voucher that the spending rules check when the treasurer submits it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.care import queries_bursary as queries
from gonghui.care import services as care_services
from gonghui.care import services_bursary as services
from gonghui.care.models import FileState
from gonghui.care.models_bursary import (
    ApplicationState,
    BursaryApplication,
    BursaryRound,
    RoundStatus,
)
from gonghui.care.rules_bursary import Level
from gonghui.core.models import Publicity
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import objection_answer, objection_raise, publicity_close
from gonghui.finance.models import Voucher, VoucherShare
from gonghui.finance.services import vouchers as voucher_services
from gonghui.finance.services.rules import rule_save
from gonghui.orgs.models import MemberStatus

from . import conftest
from .conftest import run_to

YEAR = 2025
OPENS, CLOSES = datetime.date(YEAR, 7, 1), datetime.date(YEAR, 8, 27)
DAY = datetime.date(YEAR, 8, 1)  # inside the window
AFTER = CLOSES + datetime.timedelta(days=1)


@pytest.fixture
def round_(world):
    return services.bursary_round_open(actor=world.chair, union=world.school, year=YEAR)


def apply(
    world, round_, name="吴老师", *, actor=None, child="吴小雨", level=Level.UNDERGRADUATE, **over
):
    member = world.members[name]
    data = {
        "child_name": child,
        "level": level,
        "school": "华中科技大学",
        "proof": conftest.png("录取通知书.png"),
        "confirmed": True,
        "today": DAY,
    }
    data.update(over)
    return services.bursary_apply(actor=actor or world.chair, round=round_, member=member, **data)


def applied_file(world):
    """周会员 (the `member` account) applies for hardship aid for himself."""
    return care_services.hardship_apply(
        actor=world.member, member=world.members["周会员"], **conftest.figures()
    )


def refusal(call) -> dict | list:
    """The refusal's messages (by field when the service named one); nothing written."""
    before = BursaryApplication.objects.count()
    with pytest.raises(ValidationError) as info:
        call()
    assert BursaryApplication.objects.count() == before
    exc = info.value
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


def published(world, round_, *, today=AFTER):
    return services.bursary_publicize(actor=world.chair, round=round_, today=today)


def close(round_, actor):
    item = publicity_for(round_)
    publicity_close(actor=actor, publicity=item, today=item.ends_on + datetime.timedelta(days=1))
    return item


# --- settings and amounts -------------------------------------------------------------------


def test_the_round_takes_its_window_from_the_settings(world, round_):
    assert (round_.opens_on, round_.closes_on) == (OPENS, CLOSES)
    assert round_.status == RoundStatus.OPEN
    with pytest.raises(ValidationError, match="已经开始，每年一轮"):
        services.bursary_round_open(actor=world.chair, union=world.school, year=YEAR)


AMOUNTS = {
    "filed_higher": "6000",
    "filed_high": "3600",
    "other_higher": "4400",
    "other_high": "2200",
}


@pytest.mark.parametrize(
    ("level", "filed", "expected"),
    [
        (Level.UNDERGRADUATE, False, "4400.00"),
        (Level.COLLEGE, False, "4400.00"),
        (Level.HIGH_SCHOOL, False, "2200.00"),
        (Level.UNDERGRADUATE, True, "6000.00"),
        (Level.COLLEGE, True, "6000.00"),
        (Level.HIGH_SCHOOL, True, "3600.00"),
    ],
)
def test_the_amount_is_the_settings_by_level_and_hardship_file(world, level, filed, expected):
    # the federation sets the figures; the school, with none of its own, inherits them
    services.bursary_settings_save(actor=world.fed_admin, union=world.fed, fields=AMOUNTS)
    found = services.bursary_round_open(actor=world.chair, union=world.school, year=YEAR)
    if filed:
        run_to(applied_file(world), FileState.FILED, world.chair)
    application = apply(world, found, "周会员", level=level)
    assert application.amount == Decimal(expected)
    assert application.filed is filed


def test_a_file_still_in_progress_is_not_filed(world, round_):
    run_to(applied_file(world), FileState.PUBLICITY, world.chair)
    assert apply(world, round_, "周会员", level=Level.HIGH_SCHOOL).amount == Decimal("2000.00")


def test_settings_refuse_bad_figures_by_field(world):
    fields = {"opens": "09-01", "closes": "08-27", "other_high": "-1", "filed_high": "1.234"}
    with pytest.raises(ValidationError) as info:
        services.bursary_settings_save(actor=world.chair, union=world.school, fields=fields)
    assert info.value.message_dict == {"closes": ["申请截止日期须在开始日期之后（同一年内）。"]}
    del fields["opens"], fields["closes"]
    with pytest.raises(ValidationError) as info:
        services.bursary_settings_save(actor=world.chair, union=world.school, fields=fields)
    assert set(info.value.message_dict) == {"other_high", "filed_high"}
    assert "不能为负数" in info.value.message_dict["other_high"][0]
    assert queries.settings_for(world.school).inherited_from == "defaults"


def test_settings_are_changed_by_care_rules_holders_only(world):
    for who in ("treasurer", "committee", "member", "auditor", "outsider"):
        with pytest.raises(PermissionDenied):
            services.bursary_settings_save(
                actor=world.users[who], union=world.school, fields={"other_high": "2500"}
            )
    services.bursary_settings_save(
        actor=world.chair, union=world.school, fields={"exclusions": "军校\n\n定向生\n军校"}
    )
    assert queries.settings_for(world.school).exclusions == ["军校", "定向生"]


# --- the window -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "taken"),
    [
        (OPENS - datetime.timedelta(days=1), False),
        (OPENS, True),  # the opening day
        (CLOSES, True),  # the closing day
        (AFTER, False),  # the day after
    ],
)
def test_the_window_edges(world, round_, day, taken):
    if taken:
        assert apply(world, round_, today=day).applied_on == day
    else:
        (message,) = refusal(lambda: apply(world, round_, today=day))
        assert message == (
            f"{YEAR}年金秋助学的申请时间为 {YEAR}年7月1日至{YEAR}年8月27日，今天不在申请期内。"
        )


# --- refusals -------------------------------------------------------------------------------


def test_a_non_member_is_refused(world, round_):
    world.members["吴老师"].__class__.objects.filter(pk=world.members["吴老师"].pk).update(
        status=MemberStatus.LEFT
    )
    (message,) = refusal(lambda: apply(world, round_))
    assert message == "「吴老师」不是本会在册会员，不能申请金秋助学。"
    # a member of another union, applied for by the school's chair
    (message,) = refusal(lambda: apply(world, round_, "郑护士"))
    assert message == "「郑护士」不是本会在册会员，不能申请金秋助学。"


def test_the_same_child_twice_in_a_round_is_refused_until_refused(world, round_):
    first = apply(world, round_)
    problems = refusal(lambda: apply(world, round_, child=" 吴小雨 ", level=Level.COLLEGE))
    assert problems == {
        "child_name": ["「吴小雨」本年度已经申请过金秋助学（待审核），不能重复申请。"]
    }
    assert apply(world, round_, child="吴小雷", level=Level.HIGH_SCHOOL)  # a second child
    services.bursary_reject(actor=world.chair, application=first, reason="录取通知书不清晰")
    assert apply(world, round_).state == ApplicationState.SUBMITTED  # may apply again


def test_a_bad_file_is_refused_and_nothing_is_stored(world, round_, data_dir):
    exe = SimpleUploadedFile("录取通知书.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    problems = refusal(lambda: apply(world, round_, proof=exe))
    assert problems == {
        "proof": ["附件只能是 JPG、PNG 图片或 PDF 文件（按文件内容识别，改扩展名无效）。"]
    }
    problems = refusal(lambda: apply(world, round_, proof=None))
    assert problems == {"proof": ["请上传录取通知书或学校证明（照片或 PDF）。"]}
    stored = data_dir / "attachments"
    assert not stored.exists() or not [p for p in stored.rglob("*") if p.is_file()]


def test_an_excluded_case_or_no_confirmation_is_refused(world, round_):
    military = queries.settings_for(world.school).exclusions[0]
    problems = refusal(lambda: apply(world, round_, excluded=[military]))
    assert problems == {
        "excluded": ["子女属于不予资助的情形（考入军事院校（军校）的），不能申请金秋助学。"]
    }
    problems = refusal(lambda: apply(world, round_, confirmed=False))
    assert problems == {"confirmed": ["请逐条核对并确认子女不属于不予资助的情形。"]}


def test_missing_fields_come_back_together(world, round_):
    problems = refusal(lambda: apply(world, round_, child="", level="primary", school=" "))
    assert set(problems) == {"child_name", "level", "school"}


def test_a_member_applies_for_their_own_child_only(world, round_):
    mine = apply(world, round_, "周会员", actor=world.member)
    assert mine.self_applied and mine.applied_by == world.member
    with pytest.raises(PermissionDenied):
        apply(world, round_, "吴老师", actor=world.member)
    with pytest.raises(PermissionDenied):
        apply(world, round_, "吴老师", actor=world.treasurer)


# --- review, 公示, payment ------------------------------------------------------------------


@pytest.fixture
def reviewed(world, round_):
    """Three applications: two approved (周会员, an 已建档 family; 吴老师), one refused."""
    run_to(applied_file(world), FileState.FILED, world.chair)
    filed = apply(
        world, round_, "周会员", actor=world.member, child="周小", level=Level.HIGH_SCHOOL
    )
    other = apply(world, round_, "吴老师")
    refused = apply(world, round_, "孙组长", child="孙某", level=Level.COLLEGE)
    services.bursary_approve(actor=world.chair, application=filed, note="核实无误")
    services.bursary_approve(actor=world.chair, application=other)
    services.bursary_reject(actor=world.chair, application=refused, reason="经核实为定向生")
    return round_


def test_publicize_waits_for_the_window_and_the_review(world, round_):
    waiting = apply(world, round_)
    with pytest.raises(ValidationError, match="截止后再公示拟资助名单"):
        published(world, round_, today=CLOSES)
    with pytest.raises(ValidationError, match="还有 1 份申请未审核"):
        published(world, round_)
    services.bursary_reject(actor=world.chair, application=waiting, reason="非本年度录取")
    with pytest.raises(ValidationError, match="没有审核通过的申请"):
        published(world, round_)


def test_the_publicity_shows_name_group_level_and_amount_only(world, reviewed):
    published(world, reviewed)
    item = Publicity.objects.get(kind="care.bursary")
    assert item.columns == ["会员姓名", "小组", "子女就读类别", "助学金额（元）"]
    assert sorted(item.rows) == [
        ["吴老师", "数学组", "本科", "4000.00"],
        ["周会员", "语文组", "高中", "3000.00"],
    ]
    text = item.title + item.body + repr(item.rows)
    for secret in (
        "尿毒症",
        "30000",
        "6000",
        "透析",
        "建档",
        "困难",
        "周小",
        "华中科技大学",
        "孙组长",
    ):
        assert secret not in text
    assert BursaryRound.objects.get().status == RoundStatus.PUBLICITY
    with pytest.raises(ValidationError, match="名单正在公示或已公示无异议"):
        services.bursary_reject(
            actor=world.chair, application=reviewed.applications.first(), reason="x"
        )


def test_payment_is_refused_before_the_publicity_clears(world, reviewed):
    with pytest.raises(ValidationError, match="先公示、后发放"):
        services.bursary_pay(actor=world.chair, round=reviewed)
    published(world, reviewed)
    with pytest.raises(ValidationError, match="先公示、后发放"):
        services.bursary_pay(actor=world.chair, round=reviewed)
    assert not Voucher.objects.filter(union=world.school).exists()


def test_an_upheld_objection_sends_the_list_back_for_review(world, reviewed):
    published(world, reviewed)
    item = publicity_for(reviewed)
    objection = objection_raise(
        actor=world.committee,
        publicity=item,
        text="吴老师之子已获市总工会助学。",
        today=item.starts_on,
    )
    objection_answer(actor=world.chair, objection=objection, answer="核实属实。", upheld=True)
    close(reviewed, world.chair)
    with pytest.raises(ValidationError, match="异议成立"):
        services.bursary_pay(actor=world.chair, round=reviewed)
    other = reviewed.applications.get(member=world.members["吴老师"])
    services.bursary_reject(actor=world.chair, application=other, reason="本年度已获同类资助")
    reviewed.refresh_from_db()
    assert reviewed.status == RoundStatus.OPEN
    published(world, reviewed)
    assert publicity_for(reviewed).rows == [["周会员", "语文组", "高中", "3000.00"]]
    close(reviewed, world.chair)
    services.bursary_pay(actor=world.chair, round=reviewed)
    assert VoucherShare.objects.get().member == world.members["周会员"]


def test_payment_after_the_publicity_is_one_voucher_the_spending_rules_check(world, reviewed):
    published(world, reviewed)
    close(reviewed, world.chair)
    services.bursary_pay(actor=world.chair, round=reviewed, date=datetime.date.today())
    reviewed.refresh_from_db()
    assert reviewed.status == RoundStatus.PAID and reviewed.paid_by == world.chair
    voucher = Voucher.objects.get(union=world.school)
    assert voucher.status == "draft" and voucher.total == Decimal("7000.00")
    assert voucher.summary == f"{YEAR}年金秋助学"
    shares = {s.member.name: (s.amount, s.event_key) for s in VoucherShare.objects.all()}
    assert shares == {
        "周会员": (Decimal("3000.00"), "金秋助学·周小"),
        "吴老师": (Decimal("4000.00"), "金秋助学·吴小雨"),
    }
    assert {a.state for a in reviewed.applications.exclude(state="rejected")} == {"paid"}
    assert all(a.voucher_share_id for a in reviewed.applications.filter(state="paid"))
    with pytest.raises(ValidationError, match="请勿重复发放"):
        services.bursary_pay(actor=world.chair, round=reviewed)
    # the treasurer submits it: the union's rule for 困难帮扶 (at most 3,500 a time) refuses
    rule_save(
        actor=world.chair,
        union=world.school,
        key="bursary-cap",
        name="金秋助学",
        category="50201",
        cap_event="3500",
        source="本会金秋助学办法",
    )
    with pytest.raises(ValidationError) as info:
        voucher_services.voucher_submit(actor=world.treasurer, voucher=voucher)
    (message,) = info.value.messages
    assert message.startswith("违反开支标准【金秋助学】：吴老师") and "3,500.00" in message
    rule_save(actor=world.chair, union=world.school, key="bursary-cap", cap_event="4000")
    submitted = voucher_services.voucher_submit(actor=world.treasurer, voucher=voucher)
    assert submitted.status == "submitted"


def test_two_children_of_one_member_are_paid_on_two_lines_of_one_voucher(world, round_):
    for child, level in (("吴大", Level.UNDERGRADUATE), ("吴二", Level.HIGH_SCHOOL)):
        services.bursary_approve(
            actor=world.chair, application=apply(world, round_, child=child, level=level)
        )
    published(world, round_)
    close(round_, world.chair)
    services.bursary_pay(actor=world.chair, round=round_)
    voucher = Voucher.objects.get(union=world.school)
    assert voucher.lines.count() == 2 and voucher.total == Decimal("6000.00")
    assert sorted(VoucherShare.objects.values_list("event_key", flat=True)) == [
        "金秋助学·吴二",
        "金秋助学·吴大",
    ]


def test_review_needs_care_change(world, round_, welfare):
    application = apply(world, round_)
    for who in ("auditor", "treasurer", "committee", "member", "outsider", "fed_admin"):
        with pytest.raises(PermissionDenied):
            services.bursary_approve(actor=world.users[who], application=application)
        with pytest.raises(PermissionDenied):
            services.bursary_reject(actor=world.users[who], application=application, reason="x")
    with pytest.raises(ValidationError, match="请填写不予资助的理由"):
        services.bursary_reject(actor=welfare, application=application, reason=" ")
    services.bursary_approve(actor=welfare, application=application)  # the welfare member
    with pytest.raises(ValidationError, match="当前为“已通过”"):
        services.bursary_approve(actor=world.chair, application=application)
