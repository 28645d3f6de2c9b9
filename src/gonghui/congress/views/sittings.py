"""Congress pages: a sitting (notice, QR code, live attendance, roll with secretariat
check-in, changing its date and place before it opens) and the representative's own check-in page reached through the QR code."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.pages import flash_error, form_page

from ..forms.sittings import NoticeForm, SittingEditForm, SittingForm
from ..models import CheckIn, Sitting, SittingStatus
from ..queries import sittings as q
from ..queries.common import settings_for
from ..queries.common_reps import seat_of
from ..queries.composition import composition
from ..services import sittings as services


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


@login_required
def sitting_create(request, pk):
    term = q.get_term(request.user, pk, "congress.manage")
    form = SittingForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda d: services.sitting_create(actor=request.user, term=term, **d),
        success=lambda s: f"已筹备{s.name}。",
        title=f"筹备{term}会议",
        union=term.union,
        back=term.get_absolute_url(),
        intro="会次按本届顺序自动编号；会议名称自动生成。",
    )


@login_required
def sitting_edit(request, pk):
    sitting = q.get_sitting(request.user, pk, "congress.manage")
    if sitting.status not in (SittingStatus.PLANNED, SittingStatus.NOTICED):
        messages.error(request, f"{sitting.name}已{sitting.get_status_display()}，不能再修改。")
        return redirect(sitting.get_absolute_url())
    noticed = sitting.noticed_on is not None
    initial = {
        "date": sitting.date,
        "place": sitting.place,
        "proposals_open": sitting.proposals_open,
        "proposals_close": sitting.proposals_close,
        "late_reason": sitting.late_notice_reason,
    }
    form = SittingEditForm(request.POST or None, initial=initial, noticed=noticed)
    days = settings_for(sitting.term.union).notice_days
    intro = "会议开始前可修改日期、地点和提案征集时间。"
    if noticed:
        intro += (
            f"已于 {sitting.noticed_on:%Y-%m-%d} 发布预告：改期后距预告日期不足 {days} 天的，"
            "须填写原因。"
        )
    return form_page(
        request,
        form,
        save=lambda d: services.sitting_update(actor=request.user, sitting=sitting, **d),
        success=lambda s: f"已修改{s.name}的日期和地点。",
        title=f"修改{sitting.name}",
        union=sitting.term.union,
        back=sitting.get_absolute_url(),
        intro=intro,
    )


def _checkin_url(request, sitting: Sitting) -> str:
    return request.build_absolute_uri(reverse("congress:checkin", args=[sitting.checkin_token]))


@login_required
def sitting_detail(request, pk):
    sitting = q.get_sitting(request.user, pk)
    term = sitting.term
    set_current_union(request, term.union)
    can_manage = scoping.has_perm(request.user, "congress.manage", union=term.union)
    days = settings_for(term.union).notice_days
    ahead = (sitting.date - sitting.noticed_on).days if sitting.noticed_on else None
    live = sitting.status in (SittingStatus.NOTICED, SittingStatus.OPEN)
    qr = url = None
    if live and sitting.checkin_token:
        url = _checkin_url(request, sitting)
        qr = mark_safe(segno.make(url, error="m").svg_inline(scale=5))
    today = timezone.localdate()
    return render(
        request,
        "congress/sitting_detail.html",
        {
            "union": term.union,
            "sitting": sitting,
            "term": term,
            "notice_days": days,
            "ahead": ahead,
            "late": ahead is not None and ahead < days,
            "qr": qr,
            "checkin_url": url,
            "figures": q.attendance(sitting),
            "roll": q.roll(sitting),
            "check": composition(term),
            "can_manage": can_manage,
            "can_checkin": can_manage and live and sitting.date == today,
            "is_today": sitting.date == today,
            "notice_form": NoticeForm(initial={"noticed_on": today}),
            "proposals_url": reverse("congress:proposal_list", args=[sitting.pk]),
            "polls_url": reverse("congress:poll_list", args=[sitting.pk]),
        },
    )


@login_required
def attendance_fragment(request, pk):
    sitting = q.get_sitting(request.user, pk)
    return render(
        request,
        "congress/_attendance.html",
        {"sitting": sitting, "figures": q.attendance(sitting)},
    )


def _act(request, pk, service, done):
    sitting = q.get_sitting(request.user, pk, "congress.manage")
    if (refused := _post_only(request)) is not None:
        return refused
    try:
        service(actor=request.user, sitting=sitting)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    return redirect(sitting.get_absolute_url())


@login_required
def sitting_open(request, pk):
    return _act(request, pk, services.sitting_open, "已宣布开会。")


@login_required
def sitting_close(request, pk):
    return _act(request, pk, services.sitting_close, "已宣布闭会。")


@login_required
def sitting_notice(request, pk):
    sitting = q.get_sitting(request.user, pk, "congress.manage")
    if (refused := _post_only(request)) is not None:
        return refused
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            services.sitting_notice(actor=request.user, sitting=sitting, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, "会议预告已发布，代表可扫码报到。")
    else:
        messages.error(request, "请填写预告日期。")
    return redirect(sitting.get_absolute_url())


@login_required
def secretariat_checkin(request, pk, rep):
    sitting = q.get_sitting(request.user, pk, "congress.manage")
    if (refused := _post_only(request)) is not None:
        return refused
    representative = q.get_representative(request.user, rep, term=sitting.term)
    try:
        services.rep_checkin(
            actor=request.user,
            sitting=sitting,
            representative=representative,
            by_secretariat=True,
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"{representative.member.name}已报到。")
    return redirect(f"{sitting.get_absolute_url()}#roll")


@login_required
def checkin_page(request, token):
    """The page the QR code opens. No role needed: the user must hold a seat in the term."""
    if not token:
        raise Http404
    # Reach is enough to be told "you hold no seat"; a seat needs no role at all.
    sitting = q.get_sitting(request.user, perm=None, seat=True, token=token)
    rep = seat_of(request.user, sitting.term)
    if rep is None:
        return render(
            request, "congress/checkin.html", {"sitting": sitting, "not_rep": True}, status=403
        )
    if request.method == "POST":
        try:
            services.rep_checkin(actor=request.user, sitting=sitting, representative=rep)
        except ValidationError as exc:
            flash_error(request, exc)
        return redirect("congress:checkin", token)
    done = CheckIn.objects.filter(sitting=sitting, representative=rep).first()
    return render(
        request,
        "congress/checkin.html",
        {
            "sitting": sitting,
            "rep": rep,
            "done": done,
            "open": sitting.status in (SittingStatus.NOTICED, SittingStatus.OPEN)
            and sitting.date == timezone.localdate(),
        },
    )
