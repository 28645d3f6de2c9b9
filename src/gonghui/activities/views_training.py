"""The 培训 pages. The committee's: the course with its sessions and the attendance grid
(trainees × sessions on a desktop; one session at a time on a phone, where the organiser
marks people present), a session's form and its QR poster, the certificates (issue,
download, revoke), the union's year (期数, 课时, 人次, each member's hours) and the completion rule.
The trainee's (phone): their own sessions, hours and certificate. A scan goes through the
check-in slice's page (``views_checkin.scan``): each session's QR code holds its own
token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.pages import DOCX, download, flash_error, form_page, year_asked
from gonghui.core.qr import absolute_url, qr_svg
from gonghui.core.queries import get_union
from gonghui.core.settings_page import SettingsPage
from gonghui.core.settings_page import settings_page as settings_view

from . import (
    exports_training,
    queries,
    queries_checkin,
    queries_training,
    services_checkin,
    services_training,
)
from . import training_rules as rules
from .forms_training import SessionForm, TrainingSettingsForm
from .services import GRASSROOTS


def _selected(request, sessions, now):
    """The session a phone shows: ``?session=`` when it is one of the course's, else the
    first not yet ended."""
    wanted = request.GET.get("session", "")
    for s in sessions:
        if str(s.pk) == wanted:
            return s
    if not sessions:
        return None
    return sessions[rules.current_index([(s.starts_at, s.ends_at) for s in sessions], now)]


@login_required
def course(request, pk):
    """The course: its sessions, the attendance grid, completion and certificates."""
    activity = queries_training.get_course(request.user, pk)
    now = timezone.now()
    grid = queries_training.grid(activity, now)
    for s in grid.sessions:
        s.window = queries_checkin.window(s.starts_at, s.ends_at, activity.union, now)
    selected = _selected(request, grid.sessions, now)
    column = grid.sessions.index(selected) if selected else 0
    for row in grid.rows:
        row.selected = row.cells[column] if row.cells else None
    return render(
        request,
        "activities/training_course.html",
        {
            "activity": activity,
            "union": activity.union,
            "grid": grid,
            "certificates": queries_training.certificate_list(activity),
            "selected": selected,
            "can_change": scoping.has_perm(request.user, "activities.change", union=activity.union),
        },
    )


def _session_page(request, activity, form, save, title):
    return form_page(
        request,
        form,
        save=save,
        success=lambda s: f"已保存课次“{s.topic}”。",
        title=title,
        union=activity.union,
        back=reverse("activities:training", args=[activity.pk]),
        intro=f"培训起止：{timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M} 至 "
        f"{timezone.localtime(activity.ends_at):%Y-%m-%d %H:%M}；每次课有自己的签到二维码。",
    )


@login_required
def session_new(request, pk):
    activity = queries_training.get_course(request.user, pk, "activities.change")
    start = timezone.localtime(activity.starts_at)
    initial = {"place": activity.place, "hours": "2", "starts_at": start.strftime("%Y-%m-%dT%H:%M")}
    form = SessionForm(request.POST or None, initial=initial)

    def save(data):
        return services_training.training_session_save(
            actor=request.user, activity=activity, fields=data
        )

    return _session_page(request, activity, form, save, f"安排课次：{activity.title}")


@login_required
def session_edit(request, pk):
    session = queries_training.get_session(request.user, pk, "activities.change")
    form = SessionForm(request.POST or None, initial=SessionForm.initial_of(session))

    def save(data):
        return services_training.training_session_save(
            actor=request.user, session=session, fields=data
        )

    return _session_page(request, session.activity, form, save, f"修改课次：{session.topic}")


@login_required
@require_POST
def session_remove(request, pk):
    session = queries_training.get_session(request.user, pk, "activities.change")
    back = reverse("activities:training", args=[session.activity_id])
    try:
        services_training.training_session_remove(actor=request.user, session=session)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已删除课次“{session.topic}”。")
    return redirect(back)


@login_required
def session_qr(request, pk):
    """The session's QR poster; POST: a new code."""
    session = queries_training.get_session(request.user, pk, "activities.change")
    activity = session.activity
    if request.method == "POST":
        try:
            services_checkin.checkin_token_renew(
                actor=request.user, activity=activity, session=session.checkin
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, "已更换这次课的二维码，之前打印或转发的不能再签到。")
        return redirect(reverse("activities:training_session_qr", args=[pk]))
    checkin = session.checkin
    url = absolute_url(
        request, reverse("activities:checkin_scan", args=[activity.pk, checkin.token])
    )
    index = next(s.index for s in queries_training.sessions_of(activity) if s.pk == session.pk)
    return render(
        request,
        "activities/training_qr.html",
        {
            "activity": activity,
            "union": activity.union,
            "session": session,
            "index": index,
            "scan_url": url,
            "qr": qr_svg(url, scale=8),
            "window": queries_checkin.window(
                session.starts_at, session.ends_at, activity.union, timezone.now()
            ),
        },
    )


