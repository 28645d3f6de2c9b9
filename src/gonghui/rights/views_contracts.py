"""The collective-contract pages: the union's list, a contract's page (its stage, every
date and computed deadline, the representatives, sessions, drafts with their 职代会 vote,
reviews and reports) and one form page per step of the procedure, each calling one service
of ``services_contracts``. Reading needs ``rights.view``, every step ``rights.change``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.pages import form_page
from gonghui.core.queries import get_union

from . import queries_contracts as q
from . import services_contracts as services
from . import services_contracts_after as after
from .forms_contracts import (
    CongressForm,
    DraftForm,
    EmployerForm,
    EndForm,
    LeaveForm,
    OfferForm,
    PublishForm,
    RecordForm,
    ReplaceForm,
    ReplyForm,
    ReportForm,
    RepresentativeForm,
    ReviewForm,
    SessionForm,
    SignForm,
    SubmitForm,
)
from .models_contracts import CollectiveContract, ContractScope, OfferSide
from .queries import settings_for

CHANGE = "rights.change"
DOCUMENTS = "rights/_contract_documents.html"


def _has_documents() -> bool:
    """The other part's documents block (要约书, 纪要, 报送函…), once it exists."""
    try:
        select_template([DOCUMENTS])
    except TemplateDoesNotExist:
        return False
    return True


@login_required
def contracts(request, code):
    """The union's contracts, each with its status and its next deadline."""
    union = get_union(request.user, code, "rights.view")
    today = timezone.localdate()
    settings = settings_for(union)
    rows = list(q.contracts_of(union).prefetch_related("representatives", "reports", "reviews"))
    for c in rows:
        c.status_label, c.status_colour = q.status(c, today)
        due = q.deadlines(
            c, settings, today, reps=list(c.representatives.all()), reports=list(c.reports.all())
        )
        pending = [d for d in due if d.state(today) in ("overdue", "soon", "open")]
        c.next_due = min(pending, key=lambda d: d.due) if pending else None
        if c.next_due is not None:
            c.next_state = c.next_due.state(today)
    return render(
        request,
        "rights/contracts.html",
        {
            "union": union,
            "contracts": rows,
            "today": today,
            "can_change": scoping.has_perm(request.user, CHANGE, union=union),
        },
    )


def _back(contract: CollectiveContract) -> str:
    return reverse("rights:contract", args=[contract.pk])


@login_required
def contract_new(request, code):
    """发出要约: a new procedure (``?renew=<pk>``: renewing or changing that contract)."""
    union = get_union(request.user, code, CHANGE)
    predecessor = None
    initial: dict = {"offered_on": timezone.localdate(), "delivered_on": timezone.localdate()}
    renew = request.GET.get("renew", "")
    if renew.isdigit():
        predecessor = q.get_contract(request.user, int(renew), CHANGE)
        if predecessor.union_id != union.pk:
            predecessor = None
        else:
            initial.update(
                kind=predecessor.kind,
                scope=predecessor.scope,
                title=predecessor.title,
                employer=predecessor.employer,
                term_years=predecessor.term_years,
            )
    form = OfferForm(request.POST or None, union=union, initial=initial)

    def save(data):
        return services.contract_offer(
            actor=request.user, union=union, predecessor=predecessor, **data
        )

    intro = "书面要约发出后，对方应自收到之日起 20 日内书面答复（《集体合同规定》第三十二条）。"
    if predecessor is not None:
        intro = f"续订或变更《{predecessor.title}》：新的协商程序。" + intro
    return form_page(
        request,
        form,
        save=save,
        success=lambda c: f"已登记要约：{c.title}。",
        title="发出集体协商要约",
        union=union,
        back=reverse("rights:contracts", args=[union.code]),
        intro=intro,
    )


@login_required
def contract_record(request, code):
    """补录: a contract the union signed before it used the platform, so its renewal,
    履约检查 and coverage are kept from now on and a renewal can follow it."""
    union = get_union(request.user, code, CHANGE)
    form = RecordForm(request.POST or None, union=union)

    def save(data):
        return after.contract_record_existing(actor=request.user, union=union, **data)

    return form_page(
        request,
        form,
        save=save,
        success=lambda c: f"已补录：{c.title}。",
        title="补录已签订的集体合同",
        union=union,
        back=reverse("rights:contracts", args=[union.code]),
        intro="平台启用前已经签订、仍在期内的合同，按原件登记签字、生效日期和期限；"
        "之后的续订提醒、履约检查和覆盖人数从这里算起，续订时可选它为前一份合同。",
    )


