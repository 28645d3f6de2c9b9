"""Documents the roster issues: the 转会介绍信 (union membership transfer letter)."""

from __future__ import annotations

from gonghui.core.documents import (
    SMALL_SIZE,
    cn_date,
    cut_line,
    new_document,
    para,
    title,
    to_bytes,
)

from .models import MemberEvent


def transfer_letter_docx(event: MemberEvent) -> bytes:
    """The letter for a transfer out of the tree, with the receiving union's tear-off receipt
    (回执). Issued through ``services.transfer_letter_issue``, which audits it."""
    member, union = event.member, event.union
    doc = new_document()
    title(doc, "工会会员组织关系介绍信")
    para(doc, event.letter_number, indent=False, align="right")
    para(doc, f"{event.other_name}：", indent=False)
    facts = [f"性别{member.get_sex_display()}"]
    if member.id_number:
        facts.append(f"{member.get_id_type_display()}号码{member.id_number}")
    if member.card_number:
        facts.append(f"会员证号{member.card_number}")
    joined = f"于{cn_date(member.joined_on)}加入工会，" if member.joined_on else ""
    reason = f"因{event.reason.rstrip('。')}，" if event.reason else ""
    para(
        doc,
        f"兹有{member.name}同志（{'，'.join(facts)}），系{union.name}会员，{joined}"
        f"{reason}现将其工会会员组织关系转至你处，请予接转。",
    )
    para(doc, "特此介绍。")
    para(doc)
    para(doc, f"{union.name}（盖章）", indent=False, align="right")
    para(doc, cn_date(event.on), indent=False, align="right")
    para(doc)
    cut_line(doc, " 回 执（沿此线剪下寄回） ", size=SMALL_SIZE)
    para(doc, f"{union.name}：", indent=False)
    para(
        doc,
        f"你单位{member.name}同志的工会会员组织关系（{event.letter_number}）已转入我单位工会。",
    )
    para(doc)
    para(doc, "接收单位工会（盖章）", indent=False, align="right")
    para(doc, "年    月    日", indent=False, align="right")
    return to_bytes(doc)