@login_required
@require_POST
def mark(request, pk):
    """The organiser marks a sign-up present at one session (``pk``: the session)."""
    session = queries_training.get_session(request.user, pk, "activities.change")
    back = reverse("activities:training", args=[session.activity_id]) + f"?session={pk}"
    try:
        reg = queries.get_registration(request.user, int(request.POST.get("registration", 0)))
        _checkin, new = services_checkin.checkin_mark(
            actor=request.user, registration=reg, session=session.checkin
        )
    except ValueError:
        messages.error(request, "请选择要登记的学员。")
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if new:
            messages.success(request, f"已登记 {reg.name} 参加“{session.topic}”。")
        else:
            messages.info(request, f"{reg.name} 已签到，无需重复登记。")
    return redirect(back)


@login_required
@require_POST
def issue(request, pk):
    activity = queries_training.get_course(request.user, pk, "activities.change")
    back = reverse("activities:training", args=[pk]) + "#certificates"
    try:
        made = services_training.training_certificates_issue(actor=request.user, activity=activity)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if made:
            messages.success(request, f"已发放结业证书 {len(made)} 张。")
        else:
            messages.info(request, "没有需要新发的结业证书。")
    return redirect(back)


@login_required
def certificates(request, pk):
    """Every certificate of the course in one .docx, one a page."""
    activity = queries_training.get_course(request.user, pk)
    found = queries_training.certificates_of(activity)
    if not found:
        messages.info(request, "这期培训还没有发放结业证书。")
        return redirect(reverse("activities:training", args=[pk]))
    name = exports_training.file_name(None, activity.title)
    return download(exports_training.certificates_docx(found), name, DOCX)


@login_required
def certificate(request, pk):
    """One certificate: the trainee's own, or the committee's. A revoked one is refused,
    not printed with a mark: a Word file marked 已撤销 is one edit away from looking valid,
    so none leaves the platform once it is revoked (the pages keep its record)."""
    cert = queries_training.get_certificate(request.user, pk)
    if cert.revoked_at is not None:
        messages.error(
            request,
            f"结业证书 {cert.number} 已于 {timezone.localtime(cert.revoked_at):%Y年%m月%d日}"
            f"撤销（{cert.revoke_reason}），不能下载。",
        )
        mine = not scoping.has_perm(request.user, "activities.view", union=cert.union)
        name = "activities:training_mine" if mine else "activities:training"
        return redirect(reverse(name, args=[cert.activity_id]) + ("" if mine else "#certificates"))
    return download(
        exports_training.certificates_docx([cert]), exports_training.file_name(cert, ""), DOCX
    )


@login_required
@require_POST
def certificate_revoke(request, pk):
    """撤销结业证书 with a reason (``pk``: the certificate)."""
    cert = queries_training.get_certificate(request.user, pk, "activities.change")
    back = reverse("activities:training", args=[cert.activity_id]) + "#certificates"
    try:
        services_training.training_certificate_revoke(
            actor=request.user, certificate=cert, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request,
            f"已撤销 {cert.name} 的结业证书 {cert.number}；如仍达到结业要求，可重新发放（新编号）。",
        )
    return redirect(back)


@login_required
def mine(request, pk):
    """The trainee's own course (phone): the sessions, which they attended, their hours
    and certificate."""
    activity = queries_training.get_course(request.user, pk, public=True)
    found = queries_training.mine(activity, request.user)
    return render(
        request,
        "activities/training_mine.html",
        {
            "activity": activity,
            "union": activity.union,
            "sessions": queries_training.sessions_of(activity) if found is None else None,
            "found": found,
            "now": timezone.now(),
        },
    )


@login_required
def year(request, code):
    """The union's training year: each course, the totals, each member's hours."""
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    chosen = year_asked(request)
    return render(
        request,
        "activities/training_year.html",
        {
            "union": union,
            "year": chosen,
            "years": [chosen - 1, chosen + 1],
            "found": queries_training.year(union, chosen),
        },
    )


SOURCE = (
    "示例值（各地、各培训机构做法不同，请按本会规定修改）：出勤课时不少于总课时的 80% 方可结业"
    "（参考培训机构“请假不得超过培训课时数 20%”的规定；干部教育培训从严，累计请假超过总学时"
    " 1/7 按退学处理，约合 86%）。"
)


TRAINING_SETTINGS = SettingsPage(
    current=queries_training.settings_for,
    form=TrainingSettingsForm,
    save=services_training.training_settings_save,
    title="培训设置",
    saved="已保存培训设置。",
    read_only="activities/training_settings.html",
    view="activities.view",
    change="activities.change",
    grassroots=GRASSROOTS,
    back="activities:training_year",
    source=SOURCE,
)


@login_required
def settings_page(request, code):
    """The union's completion rule: the committee changes it, the 经审 reads it."""
    return settings_view(request, code, TRAINING_SETTINGS)
