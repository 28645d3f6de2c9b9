"""The 调解协议书 (《劳动争议调解仲裁法》第十四条): the parties, the dispute, the agreed terms,
the signatures of both parties and of the mediators, and the committee's seal — in the GB/T
9704 layout of ``core.documents``. Read by a committee member only (``queries_mediation.
get_case``); it carries the parties' names, so it is never linked from anywhere else."""

from __future__ import annotations

from gonghui.core import documents as d
from gonghui.core.exports import docx_text

from .models_mediation import MediationCase

EFFECT = (
    "本协议书由双方当事人签名或者盖章，经调解员签名并加盖调解委员会印章后生效，对双方当事人"
    "具有约束力，当事人应当履行（《劳动争议调解仲裁法》第十四条）。达成调解协议后，一方当事人"
    "在协议约定期限内不履行调解协议的，另一方当事人可以依法申请仲裁（同法第十五条）。"
)
COPIES = "本协议书一式三份，双方当事人和调解委员会各执一份。"


def committee_name(case: MediationCase) -> str:
    union = case.union
    return f"{union.employer_name or union.name}劳动争议调解委员会"


def filename(case: MediationCase) -> str:
    return f"调解协议书（{case.year}）调字第{case.number}号.docx"


def agreement_docx(case: MediationCase, mediator_names: list[str]) -> bytes:
    """One document for an agreed case (``case.state`` 达成调解协议)."""
    assert case.accepted_on is not None and case.closed_on is not None
    doc = d.new_document()
    d.title(doc, "劳动争议调解协议书")
    d.para(doc, f"（{case.year}）调字第{case.number}号", indent=False, align="right")
    department = case.applicant.department if case.applicant_id and case.applicant else ""
    applicant = case.applicant_name + (f"，{department}" if department else "")
    d.para(doc, f"申请人：{applicant}", indent=False)
    d.para(doc, f"被申请人：{case.respondent}", indent=False)
    d.para(doc, f"调解组织：{committee_name(case)}", indent=False)
    d.para(doc, "争议事项", indent=False, font=d.HEADING_FONT)
    d.para(doc, f"争议类型：{case.get_claim_kind_display()}。")
    for line in docx_text(case.claim).split("\n"):
        if line.strip():
            d.para(doc, line.strip())
    d.para(doc, "调解结果", indent=False, font=d.HEADING_FONT)
    d.para(
        doc,
        f"申请人于{d.cn_date(case.applied_on)}向本委员会申请调解，本委员会于"
        f"{d.cn_date(case.accepted_on)}受理。经调解，双方当事人在平等自愿的基础上达成如下协议：",
    )
    for line in docx_text(case.agreement).split("\n"):
        if line.strip():
            d.para(doc, line.strip())
    d.para(doc, EFFECT)
    d.para(doc, COPIES)
    rows = [["申请人（签名或盖章）", "", ""], ["被申请人（签名或盖章）", "", ""]]
    rows += [[f"调解员：{name}", "", ""] for name in mediator_names] or [["调解员", "", ""]]
    d.table(doc, ["当事人和调解员", "签名", "日期"], rows, height_mm=14)
    d.signature(doc, f"{committee_name(case)}（印章）", case.closed_on)
    return d.to_bytes(doc)
