"""The one rule for services: every service takes ``actor`` and checks it first through
``core.scoping.require``. A user without the permission — the outsider (chair of another
union) or a plain member — is refused with PermissionDenied and nothing is written: no row,
no audit entry, no file. ``actor=None`` is the system (the world itself is built so)."""

from __future__ import annotations

import datetime
import importlib
import inspect
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.care import payments as care_payments
from gonghui.care import services as care_services
from gonghui.care import services_bursary as bursary_services
from gonghui.care import services_visits as visit_services
from gonghui.core import scoping, services_publicity
from gonghui.core import services as core_services
from gonghui.core.models import AuditEntry, Role, RoleGrant
from gonghui.core.publicity import register_kind
from gonghui.core.reminders import Reminder
from gonghui.finance.models import FinanceSettings
from gonghui.finance.services import aid as aid_services
from gonghui.finance.services import attachments as attachment_services
from gonghui.finance.services import budget as budget_services
from gonghui.finance.services import dues as dues_services
from gonghui.finance.services import exports as export_services
from gonghui.finance.services import payroll as payroll_services
from gonghui.finance.services import review as review_services
from gonghui.finance.services import rules as rule_services
from gonghui.finance.services import settings as finance_settings
from gonghui.finance.services import vouchers as voucher_services
from gonghui.members import services as member_services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Body, Post, Sex, UnionKind
from gonghui.plans import services as plan_services
from tests.care.conftest import figures as care_figures
from tests.care.conftest import png as care_png
from tests.conftest import id_number
from tests.core import tables
from tests.plans.support import parsed_plan

TODAY = datetime.date(2026, 3, 10)
register_kind("test.publicity", "测试公示", "member.change")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


TERM = {
    "body": Body.COMMITTEE,
    "number": 1,
    "elected_on": datetime.date(2024, 5, 1),
    "term_years": 5,
}


def _term(world):
    return org_services.term_create(actor=None, union=world.school, **TERM)


def _position(world):
    return org_services.position_add(
        actor=None, term=_term(world), member=world.members["李主席"], post=Post.CHAIR
    )


def _application(world):
    return member_services.member_apply(
        union=world.school,
        name="韩申请",
        sex=Sex.MALE,
        id_number=id_number("19900101", 135),
        mobile="13700001111",
    )


def _voucher(world):
    return voucher_services.voucher_create(
        actor=None,
        union=world.school,
        kind="expense",
        date=TODAY,
        summary="购买文体用品",
        lines=[{"category": "50111", "amount": "100.00"}],
    )


def _plan(world):
    return plan_services.plan_import(
        actor=None, union=world.school, year=2026, parsed=parsed_plan()
    )


def _notice(world):
    reminder = Reminder(union=world.school, text="提醒", url="/", key="test.actor")
    return core_services.notice_create(reminder=reminder, users=[world.chair])[0]


# name: (service, the arguments besides the actor — built, as the system, before the call)
def _publicity(w):
    return services_publicity.publicity_open(
        actor=None,
        union=w.school,
        kind="test.publicity",
        title="公示",
        columns=["姓名"],
        rows=[["周会员"]],
    )


def _objection(w):
    return services_publicity.objection_raise(
        actor=None, publicity=_publicity(w), text="异议", member=w.members["吴老师"]
    )


def _care_file(w):
    # 吴老师's: the plain member account is 周会员, whose own file he may apply for and see
    return care_services.hardship_apply(actor=None, member=w.members["吴老师"], **care_figures())


def _event(w):
    # 吴老师's, as for the files: 周会员 may report his own events
    return visit_services.life_event_record(
        actor=None, member=w.members["吴老师"], kind="生病住院", occurred_on=TODAY
    )


def _campaign(w):
    return visit_services.campaign_create(
        actor=None, union=w.school, name="春节送温暖", kind="spring", starts_on=TODAY, ends_on=TODAY
    )


def _target(w):
    campaign = _campaign(w)
    visit_services.campaign_targets_add(
        actor=None, campaign=campaign, source="picked", members=[w.members["吴老师"]]
    )
    return campaign.targets.get()


BURSARY_DAY = datetime.date(2025, 8, 1)  # inside the example window (07-01 … 08-27)


