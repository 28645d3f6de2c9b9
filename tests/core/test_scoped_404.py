"""Nothing of another union is ever admitted to exist (issue 13): every URL pattern of the
project that names an object or a union is requested by the school's chair with the id or
code of an object of the hospital next door, and answers 404 — never 403, which would tell
them it is there. A page under ``/unions/<code>/`` with an object id is also requested with
the chair's *own* code and the hospital's id: still 404.

The walk is driven by the URL resolver, not by a list of pages: a new pattern that this file
cannot fill fails :func:`test_every_pattern_is_walked_or_skipped_with_a_reason`, so a new
module cannot forget its getter. Each foreign URL is also requested by the hospital's own
chair (in a transaction rolled back afterwards) and must *not* be 404: the ids and slugs
filled in are real, so the stranger's 404 comes from the scope and not from a typo.

The getters behind this: ``core.queries.get_scoped`` and ``get_union`` (docs/architecture.md,
"Roles and scoping"). Their own rules — 404 outside every grant, 403 within reach without
the permission — are pinned at the end of the file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gonghui.care import services as care_services
from gonghui.care import services_bursary as bursary_services
from gonghui.care import services_visits as visit_services
from gonghui.congress.models import CongressKind, RepKind
from gonghui.congress.services import elections as election_services
from gonghui.congress.services import evaluation as evaluation_services
from gonghui.congress.services import polls as poll_services
from gonghui.congress.services import proposals as proposal_services
from gonghui.congress.services import sittings as sitting_services
from gonghui.congress.services import terms as congress_terms
from gonghui.core import queries as core_queries
from gonghui.core import services_publicity
from gonghui.core.models import AuditEntry, Role, RoleGrant
from gonghui.core.publicity import register_kind
from gonghui.finance.models import FinanceSettings, PaymentMethod
from gonghui.finance.services import aid as aid_services
from gonghui.finance.services import attachments as attachment_services
from gonghui.finance.services import budget as budget_services
from gonghui.finance.services import dues as dues_services
from gonghui.finance.services import review as review_services
from gonghui.finance.services import vouchers as voucher_services
from gonghui.members import services as member_services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Body, Post, Sex
from gonghui.plans import services as plan_services
from tests.care.conftest import figures as care_figures
from tests.conftest import id_number
from tests.core import tables
from tests.core.tables import A, f

YEAR = 2026
DAY = datetime.date(2026, 3, 10)
register_kind("test.publicity", "测试公示", "member.change")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@dataclass
class Foreign:
    """One object of every kind, all in the hospital union (world.hospital)."""

    code: str
    publicity: int
    objection: int
    care_file: int
    care_visit: int
    care_event: int
    care_campaign: int
    care_target: int
    bursary_round: int
    bursary_application: int
    grant: int
    account: int
    group: int
    term: int
    position: int
    member: int
    letter_member: int
    letter: int
    application: int
    voucher: int
    attachment: int
    finding: int
    payment: int
    loan: int
    borrower: int
    congress_term: int
    representative: int
    sitting: int
    token: str
    proposal: int
    poll: int
    evaluation: int
    election: int
    item: int
    target: int
    link: int
    section: int


def build_foreign(world) -> Foreign:
    """The hospital's records, written through the services as the system (actor=None)."""
    hospital, ward = world.hospital, world.ward
    nurse = world.members["郑护士"]

    def member(name, sex=Sex.FEMALE):
        return member_services.member_create(
            actor=None, union=hospital, name=name, sex=sex, group=ward
        )

    doctor, surgeon, leaver = member("孙医生", Sex.MALE), member("周医生"), member("冯护士")
    # --- orgs and members
    term = org_services.term_create(
        actor=None,
        union=hospital,
        body=Body.COMMITTEE,
        number=2,
        elected_on=datetime.date(2024, 6, 1),
        term_years=5,
    )
    position = org_services.position_add(actor=None, term=term, member=nurse, post=Post.CHAIR)
    letter = member_services.member_transfer(
        actor=None, member=leaver, on=DAY, to_name="外县人民医院工会", reason="调动"
    )
    application = member_services.member_apply(
        union=hospital, name="何护士", id_number=id_number("19960606", 128), mobile="13700005678"
    )
    grant = RoleGrant.objects.active().get(user=world.outsider, role=Role.CHAIR)
    account = org_services.member_account_open(
        actor=None, union=hospital, username="sun-yisheng", full_name="孙医生", mobile=None,
        password="a-long-enough-password", member=doctor,
    )  # fmt: skip
    # --- finance
    voucher = voucher_services.voucher_create(
        actor=None,
        union=hospital,
        kind="expense",
        date=DAY,
        summary="购买办公用品",
        lines=[{"category": "50111", "amount": "100.00"}],
    )
    attachment = attachment_services.attachment_add(
        actor=None,
        voucher=voucher,
        upload=SimpleUploadedFile("发票.pdf", PDF, content_type="application/pdf"),
    )
    finding = review_services.finding_create(
        actor=None, union=hospital, title="凭证附件不全", text="请补充发票。", voucher=voucher
    )
    dues_services.dues_base_set(actor=None, member=nurse, items={"basic": Decimal("4000")})
    month = datetime.date(YEAR, 3, 1)
    dues_services.dues_run(actor=None, union=hospital, month=month)
    batch = dues_services.dues_pay(
        actor=None,
        union=hospital,
        member=nurse,
        month=month,
        amount=Decimal("20.00"),
        paid_on=DAY,
        method=PaymentMethod.CASH,
    )
    FinanceSettings.objects.update_or_create(union=hospital, defaults={"mutual_aid": True})
    aid_services.aid_deposit(
        actor=None, union=hospital, member=doctor, amount="5000", on=datetime.date(YEAR, 1, 5)
    )
    loan = aid_services.aid_loan(
        actor=None, union=hospital, member=nurse, amount="1200", on=DAY, months=12
    )
    budget_services.budget_create(
        actor=None, union=hospital, year=YEAR, lines={"50111": Decimal("1000")}
    )
    # --- congress: the outsider (郑护士) holds a seat, so the check-in and proposal pages
    # are open to the hospital's own people.
    congress_term = congress_terms.term_create(
        actor=None,
        union=hospital,
        kind=CongressKind.WORKERS,
        number=1,
        starts_on=datetime.date(2025, 1, 1),
    )
    rep, *cosigners = (
        congress_terms.rep_elect(
            actor=None,
            term=congress_term,
            member=m,
            constituency=ward,
            elected_on=datetime.date(2025, 1, 1),
            kind=RepKind.VOTING,
        )
        for m in (nurse, doctor, surgeon)
    )
    today = timezone.localdate()
    sitting = sitting_services.sitting_create(
        actor=None,
        term=congress_term,
        date=today + datetime.timedelta(days=30),
        proposals_open=today - datetime.timedelta(days=3),
        proposals_close=today + datetime.timedelta(days=3),
    )
    sitting = sitting_services.sitting_notice(actor=None, sitting=sitting, noticed_on=today)
    proposal = proposal_services.proposal_create(
        actor=world.outsider,
        sitting=sitting,
        title="关于增加夜班补贴的提案",
        reason="夜班多。",
        measures="提高补贴。",
        cosigners=cosigners,
    )
    poll = poll_services.poll_create(actor=None, sitting=sitting, title="审议工作报告")
    evaluation = evaluation_services.evaluation_create(
        actor=None, sitting=sitting, title="民主评议院领导", subjects=[("王院长", "院长")]
    )
    election = election_services.election_create(
        actor=None, sitting=sitting, title="选举工会委员会", seats=1, candidates=[doctor, surgeon]
    )
    # --- plans
    plan = plan_services.plan_create(actor=None, union=hospital, year=YEAR, title="工作计划")
    section = plan_services.section_save(actor=None, plan=plan, number="一", title="组织建设")
    item = plan_services.item_save(actor=None, plan=plan, text="召开职代会", section=section)
    target = plan_services.target_save(actor=None, item=item, text="发展会员10人", value=10)
    link = plan_services.item_link(
        actor=None, item=item, obj=sitting, label=sitting.name, on=sitting.date
    )
    # --- 公示 and care
    publicity = services_publicity.publicity_open(
        actor=None,
        union=hospital,
        kind="test.publicity",
        title="公示",
        columns=["姓名"],
        rows=[["郑护士"]],
    )
    objection = services_publicity.objection_raise(
        actor=None, publicity=publicity, text="异议", member=nurse
    )
    care_file = care_services.hardship_apply(actor=None, member=nurse, **care_figures())
    care_services.hardship_screen(actor=None, file=care_file)
    care_visit = care_services.hardship_visit(
        actor=None,
        file=care_file,
        visited_on=timezone.localdate(),  # not before the application (today)
        visitors="甲、乙",
        findings="属实",
        consent=SimpleUploadedFile("c.pdf", PDF),
    )
    event = visit_services.life_event_record(
        actor=None, member=nurse, kind="生病住院", occurred_on=timezone.localdate()
    )
    campaign = visit_services.campaign_create(
        actor=None,
        union=hospital,
        name="春节送温暖",
        kind="spring",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    visit_services.campaign_targets_add(
        actor=None, campaign=campaign, source="picked", members=[nurse]
    )
    bursary_round = bursary_services.bursary_round_open(actor=None, union=hospital, year=2025)
    bursary_application = bursary_services.bursary_apply(
        actor=None,
        round=bursary_round,
        member=nurse,
        child_name="郑小雨",
        level="undergraduate",
        school="华中科技大学",
        proof=SimpleUploadedFile("录取通知书.pdf", PDF),
        confirmed=True,
        today=datetime.date(2025, 8, 1),
    )
    return Foreign(
        bursary_round=bursary_round.pk,
        bursary_application=bursary_application.pk,
        care_event=event.pk,
        care_campaign=campaign.pk,
        care_target=campaign.targets.get().pk,
        publicity=publicity.pk,
        objection=objection.pk,
        care_file=care_file.pk,
        care_visit=care_visit.pk,
        code=hospital.code,
        grant=grant.pk,
        account=account.pk,
        group=ward.pk,
        term=term.pk,
        position=position.pk,
        member=nurse.pk,
        letter_member=leaver.pk,
        letter=letter.pk,
        application=application.pk,
        voucher=voucher.pk,
        attachment=attachment.pk,
        finding=finding.pk,
        payment=batch.payments.get().pk,
        loan=loan.pk,
        borrower=nurse.pk,
        congress_term=congress_term.pk,
        representative=rep.pk,
        sitting=sitting.pk,
        token=sitting.checkin_token,
        proposal=proposal.pk,
        poll=poll.pk,
        evaluation=evaluation.pk,
        election=election.pk,
        item=item.pk,
        target=target.pk,
        link=link.pk,
        section=section.pk,
    )


# --- how to fill each pattern -------------------------------------------------------------
# A pattern's kwargs: ``code`` is always the hospital's, ``year`` the year of its records;
# the rest is named here per pattern (the object ``pk`` stands for, and any slug chosen
# among the valid ones, so the owner's control request finds a real page).


FILL = {
    # core
    "core:union_roles": f(),
    "core:role_revoke": f("grant"),
    "core:password_reset": f("account"),
    "core:history": lambda o: {"object_type": "orgs.committeeterm", "object_id": str(o.term)},
    # orgs
    "orgs:union_detail": f(),
    "orgs:union_create": f(),
    "orgs:union_edit": f(),
    "orgs:union_move": f(),
    "orgs:union_archive": f(),
    "orgs:group_create": f(),
    "orgs:term_create": f(),
    "orgs:group_detail": f("group"),
    "orgs:group_edit": f("group"),
    "orgs:group_archive": f("group"),
    "orgs:term_detail": f("term"),
    # members
    "members:member_list": f(),
    "members:member_create": f(),
    "members:member_export": f(),
    "members:member_pick": f(),
    "members:member_import": f(),
    "members:member_import_apply": f(),
    "members:application_list": f(),
    "members:member_detail": f("member"),
    "members:member_edit": f("member"),
    "members:member_reveal": f("member", field="mobile"),
    "members:transfer_letter": f("letter_member", event_pk=A("letter")),
    "members:member_action": f("member", action="retire"),
    "members:application_detail": f("application"),
    # finance
    "finance:home": f(),
    "finance:dues_home": f(),
    "finance:dues_run": f(),
    "finance:dues_book": f(),
    "finance:dues_arrears": f(),
    "finance:dues_pay": f(),
    "finance:dues_member_options": f(),
    "finance:dues_import": f(),
    "finance:dues_import_apply": f(),
    "finance:dues_bases": f(),
    "finance:dues_base_import": f(),
    "finance:dues_base_import_apply": f(),
    "finance:dues_base_edit": f("member"),
    "finance:dues_member": f("member"),
    "finance:dues_reverse": f("payment"),
    "finance:voucher_list": f(),
    "finance:voucher_create": f(),
    "finance:voucher_line": f(),
    "finance:voucher_detail": f("voucher"),
    "finance:voucher_edit": f("voucher"),
    "finance:attachment_upload": f("voucher"),
    "finance:voucher_action": f("voucher", action="submit"),
    "finance:attachment_download": f("attachment"),
    "finance:attachment_delete": f("attachment"),
    "finance:rule_list": f(),
    "finance:rule_create": f(),
    "finance:rule_edit": f(key="festival"),
    "finance:rule_action": f(key="festival", action="disable"),
    "finance:settings": f(),
    "finance:budget_list": f(),
    "finance:budget_create": f(),
    "finance:budget_detail": f(),
    "finance:budget_update": f(),
    "finance:budget_adopt": f(),
    "finance:budget_adjust": f(),
    "finance:review_home": f(),
    "finance:finding_create": f(),
    "finance:finding_detail": f("finding"),
    "finance:finding_respond": f("finding"),
    "finance:finding_close": f("finding"),
    "finance:statements_index": f(),
    "finance:statements": f(),
    "finance:statement_download": f(),
    "finance:audit_report": f(),
    "finance:payroll": f(),
    "finance:aid_fund": f(),
    "finance:aid_deposit": f(),
    "finance:aid_withdraw": f(),
    "finance:aid_loan": f(),
    "finance:aid_schedule_preview": f(),
    "finance:aid_loan_detail": f("loan"),
    "finance:aid_repay": f("loan"),
    "finance:aid_member": f("borrower"),
    # congress
    "congress:home": f(),
    "congress:settings": f(),
    "congress:term_create": f(),
    "congress:term_detail": f("congress_term"),
    "congress:rep_elect": f("congress_term"),
    "congress:assembly_seat_all": f("congress_term"),
    "congress:term_close": f("congress_term"),
    "congress:rep_replace": f("representative"),
    "congress:rep_recall": f("representative"),
    "congress:rep_end": f("representative"),
    "congress:sitting_create": f("congress_term"),
    "congress:sitting_detail": f("sitting"),
    "congress:attendance": f("sitting"),
    "congress:sitting_edit": f("sitting"),
    "congress:sitting_notice": f("sitting"),
    "congress:sitting_open": f("sitting"),
    "congress:sitting_close": f("sitting"),
    "congress:secretariat_checkin": f("sitting", rep=A("representative")),
    "congress:checkin": f(token=A("token")),
    "congress:proposal_list": f("sitting"),
    "congress:proposal_new": f("sitting"),
    "congress:proposal_book": f("sitting"),
    "congress:proposal_detail": f("proposal"),
    "congress:proposal_cosign": f("proposal"),
    "congress:proposal_ask": f("proposal"),
    "congress:proposal_review": f("proposal"),
    "congress:proposal_assign": f("proposal"),
    "congress:proposal_answer": f("proposal"),
    "congress:proposal_rate": f("proposal"),
    "congress:proposal_withdraw": f("proposal"),
    "congress:poll_list": f("sitting"),
    "congress:poll_new": f("sitting"),
    "congress:poll_sheet": f("sitting"),
    "congress:poll_detail": f("poll"),
    "congress:poll_vote": f("poll"),
    "congress:poll_paper": f("poll"),
    "congress:poll_revote": f("poll"),
    "congress:poll_action": f("poll", action="open"),
    "congress:evaluation_list": f("sitting"),
    "congress:evaluation_new": f("sitting"),
    "congress:evaluation_detail": f("evaluation"),
    "congress:evaluation_vote": f("evaluation"),
    "congress:evaluation_xlsx": f("evaluation"),
    "congress:evaluation_paper": f("evaluation"),
    "congress:evaluation_action": f("evaluation", action="open"),
    "congress:election_list": f("sitting"),
    "congress:election_new": f("sitting"),
    "congress:election_detail": f("election"),
    "congress:election_vote": f("election"),
    "congress:election_paper": f("election"),
    "congress:election_commit": f("election"),
    "congress:election_next": f("election", kind="runoff"),
    "congress:election_action": f("election", action="open"),
    "congress:sitting_paper": f("sitting", kind="notice"),
    "congress:sitting_archive": f("sitting"),
    "congress:poll_paper_doc": f("poll", kind="ballots"),
    "congress:evaluation_paper_doc": f("evaluation", kind="ballots"),
    "congress:election_paper_doc": f("election", kind="ballots"),
    # plans
    "plans:import": f(),
    "plans:home": f(),
    "plans:plan_create": f(),
    "plans:plan": f(),
    "plans:outline": f(),
    "plans:calendar": f(),
    "plans:calendar_month": f(month=3),
    "plans:list": f(),
    "plans:plan_edit": f(),
    "plans:plan_copy": f(),
    "plans:document": f(kind="plan"),
    "plans:item": f("item"),
    "plans:item_edit": f("item"),
    "plans:item_delete": f("item"),
    "plans:item_status": f("item"),
    "plans:target_add": f("item"),
    "plans:target_delete": f("target"),
    "plans:link_add": f("item"),
    "plans:link_options": f("item"),
    "plans:link_delete": f("link"),
    "plans:item_create": f(),
    "plans:section_create": f(),
    "plans:section_edit": f("section"),
    "plans:summary_home": f(),
    "plans:summary": f(),
    "plans:summary_edit": f(),
    "plans:summary_regenerate": f(),
    "plans:summary_docx": f(),
    # 公示
    "core:publicity_list": f(),
    "core:publicity_detail": f("publicity"),
    "core:publicity_close": f("publicity"),
    "core:publicity_notice": f("publicity"),
    "core:objection_answer": f("objection"),
    # care
    "care:files": f(),
    "care:apply_for": f(),
    "care:settings": f(),
    "care:file": f("care_file"),
    "care:screen": f("care_file"),
    "care:reject": f("care_file"),
    "care:visit": f("care_file"),
    "care:publicize": f("care_file"),
    "care:establish": f("care_file"),
    "care:aid": f("care_file"),
    "care:review": f("care_file"),
    "care:exit": f("care_file"),
    "care:consent": f("care_visit"),
    "care:visits": f(),
    "care:event_new": f(),
    "care:campaigns": f(),
    "care:campaign_new": f(),
    "care:event": f("care_event"),
    "care:event_visit": f("care_event"),
    "care:event_withdraw": f("care_event"),
    "care:campaign": f("care_campaign"),
    "care:campaign_targets": f("care_campaign"),
    "care:target_visit": f("care_target"),
    "care:target_remove": f("care_target"),
    "care:bursary_rounds": f(),
    "care:bursary_settings": f(),
    "care:bursary_round": f("bursary_round"),
    "care:bursary_apply_for": f("bursary_round"),
    "care:bursary_publicize": f("bursary_round"),
    "care:bursary_pay": f("bursary_round"),
    "care:bursary_approve": f("bursary_application"),
    "care:bursary_reject": f("bursary_application"),
    "care:bursary_proof": f("bursary_application"),
}

# The kwargs that carry an object's id (``key``, ``kind``, ``action``… are kinds, the same in
# every union).
OBJECT_IDS = {"pk", "event_pk", "rep"}

# Patterns with nothing of a union in their URL, each with the reason it is not walked.
SKIPPED = {
    "admin": "Django's admin (every pattern under /admin/): staff accounts only, its own rules",
    "core:dashboard": "the user's own 工作台; the union comes from their session, re-checked",
    "core:login": "no object",
    "core:logout": "no object",
    "core:switch_union": "the code comes in the POST body: walked by test_the_switcher_…",
    "core:audit_list": "the current union's trail; the union comes from the session",
    "core:me": "the user's own record",
    "core:account_email": "the user's own account",
    "core:password_change": "the user's own password",
    "core:password_forgot": "no object: an e-mail address, answered alike whether known or not",
    "core:password_forgot_sent": "no object",
    "core:password_reset_confirm": "the signed token of the mailed link is the key, no union",
    "core:password_reset_complete": "no object",
    "core:notices": "the user's own notices",
    "core:publicity_mine": "the open 公示 of the user's own union (their own Member record)",
    "care:mine": "the user's own application; the member comes from the account",
    "care:my_events": "the user's own events; the member comes from the account",
    "care:bursary_mine": "the user's own applications; the member comes from the account",
    "core:prepared": "the user's own export: its random token and owner (test_prepared.py)",
    "core:prepared_download": "the user's own export: its token and owner (test_prepared.py)",
    "core:notice_badge": "the user's own notices",
    "orgs:union_list": "the unions in the user's reach, by construction",
    "members:roster_template": "an empty spreadsheet, the same for everyone",
    "members:join": "public by design: anyone may apply to join a grassroots union by its code",
    "members:join_status": "public by design: the applicant's 查询码 and mobile are the key",
    "finance:my_dues": "the user's own dues",
    "congress:proposal_mine": "the user's own proposals and co-sign requests",
}
FILL.update(tables.merged("FILL"))  # the newer parts' rows (tests/core/tables.py)
SKIPPED.update(tables.merged("SKIPPED"))


def walk(patterns, prefix="", namespace=""):
    """(route, name) of every pattern, names qualified by their namespace."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}"


def patterns() -> dict[str, str]:
    """{name: route} of the project, the admin's folded into one entry."""
    found = {}
    for route, name in walk(get_resolver().url_patterns):
        found["admin" if name.startswith("admin:") else name] = route
    return found


def test_every_pattern_is_walked_or_skipped_with_a_reason():
    names = set(patterns())
    unknown = names - FILL.keys() - SKIPPED.keys()
    assert not unknown, (
        f"new URL patterns: {sorted(unknown)}. Fetch their objects through a scoped getter "
        "(queries.get_<thing> → core.queries.get_scoped) and add them to FILL here, or to "
        "SKIPPED with the reason they name nothing of a union."
    )
    assert not (FILL.keys() | SKIPPED.keys()) - names, "FILL/SKIPPED name patterns that are gone"
    assert not FILL.keys() & SKIPPED.keys()
    # Everything with a parameter in its route is walked; skipping is for the rest (and the
    # public application form).
    routes = patterns()
    assert {n for n in SKIPPED if "<" in routes[n]} == {
        "admin",
        "members:join",
        "members:join_status",
        "core:password_reset_confirm",
        "core:prepared",
        "core:prepared_download",
    }


@pytest.fixture
def foreign(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    found = build_foreign(world)
    for field, pk in tables.foreign(world).items():
        setattr(found, field, pk)
    return found


def _status(client, method, url, data=None):
    return getattr(client, method)(url, data or {}).status_code


def _refused(client, url) -> list[str]:
    """What is wrong with the answers to a stranger ("" when both are right): each method
    is 404, or 405 where the view takes only the other one — and at least one is 404."""
    got = {m: _status(client, m, url) for m in ("get", "post")}
    if all(s in (404, 405) for s in got.values()) and 404 in got.values():
        return []
    return [f"{url}: GET {got['get']}, POST {got['post']}"]


def _owner_sees(client, url) -> bool:
    """The hospital's own chair is not told 404 (by GET or POST; writes rolled back)."""
    for method in ("get", "post"):
        with transaction.atomic():
            status = _status(client, method, url)
            transaction.set_rollback(True)
        if status != 404:
            return True
    return False


def test_every_object_of_another_union_is_404(world, foreign, client_for):
    stranger = client_for(world.chair)
    owner = Client()
    owner.force_login(world.outsider)
    wrong, ghosts, walked = [], [], 0
    own_code = world.school.code
    for name, route in sorted(patterns().items()):
        if name not in FILL:
            continue
        kwargs = {"code": foreign.code, "year": YEAR} | FILL[name](foreign)
        kwargs = {k: v for k, v in kwargs.items() if f":{k}>" in route}
        url = reverse(name, kwargs=kwargs)
        walked += 1
        wrong += _refused(stranger, url)
        if "code" in kwargs and OBJECT_IDS & kwargs.keys():
            # The chair's own union in the URL does not make the hospital's object theirs.
            wrong += _refused(stranger, reverse(name, kwargs=kwargs | {"code": own_code}))
        if not _owner_sees(owner, url):
            ghosts.append(url)
    assert not wrong, "answered a stranger other than 404:\n" + "\n".join(wrong)
    assert not ghosts, "not even the owner finds these (wrong id or slug?):\n" + "\n".join(ghosts)
    assert walked == len(FILL)


def test_the_switcher_does_not_switch_to_a_union_out_of_reach(world, client_for):
    response = client_for(world.chair).post(reverse("core:switch_union"), {"union": "hospital"})
    assert response.status_code == 404


# --- the getters' own rules ---------------------------------------------------------------


def fresh(user):
    """The user without grants cached by an earlier call."""
    user.__dict__.pop("_gonghui_grants", None)
    return user


def test_get_union_is_404_outside_reach_403_within_it_without_the_permission(world):
    assert core_queries.get_union(fresh(world.chair), "school") == world.school
    with pytest.raises(Http404):
        core_queries.get_union(fresh(world.outsider), "school")
    with pytest.raises(Http404):
        core_queries.get_union(fresh(world.chair), "no-such-union")
    # The chair's parent federation is not within their grants either.
    with pytest.raises(Http404):
        core_queries.get_union(fresh(world.chair), "fed")
    with pytest.raises(PermissionDenied):
        core_queries.get_union(fresh(world.treasurer), "school", "role.change")
    assert core_queries.get_union(fresh(world.fed_admin), "school", "role.change")
    assert core_queries.get_union(fresh(world.platform_admin), "hospital", "org.view")


def test_get_union_refuses_a_federation_with_the_message_given(world):
    with pytest.raises(PermissionDenied, match="基层"):
        core_queries.get_union(fresh(world.fed_admin), "fed", "org.view", grassroots="只有基层")
    assert core_queries.get_union(fresh(world.fed_admin), "fed", "org.view") == world.fed


def test_get_scoped_lets_a_right_that_is_not_a_role_in_first(world):
    from gonghui.orgs.models import Member

    nurse = world.members["郑护士"]
    members = Member.objects.select_related("union", "group")
    kwargs = {"union": "union", "missing": "没有", "pk": nurse.pk}
    with pytest.raises(Http404):
        core_queries.get_scoped(members, fresh(world.chair), "member.view", **kwargs)
    assert core_queries.get_scoped(
        members, fresh(world.chair), "member.view", allow=lambda m: True, **kwargs
    )
    # Within reach, the permission decides: a plain member may not open another's record.
    other = world.members["吴老师"]
    with pytest.raises(PermissionDenied):
        core_queries.get_scoped(
            members, fresh(world.member), "member.view", **kwargs | {"pk": other.pk}
        )


def test_the_audit_history_of_another_union_is_404(world, client_for):
    entry = AuditEntry.objects.filter(union=world.hospital).first()
    url = reverse("core:history", args=[entry.object_type, entry.object_id])
    assert client_for(world.chair).get(url).status_code == 404
    assert client_for(world.outsider).get(url).status_code == 200