@login_required
def contract(request, pk):
    """A contract's page: stage, dates, deadlines (late ones red), both sides, sessions,
    drafts and votes, reviews and reports, and the next step's buttons."""
    c = q.get_contract(request.user, pk)
    today = timezone.localdate()
    settings = settings_for(c.union)
    reps = list(c.representatives.select_related("member").all())
    reports = list(c.reports.select_related("sitting__term").all())
    reviews = list(c.reviews.all())
    review_on = reviews[-1].issued_on if reviews and c.received_on is None else None
    deadlines = q.deadlines(c, settings, today, reps=reps, reports=reports, review_on=review_on)
    for d in deadlines:
        d.current = d.state(today)
    c.status_label, c.status_colour = q.status(c, today)
    current = [r for r in reps if r.left_on is None]
    sides = {
        "workers": [r for r in current if r.side == OfferSide.WORKERS],
        "employer": [r for r in current if r.side == OfferSide.EMPLOYER],
    }
    return render(
        request,
        "rights/contract.html",
        {
            "contract": c,
            "union": c.union,
            "today": today,
            "deadlines": deadlines,
            "reps": reps,
            "sides": sides,
            "sides_equal": len(sides["workers"]) == len(sides["employer"]) > 0,
            "sessions": list(c.sessions.prefetch_related("attendees")),
            "drafts": list(c.drafts.select_related("poll__sitting__term", "session")),
            "reviews": reviews,
            "reports": reports,
            "employers": list(c.employers.select_related("union"))
            if c.scope != ContractScope.SINGLE
            else [],
            "successors": list(c.successors.all()),
            "can_change": scoping.has_perm(request.user, CHANGE, union=c.union),
            "documents": _has_documents(),
            "in_force": c.stage == "submitted" and c.effective_on is not None,
            "S": {s.name: s.value for s in services.S},
        },
    )


def _step(request, c, form, *, save, title, success, intro=""):
    return form_page(
        request,
        form,
        save=save,
        success=success,
        title=f"{title}：{c.title}",
        union=c.union,
        back=_back(c),
        intro=intro,
    )


def _today_initial(*names):
    return {n: timezone.localdate() for n in names}