def _round(w):
    return bursary_services.bursary_round_open(actor=None, union=w.school, year=2025)


def _bursary_application(w):
    return bursary_services.bursary_apply(
        actor=None, round=_round(w), member=w.members["吴老师"], **_bursary_child()
    )


def _bursary_child():
    return {
        "child_name": "吴小雨",
        "level": "undergraduate",
        "school": "华中科技大学",
        "proof": care_png("录取通知书.png"),
        "confirmed": True,
        "today": BURSARY_DAY,
    }


CASES = {
    # core
    "user_create": (core_services.user_create, lambda w: {"username": "new", "union": w.school}),
    "user_set_password": (
        core_services.user_set_password,
        lambda w: {"user": w.chair, "password": "another-long-password"},
    ),
    "password_reset": (core_services.password_reset, lambda w: {"user": w.member}),
    "role_grant": (
        core_services.role_grant,
        lambda w: {"user": w.nobody, "role": Role.COMMITTEE, "union": w.school},
    ),
    "role_revoke": (
        core_services.role_revoke,
        lambda w: {"grant": RoleGrant.objects.get(user=w.committee)},
    ),
    "account_email_set": (
        core_services.account_email_set,
        lambda w: {"user": w.chair, "email": "chair@example.cn"},
    ),
    "union_settings_save": (
        core_services.union_settings_save,
        lambda w: {
            "perm": "finance.rules",
            "model": FinanceSettings,
            "union": w.school,
            "fields": {"arrears_months": 3},
            "allowed": ("arrears_months",),
            "clean": lambda field, value: value,
            "action": "finance.settings",
        },
    ),
    "notice_read": (core_services.notice_read, lambda w: {"notice": _notice(w)}),
    # orgs
    "union_create": (
        org_services.union_create,
        lambda w: {"name": "新学校工会", "code": "new", "kind": UnionKind.SCHOOL, "parent": w.fed},
    ),
    "union_update": (org_services.union_update, lambda w: {"union": w.school, "name": "改名"}),
    "union_move": (org_services.union_move, lambda w: {"union": w.school, "new_parent": w.fed}),
    "union_archive": (org_services.union_archive, lambda w: {"union": w.school}),
    "group_create": (org_services.group_create, lambda w: {"union": w.school, "name": "英语组"}),
    "group_update": (
        org_services.group_update,
        lambda w: {"group": w.chinese, "name": "语文教研组", "leader": None},
    ),
    "group_archive": (org_services.group_archive, lambda w: {"group": w.maths}),
    "term_create": (org_services.term_create, lambda w: {"union": w.school, **TERM}),
    "term_close": (
        org_services.term_close,
        lambda w: {"term": _term(w), "closed_on": datetime.date(2025, 5, 1)},
    ),
    "position_add": (
        org_services.position_add,
        lambda w: {"term": _term(w), "member": w.members["王委员"], "post": Post.MEMBER},
    ),
    "position_end": (
        org_services.position_end,
        lambda w: {"position": _position(w), "ended_on": datetime.date(2025, 5, 1)},
    ),
    "member_account_open": (
        org_services.member_account_open,
        lambda w: {
            "union": w.school,
            "username": "wu",
            "full_name": "吴老师",
            "mobile": None,
            "password": "a-long-enough-password",
            "member": w.members["吴老师"],
        },
    ),
    "duties_release": (
        org_services.duties_release,
        lambda w: {"member": _position(w).member, "on": datetime.date(2025, 5, 1)},
    ),
    # members
    "member_create": (member_services.member_create, lambda w: {"union": w.school, "name": "新"}),
    "member_update": (
        member_services.member_update,
        lambda w: {"member": w.members["周会员"], "post": "教研组长"},
    ),
    "member_reveal": (
        member_services.member_reveal,
        lambda w: {"member": w.members["周会员"], "field": "mobile"},
    ),
    "member_transfer": (
        member_services.member_transfer,
        lambda w: {"member": w.members["吴老师"], "on": TODAY, "to_name": "外单位工会"},
    ),
    "member_retire": (
        member_services.member_retire,
        lambda w: {"member": w.members["吴老师"], "on": TODAY},
    ),
    "member_leave": (
        member_services.member_leave,
        lambda w: {"member": w.members["吴老师"], "on": TODAY, "reason": "调离本单位"},
    ),
    "member_death": (
        member_services.member_death,
        lambda w: {"member": w.members["吴老师"], "on": TODAY},
    ),
    "application_approve": (
        member_services.application_approve,
        lambda w: {"application": _application(w), "joined_on": TODAY},
    ),
    "application_reject": (
        member_services.application_reject,
        lambda w: {"application": _application(w), "reason": "不符合条件"},
    ),
    # finance
    "dues_base_set": (
        dues_services.dues_base_set,
        lambda w: {"member": w.members["周会员"], "items": {"basic": "3000"}},
    ),
    "dues_run": (dues_services.dues_run, lambda w: {"union": w.school, "month": "2026-01"}),
    "dues_pay": (
        dues_services.dues_pay,
        lambda w: {
            "union": w.school,
            "member": w.members["周会员"],
            "month": "2026-01",
            "amount": "10.00",
            "paid_on": TODAY,
            "method": "cash",
        },
    ),
    "dues_book": (dues_services.dues_book, lambda w: {"union": w.school, "month": "2026-01"}),
    "budget_create": (
        budget_services.budget_create,
        lambda w: {"union": w.school, "year": 2026, "lines": {"501": "1000"}},
    ),
    "voucher_create": (
        voucher_services.voucher_create,
        lambda w: {
            "union": w.school,
            "kind": "expense",
            "date": TODAY,
            "summary": "购买文体用品",
            "lines": [{"category": "50111", "amount": "100.00"}],
        },
    ),
    "voucher_submit": (voucher_services.voucher_submit, lambda w: {"voucher": _voucher(w)}),
    "voucher_delete": (voucher_services.voucher_delete, lambda w: {"voucher": _voucher(w)}),
    "voucher_approve": (
        voucher_services.voucher_approve,
        lambda w: {"voucher": voucher_services.voucher_submit(actor=None, voucher=_voucher(w))},
    ),
    "voucher_override": (
        voucher_services.voucher_override,
        lambda w: {"voucher": _voucher(w), "reason": "工会委员会研究决定的特殊情况"},
    ),
    "attachment_add": (
        attachment_services.attachment_add,
        lambda w: {"voucher": _voucher(w), "upload": SimpleUploadedFile("发票.png", PNG)},
    ),
    "rule_save": (
        rule_services.rule_save,
        lambda w: {"union": w.school, "key": "festival", "cap_year": "1"},
    ),
    "rule_disable": (rule_services.rule_disable, lambda w: {"union": w.school, "key": "festival"}),
    "finance_settings_update": (
        finance_settings.finance_settings_update,
        lambda w: {"union": w.school, "local_share": "0.5"},
    ),
    "finding_create": (
        review_services.finding_create,
        lambda w: {"union": w.school, "title": "审查意见", "text": "请补充附件"},
    ),
    "payroll_record": (
        payroll_services.payroll_record,
        lambda w: {"union": w.school, "year": 2026, "amounts": {1: "100000"}},
    ),
    "finance_export": (
        export_services.finance_export,
        lambda w: {"union": w.school, "year": 2026, "document": "经费审查工作报告"},
    ),
    "aid_deposit": (
        aid_services.aid_deposit,
        lambda w: {"union": w.school, "member": w.members["周会员"], "amount": "100", "on": TODAY},
    ),
    # plans
    "plan_create": (plan_services.plan_create, lambda w: {"union": w.school, "year": 2027}),
    "plan_update": (
        plan_services.plan_update,
        lambda w: {"plan": _plan(w), "title": "新标题", "guiding_idea": ""},
    ),
    "plan_export": (plan_services.plan_export, lambda w: {"plan": _plan(w), "kind": "plan"}),
    "item_save": (plan_services.item_save, lambda w: {"plan": _plan(w), "text": "新事项"}),
    "item_set_status": (
        plan_services.item_set_status,
        lambda w: {"item": _plan(w).items.first(), "status": "doing"},
    ),
    "summary_edit": (
        plan_services.summary_edit,
        lambda w: {
            "union": w.school,
            "year": 2026,
            "key": "overview",
            "text": "改写",
            "draft": "原文",
        },
    ),
    "summary_regenerate": (
        plan_services.summary_regenerate,
        lambda w: {"union": w.school, "year": 2026, "key": "overview"},
    ),
    # 公示 (objection_raise is left out: any member of the union may object, by design)
    "publicity_open": (
        services_publicity.publicity_open,
        lambda w: {
            "union": w.school,
            "kind": "test.publicity",
            "title": "公示",
            "columns": ["姓名"],
            "rows": [["周会员"]],
        },
    ),
    "objection_answer": (
        services_publicity.objection_answer,
        lambda w: {"objection": _objection(w), "answer": "答复", "upheld": False},
    ),
    "publicity_close": (services_publicity.publicity_close, lambda w: {"publicity": _publicity(w)}),
    "publicity_notice": (
        services_publicity.publicity_notice,
        lambda w: {"publicity": _publicity(w)},
    ),
    # care
    "care_settings_save": (
        care_services.care_settings_save,
        lambda w: {"union": w.school, "fields": {"dibao": "1000"}},
    ),
    "hardship_apply": (
        care_services.hardship_apply,
        lambda w: {"member": w.members["吴老师"], **care_figures()},
    ),
    "hardship_screen": (care_services.hardship_screen, lambda w: {"file": _care_file(w)}),
    "hardship_reject": (
        care_services.hardship_reject,
        lambda w: {"file": _care_file(w), "reason": "不符合"},
    ),
    "hardship_visit": (
        care_services.hardship_visit,
        lambda w: {
            "file": _care_file(w),
            "visited_on": TODAY,
            "visitors": "甲、乙",
            "findings": "属实",
            "consent": SimpleUploadedFile("c.png", PNG),
        },
    ),
    "hardship_publicize": (care_services.hardship_publicize, lambda w: {"file": _care_file(w)}),
    "hardship_establish": (
        care_services.hardship_establish,
        lambda w: {"file": _care_file(w), "plan": "慰问"},
    ),
    "aid_record": (
        care_services.aid_record,
        lambda w: {"file": _care_file(w), "kind": "money", "given_on": TODAY, "amount": "100"},
    ),
    "hardship_review": (
        care_services.hardship_review,
        lambda w: {"file": _care_file(w), **care_figures()},
    ),
    "hardship_exit": (
        care_services.hardship_exit,
        lambda w: {"file": _care_file(w), "reason": "脱困"},
    ),
    "hardship_view": (care_services.hardship_view, lambda w: {"file": _care_file(w)}),
    "payment_draft": (
        care_payments.payment_draft,
        lambda w: {
            "union": w.school,
            "category": "50201",
            "payees": [(w.members["吴老师"], "100.00")],
            "date": TODAY,
            "summary": "困难帮扶",
        },
    ),
    # care: 金秋助学
    "bursary_settings_save": (
        bursary_services.bursary_settings_save,
        lambda w: {"union": w.school, "fields": {}},
    ),
    "bursary_round_open": (
        bursary_services.bursary_round_open,
        lambda w: {"union": w.school, "year": 2025},
    ),
    "bursary_apply": (
        bursary_services.bursary_apply,
        lambda w: {"round": _round(w), "member": w.members["吴老师"], **_bursary_child()},
    ),
    "bursary_approve": (
        bursary_services.bursary_approve,
        lambda w: {"application": _bursary_application(w)},
    ),
    "bursary_reject": (
        bursary_services.bursary_reject,
        lambda w: {"application": _bursary_application(w), "reason": "不符合"},
    ),
    "bursary_publicize": (bursary_services.bursary_publicize, lambda w: {"round": _round(w)}),
    "bursary_pay": (bursary_services.bursary_pay, lambda w: {"round": _round(w)}),
    # care: 走访慰问
    "life_event_record": (
        visit_services.life_event_record,
        lambda w: {"member": w.members["吴老师"], "kind": "生病住院", "occurred_on": TODAY},
    ),
    "life_event_withdraw": (
        visit_services.life_event_withdraw,
        lambda w: {"event": _event(w), "reason": "误录"},
    ),
    "care_visit_record": (
        visit_services.care_visit_record,
        lambda w: {"event": _event(w), "visited_on": TODAY, "visitors": "李主席"},
    ),
    "campaign_create": (
        visit_services.campaign_create,
        lambda w: {
            "union": w.school,
            "name": "夏送清凉",
            "kind": "summer",
            "starts_on": TODAY,
            "ends_on": TODAY,
        },
    ),
    "campaign_targets_add": (
        visit_services.campaign_targets_add,
        lambda w: {"campaign": _campaign(w), "source": "retired"},
    ),
    "campaign_target_remove": (
        visit_services.campaign_target_remove,
        lambda w: {"target": _target(w)},
    ),
    "campaign_target_visit": (
        visit_services.campaign_target_visit,
        lambda w: {"target": _target(w), "visited_on": TODAY, "visitors": "李主席"},
    ),
    "summary_export": (
        plan_services.summary_export,
        lambda w: {"union": w.school, "year": 2026},
    ),
}


