"""Roster pages. Thin: check access, validate the form, call one service, render."""

from __future__ import annotations

import datetime
import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import prepared, scoping, sudo, uploads
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.masks import mask_id, mask_mobile
from gonghui.core.pages import DOCX, XLSX, download, form_page
from gonghui.core.qr import absolute_url, qr_svg
from gonghui.core.queries import get_union
from gonghui.core.slips import login_slip
from gonghui.core.throttle import Throttle
from gonghui.orgs import queries as org_queries

from . import queries, queries_join, services, spreadsheets
from .columns import masked_members
from .forms import (
    ROSTER_UPLOAD,
    ApplicationForm,
    ApproveForm,
    DatedForm,
    DeathForm,
    ImportForm,
    LeaveForm,
    MemberForm,
    RejectForm,
    RosterFilterForm,
    TransferForm,
)
from .forms_join import JoinStatusForm
from .models import ApplicationStatus, EventKind
from .services_import import roster_import

# The list's sort menu; a federation's list has no groups to sort by, and its default
# order is the pinyin one (queries.roster).
SORT_CHOICES = [("group", "按小组"), ("name", "按拼音"), ("-joined", "入会时间↓"), ("age", "年龄↑")]


# --- the list -----------------------------------------------------------------------


@login_required
def member_list(request, code):
    union = _union_for_list(request, code)
    f = queries.RosterFilter.from_query(request.GET)
    page = queries.roster_page(queries.roster(request.user, union, f), request.GET.get("page"))
    set_current_union(request, union)
    context = {
        "union": union,
        "page": page,
        "filter": f,
        "pager_query": urlencode(f.as_params()),
        "form": RosterFilterForm(
            request.GET or None, groups=queries.roster_groups(request.user, union)
        ),
        "can_change": scoping.has_perm(request.user, "member.change", union=union)
        and not union.is_federation,
        "pending": queries.pending_application_count(union)
        if scoping.has_perm(request.user, "member.change", union=union)
        else 0,
        "can_reveal": scoping.has_perm(request.user, "member.reveal", union=union),
        "sorts": SORT_CHOICES[1:] if union.is_federation else SORT_CHOICES,
    }
    if request.htmx:
        return render(request, "members/_rows.html", context)
    return render(request, "members/member_list.html", context)


def _union_for_list(request, code):
    """The union of a roster URL: 404 outside the user's reach; within it the roster query
    checks the rest (a group leader lists their own groups, queries.roster_scope); the
    caller makes it current once that has passed."""
    return get_union(request.user, code, None)


EXPORT_IN_MEMORY = 4 * 1024 * 1024


@login_required
def member_export(request, code):
    union = _union_for_list(request, code)
    f = queries.RosterFilter.from_query(request.GET)
    full = request.GET.get("full") == "1"
    if full and not scoping.has_perm(request.user, "member.reveal", union=union):
        raise PermissionDenied("您没有权限导出完整证件号和手机号。")
    if full and (confirm := sudo.gate(request)) is not None:
        return confirm  # full numbers leave the platform: the password again
    members = queries.roster(request.user, union, f)
    actor = request.user

    def build(out) -> int:
        return spreadsheets.write_members(
            out,
            actor=actor,
            union=union,
            queryset=members if full else masked_members(members),  # masked as it is read
            masked=not full,
        )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{union.name}会员名单-{stamp}.xlsx"
    if members.count() > settings.EXPORT_BACKGROUND_ROWS:
        # Half a minute at 200,000 rows: written in the background, downloaded when ready.
        row = prepared.prepare(
            owner=actor, union=union, kind="roster", name=name, content_type=XLSX, build=build
        )
        return redirect("core:prepared", token=row.token)
    # Sent from a temporary file, never held in memory twice (kept in memory up to a few
    # MB; larger, on disk). The FileResponse closes it.
    out = tempfile.SpooledTemporaryFile(max_size=EXPORT_IN_MEMORY)  # noqa: SIM115
    build(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)


def roster_template(request):
    return download(spreadsheets.roster_template(), "会员花名册模板.xlsx", XLSX)


# --- one member ---------------------------------------------------------------------


@login_required
def member_detail(request, pk):
    member = queries.get_member(request.user, pk)
    history = list(queries.member_history(member))
    can_change = scoping.has_perm(request.user, "member.change", union=member.union)
    own = member.user_id == request.user.pk
    # 重置密码 of the member's login: as on the roles page (role.change on the union, never
    # one's own); the reset page asks for the password again (core.sudo) and the service
    # decides whether the login also belongs to a union beyond the user's reach.
    can_reset = (
        member.user_id is not None
        and not own
        and scoping.has_perm(request.user, "role.change", union=member.union)
    )
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "union": member.union,
            "history": history,
            "can_change": can_change,
            "can_reveal": queries.can_reveal(request.user, member),
            "can_audit": scoping.has_perm(request.user, "audit.view", union=member.union),
            "own": own,
            "can_reset": can_reset,
            "id_shown": member.id_number if own else mask_id(member.id_number),
            "mobile_shown": member.mobile if own else mask_mobile(member.mobile),
            "age": member.age_on(timezone.localdate()),
        },
    )


