"""The member's own 帮扶 page, made for a phone: their application and where it stands."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from gonghui.core.forms import add_service_errors

from .. import queries, services
from ..forms import FiguresForm, HouseholdFormSet, household_rows


@login_required
def my_care(request):
    member = queries.own_member(request.user)
    file = queries.own_file(member) if member else None
    can_apply = member is not None and (file is None or not file.is_open)
    form = FiguresForm(request.POST or None)
    household = HouseholdFormSet(request.POST or None, prefix="p")
    if request.method == "POST" and can_apply and form.is_valid() and household.is_valid():
        try:
            file = services.hardship_apply(
                actor=request.user,
                member=member,
                household=household_rows(household),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "申请已提交，工会将进行初审。")
            return redirect("care:mine")
    return render(
        request,
        "care/mine.html",
        {
            "member": member,
            "file": file,
            "can_apply": can_apply,
            "form": form,
            "household": household,
            "history": list(queries.history_of(file)) if file else [],
            "settings": queries.settings_for(member.union) if member else None,
        },
    )
