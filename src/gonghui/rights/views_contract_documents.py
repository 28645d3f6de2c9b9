"""Downloads of a collective contract's papers (``documents_contracts``): the 要约书, the
报送审查函 with its pack, the contract text and a session's minutes. Each is a GET for a
``rights.view`` holder of the contract's union; another union's contract is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from gonghui.core.pages import DOCX, download

from . import queries_contracts as queries
from . import services_contract_papers as papers


def _paper(request, contract, paper: str, name: str, session=None):
    content = papers.contract_paper_issue(
        actor=request.user,
        contract=contract,
        paper=paper,
        session=session,
        today=timezone.localdate(),
    )
    return download(content, f"{name}.docx", DOCX)


@login_required
def contract_offer_docx(request, pk):
    contract = queries.get_contract(request.user, pk)
    return _paper(request, contract, "offer", f"{contract.title}协商要约书")


@login_required
def contract_submission_docx(request, pk):
    contract = queries.get_contract(request.user, pk)
    return _paper(request, contract, "submission", f"{contract.title}报送审查函")


@login_required
def contract_text_docx(request, pk):
    contract = queries.get_contract(request.user, pk)
    return _paper(request, contract, "text", f"{contract.title}文本")


@login_required
def session_minutes_docx(request, pk):
    session = queries.get_session(request.user, pk)
    contract = session.contract
    name = f"{contract.title}第{session.number}次协商会议纪要"
    return _paper(request, contract, "minutes", name, session=session)
