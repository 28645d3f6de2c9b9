"""Downloads of the session documents (会议文件): a sitting's notice, sign-in sheet,
resolutions and 公示, the ballot papers and counting sheet of one poll, evaluation or
election, and the whole sitting as a .zip. Thin: find the object, let the service check
``congress.view``, build and audit, and send the file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404

from gonghui.core.pages import DOCX, download

from ..papers import ITEM_KINDS, SITTING_KINDS
from ..queries.elections import get_election
from ..queries.evaluation import get_evaluation
from ..queries.polls import get_poll
from ..queries.sittings import get_sitting
from ..services import papers as services

ZIP = "application/zip"


def _send(export, **kwargs):
    try:
        content, filename = export(**kwargs)
    except ValidationError as exc:
        raise Http404("；".join(exc.messages)) from None
    return download(content, filename, ZIP if filename.endswith(".zip") else DOCX)


@login_required
def sitting_paper(request, pk: int, kind: str):
    if kind not in SITTING_KINDS:
        raise Http404("没有这种会议文件。")
    sitting = get_sitting(request.user, pk)
    return _send(services.paper_export, actor=request.user, sitting=sitting, kind=kind)


@login_required
def sitting_archive(request, pk: int):
    sitting = get_sitting(request.user, pk)
    return _send(services.archive_export, actor=request.user, sitting=sitting)


def _item_paper(get):
    """The papers of one poll, evaluation or election, fetched by its own getter."""

    @login_required
    def view(request, pk: int, kind: str):
        if kind not in ITEM_KINDS:
            raise Http404("没有这种会议文件。")
        obj = get(request.user, pk)
        return _send(
            services.paper_export, actor=request.user, sitting=obj.sitting, kind=kind, obj=obj
        )

    return view


poll_paper = _item_paper(get_poll)
evaluation_paper = _item_paper(get_evaluation)
election_paper = _item_paper(get_election)
