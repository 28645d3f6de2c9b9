"""The collective-contract procedure plugged into the platform: its audit actions, the
"集体合同" entry of the 维权 menu, the 待办 of deadlines due within a week or passed, the daily
reminders of every legal deadline to those who run the union's contracts, and the congress
close hook that applies a draft's vote (``services_contracts.draft_vote_apply``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.reminders import Reminder
from gonghui.core.todo import Counted, Todo

from . import queries_contracts as q

AUDIT_ACTIONS = {
    "rights.contract_offer": "发出集体合同要约",
    "rights.contract_reply": "登记要约书面答复",
    "rights.contract_employer": "登记集体合同覆盖企业",
    "rights.contract_rep_add": "增加协商代表",
    "rights.contract_rep_leave": "登记协商代表离任",
    "rights.contract_rep_replace": "补齐协商代表",
    "rights.contract_session": "登记协商会议",
    "rights.contract_draft": "形成集体合同草案",
    "rights.contract_to_congress": "集体合同草案提交职代会",
    "rights.contract_vote": "职代会审议集体合同草案结果",
    "rights.contract_sign": "集体合同签字",
    "rights.contract_submit": "集体合同报送审查",
    "rights.contract_review": "登记审查意见书",
    "rights.contract_publish": "集体合同向职工公布",
    "rights.contract_report": "登记履约检查报告",
    "rights.contract_end": "集体合同期满或终止",
    "rights.contract_abandon": "终止集体协商",
    "rights.contract_record": "补录已签订的集体合同",
}
FIELDS = {
    "rights.negotiationsession": {"contract_stage": "合同阶段", "attendees": "出席代表"},
    "rights.contractdraft": {"outcome": "表决结果", "contract_stage": "合同阶段"},
    "rights.contractreview": {
        "contract_stage": "合同阶段",
        "cleared_signed_on": "撤销的签字日期",
        "cleared_effective_on": "撤销的生效日期",
    },
}


def todos(user, union) -> list:
    """Deadlines of the union's contracts due within a week or passed, and renewal windows
    open with no renewal begun: counted with the other sources' in one query (the union's
    settings read inside it)."""
    if not scoping.has_perm(user, "rights.change", union=union):
        return []
    querysets = q.due_querysets(union, timezone.localdate())
    url = reverse("rights:contracts", args=[union.code])

    def lines(counts: dict[str, int]) -> list[Todo]:
        return [Todo(q.DUE_LABELS[k], counts[k], url) for k in querysets]

    return [Counted(querysets, lines)]


def change_users(union_ids) -> dict[int, list]:
    """Who runs each union's contracts: its chairs and 工会委员 (grants), and the committee
    member whose 分工 is 维权 (two queries)."""
    from gonghui.core.models import Role, RoleGrant
    from gonghui.orgs.models import CURRENT_MEMBER_STATUSES, Body, Duty, Position

    ids = set(union_ids)
    found: dict[int, dict] = {}
    grants = (
        RoleGrant.objects.active()
        .filter(role__in=(Role.CHAIR, Role.COMMITTEE), union_id__in=ids, user__is_active=True)
        .select_related("user")
        .order_by("union_id", "user_id")
    )
    for g in grants:
        found.setdefault(g.union_id, {})[g.user.pk] = g.user
    posts = Position.objects.filter(
        term__union_id__in=ids,
        term__body=Body.COMMITTEE,
        term__closed_on__isnull=True,
        ended_on__isnull=True,
        duty=Duty.RIGHTS,
        member__status__in=CURRENT_MEMBER_STATUSES,
        member__user__is_active=True,
    ).select_related("term", "member__user")
    for post in posts:
        found.setdefault(post.term.union_id, {})[post.member.user.pk] = post.member.user
    return {uid: list(users.values()) for uid, users in found.items()}


REMIND = {
    "reply": "要约书面答复期限",
    "submit": "报送审查期限",
    "publish": "向全体职工公布期限",
    "report": "履约检查报告期限",
}


def reminders(today: datetime.date) -> list[Reminder]:
    """Every legal deadline of a live or in-force contract due within a week or passed
    (once each, keyed by the contract and the due day), each vacant seat's refill, and
    the renewal window's opening — to those who run the union's contracts."""
    from .models_contracts import CollectiveContract, ContractStage
    from .queries import settings_for

    live = (
        CollectiveContract.objects.exclude(stage__in=(ContractStage.ENDED, ContractStage.ABANDONED))
        .select_related("union")
        .prefetch_related("representatives", "reports")
    )
    out: list[Reminder] = []
    people: dict[int, list] | None = None
    settings: dict = {}
    limit = today + datetime.timedelta(days=q.SOON_DAYS)
    for c in live:
        if c.expires_on is not None and c.expires_on < today:
            continue
        if c.union_id not in settings:
            settings[c.union_id] = settings_for(c.union)
        rows = q.deadlines(
            c,
            settings[c.union_id],
            today,
            reps=list(c.representatives.all()),
            reports=list(c.reports.all()),
        )
        url = reverse("rights:contract", args=[c.pk])
        for d in rows:
            text = ""
            if d.key == "renewal":
                if (
                    d.due <= today
                    and not c.successors.exclude(stage=ContractStage.ABANDONED).exists()
                ):
                    text = f"《{c.title}》将于 {c.expires_on:%Y-%m-%d} 期满，已进入续订期，请及早发出续订要约"
            elif d.state(today) in ("info", "done", "late"):
                continue
            elif d.due <= limit:
                what = REMIND.get(d.key) or d.label
                late = "已逾期" if d.due < today else "将到期"
                text = f"《{c.title}》{what}（{d.due:%Y-%m-%d}）{late}"
            if not text:
                continue
            if people is None:
                people = change_users(x.union_id for x in live)
            out.append(
                Reminder(
                    union=c.union,
                    text=text,
                    url=url,
                    key=f"rights.contract.{c.pk}.{d.key}.{d.due:%Y%m%d}",
                    recipients=tuple(people.get(c.union_id, ())),
                )
            )
    return out


def connect(area: str) -> None:
    """Register the part's audit actions, nav entry, 待办, reminders and the congress's
    close hook."""
    from gonghui.congress.poll_hooks import register_close_hook
    from gonghui.core import audit, nav, todo
    from gonghui.core import reminders as core_reminders
    from gonghui.members import picker

    from . import services_contracts

    audit.register_actions(AUDIT_ACTIONS, area=area)
    for model, labels in FIELDS.items():
        audit.register_fields(labels, model=model)
    item = nav.NavItem("集体合同", "rights:contracts", "rights.view", menu="rights")
    if item not in nav.NAV:
        nav.NAV.append(item)
    todo.register(todos, daily=True)
    core_reminders.register(reminders)
    register_close_hook(services_contracts.draft_vote_apply)
    picker.PURPOSES.setdefault("contract_rep", picker.Purpose("rights.change", subtree=True))
