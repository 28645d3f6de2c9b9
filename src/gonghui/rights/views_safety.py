"""The 劳动保护 pages (phone-first: inspectors record on site): the overview with the open
hazards (overdue in red) and the inspections; a new inspection; an inspection with its
hazards and the form to add one (with a photo); a hazard with its 整改, 复查 and 报告 steps;
a photo; the hazard-post register; accidents; the 安康杯 ranking. ``rights.view`` reads
(the 经审 too), ``rights.change`` writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import XLSX, download, flash_error, form_page
from gonghui.core.queries import get_union
from gonghui.finance.views.files import stored_file

from . import queries_safety as queries
from . import services_safety as services
from .exports_safety import hazard_ledger
from .forms_safety import (
    AccidentForm,
    AnkangForm,
    EscalateForm,
    HazardForm,
    HazardPostForm,
    InspectionForm,
    RecheckForm,
    RecognitionForm,
    RectifyForm,
)
from .models_safety import HazardState, RiskLevel

VIEW, CHANGE = queries.VIEW, queries.CHANGE
GRASSROOTS = services.GRASSROOTS


def _can_change(request, union) -> bool:
    return scoping.has_perm(request.user, CHANGE, union=union)


def _saved(request, form, call, success) -> object | None:
    """Call the service with the valid form's data; its refusal goes onto the form."""
    if not form.is_valid():
        return None
    try:
        found = call(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success(found))
    return found


@login_required
def safety_home(request, code):
    union = get_union(request.user, code, VIEW, grassroots=GRASSROOTS)
    set_current_union(request, union)
    today = timezone.localdate()
    year = today.year
    hazards = list(queries.open_hazards(union))
    for h in hazards:
        h.overdue = h.is_overdue(today)
    return render(
        request,
        "rights/safety_home.html",
        {
            "union": union,
            "today": today,
            "hazards": hazards,
            "inspections": queries.inspections_of(union)[:50],
            "figures": queries.hazard_parts(union, today.replace(month=1, day=1), today),
            "year": year,
            "can_change": _can_change(request, union),
        },
    )


@login_required
def safety_inspection_new(request, code):
    union = get_union(request.user, code, CHANGE, grassroots=GRASSROOTS)
    set_current_union(request, union)
    form = InspectionForm(request.POST or None, union=union)
    return form_page(
        request,
        form,
        save=lambda data: services.inspection_create(actor=request.user, union=union, **data),
        success=lambda found: f"已登记 {found}，请逐条登记发现的隐患。",
        title="登记劳动保护监督检查",
        union=union,
        back=reverse("rights:safety", args=[union.code]),
        intro="工会劳动保护监督检查委员会（或劳动保护委员）参加的检查。发现的隐患在下一步逐条登记。",
    )


@login_required
def safety_inspection(request, pk):
    inspection = queries.get_inspection(request.user, pk)
    union = inspection.union
    can_change = _can_change(request, union)
    form = None
    if can_change:
        form = HazardForm(request.POST or None, request.FILES or None, inspection=inspection)
    if request.method == "POST":
        scoping.require(request.user, CHANGE, union=union)
        found = _saved(
            request,
            form,
            lambda data: services.hazard_add(actor=request.user, inspection=inspection, **data),
            lambda h: f"已登记隐患「{h.location}」，整改期限 {h.deadline:%Y-%m-%d}。",
        )
        if found is not None:
            return redirect(inspection.get_absolute_url() + "#hazards")
    today = timezone.localdate()
    hazards = list(queries.hazards_of(inspection))
    for h in hazards:
        h.overdue = h.is_overdue(today)
    return render(
        request,
        "rights/safety_inspection.html",
        {
            "union": union,
            "inspection": inspection,
            "inspectors": queries.inspectors_of(inspection),
            "hazards": hazards,
            "form": form,
            "can_change": can_change,
        },
        status=400 if form is not None and form.errors else 200,
    )


STEPS = {
    "rectify": (RectifyForm, services.hazard_rectify, "已登记整改，等待复查。"),
    "recheck": (RecheckForm, services.hazard_recheck, "已登记复查。"),
    "escalate": (EscalateForm, services.hazard_escalate, "已登记报告。"),
}


@login_required
def safety_hazard(request, pk):
    hazard = queries.get_hazard(request.user, pk)
    union = hazard.union
    can_change = _can_change(request, union)
    forms = {}
    if can_change:
        if hazard.state == HazardState.OPEN:
            forms["rectify"] = RectifyForm()
        if hazard.state == HazardState.RECTIFIED:
            forms["recheck"] = RecheckForm()
        if hazard.level == RiskLevel.MAJOR and hazard.escalated_on is None:
            forms["escalate"] = EscalateForm(initial={"escalated_on": timezone.localdate()})
    step = request.POST.get("step", "")
    if request.method == "POST":
        scoping.require(request.user, CHANGE, union=union)
        if step not in forms:
            messages.error(request, "这条隐患现在不能做这一步，请刷新页面后再试。")
            return redirect(hazard.get_absolute_url())
        form_class, service, success = STEPS[step]
        form = form_class(request.POST, request.FILES or None)
        forms[step] = form
        found = _saved(
            request,
            form,
            lambda data: service(actor=request.user, hazard=hazard, **data),
            lambda h: success,
        )
        if found is not None:
            return redirect(hazard.get_absolute_url())
    photos = list(hazard.photos.order_by("uploaded_at", "id"))
    return render(
        request,
        "rights/safety_hazard.html",
        {
            "union": union,
            "hazard": hazard,
            "overdue": hazard.is_overdue(timezone.localdate()),
            "rechecks": queries.rechecks_of(hazard),
            "photos": photos,
            "forms": forms,
            "can_change": can_change,
        },
        status=400 if any(f.errors for f in forms.values()) else 200,
    )


