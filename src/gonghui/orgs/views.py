"""Pages of the organisation tree. Thin: check access, validate the form, call one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error, form_page
from gonghui.core.queries import get_union

from . import queries, services
from .forms import (
    GroupForm,
    MoveForm,
    PositionForm,
    TermCloseForm,
    TermForm,
    UnionForm,
)
from .models import MemberStatus


@login_required
def union_list(request):
    q = " ".join(request.GET.get("q", "").split())[:40]
    unions, cut = queries.union_overview(request.user, q)
    if not unions and not q:
        raise PermissionDenied("您没有可查看的工会。")
    can_admin = [u for u in unions if scoping.has_perm(request.user, "org.admin", union=u)]
    return render(
        request,
        "orgs/union_list.html",
        {"unions": unions, "admin_ids": {u.pk for u in can_admin}, "q": q, "cut": cut},
    )


@login_required
def union_detail(request, code):
    union = get_union(request.user, code, "org.view")
    set_current_union(request, union)
    user = request.user
    context = {
        "union": union,
        "figures": queries.figures(union),
        "terms": queries.current_terms(union),
        "past_terms": queries.past_terms(union),
        **(_groups(union) if not union.is_federation else {"groups": []}),
        "children": queries.union_tree(user).filter(parent=union),
        "can": {
            p.replace(".", "_"): scoping.has_perm(user, p, union=union)
            for p in (
                "org.change",
                "group.change",
                "committee.change",
                "member.view",
                "audit.view",
                "role.change",
            )
        },
        "can_view_parent": union.parent is not None
        and scoping.has_perm(user, "org.view", union=union.parent),
        "can_admin_parent": union.parent is not None
        and scoping.has_perm(user, "org.admin", union=union.parent),
        "can_add_child": union.is_federation and scoping.has_perm(user, "org.admin", union=union),
        "group_form": GroupForm(union=union),
    }
    return render(request, "orgs/union_detail.html", context)


def _groups(union) -> dict:
    """The union page's groups: the first ``GROUP_LIST_LIMIT``, and whether there are more."""
    limit = queries.GROUP_LIST_LIMIT
    groups = list(queries.union_groups(union)[: limit + 1])
    return {"groups": groups[:limit], "groups_cut": len(groups) > limit}


@login_required
def union_create(request, code):
    parent = get_union(request.user, code, "org.admin")
    if not parent.is_federation:
        raise PermissionDenied("只能在上级工会下新建工会。")
    return form_page(
        request,
        UnionForm(request.POST or None),
        save=lambda data: services.union_create(actor=request.user, parent=parent, **data),
        success=lambda union: f"已新建「{union}」。",
        title=f"在「{parent}」下新建工会",
        union=parent,
    )


@login_required
def union_edit(request, code):
    union = get_union(request.user, code, "org.change")
    return form_page(
        request,
        UnionForm(request.POST or None, instance=union),
        save=lambda data: services.union_update(
            actor=request.user, union=union, **{k: v for k, v in data.items() if k != "code"}
        ),
        success=lambda _: "已保存。",
        title=f"编辑「{union}」",
        union=union,
    )


@login_required
def union_move(request, code):
    union = get_union(request.user, code, "org.view")
    if union.parent is None or not scoping.has_perm(request.user, "org.admin", union=union.parent):
        raise PermissionDenied("只有上级工会管理员可以调整隶属关系。")
    return form_page(
        request,
        MoveForm(request.POST or None, parents=queries.federations_for_move(request.user, union)),
        save=lambda data: services.union_move(
            actor=request.user, union=union, new_parent=data["parent"]
        ),
        success=lambda moved: f"「{moved}」已改隶属「{moved.parent}」。",
        title=f"调整「{union}」的隶属关系",
        union=union,
    )


@login_required
@require_POST
def union_archive(request, code):
    union = get_union(request.user, code, "org.view")
    if union.parent is None or not scoping.has_perm(request.user, "org.admin", union=union.parent):
        raise PermissionDenied("只有上级工会管理员可以归档工会。")
    try:
        services.union_archive(actor=request.user, union=union)
        messages.success(request, f"「{union}」已归档。")
        return redirect("orgs:union_detail", code=union.parent.code)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("orgs:union_detail", code=union.code)


