"""The 活动签到 pages. The member's (phone): the page the QR code opens, with one button to
check in (a GET never checks anyone in: a chat app's link preview would). The committee's:
the printable QR poster (open check-in, walk-ins, a new code), the check-in roll where the
organiser marks people present, the exports (报名名单 .xlsx, 签到表 .docx), the year's
participation per group and member, and the check-in settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.pages import DOCX, XLSX, download, flash_error, year_asked
from gonghui.core.qr import absolute_url, qr_svg
from gonghui.core.queries import get_union
from gonghui.core.settings_page import SettingsPage
from gonghui.core.settings_page import settings_page as settings_view

from . import (
    exports_checkin,
    queries,
    queries_checkin,
    queries_training,
    services_checkin,
    training_rules,
)
from .forms_checkin import CheckinSettingsForm, WalkInForm
from .services import GRASSROOTS

# --- the member's scan ----------------------------------------------------------------------


@login_required
def scan(request, pk, token):
    """The QR code's page: GET shows the activity and one's check-in; POST checks in."""
    activity = queries.get_activity(request.user, pk, public=True)
    url = reverse("activities:checkin_scan", args=[pk, token])
    if request.method == "POST":
        try:
            checkin, new = services_checkin.checkin_scan(
                actor=request.user, activity=activity, token=token
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            at = timezone.localtime(checkin.at)
            label = queries_training.session_label(checkin.session)
            if new:
                late = "（迟到）" if checkin.late else ""
                where = f"{label}，" if label else ""
                messages.success(
                    request, f"签到成功{late}：{where}{checkin.persons} 人，{at:%H:%M}。"
                )
            else:
                messages.info(request, f"您已于 {at:%m月%d日 %H:%M} 签到，无需重复扫码。")
        return redirect(url)
    session = queries_checkin.session_by_token(token)
    member = queries.member_of(request.user, activity.union)
    mine = (
        queries_checkin.own_checkin(session, request.user, member)
        if session and session.activity_id == activity.pk
        else None
    )
    reg = queries.live_registration(activity, request.user, member)
    ours = session is not None and session.activity_id == activity.pk
    win = (
        queries_checkin.window(session.start, session.end, activity.union, timezone.now())
        if ours
        else None
    )
    return render(
        request,
        "activities/checkin_scan.html",
        {
            "activity": activity,
            "union": activity.union,
            "session": session if ours else None,
            "session_label": queries_training.session_label(session) if ours else "",
            "mine": mine,
            "reg": reg,
            "window": win,
            "valid": win is not None,
            "audience": queries.audience_label(activity),
        },
    )


# --- the committee --------------------------------------------------------------------------


def _scan_url(request, session) -> str:
    path = reverse("activities:checkin_scan", args=[session.activity_id, session.token])
    return absolute_url(request, path)


def _chosen(request, activity):
    """The sessions a course's pages choose from (none for an activity without 课次) and
    the one shown: ``session`` asked for, else today's or the next one; an activity
    without 课次 has its one session (None before check-in was opened)."""
    sessions = queries_training.checkin_sessions(activity)
    if not sessions:
        return [], queries_checkin.session_of(activity)
    wanted = request.POST.get("session") or request.GET.get("session") or ""
    for s in sessions:
        if str(s.pk) == wanted:
            return sessions, s
    days = [timezone.localtime(s.training.starts_at).date() for s in sessions]
    return sessions, sessions[training_rules.default_index(days, timezone.localdate())]


def _here(name: str, activity, sessions, session) -> str:
    url = reverse(name, args=[activity.pk])
    return f"{url}?session={session.pk}" if sessions else url


DONE = {
    None: "已生成签到二维码，请打印张贴在活动现场。",
    True: "已允许未报名的本会会员签到。",
    False: "未报名的人扫码将不能签到。",
}


@login_required
def poster(request, pk):
    """The QR code to print and put up at the door (a course: the chosen 课次's); POST: open
    check-in, allow or refuse walk-ins, or a new code."""
    activity = queries.get_activity(request.user, pk, "activities.change")
    sessions, session = _chosen(request, activity)
    given = session if sessions else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "renew":
                services_checkin.checkin_token_renew(
                    actor=request.user, activity=activity, session=given
                )
                messages.success(request, "已更换二维码，之前打印或转发的二维码不能再签到。")
            else:
                walk_ins = request.POST.get("walk_ins") == "on" if action == "walk_ins" else None
                services_checkin.checkin_session_open(
                    actor=request.user, activity=activity, walk_ins=walk_ins, session=given
                )
                messages.success(request, DONE[walk_ins])
        except ValidationError as exc:
            flash_error(request, exc)
        return redirect(_here("activities:checkin_qr", activity, sessions, session))
    url = _scan_url(request, session) if session else None
    return render(
        request,
        "activities/checkin_qr.html",
        {
            "activity": activity,
            "union": activity.union,
            "session": session,
            "sessions": sessions,
            "scan_url": url,
            "qr": qr_svg(url, scale=8) if url else None,
            "window": _window(activity, session),
        },
    )


def _window(activity, session):
    return queries_checkin.window(
        session.start if session else activity.starts_at,
        session.end if session else activity.ends_at,
        activity.union,
        timezone.now(),
    )


@login_required
def roll(request, pk):
    """The sign-ups with places and their check-ins (a course: at the chosen 课次); the
    organiser marks people present and adds walk-ins from the roster."""
    activity = queries.get_activity(request.user, pk)
    sessions, session = _chosen(request, activity)
    can_change = scoping.has_perm(request.user, "activities.change", union=activity.union)
    return render(
        request,
        "activities/checkin_list.html",
        {
            "activity": activity,
            "union": activity.union,
            "roll": queries_checkin.roll(activity, session=session if sessions else None),
            "session": session,
            "sessions": sessions,
            "window": _window(activity, session),
            "can_change": can_change,
            "walk_in_form": WalkInForm(union=activity.union) if can_change else None,
        },
    )


@login_required
@require_POST
def walk_in(request, pk):
    """The organiser adds a member who did not sign up, chosen with the member picker, as a
    walk-in at the session (``pk``: the activity)."""
    activity = queries.get_activity(request.user, pk, "activities.change")
    sessions, session = _chosen(request, activity)
    back = _here("activities:checkin_list", activity, sessions, session) + "#walk-ins"
    form = WalkInForm(request.POST, union=activity.union)
    if not form.is_valid():
        messages.error(request, "请从本工会的在册会员中选择现场签到的会员。")
        return redirect(back)
    member = form.cleaned_data["member"]
    try:
        checkin, new = services_checkin.checkin_walk_in(
            actor=request.user, activity=activity, member=member, session=session
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if new:
            late = "（迟到）" if checkin.late else ""
            messages.success(request, f"已登记 {member.name} 现场签到{late}。")
        else:
            messages.info(request, f"{member.name} 已签到，无需重复登记。")
    return redirect(back)


@login_required
@require_POST
def mark(request, pk):
    """The organiser marks a sign-up present (``pk``: the sign-up)."""
    reg = queries.get_registration(request.user, pk)
    back = reverse("activities:checkin_list", args=[reg.activity_id])
    session = None
    if request.POST.get("session"):  # a course's 课次, chosen on the roll
        session = queries_checkin.session_in(reg.activity_id, request.POST["session"])
        if session is None:
            raise Http404("没有这一次课。")
        back += f"?session={session.pk}"
    back += f"#reg-{reg.pk}"
    try:
        checkin, new = services_checkin.checkin_mark(
            actor=request.user, registration=reg, session=session
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if new:
            messages.success(request, f"已登记 {reg.name} 到场（{checkin.persons} 人）。")
        else:
            messages.info(request, f"{reg.name} 已签到，无需重复登记。")
    return redirect(back)


@login_required
@require_POST
def undo(request, pk):
    """The organiser removes a mistaken check-in (``pk``: the check-in), with a reason."""
    checkin = queries_checkin.get_checkin(request.user, pk)
    back = reverse("activities:checkin_list", args=[checkin.activity_id])
    if checkin.session.training_id:  # a course's roll stays on its 课次
        back += f"?session={checkin.session_id}"
    try:
        services_checkin.checkin_undo(
            actor=request.user, checkin=checkin, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已撤销 {checkin.name} 的签到。")
    return redirect(back)


@login_required
def export_signups(request, pk):
    activity = queries.get_activity(request.user, pk)
    name = exports_checkin.file_name(activity, "报名名单", "xlsx")
    return download(exports_checkin.signup_xlsx(activity), name, XLSX)


@login_required
def export_signin(request, pk):
    activity = queries.get_activity(request.user, pk)
    name = exports_checkin.file_name(activity, "签到表", "docx")
    return download(exports_checkin.signin_docx(activity), name, DOCX)


@login_required
def participation(request, code):
    """The year's 人次 and 签到率 per group and per member."""
    union = get_union(request.user, code, "activities.view", grassroots=GRASSROOTS)
    year = year_asked(request)
    return render(
        request,
        "activities/checkin_participation.html",
        {
            "union": union,
            "year": year,
            "years": [year - 1, year + 1],
            "found": queries_checkin.participation(union, year),
        },
    )


SOURCE = (
    "示例值（各地做法不同，请按本会习惯修改）：活动开始前 60 分钟开放扫码签到，开始后 30 分钟停止"
    "（参考培训考勤“课前 60 分钟可签到、开始 30 分钟后按缺勤计”的做法），开始 5 分钟后签到记为迟到"
    "（留出排队扫码的时间）。停止扫码后到场的，由组织者在签到名单上登记。"
)


CHECKIN_SETTINGS = SettingsPage(
    current=queries_checkin.settings_for,
    form=CheckinSettingsForm,
    save=services_checkin.checkin_settings_save,
    title="活动签到设置",
    saved="已保存活动签到设置。",
    read_only="activities/checkin_settings.html",
    view="activities.view",
    change="activities.change",
    grassroots=GRASSROOTS,
    back="activities:list",
    source=SOURCE,
)


@login_required
def settings_page(request, code):
    """The union's check-in window: the committee changes it, the 经审 reads it."""
    return settings_view(request, code, CHECKIN_SETTINGS)
