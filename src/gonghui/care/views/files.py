"""The committee's 帮扶 pages: the list of files, applying for a member, a file with its
steps as forms, the signed consent form, the settings. Every look at a full file is
audited (``services.hardship_view``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.current import set_current_union
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error
from gonghui.core.queries import get_union
from gonghui.core.queries_publicity import cleared, publicity_for
from gonghui.finance.queries.vouchers import share_vouchers
from gonghui.finance.views.files import stored_file

from .. import queries, services
from ..forms import (
    AidForm,
    ApplyForForm,
    EstablishForm,
    FiguresForm,
    HouseholdFormSet,
    NoteForm,
    ReasonForm,
    VisitForm,
    household_rows,
)
from ..models import FileState

CLOSABLE = (FileState.APPLIED, FileState.SCREENED, FileState.VISITED, FileState.PUBLICITY)
GRASSROOTS = "困难职工档案由基层工会建立，请进入所属基层工会办理。"


@login_required
def file_list(request, code):
    union = get_union(request.user, code, "care.view", grassroots=GRASSROOTS)
    set_current_union(request, union)
    state = request.GET.get("state", "")
    settings = queries.settings_for(union)
    counts = queries.state_counts(union)
    return render(
        request,
        "care/files.html",
        {
            "union": union,
            "files": queries.file_list(union, state),
            "states": [(v, label, counts.get(v, 0)) for v, label in FileState.choices],
            "state": state,
            "settings": settings,
            "can_change": scoping.has_perm(request.user, "care.change", union=union),
        },
    )


@login_required
def apply_for(request, code):
    union = get_union(request.user, code, "care.change", grassroots=GRASSROOTS)
    form = ApplyForForm(request.POST or None, union=union)
    household = HouseholdFormSet(request.POST or None, prefix="p")
    if request.method == "POST" and form.is_valid() and household.is_valid():
        data = dict(form.cleaned_data)
        try:
            file = services.hardship_apply(
                actor=request.user, household=household_rows(household), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已为「{file.member.name}」提交困难职工申请。")
            return redirect(file.get_absolute_url())
    return render(
        request,
        "care/apply.html",
        {"union": union, "form": form, "household": household, "title": "代职工申请"},
    )


def _page(request, file, **bound):
    """The file page; ``bound`` replaces a step's blank form with the one just refused."""
    union = file.union
    publicity = publicity_for(file)
    steps = {
        "screen_form": NoteForm(),
        "reject_form": ReasonForm(),
        "visit_form": VisitForm(),
        "establish_form": EstablishForm(),
        "aid_form": AidForm(),
        "review_form": FiguresForm(),
        "review_household": HouseholdFormSet(prefix="p"),
        "exit_form": ReasonForm(),
    }
    steps.update(bound)
    detail = queries.file_detail(file)
    _with_vouchers(detail["aids"])
    return render(
        request,
        "care/file.html",
        {
            "union": union,
            "file": file,
            "can_change": scoping.has_perm(request.user, "care.change", union=union),
            "can_view": scoping.has_perm(request.user, "care.view", union=union),
            "can_reject": file.state in CLOSABLE,
            "can_see_vouchers": scoping.has_perm(request.user, "finance.view", union=union),
            "publicity": publicity,
            "publicity_cleared": cleared(publicity),
            **detail,
            **steps,
        },
        status=400 if bound else 200,
    )


def _with_vouchers(aids) -> None:
    """Each 帮扶 paid in money carries the voucher its share is on (one query for all), for
    the page to show the voucher's number and state (``care.payments``)."""
    vouchers = share_vouchers(a.voucher_share_id for a in aids)
    for aid in aids:
        aid.voucher = vouchers.get(aid.voucher_share_id)


@login_required
def file_detail(request, pk):
    file = queries.get_file(request.user, pk)
    services.hardship_view(actor=request.user, file=file)
    return _page(request, file)


def _step(request, file, call, success, **bound_on_error):
    """Call the step's service. A refusal about a field shows the page again with the form
    and the message beside the field; any other (a wrong state, a 公示 not cleared) is
    flashed above the page, which shows the step the file is at now."""
    try:
        call()
    except ValidationError as exc:
        form = next((f for f in bound_on_error.values() if hasattr(f, "add_error")), None)
        if form is None or not hasattr(exc, "error_dict"):
            flash_error(request, exc)
            return redirect(file.get_absolute_url())
        add_service_errors(form, exc)
        return _page(request, file, **bound_on_error)
    messages.success(request, success)
    return redirect(file.get_absolute_url())


def _form_step(request, pk, key, form_class, call, success, *, files=False):
    """A step of the flow posted from the file page: the form valid, one service call;
    a refusal shows the page again with the form and its message (nothing was written)."""
    file = queries.get_file(request.user, pk, "care.change")
    form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
    if not form.is_valid():
        return _page(request, file, **{key: form})
    return _step(
        request,
        file,
        lambda: call(actor=request.user, file=file, **form.cleaned_data),
        success,
        **{key: form},
    )


@login_required
@require_POST
def screen(request, pk):
    return _form_step(
        request, pk, "screen_form", NoteForm, services.hardship_screen, "初审通过，请安排入户调查。"
    )


@login_required
@require_POST
def reject(request, pk):
    return _form_step(
        request, pk, "reject_form", ReasonForm, services.hardship_reject, "已作不予通过处理。"
    )


@login_required
@require_POST
def visit(request, pk):
    return _form_step(
        request,
        pk,
        "visit_form",
        VisitForm,
        services.hardship_visit,
        "已记录入户调查。",
        files=True,
    )


@login_required
@require_POST
def publicize(request, pk):
    file = queries.get_file(request.user, pk, "care.change")
    return _step(
        request,
        file,
        lambda: services.hardship_publicize(actor=request.user, file=file),
        "已发布公示（只公示姓名、小组和困难类别）。公示结束且无异议后可以建档。",
    )


@login_required
@require_POST
def establish(request, pk):
    return _form_step(
        request,
        pk,
        "establish_form",
        EstablishForm,
        services.hardship_establish,
        "已建档，下次复核日期已排定。",
    )


@login_required
@require_POST
def aid(request, pk):
    return _form_step(request, pk, "aid_form", AidForm, services.aid_record, "已记录帮扶。")


@login_required
@require_POST
def review(request, pk):
    file = queries.get_file(request.user, pk, "care.change")
    form = FiguresForm(request.POST)
    household = HouseholdFormSet(request.POST, prefix="p")
    bound = {"review_form": form, "review_household": household}
    if not (form.is_valid() and household.is_valid()):
        return _page(request, file, **bound)
    return _step(
        request,
        file,
        lambda: services.hardship_review(
            actor=request.user,
            file=file,
            household=household_rows(household),
            **form.cleaned_data,
        ),
        "已完成年度复核。",
        **bound,
    )


@login_required
@require_POST
def exit_file(request, pk):
    return _form_step(
        request,
        pk,
        "exit_form",
        ReasonForm,
        services.hardship_exit,
        "已脱困退档；档案和历史记录均已保留。",
    )


@login_required
def consent(request, pk):
    visit = queries.get_visit(request.user, pk)
    return stored_file(request, visit, visit.consent_type)
