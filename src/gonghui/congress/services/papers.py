"""Exports of the session documents (会议文件) and of the whole-sitting archive. Each
checks ``congress.view`` and writes one audit entry, ``congress.export``, naming the file
taken (who took which document, and when, is on the record like every other export)."""

from __future__ import annotations

from django.db import transaction

from gonghui.core import audit
from gonghui.core.scoping import person, require

from .. import archive, papers
from ..models import Sitting


def _record(actor, sitting: Sitting, filename: str, obj=None) -> None:
    audit.record(
        actor=person(actor),
        action="congress.export",
        obj=obj if obj is not None else sitting,
        changes={"导出": [None, filename]},
        union_id=sitting.term.union_id,
    )


def _name(actor) -> str:
    who = person(actor)
    return (getattr(who, "full_name", "") or who.get_username()) if who else "系统"


@transaction.atomic
def paper_export(*, actor, sitting: Sitting, kind: str, obj=None) -> tuple[bytes, str]:
    """One document of ``sitting``: ``kind`` is one of ``papers.SITTING_KINDS`` (notice,
    signin, proposals, resolutions, announcement), or ``ballots``/``count`` of ``obj`` (a
    poll, evaluation or election of the sitting). Returns (bytes, file name)."""
    require(actor, "congress.view", union=sitting.term.union)
    content, filename = papers.build(sitting, kind, obj)
    _record(actor, sitting, filename, obj)
    return content, filename


@transaction.atomic
def archive_export(*, actor, sitting: Sitting) -> tuple[bytes, str]:
    """The whole sitting as one .zip (``archive.sitting_archive``). Returns (bytes, name)."""
    require(actor, "congress.view", union=sitting.term.union)
    taker = f"{_name(actor)}（{sitting.term.union.name}）"
    content = archive.sitting_archive(sitting, exported_by=taker)
    filename = archive.filename(sitting)
    _record(actor, sitting, filename)
    return content, filename