@login_required
def safety_photo(request, pk):
    photo = queries.get_photo(request.user, pk)
    return stored_file(request, photo.stored(), photo.content_type, inline=True)


# --- the hazard-post register -----------------------------------------------------------------


@login_required
def safety_posts(request, code):
    union = get_union(request.user, code, VIEW, grassroots=GRASSROOTS)
    set_current_union(request, union)
    can_change = _can_change(request, union)
    form = HazardPostForm(request.POST or None) if can_change else None
    if request.method == "POST":
        scoping.require(request.user, CHANGE, union=union)
        found = _saved(
            request,
            form,
            lambda data: services.hazard_post_save(actor=request.user, union=union, fields=data),
            lambda p: f"已将「{p}」列入职业病危害岗位台账。",
        )
        if found is not None:
            return redirect(reverse("rights:safety_posts", args=[union.code]))
    posts = list(queries.posts_of(union))
    return render(
        request,
        "rights/safety_posts.html",
        {
            "union": union,
            "posts": posts,
            "exposed": sum(p.workers for p in posts),
            "form": form,
            "can_change": can_change,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _post_initial(post) -> dict:
    return {f: getattr(post, f) for f in services.POST_FIELDS}


@login_required
def safety_post(request, pk):
    post = queries.get_post(request.user, pk)
    union = post.union
    can_change = _can_change(request, union) and post.retired_on is None
    back = reverse("rights:safety_posts", args=[union.code])
    if request.method == "POST" and request.POST.get("step") == "retire":
        scoping.require(request.user, CHANGE, union=union)
        try:
            services.hazard_post_retire(actor=request.user, post=post)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, f"已将「{post}」从台账撤销。")
        return redirect(back)
    form = None
    if can_change:
        form = HazardPostForm(request.POST or None, initial=_post_initial(post))
    if request.method == "POST":
        scoping.require(request.user, CHANGE, union=union)
        found = _saved(
            request,
            form,
            lambda data: services.hazard_post_save(
                actor=request.user, union=union, post=post, fields=data
            ),
            lambda p: f"已修改「{p}」。",
        )
        if found is not None:
            return redirect(back)
    return render(
        request,
        "rights/safety_post.html",
        {"union": union, "post": post, "form": form, "can_change": can_change, "back": back},
        status=400 if form is not None and form.errors else 200,
    )


# --- accidents ------------------------------------------------------------------------------


@login_required
def safety_accidents(request, code):
    union = get_union(request.user, code, VIEW, grassroots=GRASSROOTS)
    set_current_union(request, union)
    can_change = _can_change(request, union)
    form = AccidentForm(request.POST or None, union=union) if can_change else None
    if request.method == "POST":
        scoping.require(request.user, CHANGE, union=union)
        found = _saved(
            request,
            form,
            lambda data: services.accident_record(actor=request.user, union=union, **data),
            lambda a: f"已登记 {a} 的事故。",
        )
        if found is not None:
            return redirect(found.get_absolute_url())
    return render(
        request,
        "rights/safety_accidents.html",
        {
            "union": union,
            "accidents": queries.accidents_of(union),
            "form": form,
            "can_change": can_change,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def safety_accident(request, pk):
    accident = queries.get_accident(request.user, pk)
    union = accident.union
    can_change = _can_change(request, union)
    form = None
    if can_change:
        form = RecognitionForm(request.POST or None, initial={"recognition": accident.recognition})
    if request.method == "POST":
        scoping.require(request.user, CHANGE, union=union)
        found = _saved(
            request,
            form,
            lambda data: services.accident_recognition(
                actor=request.user, accident=accident, **data
            ),
            lambda a: f"工伤认定情况已改为“{a.get_recognition_display()}”。",
        )
        if found is not None:
            return redirect(accident.get_absolute_url())
    return render(
        request,
        "rights/safety_accident.html",
        {
            "union": union,
            "accident": accident,
            "injured": list(accident.injured.order_by("name")),
            "form": form,
            "can_change": can_change,
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- 安康杯 -------------------------------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def safety_ankang(request, code):
    union = get_union(request.user, code, VIEW, grassroots=GRASSROOTS)
    set_current_union(request, union)
    year = _year(request)
    can_change = _can_change(request, union)
    groups = list(queries.groups_of(union))
    form = AnkangForm(request.POST or None, groups=groups) if can_change else None
    if request.method == "POST":
        scoping.require(request.user, CHANGE, union=union)

        def save(data):
            group = queries.group_of(union, data.pop("group"))
            if group is None:
                raise ValidationError({"group": ["请选择本工会的小组。"]})
            return services.ankang_entry_save(
                actor=request.user, union=union, year=year, group=group, **data
            )

        found = _saved(request, form, save, lambda e: f"已保存{e}。")
        if found is not None:
            return redirect(reverse("rights:safety_ankang", args=[union.code]) + f"?year={year}")
    return render(
        request,
        "rights/safety_ankang.html",
        {
            "union": union,
            "year": year,
            "years": [year - 1, year, year + 1],
            "entries": queries.ankang_of(union, year),
            "form": form,
            "can_change": can_change,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def safety_export(request, code):
    """The year's 隐患整改台账 (.xlsx) for ``rights.view`` holders."""
    union = get_union(request.user, code, VIEW, grassroots=GRASSROOTS)
    year = _year(request)
    content = hazard_ledger(union, year, timezone.localdate())
    return download(content, f"{union.name}-{year}年隐患整改台账.xlsx", XLSX)