@login_required
def group_create(request, code):
    union = get_union(request.user, code, "group.change")
    form = GroupForm(request.POST or None, union=union)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, union=union, **form.cleaned_data)
            messages.success(request, f"已新建小组「{group}」。")
            if request.htmx:
                form = GroupForm(union=union)
            else:
                return redirect("orgs:union_detail", code=union.code)
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {
        "union": union,
        "group_form": form,
        **_groups(union),
        "can": {"group_change": True},
    }
    if request.htmx:
        return render(request, "orgs/_groups.html", context)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"在「{union}」新建工会小组",
            "union": union,
            "back_url": union.get_absolute_url(),
        },
    )


@login_required
def group_detail(request, pk):
    group = queries.get_group(request.user, pk, "group.view")
    members = (
        queries.visible_members(request.user, group.union)
        .filter(group=group, status__in=(MemberStatus.ACTIVE, MemberStatus.RETIRED))
        .order_by("name_pinyin", "id")
    )
    # A group is 7–20 people; one that an import filled with thousands is listed in part,
    # the roster filtered by the group has them all.
    limit = queries.GROUP_MEMBERS_SHOWN
    shown = list(members[: limit + 1])
    return render(
        request,
        "orgs/group_detail.html",
        {
            "group": group,
            "union": group.union,
            "members": shown[:limit],
            "member_count": members.count() if len(shown) > limit else len(shown),
            "members_cut": len(shown) > limit,
            "can_change": scoping.has_perm(request.user, "group.change", union=group.union),
            "can_history": scoping.has_perm(request.user, "audit.view", union=group.union),
        },
    )


@login_required
def group_edit(request, pk):
    group = queries.get_group(request.user, pk, "group.change")
    form = GroupForm(
        request.POST or None,
        union=group.union,
        initial={"name": group.name, "leader": group.leader, "for_retirees": group.for_retirees},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.group_update(actor=request.user, group=group, **data),
        success=lambda _: "已保存。",
        title=f"编辑小组「{group}」",
        union=group.union,
    )


@login_required
@require_POST
def group_archive(request, pk):
    group = queries.get_group(request.user, pk, "group.change")
    try:
        services.group_archive(actor=request.user, group=group)
        messages.success(request, f"小组「{group}」已归档。")
        return redirect("orgs:union_detail", code=group.union.code)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("orgs:group_detail", pk=group.pk)


@login_required
def term_create(request, code):
    union = get_union(request.user, code, "committee.change")
    return form_page(
        request,
        TermForm(request.POST or None),
        save=lambda data: services.term_create(actor=request.user, union=union, **data),
        success=lambda term: f"已录入{term}。",
        title="录入新一届委员会",
        union=union,
    )


@login_required
def term_detail(request, pk):
    # Reading the term needs org.view; changing it (every POST here) committee.change.
    perm = "committee.change" if request.method == "POST" else "org.view"
    term = queries.get_term(request.user, pk, perm)
    can_change = scoping.has_perm(request.user, "committee.change", union=term.union)
    position_form = PositionForm(term=term)
    close_form = TermCloseForm()
    if request.method == "POST":
        try:
            if request.POST.get("form") == "close":
                close_form = TermCloseForm(request.POST)
                if close_form.is_valid():
                    services.term_close(actor=request.user, term=term, **close_form.cleaned_data)
                    messages.success(request, f"{term}已换届。")
                    return redirect("orgs:term_detail", pk=term.pk)
            elif request.POST.get("form") == "end":
                position = queries.get_position(request.user, term, request.POST.get("position"))
                services.position_end(
                    actor=request.user, position=position, ended_on=timezone.localdate()
                )
                messages.success(request, f"「{position.member}」已卸任。")
                return redirect("orgs:term_detail", pk=term.pk)
            else:
                position_form = PositionForm(request.POST, term=term)
                if position_form.is_valid():
                    services.position_add(
                        actor=request.user, term=term, **position_form.cleaned_data
                    )
                    messages.success(request, "已添加职务。")
                    return redirect("orgs:term_detail", pk=term.pk)
        except ValidationError as exc:
            if request.POST.get("form") in ("close", "end"):
                flash_error(request, exc)
            else:
                add_service_errors(position_form, exc)
    return render(
        request,
        "orgs/term_detail.html",
        {
            "term": term,
            "union": term.union,
            "positions": queries.term_positions(term),
            "position_form": position_form,
            "close_form": close_form,
            "can_change": can_change,
            "can_history": scoping.has_perm(request.user, "audit.view", union=term.union),
        },
    )