@login_required
@require_POST
def member_reveal(request, pk, field):
    member = queries.get_member(request.user, pk, "member.reveal")
    if field not in ("id_number", "mobile"):
        raise Http404
    if (confirm := sudo.gate(request)) is not None:
        return confirm  # an inline password box in place of the number
    value = services.member_reveal(actor=request.user, member=member, field=field)
    return render(request, "members/_revealed.html", {"value": value, "field": field})


@login_required
def member_create(request, code):
    union = get_union(request.user, code, "member.change")
    form = MemberForm(request.POST or None, groups=org_queries.live_groups(union))
    return form_page(
        request,
        form,
        save=lambda data: services.member_create(actor=request.user, union=union, **form.profile()),
        success=lambda m: f"已添加会员「{m}」。",
        title=f"添加会员到「{union}」",
        union=union,
        back=reverse("members:member_list", args=[union.code]),
    )


@login_required
def member_edit(request, pk):
    member = queries.get_member(request.user, pk, "member.change")
    form = MemberForm(
        request.POST or None, instance=member, groups=org_queries.live_groups(member.union)
    )
    return form_page(
        request,
        form,
        save=lambda data: services.member_update(
            actor=request.user, member=member, **form.profile()
        ),
        success=lambda m: "已保存。",
        title=f"编辑会员「{member}」",
        union=member.union,
        back=member.get_absolute_url(),
    )


ACTIONS = {
    "transfer": ("办理转会", TransferForm),
    "retire": ("办理退休", DatedForm),
    "leave": ("办理离会或除名", LeaveForm),
    "death": ("登记去世", DeathForm),
}


@login_required
def member_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    member = queries.get_member(request.user, pk, "member.change")
    title, form_class = ACTIONS[action]
    kwargs = (
        {"targets": queries.transfer_targets(request.user, member)} if action == "transfer" else {}
    )
    form = form_class(request.POST or None, initial={"on": timezone.localdate()}, **kwargs)

    def save(data):
        if action == "transfer":
            event = services.member_transfer(
                actor=request.user,
                member=member,
                on=data["on"],
                to_union=data["to_union"],
                to_name=data["to_name"],
                reason=data["reason"],
            )
        elif action == "retire":
            event = services.member_retire(actor=request.user, member=member, on=data["on"])
        elif action == "leave":
            event = services.member_leave(actor=request.user, member=member, **data)
        else:
            event = services.member_death(actor=request.user, member=member, **data)
        return event.member

    def success(m):
        if action == "transfer":
            if m.union_id == member.union_id:  # out of the tree: the record stays here
                return f"「{m}」已转出，可在会籍变动中下载转会介绍信。"
            return f"「{m}」已转入「{m.union}」。"
        return f"「{m}」已登记为“{m.get_status_display()}”。"

    return form_page(
        request,
        form,
        save=save,
        success=success,
        title=f"{title}：{member}",
        union=member.union,
        back=member.get_absolute_url(),
    )


@login_required
def transfer_letter(request, pk, event_pk):
    member = queries.get_member(request.user, pk, "member.change")
    event = member.events.filter(pk=event_pk, kind=EventKind.TRANSFER_OUT, other_union=None).first()
    if event is None:
        raise Http404("没有这份转会介绍信。")
    content = services.transfer_letter_issue(actor=request.user, event=event)
    return download(content, f"转会介绍信-{member.name}.docx", DOCX)


# --- import ------------------------------------------------------------------------------

# The preview's columns: a phone-width table cannot show all of them.
PREVIEW_COLUMNS = [
    ("row", "行号"),
    ("action", "处理"),
    ("name", "姓名"),
    ("sex", "性别"),
    ("id_number", "证件号码"),
    ("mobile", "手机"),
    ("group", "工会小组"),
    ("department", "部门"),
    ("joined_on", "入会时间"),
    ("card_number", "会员证号"),
]


# A roster is imported into a grassroots union: get_union(..., grassroots=).
GRASSROOTS = "花名册只能导入到基层工会。"


