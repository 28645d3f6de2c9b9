"""The shapes every module's views share."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from .forms import add_service_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(
    content: bytes, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """A file to save (or, ``inline``, to show in the browser), under its Chinese name
    (RFC 5987 encoding, which every browser in use reads)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response


def flash_error(request, exc: ValidationError) -> None:
    """The refusal as one message: a sentence, or, when the service gave several reasons
    (eleven spending rules broken at once), a numbered list that can be read one by one."""
    reasons = exc.messages
    if len(reasons) == 1:
        messages.error(request, reasons[0])
        return
    items = format_html_join("", "<li>{}</li>", ((r,) for r in reasons))
    messages.error(
        request,
        format_html(
            '未能完成，原因有 {} 条：<ol class="mb-0 mt-1 ps-3">{}</ol>', len(reasons), items
        ),
    )


def form_page(request, form, *, save, success, title, union, back=None, intro=""):
    """The one shape of every form page: on a valid POST call the service; on success
    flash ``success(obj)`` and go to ``obj``'s page; on a refusal show the service's message
    on the form (nothing was written). ``back`` is the page 取消 returns to (default: the
    union's page)."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success(obj))
            return redirect(obj.get_absolute_url())
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": title,
            "union": union,
            "back_url": back or union.get_absolute_url(),
            "intro": intro,
        },
    )


# Past this many matches a list says "10000+" instead of counting every row: an exact
# COUNT over a district's million members costs more than the page itself.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows; ``capped`` says the true total is larger."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def year_asked(request) -> int:
    """The year a yearly page shows: ``?year=`` if it is a whole number (kept between 2000
    and a century ahead), else this year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    return min(max(year, 2000), this_year + 100)