@login_required
def contract_reply(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    form = ReplyForm(request.POST or None, initial=_today_initial("replied_on"))
    return _step(
        request,
        c,
        form,
        save=lambda d: services.contract_reply(actor=request.user, contract=c, **d),
        title="登记书面答复",
        success=lambda x: "已登记书面答复。",
    )


@login_required
def employer_add(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    form = EmployerForm(request.POST or None)
    return _step(
        request,
        c,
        form,
        save=lambda d: services.employer_add(actor=request.user, contract=c, **d).contract,
        title="增加覆盖企业",
        success=lambda x: "已增加覆盖企业。",
    )


@login_required
def rep_add(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    initial = {"side": request.GET.get("side", OfferSide.WORKERS), **_today_initial("appointed_on")}
    form = RepresentativeForm(request.POST or None, union=c.union, initial=initial)
    return _step(
        request,
        c,
        form,
        save=lambda d: services.representative_add(actor=request.user, contract=c, **d).contract,
        title="增加协商代表",
        success=lambda x: "已增加协商代表。",
        intro="职工方代表须为本会会员，由工会选派；双方人数应相等，各有一名首席代表。",
    )


@login_required
def rep_leave(request, pk):
    rep = q.get_representative(request.user, pk, CHANGE)
    c = rep.contract
    form = LeaveForm(request.POST or None, initial=_today_initial("left_on"))
    return _step(
        request,
        c,
        form,
        save=lambda d: (
            services.representative_leave(actor=request.user, representative=rep, **d).contract
        ),
        title=f"{rep.name}离任",
        success=lambda x: f"已登记{rep.name}离任，空缺应在 15 日内补齐。",
    )


@login_required
def rep_replace(request, pk):
    rep = q.get_representative(request.user, pk, CHANGE)
    c = rep.contract
    form = ReplaceForm(
        request.POST or None,
        union=c.union,
        workers=rep.side == OfferSide.WORKERS,
        initial=_today_initial("appointed_on"),
    )
    return _step(
        request,
        c,
        form,
        save=lambda d: (
            services.representative_replace(actor=request.user, representative=rep, **d).contract
        ),
        title=f"补齐{rep.name}的空缺",
        success=lambda x: "已补齐协商代表。",
    )


@login_required
def session_new(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    reps = q.current_representatives(c)
    initial = {
        "chaired_by": q.next_chair(c),
        "attendees": list(reps),
        **_today_initial("held_on"),
    }
    form = SessionForm(request.POST or None, reps=reps, initial=initial)
    saved = []

    def save(data):
        saved.append(services.session_record(actor=request.user, contract=c, **data))
        return c

    return _step(
        request,
        c,
        form,
        save=save,
        title="登记协商会议",
        success=lambda x: f"已登记{saved[-1]}。",
        intro="记录员应为双方协商代表以外的人员；会议纪要经双方首席代表签字。",
    )


@login_required
def session(request, pk):
    s = q.get_session(request.user, pk)
    return render(
        request,
        "rights/contract_session.html",
        {
            "session": s,
            "contract": s.contract,
            "union": s.contract.union,
            "attendees": list(s.attendees.all()),
        },
    )


@login_required
def draft_new(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    last = c.drafts.order_by("-version").first()
    initial = {"text": last.text if last else "", **_today_initial("created_on")}
    latest = c.sessions.order_by("-number").first()
    if latest is not None:
        initial["session"] = latest.pk
    form = DraftForm(request.POST or None, sessions=c.sessions.all(), initial=initial)
    return _step(
        request,
        c,
        form,
        save=lambda d: services.draft_add(actor=request.user, contract=c, **d).contract,
        title="形成新的草案",
        success=lambda x: "已保存新的草案。",
        intro="新稿取代尚未表决的上一稿；合同生效后不能再改，变更须新建变更程序。",
    )


@login_required
def draft(request, pk):
    d = q.get_draft(request.user, pk)
    return render(
        request,
        "rights/contract_draft.html",
        {"draft": d, "contract": d.contract, "union": d.contract.union},
    )


@login_required
def draft_congress(request, pk):
    d = q.get_draft(request.user, pk, CHANGE)
    c = d.contract
    sittings = q.open_sittings(c)
    form = CongressForm(
        request.POST or None, sittings=sittings, initial={"sitting": sittings.first()}
    )
    return _step(
        request,
        c,
        form,
        save=lambda data: services.draft_to_congress(actor=request.user, draft=d, **data) and c,
        title=f"第{d.version}稿提交职代会审议",
        success=lambda x: "已提交职代会：表决事项已加入该次会议，由职代会开始和结束表决。",
        intro="表决须全体代表三分之二以上出席，全体代表过半数同意方为通过；未通过的草案退回协商。",
    )


@login_required
def contract_sign(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    form = SignForm(request.POST or None, initial=_today_initial("signed_on"))
    return _step(
        request,
        c,
        form,
        save=lambda d: services.contract_sign(actor=request.user, contract=c, **d),
        title="双方首席代表签字",
        success=lambda x: "已登记签字：应在 10 日内报送人社部门审查。",
    )


@login_required
def contract_submit(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    form = SubmitForm(request.POST or None, initial=_today_initial("submitted_on"))
    return _step(
        request,
        c,
        form,
        save=lambda d: services.contract_submit(actor=request.user, contract=c, **d),
        title="报送人社部门审查",
        success=lambda x: f"已登记报送：审查期内无异议，将于 {x.effective_on:%Y-%m-%d} 生效。",
        intro="签字之日起 10 日内报送（《集体合同规定》第四十二条）；人社部门收到之日起 15 日内"
        "未提出异议的，集体合同即行生效（第四十七条）。",
    )


@login_required
def review_add(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    form = ReviewForm(request.POST or None, initial=_today_initial("issued_on", "received_on"))
    return _step(
        request,
        c,
        form,
        save=lambda d: services.review_record(actor=request.user, contract=c, **d).contract,
        title="登记审查意见书",
        success=lambda x: (
            "已登记审查意见书：合同未生效，请就异议事项重新协商，形成新稿后再审议、签字、报送。"
        ),
    )


@login_required
def contract_publish(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    form = PublishForm(request.POST or None, initial=_today_initial("published_on"))
    return _step(
        request,
        c,
        form,
        save=lambda d: after.contract_publish(actor=request.user, contract=c, **d),
        title="向全体职工公布",
        success=lambda x: "已登记公布。",
    )


@login_required
def report_add(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    from gonghui.congress.models import Sitting

    sittings = Sitting.objects.filter(term__union=c.union_id).select_related("term")
    form = ReportForm(
        request.POST or None, sittings=sittings, initial=_today_initial("reported_on")
    )
    return _step(
        request,
        c,
        form,
        save=lambda d: after.report_add(actor=request.user, contract=c, **d).contract,
        title="登记履约检查报告",
        success=lambda x: "已登记履约检查报告。",
    )


@login_required
def contract_end(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    form = EndForm(request.POST or None, initial=_today_initial("ended_on"))
    return _step(
        request,
        c,
        form,
        save=lambda d: after.contract_end(actor=request.user, contract=c, **d),
        title="合同期满或终止",
        success=lambda x: "已登记期满或终止。",
    )


@login_required
def contract_abandon(request, pk):
    c = q.get_contract(request.user, pk, CHANGE)
    form = EndForm(request.POST or None, initial=_today_initial("ended_on"))
    return _step(
        request,
        c,
        form,
        save=lambda d: after.contract_abandon(actor=request.user, contract=c, **d),
        title="终止协商",
        success=lambda x: "已终止协商。",
    )
