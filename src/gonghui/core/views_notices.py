"""提醒 pages: a user's own notices, the navbar badge (loaded by htmx, so ordinary page
renders cost no query for it), and the e-mail address reminders are sent to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import notices, services
from .forms import EmailForm


def _safe(request, url: str, fallback: str) -> str:
    ok = url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if ok else fallback


@login_required
def notice_list(request):
    """GET: the user's notices, newest first. POST ``open=<pk>``: mark it read and go to its
    page; POST ``all``: mark every notice read."""
    here = reverse("core:notices")
    if request.method == "POST":
        if "all" in request.POST:
            count = services.notice_read(actor=request.user, notice=services.ALL_NOTICES)
            messages.success(request, f"已将 {count} 条提醒标为已读。")
            return redirect(here)
        try:
            pk = int(request.POST.get("open", ""))
        except ValueError as exc:
            raise Http404("没有这条提醒。") from exc
        notice = notices.own_notice(request.user, pk)
        if notice is None:
            raise Http404("没有这条提醒。")
        services.notice_read(actor=request.user, notice=notice)
        return redirect(_safe(request, notice.url, here))
    page = Paginator(notices.user_notices(request.user), 30).get_page(request.GET.get("page"))
    context = {
        "title": "提醒",
        "page": page,
        "unread": notices.unread_count(request.user),
        "mail_enabled": notices.mail_enabled(),
    }
    return render(request, "core/notices.html", context)


@login_required
@require_GET
def notice_badge(request):
    return render(
        request, "core/_notice_badge.html", {"unread": notices.unread_count(request.user)}
    )


@login_required
@require_POST
def account_email(request):
    back = _safe(request, request.POST.get("next", ""), reverse("core:notices"))
    form = EmailForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("email", []):
            messages.error(request, error)
        return redirect(back)
    try:
        services.account_email_set(
            actor=request.user, user=request.user, email=form.cleaned_data["email"]
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect(back)
    if form.cleaned_data["email"]:
        messages.success(request, f"提醒将同时发送到邮箱 {form.cleaned_data['email']}。")
    else:
        messages.success(request, "已清除邮箱，今后只在站内提醒。")
    return redirect(back)
