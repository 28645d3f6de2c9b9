"""The 厂务公开 pages. The year's schedule, the catalogue and the records are ``rights.view``
(kept by ``rights.change``); a published item's page is also every current member's of the
union (no role), who may ask about it from their phone; 我的·公开事项 lists their union's
published items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.forms import add_service_errors
from gonghui.core.pages import flash_error, form_page, year_asked
from gonghui.core.queries import get_union
from gonghui.finance.views.files import stored_file

from . import forms_openness as forms
from . import queries_openness as queries
from . import services_openness as services

GRASSROOTS = "厂务公开由基层工会监督和登记，请在基层工会查看。"


def _year_url(union, year: int | None = None) -> str:
    url = reverse("rights:openness", args=[union.code])
    return f"{url}?year={year}" if year else url


@login_required
def year_page(request, code):
    union = get_union(request.user, code, "rights.view", grassroots=GRASSROOTS)
    today = timezone.localdate()
    year = year_asked(request)
    rows = queries.year_grid(union, year, today)
    found = queries.figures(
        union,
        today.replace(year=year, month=1, day=1),
        today.replace(year=year, month=12, day=31),
        today,
    )
    poll = queries.poll_of(union, year)
    result = None
    if poll is not None:
        from gonghui.congress.queries.evaluation import visible_result

        result = visible_result(poll.evaluation)
    can_change = scoping.has_perm(request.user, "rights.change", union=union)
    source, template = queries.template_for(union) if not rows else (None, [])
    return render(
        request,
        "rights/openness_year.html",
        {
            "union": union,
            "word": queries.word(union),
            "year": year,
            "today": today,
            "rows": rows,
            "months": range(1, 13),
            "overdue": queries.overdue(union, today),
            "figures": found,
            "rate": queries.rate(found),
            "due_day": queries.due_day(union),
            "waiting": queries.waiting_questions(union).count(),
            "waiting_list": list(
                queries.waiting_questions(union)
                .select_related("publication")
                .order_by("asked_at")[:20]
            ),
            "publications": list(queries.publications_of(union, year)),
            "poll": poll,
            "result": result,
            "can_change": can_change,
            "can_poll": can_change
            and scoping.has_perm(request.user, "congress.manage", union=union),
            "source": source,
            "template": template,
        },
    )


@login_required
def categories(request, code):
    union = get_union(request.user, code, "rights.view")
    own = list(queries.categories(union))
    source, template = queries.template_for(union) if not own else (None, [])
    return render(
        request,
        "rights/openness_categories.html",
        {
            "union": union,
            "word": queries.word(union),
            "categories": own,
            "source": source,
            "template": template,
            "due_day": queries.due_day(union),
            "can_change": scoping.has_perm(request.user, "rights.change", union=union),
        },
    )


@login_required
@require_POST
def adopt(request, code):
    union = get_union(request.user, code, "rights.change")
    try:
        n = services.openness_adopt(actor=request.user, union=union)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已建立本单位的公开目录（{n} 个类别），可随时修改。")
    return redirect("rights:openness_categories", union.code)


@login_required
def category_new(request, code):
    union = get_union(request.user, code, "rights.change")
    form = forms.CategoryForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda d: services.openness_category_save(actor=request.user, union=union, fields=d),
        success=lambda c: f"已添加公开类别“{c.name}”。",
        title="添加公开类别",
        union=union,
        back=reverse("rights:openness_categories", args=[union.code]),
    )


@login_required
def category_edit(request, pk):
    category = queries.get_category(request.user, pk)
    initial = {
        "name": category.name,
        "examples": category.examples,
        "schedule": category.schedule,
        "event_days": category.event_days,
        "counts_from": category.counts_from,
    }
    form = forms.CategoryForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda d: services.openness_category_save(
            actor=request.user, union=category.union, category=category, fields=d
        ),
        success=lambda c: f"已保存公开类别“{c.name}”。",
        title=f"修改公开类别：{category.name}",
        union=category.union,
        back=reverse("rights:openness_categories", args=[category.union.code]),
    )


@login_required
@require_POST
def category_retire(request, pk):
    category = queries.get_category(request.user, pk)
    try:
        services.openness_category_retire(actor=request.user, category=category)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已停用公开类别“{category.name}”，以后的期间不再计为应公开。")
    return redirect("rights:openness_categories", category.union.code)


@login_required
def publish(request, code):
    union = get_union(request.user, code, "rights.change", grassroots=GRASSROOTS)
    title = f"登记{queries.word(union)}"
    if not queries.categories(union, live_only=True).exists():
        return render(
            request,
            "rights/openness_form.html",
            {"union": union, "form": None, "title": title, "back_url": _year_url(union)},
        )
    initial = {}
    for key in ("category", "year", "period"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = forms.PublicationForm(
        request.POST or None, request.FILES or None, union=union, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.openness_publish(
                actor=request.user,
                union=union,
                category=d["category"],
                year=d["year"],
                period=d["period_number"],
                event_on=d.get("event_on"),
                title=d["title"],
                content=d.get("content") or "",
                published_on=d["published_on"],
                channel=d["channel"],
                channel_note=d.get("channel_note") or "",
                sitting=d.get("sitting"),
                evidence=d.get("evidence"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            late = f"，逾期 {item.days_late} 天" if item.days_late else "，按时"
            messages.success(request, f"已登记公开：{item}{late}。")
            return redirect(_year_url(union, item.year))
    return render(
        request,
        "rights/openness_form.html",
        {
            "union": union,
            "form": form,
            "title": title,
            "back_url": _year_url(union),
        },
    )


@login_required
def item(request, pk):
    publication = queries.get_publication(request.user, pk)
    named, questions = queries.questions_for(request.user, publication)
    union = publication.union
    can_change = scoping.has_perm(request.user, "rights.change", union=union)
    member = queries.own_member(request.user, union)
    return render(
        request,
        "rights/openness_item.html",
        {
            "union": union,
            "item": publication,
            "word": queries.word(union),
            "questions": questions,
            "named": named,
            "can_view": scoping.has_perm(request.user, "rights.view", union=union),
            "can_change": can_change,
            "can_ask": member is not None and publication.is_live,
            "ask_form": forms.QuestionForm(),
            "answer_form": forms.AnswerForm(),
            "withdraw_form": forms.WithdrawForm(),
        },
    )


@login_required
def evidence(request, pk):
    publication = queries.get_publication(request.user, pk)
    if not publication.evidence_sha256:
        return render(
            request,
            "core/error.html",
            {"title": "没有佐证文件", "message": "这条公开记录没有上传照片或文件。"},
            status=404,
        )
    inline = publication.evidence_type.startswith("image/")
    return stored_file(request, publication.evidence(), publication.evidence_type, inline=inline)


@login_required
@require_POST
def withdraw(request, pk):
    publication = queries.get_publication(request.user, pk, "rights.change")
    form = forms.WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请写明撤回原因。")
    else:
        try:
            services.openness_withdraw(
                actor=request.user, publication=publication, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, "已撤回这条公开记录（保留原记录和撤回原因）。")
    return redirect(publication)


@login_required
@require_POST
def ask(request, pk):
    publication = queries.get_publication(request.user, pk)
    form = forms.QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(publication)
    try:
        services.openness_question_ask(
            actor=request.user, publication=publication, text=form.cleaned_data["text"]
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "问题已提交，工会委员会答复后您会在这里看到。")
    return redirect(publication)


@login_required
@require_POST
def answer(request, pk):
    question = queries.get_question(request.user, pk)
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写答复（不超过 1000 字）。")
    else:
        try:
            services.openness_question_answer(
                actor=request.user, question=question, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, "已答复。")
    return redirect(question)


@login_required
def mine(request):
    member, found = queries.published_for_member(request.user)
    return render(
        request,
        "rights/openness_mine.html",
        {
            "member": member,
            "items": list(found[:100]),
            "word": queries.word(member.union) if member else "厂务公开",
        },
    )


@login_required
def poll_new(request, code):
    union = get_union(request.user, code, "rights.change", grassroots=GRASSROOTS)
    year = year_asked(request)
    form = forms.PollForm(request.POST or None, union=union)
    return form_page(
        request,
        form,
        save=lambda d: services.openness_poll_create(
            actor=request.user,
            union=union,
            year=year,
            sitting=d["sitting"],
            on_paper=d["on_paper"],
        ),
        success=lambda p: f"已设置{p}，请在职代会上开始测评。",
        title=f"设置{year}年度{queries.word(union)}满意度测评",
        union=union,
        back=_year_url(union, year),
        intro="测评用职代会的民主评议（无记名投票）：到会代表对每一类公开事项评“满意、基本满意、不满意”，"
        "闭会前结束测评后在公开页显示结果。",
    )
