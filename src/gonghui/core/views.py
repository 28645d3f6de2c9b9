"""Pages of the core app: login, dashboard, switcher, roles, audit trail, own record."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.orgs import queries as org_queries
from gonghui.orgs import services as org_services

from . import audit, panels, queries, scoping, services, sudo, todo
from .current import current_union, set_current_union
from .forms import AccountForm, AuditFilterForm, GrantForm, LoginForm, add_service_errors
from .forms_accounts import PasswordChangeForm
from .queries_accounts import get_union_account
from .slips import login_slip
from .views_password import mail_reset_enabled


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"mail_reset": mail_reset_enabled()}


@login_required
def dashboard(request):
    union = current_union(request)
    context = {
        "union": union,
        "figures": org_queries.dashboard_figures(request.user, union),
        "term_warnings": org_queries.term_warnings(request.user),
        "recent": queries.audit_entries(request.user)[:8]
        if union and scoping.has_perm(request.user, "audit.view", union=union)
        else [],
        "my_member": org_queries.own_member(request.user),
        "my_groups": org_queries.led_groups(request.user),
        "todos": todo.items(request.user, union),
        "panels": panels.panels(request.user, union, timezone.localdate()),
    }
    return render(request, "core/dashboard.html", context)


@login_required
@require_POST
def switch_union(request):
    if not request.POST.get("union"):  # the switcher's "其他工会……": the full list
        return redirect("orgs:union_list")
    union = queries.get_union(request.user, request.POST.get("union", ""), "org.view")
    set_current_union(request, union)
    return redirect("orgs:union_detail", code=union.code)


@login_required
def union_roles(request, code):
    union = queries.get_union(request.user, code, "role.change")
    roles = queries.grantable_roles(request.user, union)
    groups = org_queries.live_groups(union)
    grant_form = GrantForm(roles=roles, groups=groups)
    account_form = AccountForm(union=union)
    if request.method == "POST" and (confirm := sudo.gate(request)) is not None:
        return confirm  # granting roles and opening accounts ask for the password again
    if request.method == "POST":
        try:
            if request.POST.get("form") == "account":
                account_form = AccountForm(request.POST, union=union)
                if account_form.is_valid():
                    data = account_form.cleaned_data
                    user = org_services.member_account_open(
                        actor=request.user,
                        union=union,
                        username=data["username"],
                        full_name=data["full_name"],
                        mobile=data["mobile"],
                        password=data["password"],
                        member=data["member"],
                    )
                    messages.success(request, f"已新建账号「{user.username}」，可在上方为其授权。")
                    return redirect("core:union_roles", code=union.code)
            else:
                grant_form = GrantForm(request.POST, roles=roles, groups=groups)
                if grant_form.is_valid():
                    data = grant_form.cleaned_data
                    group = data["group"]
                    services.role_grant(
                        actor=request.user,
                        user=data["login"],
                        role=data["role"],
                        union=union,
                        group=group,
                    )
                    messages.success(request, f"已为「{data['login']}」授予角色。")
                    return redirect("core:union_roles", code=union.code)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    return render(
        request,
        "core/roles.html",
        {
            "union": union,
            "grants": queries.union_grants(request.user, union),
            "grant_form": grant_form,
            "account_form": account_form,
        },
    )


@login_required
@require_POST
def role_revoke(request, pk):
    grant = queries.get_grant(request.user, pk)
    if grant.union is None:
        raise PermissionDenied("平台管理员授权只能在系统后台处理。")
    try:
        services.role_revoke(actor=request.user, grant=grant)
        messages.success(request, f"已撤销：{grant}")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("core:union_roles", code=grant.union.code)


@login_required
def audit_list(request):
    union = current_union(request)
    if union is None or not scoping.has_perm(request.user, "audit.view", union=union):
        raise PermissionDenied("您无权查看审计日志。")
    form = AuditFilterForm(request.GET or None)
    entries = form.apply(queries.audit_entries(request.user)).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = audit.describe(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "title": "审计日志", "form": form, "pager_query": query.urlencode()},
    )


@login_required
def object_history(request, object_type, object_id):
    entries = queries.object_history(request.user, object_type=object_type, object_id=object_id)
    page = Paginator(entries.select_related("actor"), 50).get_page(request.GET.get("page"))
    page.object_list = audit.describe(page.object_list)
    target = audit.current_object(object_type, object_id)  # its name as it reads now
    name = target if target is not None else entries.last().object_repr
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "title": f"修改历史：{name}",
            "kind": audit.object_kind(object_type),
            "back": getattr(target, "get_absolute_url", None),
            "single_object": True,
        },
    )


@login_required
def me(request):
    """我的: one's member record (when the account has one) and one's account — 修改密码 and
    the reminder e-mail — which every account has, administrators above a union too."""
    member = org_queries.own_member(request.user)
    if member is not None and not scoping.has_perm(request.user, "self.view", union=member.union):
        member = None
    return render(request, "core/me.html", {"member": member})


@login_required
def password_change(request):
    """修改密码: the current password, the new one twice (Django's validators, in Chinese).
    The session stays logged in; the must-change flag goes."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_set_password(
                actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            update_session_auth_hash(request, user)
            sudo.start(request)  # the password was just given
            messages.success(request, "密码已修改，下次请用新密码登录。")
            return redirect("core:me")
    return render(
        request,
        "core/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )


@login_required
def password_reset(request, code, pk):
    """重置密码 of an account of the union: a confirmation (GET), then — after the user's own
    password again (core.sudo) — the one-time password on a printable slip, shown this once
    (the answer to the POST; nothing keeps it)."""
    union = queries.get_union(request.user, code, "role.change")
    account = get_union_account(request.user, union, pk)
    if request.method == "POST":
        if (confirm := sudo.gate(request)) is not None:
            return confirm
        try:
            password = services.password_reset(actor=request.user, user=account)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("core:union_roles", code=union.code)
        return login_slip(request, union=union, user=account, password=password)
    return render(request, "core/password_reset.html", {"union": union, "account": account})


def csrf_failure(request, reason=""):
    return render(
        request,
        "core/error.html",
        {
            "title": "页面已过期",
            "message": "表单校验失败（可能页面停留过久或在别处打开过）。请返回上一页，刷新后重新提交。",
        },
        status=403,
    )


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有权限访问这个页面。"
    return render(request, "core/error.html", {"title": "无权访问", "message": message}, status=403)


def not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {
            "title": "页面不存在",
            "message": "找不到您要的页面，可能地址有误或已被归档。",
        },
        status=404,
    )
