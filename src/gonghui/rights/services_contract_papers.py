"""The one write of the contracts' papers: a paper with names in it handed out is an audit
entry (who took which paper of which contract). The papers themselves are built by
``documents_contracts``."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gonghui.core import audit, scoping

from . import documents_contracts as papers
from .models_contracts import CollectiveContract, NegotiationSession

# The papers a download may name: (label, holds personal data → audited).
PAPERS = {
    "offer": ("集体合同协商要约书", True),
    "submission": ("报送审查函", True),
    "text": ("集体合同文本", False),
    "minutes": ("协商会议纪要", True),
}


@transaction.atomic
def contract_paper_issue(
    *,
    actor,
    contract: CollectiveContract,
    paper: str,
    today: datetime.date,
    session: NegotiationSession | None = None,
) -> bytes:
    """One paper of ``contract`` as .docx, for a ``rights.view`` holder. A paper with names
    in it (the 要约书 with its chief representative, the minutes, the 报送审查函 with the
    representatives' list) is recorded: who took which paper. The text is not."""
    scoping.require(actor, "rights.view", union=contract.union)
    if paper not in PAPERS:
        raise PermissionDenied("没有这种文书。")
    if paper == "minutes" and (session is None or session.contract_id != contract.pk):
        raise PermissionDenied("没有这次协商会议。")
    if paper == "offer":
        content = papers.offer_docx(contract)
    elif paper == "submission":
        content = papers.submission_docx(contract, today)
    elif paper == "text":
        content = papers.text_docx(contract)
    else:
        assert session is not None
        content = papers.minutes_docx(session)
    label, personal = PAPERS[paper]
    if personal:
        changes: dict[str, list] = {"paper": [None, label]}
        if session is not None:
            changes["session"] = [None, session.number]
        audit.record(
            actor=scoping.person(actor),
            action="rights.contract_paper",
            obj=contract,
            changes=changes,
            union_id=contract.union_id,
        )
    return content
