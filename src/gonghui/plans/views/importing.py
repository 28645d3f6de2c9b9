"""导入计划: paste the text or upload the .docx/.txt a union already wrote, check and fix
what was read in an editable preview, then save it as the year's plan.

The document waits for 保存 in the database (``core.uploads``, like every import): the
preview page carries its token, so choosing another part (篇) reads it again on whichever
app server answers; the rows being edited travel in the page (``plans.preview``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.core import uploads
from gonghui.core.current import set_current_union
from gonghui.core.queries import get_union
from gonghui.core.text import clean_post

from .. import preview, queries, services
from ..forms import PLAN_UPLOAD, ImportForm
from ..importer import ImportProblem, list_parts, parse_text, read_document
from ..models import OwnerRole

PASTED = "粘贴的文本"


def _preview(
    request,
    union,
    *,
    pending,
    text,
    part,
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
            "token": pending.token,
            "year": pending.params["year"],
            "part": part,
            "parts": parts,
            "source": pending.params["source"],
            "replace": pending.params["replace"],
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
    union = get_union(request.user, code, "plan.change", grassroots=queries.GRASSROOTS)
    set_current_union(request, union)
    step = request.POST.get("step", "")
    if request.method == "POST" and step in ("part", "save", "discard"):
        return _preview_step(request, union, step)

    form = ImportForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        if upload:
            source = upload.name
        else:
            source = PASTED
            upload = ContentFile(data["text"].encode("utf-8"), name=f"{PASTED}.txt")

        def dry_run(content: bytes):
            text = read_document(content, upload.name)
            return text, parse_text(text, year=data["year"], part=None)

        try:
            shown = uploads.preview(
                request,
                union=union,
                kind=PLAN_UPLOAD,
                upload=upload,
                dry_run=dry_run,
                params={"year": data["year"], "source": source, "replace": data["replace"]},
            )
        except ImportProblem as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            text, parsed = shown.result
            return _preview(request, union, pending=shown.pending, text=text, part=1, parsed=parsed)
    return render(request, "plans/import.html", {"union": union, "form": form})


def _preview_step(request, union, step: str):
    """放弃, another part (篇), or 保存 with the rows as edited on the preview page."""
    pending = uploads.upload_find(
        owner=request.user, union=union, kind=PLAN_UPLOAD, token=request.POST.get("token", "")
    )
    if pending is None:
        messages.error(request, uploads.EXPIRED)
        return redirect("plans:import", code=union.code)
    if step == "discard":
        uploads.upload_discard(pending)
        messages.info(request, "已放弃导入，上传的文件已删除。")
        return redirect("plans:import", code=union.code)
    try:
        part = int(request.POST.get("part", "1") or 1)
        text = read_document(pending.data, pending.name)
    except (ValueError, ImportProblem):
        messages.error(request, "篇次无效，请重新导入。")
        return redirect("plans:import", code=union.code)
    year = pending.params["year"]
    if step == "part":
        try:
            parsed = parse_text(text, year=year, part=part)
        except ImportProblem as exc:
            messages.error(request, str(exc))
            return redirect("plans:import", code=union.code)
        return _preview(request, union, pending=pending, text=text, part=part, parsed=parsed)
    post = clean_post(request.POST)  # rows typed on the page, read without a form
    sections, rows = preview.read_back(post)
    title = post.get("title", "").strip()
    guiding_idea = post.get("guiding_idea", "").strip()
    try:
        parsed = preview.to_parsed(
            title=title, guiding_idea=guiding_idea, sections=sections, rows=rows, year=year
        )
        plan = services.plan_import(
            actor=request.user,
            union=union,
            year=year,
            parsed=parsed,
            source=pending.params["source"],
            replace=pending.params["replace"],
        )
    except ValidationError as exc:
        return _preview(
            request,
            union,
            pending=pending,
            text=text,
            part=part,
            sections=sections,
            rows=rows,
            title=title,
            guiding_idea=guiding_idea,
            errors=exc.messages,
        )
    uploads.upload_discard(pending)
    messages.success(request, f"已导入《{plan.title}》：{plan.items.count()} 个事项。")
    return redirect(plan.get_absolute_url())