CASES.update(tables.merged("CASES"))  # the newer parts' rows (tests/core/tables.py)


def _rows() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("who", ["outsider", "member"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_service_refuses_a_user_without_the_permission_and_writes_nothing(
    world, data_dir, case, who
):
    service, arguments = CASES[case]
    kwargs = arguments(world)
    before, entries, files = _rows(), AuditEntry.objects.count(), _files(data_dir)
    with pytest.raises(PermissionDenied):
        service(actor=getattr(world, who), **kwargs)
    assert AuditEntry.objects.count() == entries
    assert _rows() == before
    assert _files(data_dir) == files  # (the arguments' own uploads, e.g. a proof, stay)


def test_an_anonymous_visitor_is_not_the_system(world):
    with pytest.raises(PermissionDenied):
        member_services.member_create(actor=AnonymousUser(), union=world.school, name="匿名")
    with pytest.raises(PermissionDenied):
        voucher_services.voucher_create(
            actor=AnonymousUser(),
            union=world.school,
            kind="expense",
            date=TODAY,
            summary="x",
            lines=[{"category": "50111", "amount": "1.00"}],
        )


def test_recording_a_death_ends_the_posts_for_whoever_may_record_it(world):
    """The committee member holds member.change but not committee.change: the posts end as a
    consequence of the death they record, audited under their name."""
    position = _position(world)
    org_services.group_update(
        actor=None, group=world.chinese, name="语文组", leader=world.members["李主席"]
    )
    member_services.member_death(actor=world.committee, member=world.members["李主席"], on=TODAY)
    position.refresh_from_db()
    world.chinese.refresh_from_db()
    assert position.ended_on == TODAY and world.chinese.leader is None
    ended = AuditEntry.objects.get(action="position.end")
    assert ended.actor == world.committee
    other = org_services.position_add(
        actor=None, term=position.term, member=world.members["王委员"], post=Post.MEMBER
    )
    with pytest.raises(PermissionDenied):  # ending a post by itself is committee.change
        org_services.position_end(actor=world.committee, position=other, ended_on=TODAY)


# --- the rule, read from the code ----------------------------------------------------------

# finance.services.voucher_lines holds the voucher services' line helpers (check, write,
# describe), called inside those services' transactions, not services themselves.
MODULES = [
    "gonghui.core.services",
    "gonghui.orgs.services",
    "gonghui.members.services",
    "gonghui.members.services_import",
    "gonghui.plans.services",
    "gonghui.finance.services.aid",
    "gonghui.finance.services.attachments",
    "gonghui.finance.services.budget",
    "gonghui.finance.services.dues",
    "gonghui.finance.services.exports",
    "gonghui.finance.services.payroll",
    "gonghui.finance.services.review",
    "gonghui.finance.services.rules",
    "gonghui.finance.services.settings",
    "gonghui.finance.services.vouchers",
    "gonghui.congress.services.elections",
    "gonghui.congress.services.evaluation",
    "gonghui.congress.services.papers",
    "gonghui.congress.services.polls",
    "gonghui.congress.services.proposals",
    "gonghui.congress.services.settings",
    "gonghui.congress.services.sittings",
    "gonghui.congress.services.terms",
    "gonghui.core.services_publicity",
    "gonghui.care.services",
    "gonghui.care.services_visits",
    "gonghui.care.services_bursary",
    "gonghui.care.payments",
    *tables.modules(),
]
# Writes no person asks for, or that anyone may send: they take no actor, say so in their
# docstring, and their audit entries name no user.
WITHOUT_ACTOR = {
    "gonghui.core.services.notice_create": "the system delivers reminders (gonghui remind)",
    "gonghui.core.services.notice_mark_emailed": "the system stamps a sent mail",
    "gonghui.members.services.member_apply": "the public 入会申请 form; approved by member.change",
}


# Writes on what is the actor's own and nobody else's, whatever their roles: checked by
# ownership (PermissionDenied for anyone else), as no permission could say it.
OWN_ONLY = {
    "gonghui.core.services.notice_read": "one's own notices",
}
OWN_ONLY.update(tables.merged("OWN_ONLY"))


# A representative's own acts at the congress: no role makes a person a representative, so
# these are checked by the seat (PermissionDenied for anyone not seated in the term), through
# queries.proposals.own_seat, the ballot core's voter rule or the sitting's access rule.
REPRESENTATIVE_OWN = {
    "gonghui.congress.services.proposals.proposal_create": "the proposer's seat",
    "gonghui.congress.services.proposals.cosign_confirm": "the co-signer's seat",
    "gonghui.congress.services.proposals.cosign_decline": "the co-signer's seat",
    "gonghui.congress.services.proposals.cosign_ask": "the proposer's seat",
    "gonghui.congress.services.proposals.proposal_withdraw": "the proposer's seat",
    "gonghui.congress.services.proposals.proposal_rate": "the proposer's seat",
    "gonghui.congress.services.polls.vote_cast": "the voter rule of the ballot core",
    "gonghui.congress.services.evaluation.evaluation_cast": "the voter rule of the ballot core",
    "gonghui.congress.services.elections.election_cast": "the voter rule of the ballot core",
    "gonghui.congress.services.evaluation.evaluation_export": "congress.view or a seat",
}
SEAT_CHECK = r"\bown_seat\(|\.voter\(|\bsitting_access\("


def _services():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, fn in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != name:
                continue
            yield f"{name}.{attr}", inspect.unwrap(fn)


def test_every_service_takes_the_actor_and_checks_it_through_the_one_require():
    """Every public function of a services module is a service: keyword-only arguments,
    ``actor`` among them, and ``scoping.require`` in its own body — visible where the write
    is, not hidden in a helper."""
    found = dict(_services())
    assert len(found) > 60
    for name, fn in found.items():
        params = inspect.signature(fn).parameters
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values()
                   if p.kind is not inspect.Parameter.VAR_KEYWORD), name  # fmt: skip
        if name in WITHOUT_ACTOR:
            assert "actor" not in params, name
            continue
        assert "actor" in params, f"{name} takes no actor"
        check = r"\brequire\("
        if name in OWN_ONLY:
            check = r"PermissionDenied\("
        elif name in REPRESENTATIVE_OWN:
            check = SEAT_CHECK
        assert re.search(check, inspect.getsource(fn)), f"{name} does not check its actor"


def test_one_person_and_one_require():
    """The copies are gone: every services module asks core.scoping."""
    for name in MODULES:
        own = vars(importlib.import_module(name))
        for copy in ("person", "require", "_person", "_require", "_user"):
            assert own.get(copy) in (None, scoping.person, scoping.require), f"{name}.{copy}"


def test_every_services_module_is_checked():
    """A new app's services are in MODULES, so the rule above reaches them."""
    from pathlib import Path

    root = Path(importlib.import_module("gonghui").__file__).parent
    found = {
        "gonghui." + ".".join(p.relative_to(root).with_suffix("").parts)
        for p in root.rglob("services*.py")
        if "migrations" not in p.parts
    }
    found |= {
        "gonghui." + ".".join(p.relative_to(root).with_suffix("").parts)
        for d in root.rglob("services")
        if d.is_dir()
        for p in d.glob("*.py")
        if p.name != "__init__.py"
    }
    found = {m.removesuffix(".__init__") for m in found}
    helpers = {"gonghui.finance.services.voucher_lines"}  # called by the voucher services
    assert found - set(MODULES) - helpers == set()
