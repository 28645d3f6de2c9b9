"""导入计划: paste the text or upload the .docx/.txt a union already wrote, check and fix
what was read in an editable preview, then save it as the year's plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.core.current import set_current_union

from .. import preview, queries, services
from ..forms import ImportForm
from ..importer import ImportProblem, list_parts, parse_text, read_document
from ..models import OwnerRole

MAX_UPLOAD = 10 * 1024 * 1024


def _preview(
    request,
    union,
    *,
    text,
    year,
    part,
    source,
    replace,
    parsed=None,
    sections=None,
    rows=None,
    title=None,
    guiding_idea=None,
    errors=(),
):
    parts = list_parts(text)
    if parsed is not None:
        sections, rows = parsed.sections, preview.to_rows(parsed)
        title, guiding_idea = parsed.title, parsed.guiding_idea
    schedule_count = sum(1 for r in rows if r.schedule)
    return render(
        request,
        "plans/import_preview.html",
        {
            "union": union,
            "text": text,
            "year": year,
            "part": part,
            "parts": parts,
            "source": source,
            "replace": replace,
            "title": title or "",
            "guiding_idea": guiding_idea or "",
            "sections": sections,
            "rows": rows,
            "schedule_count": schedule_count,
            "target_count": sum(len(r.targets) for r in rows),
            "errors": errors,
            "owner_roles": OwnerRole.choices,
        },
    )


@login_required
def plan_import(request, code):
    union = queries.plan_union(request.user, code, "plan.change")
    set_current_union(request, union)
    step = request.POST.get("step", "")
    if request.method == "POST" and step in ("part", "save"):
        text = request.POST.get("text", "")
        try:
            year = int(request.POST.get("year", ""))
            part = int(request.POST.get("part", "1") or 1)
        except ValueError:
            messages.error(request, "年度或篇次无效，请重新导入。")
            return redirect("plans:import", code=union.code)
        source = request.POST.get("source", "")[:200]
        replace = bool(request.POST.get("replace"))
        if step == "part":
            try:
                parsed = parse_text(text, year=year, part=part)
            except ImportProblem as exc:
                messages.error(request, str(exc))
                return redirect("plans:import", code=union.code)
            return _preview(
                request,
                union,
                text=text,
                year=year,
                part=part,
                source=source,
                replace=replace,
                parsed=parsed,
            )
        sections, rows = preview.read_back(request.POST)
        title = request.POST.get("title", "").strip()
        guiding_idea = request.POST.get("guiding_idea", "").strip()
        try:
            parsed = preview.to_parsed(
                title=title, guiding_idea=guiding_idea, sections=sections, rows=rows, year=year
            )
            plan = services.plan_import(
                actor=request.user,
                union=union,
                year=year,
                parsed=parsed,
                source=source,
                replace=replace,
            )
        except ValidationError as exc:
            return _preview(
                request,
                union,
                text=text,
                year=year,
                part=part,
                source=source,
                replace=replace,
                sections=sections,
                rows=rows,
                title=title,
                guiding_idea=guiding_idea,
                errors=exc.messages,
            )
        messages.success(request, f"已导入《{plan.title}》：{plan.items.count()} 个事项。")
        return redirect(plan.get_absolute_url())

    form = ImportForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data.get("file")
            if upload:
                if upload.size > MAX_UPLOAD:
                    raise ImportProblem("文件超过 10 MB，请只保留计划正文后再上传。")
                text, source = read_document(upload.read(), upload.name), upload.name
            else:
                text, source = data["text"], "粘贴的文本"
            parsed = parse_text(text, year=data["year"], part=None)
        except ImportProblem as exc:
            form.add_error(None, str(exc))
        else:
            return _preview(
                request,
                union,
                text=text,
                year=data["year"],
                part=1,
                source=source,
                replace=data["replace"],
                parsed=parsed,
            )
    return render(request, "plans/import.html", {"union": union, "form": form})
