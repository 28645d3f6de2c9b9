"""Voucher services: drafting, the workflow, four eyes, numbering, reversal instead of edit,
idempotency, audit. Runs on SQLite and PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from gonghui.core.models import AuditEntry
from gonghui.finance.models import Voucher, VoucherLine, VoucherShare, VoucherStatus
from gonghui.finance.services import vouchers as services
from gonghui.finance.services.settings import finance_settings_update
from gonghui.members import services as member_services

from .vouchers_support import DAY, D, draft, gift, line, posted, push, second_chair, submitted


def messages(exc) -> str:
    return "；".join(exc.value.messages)


# --- drafting -------------------------------------------------------------------------


def test_create_keeps_lines_shares_and_total_in_decimal(world):
    v = draft(
        world, line("50111", "120.50"), gift(world, each="200.00", names=("周会员", "吴老师"))
    )
    assert v.status == VoucherStatus.DRAFT and v.number == ""
    assert v.total == D("520.50")
    lines = list(v.lines.order_by("id"))
    assert [ln.amount for ln in lines] == [D("120.50"), D("400.00")]
    assert {s.member.name: s.amount for s in lines[1].shares.all()} == {
        "周会员": D("200.00"),
        "吴老师": D("200.00"),
    }
    assert all(ln.status == "draft" and ln.date == DAY for ln in lines)


def test_line_amount_may_be_left_for_the_shares_to_sum(world):
    v = draft(
        world, {"category": "50101", "amount": "", "shares": [(world.members["周会员"], "88.80")]}
    )
    assert v.total == D("88.80")


def test_category_must_be_a_leaf_of_the_vouchers_kind(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, line("501"))
    assert (
        "第 1 行" in messages(exc) and "节日慰问" in messages(exc) and "生日慰问" in messages(exc)
    )
    with pytest.raises(ValidationError) as exc:
        draft(world, line("401"))
    assert "不是支出科目" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        draft(world, line("50111"), kind="income")
    assert "不是收入科目" in messages(exc)
    # A top category without sub-items is a leaf.
    assert draft(world, line("401", "1000.00"), kind="income").total == D("1000.00")
    assert not Voucher.objects.filter(total=0).exists()


def test_shares_must_add_up_and_be_current_members_of_the_union(world):
    with pytest.raises(ValidationError) as exc:
        draft(
            world,
            {
                "category": "50101",
                "amount": "300.00",
                "shares": [(world.members["周会员"], "200.00")],
            },
        )
    assert "与名单合计 200.00 元（1 人）不一致" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        draft(world, gift(world, names=("郑护士",)))
    assert "「郑护士」不是本工会的在册会员" in messages(exc)
    member_services.member_death(
        actor=None, member=world.members["吴老师"], on=datetime.date(2026, 1, 5)
    )
    with pytest.raises(ValidationError) as exc:
        draft(world, gift(world, names=("吴老师",)))
    assert "「吴老师」不是本工会的在册会员" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        draft(world, gift(world, names=("周会员", "周会员")))
    assert "重复出现" in messages(exc)
    assert Voucher.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("100.001", "超过两位小数"),
        ("-5.00", "不能为负数"),
        ("0", "不能为零"),
        ("abc", "不是有效的金额"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(world, amount, expected):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        draft(world, line("50111", amount), line("50111", "10.00"))
    assert "第 1 行" in messages(exc) and expected in messages(exc)
    assert Voucher.objects.count() == 0 and VoucherLine.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_every_problem_is_reported_with_its_line_number(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, line("50111", "1.001"), line("999", "10"), line("50111", "-1"))
    text = messages(exc)
    assert "第 1 行" in text and "第 2 行" in text and "第 3 行" in text


def test_same_idempotency_key_returns_the_first_voucher_and_writes_nothing(world):
    first = draft(world, line(), idempotency_key="form-abc")
    entries = AuditEntry.objects.count()
    again = draft(world, line("50111", "999.00"), idempotency_key="form-abc")
    assert again.pk == first.pk and again.total == D("100.00")
    assert Voucher.objects.count() == 1 and AuditEntry.objects.count() == entries
    # Another union may use the same token.
    other = services.voucher_create(
        actor=world.outsider,
        union=world.hospital,
        kind="expense",
        date=DAY,
        summary="卫生院",
        lines=[line()],
        idempotency_key="form-abc",
    )
    assert other.pk != first.pk


def test_federation_keeps_no_books(world):
    with pytest.raises(PermissionDenied):  # nobody holds finance.change on a federation
        services.voucher_create(
            actor=world.fed_admin, union=world.fed, kind="expense", date=DAY, summary="x",
            lines=[line()],
        )  # fmt: skip
    with pytest.raises(ValidationError, match="上级工会不在本平台记账"):
        services.voucher_create(
            actor=None,
            union=world.fed,
            kind="expense",
            date=DAY,
            summary="x",
            lines=[line()],
        )


def test_update_replaces_lines_only_on_drafts(world):
    v = draft(world, line("50111", "100.00"))
    v = services.voucher_update(
        actor=world.treasurer,
        voucher=v,
        date=datetime.date(2026, 3, 12),
        summary="改过的摘要",
        lines=[line("50112", "30.00"), line("50113", "20.00")],
    )
    assert v.total == D("50.00") and v.summary == "改过的摘要"
    assert sorted(v.lines.values_list("date", flat=True)) == [datetime.date(2026, 3, 12)] * 2
    entry = AuditEntry.objects.filter(action="voucher.update").get()
    assert entry.changes["分录"][0].startswith("50111") and "50113" in entry.changes["分录"][1]
    services.voucher_submit(actor=world.treasurer, voucher=v)
    with pytest.raises(ValidationError, match="已提交"):
        services.voucher_update(
            actor=world.treasurer, voucher=v, date=DAY, summary="x", lines=[line()]
        )


def test_delete_only_drafts(world):
    v = draft(world)
    services.voucher_delete(actor=world.treasurer, voucher=v)
    assert not Voucher.objects.filter(pk=v.pk).exists()
    assert AuditEntry.objects.filter(action="voucher.delete", object_id=str(v.pk)).exists()
    p = posted(world)
    with pytest.raises(ValidationError, match="已记账"):
        services.voucher_delete(actor=world.treasurer, voucher=p)


# --- the workflow ---------------------------------------------------------------------


def test_full_workflow_numbers_in_sequence_per_union_and_year(world):
    a = posted(world, summary="一")
    b = posted(world, summary="二")
    c = posted(world, summary="三", date=datetime.date(2027, 1, 3))
    assert (a.number, b.number, c.number) == ("记-2026-0001", "记-2026-0002", "记-2027-0001")
    h = services.voucher_create(
        actor=world.outsider,
        union=world.hospital,
        kind="expense",
        date=DAY,
        summary="卫",
        lines=[line()],
    )
    assert h.number == ""  # drafts carry no number
    a.refresh_from_db()
    assert a.status == "posted" and a.posted_by == world.treasurer and a.approved_by == world.chair
    assert set(a.lines.values_list("status", flat=True)) == {"posted"}
    actions = list(
        AuditEntry.objects.filter(object_type="finance.voucher", object_id=str(a.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["voucher.create", "voucher.submit", "voucher.approve", "voucher.post"]


def test_numbers_pass_9999_without_sorting_as_text(world):
    v = posted(world)
    Voucher.objects.filter(pk=v.pk).update(number="记-2026-9999")
    assert posted(world).number == "记-2026-10000"
    assert posted(world).number == "记-2026-10001"


def test_line_status_follows_every_transition(world):
    v = draft(world)
    v = services.voucher_submit(actor=world.treasurer, voucher=v)
    assert set(v.lines.values_list("status", flat=True)) == {"submitted"}
    v = services.voucher_return(actor=world.chair, voucher=v, reason="请补充发票")
    assert v.returned_reason == "请补充发票" and v.submitted_by is None
    assert set(v.lines.values_list("status", flat=True)) == {"draft"}
    v = services.voucher_submit(actor=world.treasurer, voucher=v)
    assert v.returned_reason == ""
    v = services.voucher_approve(actor=world.chair, voucher=v)
    assert set(v.lines.values_list("status", flat=True)) == {"approved"}


def test_double_submit_and_double_post_are_refused_clearly(world):
    v = submitted(world)
    with pytest.raises(ValidationError, match="请勿重复提交"):
        services.voucher_submit(actor=world.treasurer, voucher=v)
    v = services.voucher_approve(actor=world.chair, voucher=v)
    with pytest.raises(ValidationError, match="已被chair审批"):
        services.voucher_approve(actor=second_chair(world), voucher=v)
    v = services.voucher_post(actor=world.treasurer, voucher=v)
    with pytest.raises(ValidationError, match="不能重复记账"):
        services.voucher_post(actor=world.chair, voucher=v)
    assert Voucher.objects.get(pk=v.pk).number == "记-2026-0001"


def test_approve_needs_a_submitted_voucher(world):
    with pytest.raises(ValidationError, match="尚未提交"):
        services.voucher_approve(actor=world.chair, voucher=draft(world))


# --- four eyes ------------------------------------------------------------------------


def test_no_one_approves_their_own_voucher(world):
    mine = draft(world, actor=world.chair)
    mine = services.voucher_submit(actor=world.chair, voucher=mine)
    with pytest.raises(ValidationError, match="四眼原则"):
        services.voucher_approve(actor=world.chair, voucher=mine)
    # Submitted by the chair, drafted by the treasurer: still the chair's own.
    other = services.voucher_submit(actor=world.chair, voucher=draft(world))
    with pytest.raises(ValidationError, match="四眼原则"):
        services.voucher_approve(actor=world.chair, voucher=other)
    vice = second_chair(world)
    assert services.voucher_approve(actor=vice, voucher=other).status == "approved"
    assert AuditEntry.objects.filter(action="voucher.approve").count() == 1


def test_only_the_unions_approver_role_approves(world):
    v = submitted(world)
    with pytest.raises(ValidationError, match="您不是审批人"):  # holds finance.approve
        services.voucher_approve(actor=world.committee, voucher=v)
    for user in (world.auditor, world.outsider, world.fed_admin):
        with pytest.raises(PermissionDenied):
            services.voucher_approve(actor=user, voucher=v)
    # The union names the committee as approver: now 王委员 may, the chair may not.
    finance_settings_update(actor=world.chair, union=world.school, approver_role="committee")
    with pytest.raises(ValidationError, match="「工会委员」审批"):
        services.voucher_approve(actor=world.chair, voucher=v)
    assert services.voucher_approve(actor=world.committee, voucher=v).approved_by == world.committee


def test_posting_by_the_approver_or_a_finance_change_holder(world):
    v = services.voucher_approve(actor=world.chair, voucher=submitted(world))
    with pytest.raises(ValidationError, match="只有审批人或财务人员可以记账"):
        services.voucher_post(actor=world.committee, voucher=v)
    assert services.voucher_post(actor=world.chair, voucher=v).status == "posted"


def test_return_by_approver_or_submitter_with_a_reason(world):
    v = submitted(world)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        services.voucher_return(actor=world.chair, voucher=v, reason="  ")
    with pytest.raises(ValidationError, match="只有审批人或提交人"):
        services.voucher_return(actor=world.committee, voucher=v, reason="不对")
    assert (
        services.voucher_return(actor=world.treasurer, voucher=v, reason="撤回修改").status
        == "draft"
    )


# --- reversal instead of edit -------------------------------------------------------


def test_posted_voucher_is_reversed_never_edited(world):
    original = posted(world, line("50111", "300.00"), gift(world, each="150.00"))
    with pytest.raises(ValidationError, match="已记账"):
        services.voucher_update(
            actor=world.treasurer, voucher=original, date=DAY, summary="改", lines=[line()]
        )
    with pytest.raises(ValidationError, match="请填写冲销原因"):
        services.voucher_reverse(actor=world.treasurer, voucher=original, reason="", date=DAY)
    reversal = services.voucher_reverse(
        actor=world.treasurer, voucher=original, reason="发票开错", date=datetime.date(2026, 4, 1)
    )
    assert reversal.status == "draft" and reversal.reverses == original
    assert reversal.summary == "冲销 记-2026-0001：发票开错"
    assert reversal.total == D("-450.00")
    assert sorted(reversal.lines.values_list("amount", flat=True)) == [D("-300.00"), D("-150.00")]
    assert list(
        VoucherShare.objects.filter(line__voucher=reversal).values_list("amount", flat=True)
    ) == [D("-150.00")]
    with pytest.raises(ValidationError, match="已有冲销凭证"):
        services.voucher_reverse(actor=world.treasurer, voucher=original, reason="再来", date=DAY)
    with pytest.raises(ValidationError, match="冲销凭证的分录由原凭证决定"):
        services.voucher_update(
            actor=world.treasurer, voucher=reversal, date=DAY, summary="x", lines=[line()]
        )
    reversal = push(world, reversal)
    assert reversal.number == "记-2026-0002"
    with pytest.raises(ValidationError, match="冲销凭证不能再冲销"):
        services.voucher_reverse(actor=world.treasurer, voucher=reversal, reason="x", date=DAY)
    # The ledger nets to zero; the original is untouched.
    posted_sum = sum(VoucherLine.objects.filter(status="posted").values_list("amount", flat=True))
    assert posted_sum == D("0.00")
    original.refresh_from_db()
    assert original.total == D("450.00") and original.status == "posted"


def test_only_posted_vouchers_are_reversed_and_not_before_their_date(world):
    with pytest.raises(ValidationError, match="只有已记账的凭证"):
        services.voucher_reverse(actor=world.treasurer, voucher=draft(world), reason="x", date=DAY)
    p = posted(world)
    with pytest.raises(ValidationError, match="不能早于原凭证日期"):
        services.voucher_reverse(
            actor=world.treasurer, voucher=p, reason="x", date=DAY - datetime.timedelta(days=1)
        )


def test_deleting_a_reversal_draft_frees_the_original_for_a_new_one(world):
    p = posted(world)
    r = services.voucher_reverse(actor=world.treasurer, voucher=p, reason="错", date=DAY)
    services.voucher_delete(actor=world.treasurer, voucher=r)
    again = services.voucher_reverse(actor=world.treasurer, voucher=p, reason="错了", date=DAY)
    assert again.reverses == p


# --- two approvers at once (PostgreSQL) --------------------------------------------
# The threads need committed rows, so these tests use real transactions; the flush after
# them is followed by post_migrate, which puts the categories and example rules back
# (finance/seed.py) for the tests that follow.


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers at BEGIN IMMEDIATE; the row lock matters on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_give_one_approval(world):
    import threading

    from django.db import connections

    v = submitted(world)
    vice = second_chair(world)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def approve(user):
        try:
            barrier.wait()
            results.append(services.voucher_approve(actor=user, voucher=v).approved_by_id)
        except ValidationError as exc:
            errors.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (world.chair, vice)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 1 and len(errors) == 1
    assert "已被" in errors[0] and "审批" in errors[0]
    assert AuditEntry.objects.filter(action="voucher.approve").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks matter on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_postings_draw_distinct_numbers(world):
    import threading

    from django.db import connections

    ready = [
        services.voucher_approve(actor=world.chair, voucher=submitted(world)) for _ in range(4)
    ]
    barrier = threading.Barrier(4)
    errors = []

    def post(v):
        try:
            barrier.wait()
            services.voucher_post(actor=world.treasurer, voucher=v)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(v,)) for v in ready]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Voucher.objects.values_list("number", flat=True))
    assert numbers == [f"记-2026-000{i}" for i in range(1, 5)]