@login_required
def member_import(request, code):
    """Upload → preview (a dry run: every rejected row with its reason) → 确认导入."""
    union = get_union(request.user, code, "member.change", grassroots=GRASSROOTS)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"union": union, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def dry_run(data: bytes):
            return roster_import(actor=request.user, union=union, file=data,
                                 filename=upload.name, dry_run=True)  # fmt: skip

        try:
            shown = uploads.preview(
                request, union=union, kind=ROSTER_UPLOAD, upload=upload, dry_run=dry_run
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return render(request, "members/import.html", context)
        result = shown.result
        context |= {
            "result": result,
            "summary": result.summary(),
            "filename": upload.name,
            "token": shown.token,
            "preview_head": [label for _, label in PREVIEW_COLUMNS],
            "preview_rows": [[row[k] for k, _ in PREVIEW_COLUMNS] for row in result.preview],
        }
    return render(request, "members/import.html", context)


@login_required
@require_POST
def member_import_apply(request, code):
    union = get_union(request.user, code, "member.change", grassroots=GRASSROOTS)

    def run(pending, skip_invalid: bool):
        return roster_import(actor=request.user, union=union, file=pending.data,
                             filename=pending.name, skip_invalid=skip_invalid)  # fmt: skip

    def done(result):
        summary = result.summary()
        skipped = result.rejected_rows
        messages.success(
            request,
            f"导入完成：新增 {summary['created']} 人，更新 {summary['updated']} 人，"
            f"无变化 {summary['unchanged']} 人"
            + (f"，跳过有误的 {skipped} 行" if skipped else "")
            + (
                f"，新建小组 {'、'.join(summary['groups_created'])}"
                if summary["groups_created"]
                else ""
            )
            + "。",
        )
        return redirect("members:member_list", code=union.code)

    return uploads.apply(
        request,
        union=union,
        kind=ROSTER_UPLOAD,
        run=run,
        again=reverse("members:member_import", args=[union.code]),
        done=done,
    )


# --- applications -----------------------------------------------------------------------


def join(request, code):
    """The applicant's own form: no account needed, sized for a phone. The answer gives
    the 查询码 for the status page."""
    union = _join_union(code)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.member_apply(union=union, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "members/join_done.html",
                {"union": union, "application": application},
            )
    return render(
        request, "members/join.html", {"union": union, "form": form} | _join_qr(request, union)
    )


def _join_union(code):
    union = queries_join.open_grassroots_union(code)
    if union is None:
        raise Http404("没有这个基层工会。")
    return union


def _join_qr(request, union) -> dict:
    url = absolute_url(request, reverse("members:join", args=[union.code]))
    return {"join_url": url, "join_qr": qr_svg(url)}


# Failed look-ups per client address per hour (settings.GONGHUI_JOIN_STATUS_LIMIT): the 查询码
# with the mobile's last four digits must not become a guessing machine.
def _status_throttle() -> Throttle:
    return Throttle("join-status", settings.GONGHUI_JOIN_STATUS_LIMIT)


def join_status(request, code):
    """The applicant's status page: 查询码 and the mobile's last four digits → 待审批 / 已批准
    (with how to log in) / 未批准 (with the reason)."""
    union = _join_union(code)
    throttle = _status_throttle()
    form = JoinStatusForm(request.POST or None)
    application, status = None, 200
    if request.method == "POST":
        if throttle.blocked(request):
            form.is_valid()  # only to show the refusal on the form; nothing is looked up
            form.add_error(None, "查询次数过多，请一小时后再试；如有疑问请直接联系本单位工会。")
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            application = queries_join.application_status(
                union, data["reference"], data["mobile_tail"]
            )
            if application is None:
                throttle.failed(request)
                form.add_error(None, "没有找到这份申请，请核对查询码和手机号后 4 位。")
    login_url = absolute_url(request, reverse("core:login"))
    context = {"union": union, "form": form, "application": application, "login_url": login_url}
    return render(request, "members/join_status.html", context, status=status)


@login_required
def application_list(request, code):
    union = get_union(request.user, code, "member.change")
    status = request.GET.get("status", ApplicationStatus.PENDING)
    return render(
        request,
        "members/applications.html",
        {
            "union": union,
            "applications": queries.applications(request.user, union, status)[:200],
            "status": status,
            "statuses": ApplicationStatus.choices,
        }
        | _join_qr(request, union),
    )


@login_required
def application_detail(request, pk):
    application = queries.get_application(request.user, pk)
    union = application.union
    approve = ApproveForm(
        request.POST if request.POST.get("decision") == "approve" else None,
        groups=org_queries.live_groups(union),
        initial={"joined_on": timezone.localdate()},
    )
    reject = RejectForm(request.POST if request.POST.get("decision") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve" and approve.is_valid():
                approval = services.application_approve(
                    actor=request.user, application=application, **approve.cleaned_data
                )
                # The login slip with the one-time password: shown once, in this answer.
                return login_slip(
                    request,
                    union=union,
                    user=approval.user,
                    password=approval.password,
                    member=approval.member,
                )
            if request.POST.get("decision") == "reject" and reject.is_valid():
                services.application_reject(
                    actor=request.user, application=application, **reject.cleaned_data
                )
                messages.success(request, "已记录不批准及理由。")
                return redirect("members:application_list", code=union.code)
        except ValidationError as exc:
            add_service_errors(
                approve if request.POST.get("decision") == "approve" else reject, exc
            )
    return render(
        request,
        "members/application_detail.html",
        {
            "application": application,
            "union": union,
            "approve": approve,
            "reject": reject,
            "id_shown": mask_id(application.id_number),
            "mobile_shown": mask_mobile(application.mobile),
            "existing_login": queries_join.login_with_mobile(application),
            "today": datetime.date.today(),
        },
    )
