"""The 活动签到 pages. The member's (phone): the page the QR code opens, with one button to
check in (a GET never checks anyone in: a chat app's link preview would). The committee's:
the printable QR poster (open check-in, walk-ins, a new code), the check-in roll where the
organiser marks people present, the exports (报名名单 .xlsx, 签到表 .docx), the year's
participation per group and member, and the check-in settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.pages import DOCX, XLSX, download, flash_error, year_asked
from gonghui.core.qr import absolute_url, qr_svg
from gonghui.core.queries import get_union

from . import exports_checkin, queries, queries_checkin, services_checkin
from .forms_checkin import CheckinSettingsForm
from .services import GRASSROOTS
from .views_settings import SettingsPage
from .views_settings import settings_page as settings_view

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
            if new:
                late = "（迟到）" if checkin.late else ""
                messages.success(request, f"签到成功{late}：{checkin.persons} 人，{at:%H:%M}。")
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
    win = (
        queries_checkin.window(session.start, session.end, activity.union, timezone.now())
        if session and session.activity_id == activity.pk
        else None
    )
    return render(
        request,
        "activities/checkin_scan.html",
        {
            "activity": activity,
            "union": activity.union,
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


@login_required
def poster(request, pk):
    """The QR code to print and put up at the door; POST: open check-in, allow or refuse
    walk-ins, or a new code."""
    activity = queries.get_activity(request.user, pk, "activities.change")
    here = reverse("activities:checkin_qr", args=[pk])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "renew":
                services_checkin.checkin_token_renew(actor=request.user, activity=activity)
                messages.success(request, "已更换二维码，之前打印或转发的二维码不能再签到。")
            else:
                walk_ins = request.POST.get("walk_ins") == "on" if action == "walk_ins" else None
                services_checkin.checkin_session_open(
                    actor=request.user, activity=activity, walk_ins=walk_ins
                )
                done = {
                    None: "已生成签到二维码，请打印张贴在活动现场。",
                    True: "已允许未报名的本会会员扫码签到。",
                    False: "未报名的人扫码将不能签到。",
                }
                messages.success(request, done[walk_ins])
        except ValidationError as exc:
            flash_error(request, exc)
        return redirect(here)
    session = queries_checkin.session_of(activity)
    url = _scan_url(request, session) if session else None
    win = (
        queries_checkin.window(session.start, session.end, activity.union, timezone.now())
        if session
        else None
    )
    return render(
        request,
        "activities/checkin_qr.html",
        {
            "activity": activity,
            "union": activity.union,
            "session": session,
            "scan_url": url,
            "qr": qr_svg(url, scale=8) if url else None,
            "window": win,
        },
    )


@login_required
def roll(request, pk):
    """The sign-ups with places and their check-ins; the organiser marks people present."""
    activity = queries.get_activity(request.user, pk)
    found = queries_checkin.roll(activity)
    session = queries_checkin.session_of(activity)
    win = queries_checkin.window(
        session.start if session else activity.starts_at,
        session.end if session else activity.ends_at,
        activity.union,
        timezone.now(),
    )
    return render(
        request,
        "activities/checkin_list.html",
        {
            "activity": activity,
            "union": activity.union,
            "roll": found,
            "session": session,
            "window": win,
            "can_change": scoping.has_perm(request.user, "activities.change", union=activity.union),
        },
    )


@login_required
@require_POST
def mark(request, pk):
    """The organiser marks a sign-up present (``pk``: the sign-up)."""
    reg = queries.get_registration(request.user, pk)
    back = reverse("activities:checkin_list", args=[reg.activity_id]) + f"#reg-{reg.pk}"
    try:
        checkin, new = services_checkin.checkin_mark(actor=request.user, registration=reg)
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
    back="activities:list",
    source=SOURCE,
)


@login_required
def settings_page(request, code):
    """The union's check-in window: the committee changes it, the 经审 reads it."""
    return settings_view(request, code, CHECKIN_SETTINGS)
