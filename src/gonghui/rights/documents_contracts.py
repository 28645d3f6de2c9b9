"""The papers of a collective contract (.docx in the GB/T 9704 layout of ``core.documents``):

- 集体合同协商要约书 — from and to, the date, the matters proposed, the reply deadline of
  第三十二条 (``contract_clock.reply_due`` from the day it was delivered);
- 集体协商会议纪要 — one per 协商会议: number, date, place, chairing side, 记录员, the
  representatives present, the topics, the minutes, agreed and open points, and a box for
  each chief representative and the recorder to sign;
- 关于报送集体合同审查的函 — the letter of 第四十二条 listing the submission pack (shared
  /DOMAIN-AREAS.md (c)), followed by the parts the platform holds: the 职代会 resolution on
  the passing draft with its attendance and vote counts (``congress.queries.polls.result``:
  seated, present, yes/no/abstain and the arithmetic lines), the representatives of both
  sides (names, posts, chief, appointed; never an ID number) and the list of sessions;
- 集体合同文本 — the passing draft's text with the parties and the signature boxes.

Everything typed goes through ``core.documents`` (``run`` cleans it: no control character
reaches the XML). Each ``*_docx`` takes what it shows and returns bytes; the views download
them through ``services_contract_papers.contract_paper_issue``, which records who took a
paper with names in it.
"""

from __future__ import annotations

import datetime
import re

from gonghui.core import documents as d
from gonghui.core.exports import docx_text

from . import contract_clock
from .models_contracts import (
    CollectiveContract,
    ContractDraft,
    ContractKind,
    ContractRepresentative,
    DraftState,
    NegotiationSession,
    OfferSide,
)
from .queries import settings_for

SIGN_ROW_MM = 14  # room to sign by hand
SIGN_WIDTHS_MM = [38, 28, 46, 44]  # the text's signature boxes: a date on one line
CHAPTER = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+[章节]")
LAW = (
    "《中华人民共和国劳动法》《中华人民共和国工会法》和《集体合同规定》（劳动和社会保障部令第22号）"
)


def _lines(text: str) -> list[str]:
    """Stored text as paragraphs: its own lines, the empty ones dropped."""
    return [line.strip() for line in docx_text(text).splitlines() if line.strip()]


def _body(doc, text: str, empty: str = "无。") -> None:
    for line in _lines(text) or [empty]:
        d.para(doc, line)


def _heading(doc, text: str) -> None:
    d.para(doc, text, indent=False, font=d.HEADING_FONT)


def _sides(contract: CollectiveContract) -> tuple[str, str]:
    """(职工方, 用人单位方) as named on the papers."""
    return contract.union.name, contract.employer


def chiefs(contract: CollectiveContract, day: datetime.date | None = None) -> dict[str, str]:
    """The chief representative of each side on ``day`` (None: today's), by side."""
    reps = ContractRepresentative.objects.filter(contract=contract, chief=True)
    if day is not None:
        reps = reps.filter(appointed_on__lte=day).exclude(left_on__lt=day)
    else:
        reps = reps.filter(left_on=None)
    out: dict[str, str] = {}
    for rep in reps.order_by("appointed_on", "id"):
        out[rep.side] = rep.name
    return out


# --- 要约书 ----------------------------------------------------------------------------------


def offer_docx(contract: CollectiveContract) -> bytes:
    """The written 要约 (第三十二条)."""
    settings = settings_for(contract.union)
    workers, employer = _sides(contract)
    ours, theirs = (
        (workers, employer) if contract.offer_side == OfferSide.WORKERS else (employer, workers)
    )
    side = contract.get_offer_side_display()
    due = contract_clock.reply_due(contract.offer_delivered_on, settings)
    doc = d.new_document()
    d.title(doc, "集体合同协商要约书")
    d.para(doc, f"{theirs}：", indent=False)
    d.para(
        doc,
        f"根据{LAW}的有关规定，{ours}（{side}）向贵方提出签订"
        f"《{contract.title}》（{contract.get_kind_display()}，"
        f"{contract.get_scope_display()}，期限{contract.term_years}年）的要约，"
        "建议双方就下列事项进行集体协商：",
    )
    if contract.predecessor_id:
        old = contract.predecessor
        until = f"，将于{d.cn_date(old.expires_on)}期满" if old.expires_on else ""
        d.para(doc, f"双方原签订的《{old.title}》{until}，本次协商为续订。")
    _body(doc, contract.offer_text, "协商内容由双方在首次协商会议上确定。")
    d.para(
        doc,
        f"请贵方自收到本要约书之日起{settings.offer_reply_days}日内，即于{d.cn_date(due)}"
        "前以书面形式予以回应；无正当理由不得拒绝集体协商（《集体合同规定》第三十二条）。",
    )
    chief = chiefs(contract).get(contract.offer_side)
    d.para(doc, indent=False)
    d.para(doc, f"{side}首席代表（签字）：{chief or ''}", indent=False, align="right")
    d.para(doc, f"{ours}（盖章）", indent=False, align="right")
    d.para(doc, d.cn_date(contract.offered_on), indent=False, align="right")
    d.para(doc, indent=False)
    d.line(doc, f"送达日期：{d.cn_date(contract.offer_delivered_on)}")
    d.line(
        doc,
        f"答复期限：{d.cn_date(due)}（送达之日起{settings.offer_reply_days}日，"
        "期满日为法定休假日的顺延至其后第一个工作日）",
    )
    return d.to_bytes(doc)


# --- 协商会议纪要 ----------------------------------------------------------------------------


def _names(reps, side: str) -> str:
    names = [f"{r.name}（首席代表）" if r.chief else r.name for r in reps if r.side == side]
    return "、".join(names) or "无"


def minutes_docx(session: NegotiationSession) -> bytes:
    """The minutes of one 协商会议 (第三十三至三十五条), with the boxes for both chief
    representatives and the recorder to sign."""
    contract = session.contract
    reps = list(session.attendees.order_by("side", "-chief", "id"))
    doc = d.new_document()
    d.title(doc, contract.title)
    d.title(doc, f"第{session.number}次集体协商会议纪要")
    rows = [
        ["会议时间", d.cn_date(session.held_on)],
        ["会议地点", session.place or "—"],
        ["主持方", session.get_chaired_by_display()],
        ["记录员", session.recorder],
        ["职工方出席代表", _names(reps, OfferSide.WORKERS)],
        ["用人单位方出席代表", _names(reps, OfferSide.EMPLOYER)],
    ]
    t = d.table(doc, ["项目", "内容"], rows)
    for row in t.rows[1:]:
        row.cells[1].paragraphs[0].alignment = d.ALIGN["left"]
    _heading(doc, "一、会议议题")
    _body(doc, session.topics)
    _heading(doc, "二、协商情况")
    _body(doc, session.minutes)
    _heading(doc, "三、达成一致的事项")
    _body(doc, session.agreed)
    _heading(doc, "四、未达成一致的事项")
    _body(doc, session.open_points)
    d.para(doc, "本纪要经双方首席代表签字确认。", indent=True)
    chief = chiefs(contract, session.held_on)
    d.table(
        doc,
        ["", "姓名", "签字"],
        [
            ["职工方首席代表", chief.get(OfferSide.WORKERS, ""), ""],
            ["用人单位方首席代表", chief.get(OfferSide.EMPLOYER, ""), ""],
            ["记录员", session.recorder, ""],
        ],
        height_mm=SIGN_ROW_MM,
    )
    return d.to_bytes(doc)


# --- 报送审查函 and its pack ----------------------------------------------------------------


def text_draft(contract: CollectiveContract) -> ContractDraft | None:
    """The text that is signed: the newest draft the 职代会 passed, else the newest one."""
    drafts = ContractDraft.objects.filter(contract=contract).order_by("-version")
    return drafts.filter(state=DraftState.PASSED).first() or drafts.first()


def voted_draft(contract: CollectiveContract) -> ContractDraft | None:
    """The newest draft put to the 职代会 whose vote is closed and did not fail."""
    return (
        ContractDraft.objects.filter(contract=contract, poll__status="closed")
        .exclude(state=DraftState.FAILED)
        .select_related("poll__sitting__term__union")
        .order_by("-version")
        .first()
    )


def _pack(contract: CollectiveContract, voted: bool, sessions: int) -> list[str]:
    """The submission pack (shared/DOMAIN-AREAS.md (c)): what the platform generates is
    marked so; the rest the union adds on paper."""
    pack = ["集体合同文本一式三份（本平台生成）"]
    pack.append(
        "职工代表大会审议通过的决议（含出席和表决情况，本平台生成，见附件一）"
        if voted
        else "职工代表大会审议通过的决议（含出席和表决情况）"
    )
    pack.append("双方协商代表名单（本平台生成，见附件二）")
    pack.append("双方协商代表的资格证明、身份证明和授权委托书")
    if sessions:
        pack.append(f"经双方首席代表签字的协商会议纪要{sessions}份（本平台生成，见附件三）")
    pack.append("集体协商情况说明")
    if contract.kind == ContractKind.WAGE:
        pack.append("上年度职工平均工资、工资增长幅度和覆盖职工人数的说明")
    if contract.kind == ContractKind.WOMEN:
        pack.append("女职工特殊权益保护情况说明")
    pack.append("工会依法成立的证明（工会法人资格证书复印件）")
    return pack


def submission_docx(contract: CollectiveContract, today: datetime.date) -> bytes:
    """The letter of 第四十二条 with its pack listed, then 附件一 the 职代会 resolution (when
    the vote is in the platform), 附件二 the representatives, 附件三 the sessions."""
    from gonghui.congress.queries.polls import result

    settings = settings_for(contract.union)
    workers, employer = _sides(contract)
    draft = voted_draft(contract)
    sessions = list(contract.sessions.order_by("number"))
    authority = contract.authority or "人力资源和社会保障局"
    day = contract.submitted_on or today
    doc = d.new_document()
    d.title(doc, f"关于报送《{contract.title}》审查的函")
    d.para(doc, f"{authority}：", indent=False)
    signed = f"于{d.cn_date(contract.signed_on)}" if contract.signed_on else ""
    voted = f"经{draft.poll.sitting.name}审议通过，" if draft else ""
    d.para(
        doc,
        f"{employer}与{workers}依照{LAW}，经平等协商，{voted}由双方首席代表{signed}"
        f"签订《{contract.title}》（{contract.get_kind_display()}，期限{contract.term_years}年）。"
        f"根据《集体合同规定》第四十二条，现将集体合同文本及有关材料报送贵局审查。",
    )
    if contract.signed_on:
        due = contract_clock.submit_due(contract.signed_on, settings)
        if day > due:
            reason = docx_text(contract.late_reason).strip() or "（逾期原因另附说明）"
            d.para(doc, f"本合同应于{d.cn_date(due)}前报送，逾期报送的原因：{reason}")
    _heading(doc, "报送材料")
    for n, item in enumerate(_pack(contract, draft is not None, len(sessions)), start=1):
        d.para(doc, f"{n}. {item}")
    d.para(doc, "请予审查。", indent=True)
    d.para(doc, indent=False)
    d.para(doc, f"{employer}（盖章）", indent=False, align="right")
    d.para(doc, f"{workers}（盖章）", indent=False, align="right")
    d.para(doc, d.cn_date(day), indent=False, align="right")

    if draft is not None:
        doc.add_page_break()
        _resolution(doc, contract, draft, result(draft.poll))
    doc.add_page_break()
    _representatives(doc, contract)
    if sessions:
        doc.add_page_break()
        _sessions(doc, sessions)
    return d.to_bytes(doc)


def _resolution(doc, contract: CollectiveContract, draft: ContractDraft, found) -> None:
    """附件一: the 职代会 resolution with attendance, counts and the arithmetic."""
    poll = draft.poll
    sitting = poll.sitting
    _heading(doc, "附件一")
    d.title(doc, sitting.name)
    d.title(doc, f"关于《{contract.title}》的决议")
    d.para(
        doc,
        f"{d.cn_date(sitting.date)}，{sitting.name}审议了《{contract.title}》"
        f"（第{draft.version}稿），并以{'无记名投票' if poll.on_paper else '电子表决'}方式进行了表决。",
    )
    d.table(
        doc,
        ["应到代表", "实到代表", "赞成", "反对", "弃权"],
        [
            [
                f"{found.seated}人",
                f"{found.present}人",
                f"{found.yes}票",
                f"{found.no}票",
                f"{found.abstain}票",
            ]
        ],
    )
    for line in found.arithmetic:
        d.para(doc, f"{line}。")
    if found.passed:
        d.para(
            doc,
            f"会议同意《{contract.title}》（第{draft.version}稿），授权双方首席代表签字，"
            "并按规定报送劳动保障行政部门审查。",
        )
    else:
        d.para(doc, "本次表决未获通过，合同草案退回双方继续协商。")
    if poll.scrutineers:
        d.para(doc, f"监票、计票：{poll.scrutineers}", indent=False)
    d.signature(doc, f"{sitting.term.union.name}{sitting.name}", sitting.date)


def _representatives(doc, contract: CollectiveContract) -> None:
    """附件二: both sides' representatives as they stand (no ID numbers)."""
    day = contract.signed_on
    reps = ContractRepresentative.objects.filter(contract=contract)
    if day is not None:
        reps = reps.filter(appointed_on__lte=day).exclude(left_on__lt=day)
    else:
        reps = reps.filter(left_on=None)
    rows = [
        [
            r.get_side_display(),
            r.name,
            r.title or "—",
            "首席代表" if r.chief else "",
            d.cn_date(r.appointed_on),
        ]
        for r in sorted(reps, key=lambda r: (r.side != OfferSide.WORKERS, not r.chief, r.pk))
    ]
    counts = {side: sum(1 for r in rows if r[0] == label) for side, label in OfferSide.choices}
    _heading(doc, "附件二")
    d.title(doc, f"《{contract.title}》")
    d.title(doc, "双方协商代表名单")
    d.para(
        doc,
        f"职工方协商代表{counts[OfferSide.WORKERS]}人，"
        f"用人单位方协商代表{counts[OfferSide.EMPLOYER]}人。",
    )
    d.table(doc, ["所属方", "姓名", "职务", "首席代表", "产生日期"], rows or [["—"] * 5])


def _sessions(doc, sessions: list[NegotiationSession]) -> None:
    """附件三: the sessions whose signed minutes go with the letter."""
    _heading(doc, "附件三")
    d.title(doc, "集体协商会议一览")
    rows = [
        [
            f"第{s.number}次",
            d.cn_date(s.held_on),
            s.place or "—",
            s.get_chaired_by_display(),
            s.recorder,
        ]
        for s in sessions
    ]
    d.table(doc, ["次数", "日期", "地点", "主持方", "记录员"], rows)
    d.para(doc, "各次会议纪要经双方首席代表签字后附后。")


# --- 集体合同文本 ----------------------------------------------------------------------------


def text_docx(contract: CollectiveContract) -> bytes:
    """The text (the passing draft; a draft not yet passed says so under the title), the
    parties before it and the signature boxes after it."""
    workers, employer = _sides(contract)
    draft = text_draft(contract)
    doc = d.new_document()
    d.title(doc, contract.title)
    if draft is not None and draft.state != DraftState.PASSED:
        d.para(
            doc,
            f"（第{draft.version}稿，{draft.get_state_display()}）",
            indent=False,
            align="center",
        )
    d.para(doc, f"甲方（用人单位）：{employer}", indent=False)
    d.para(doc, f"乙方（工会）：{workers}", indent=False)
    d.para(
        doc,
        f"合同种类：{contract.get_kind_display()}；签订方式：{contract.get_scope_display()}；"
        f"期限：{contract.term_years}年。",
        indent=False,
    )
    for line in _lines(draft.text if draft else "") or ["（尚无合同文本。）"]:
        if CHAPTER.match(line):
            d.para(doc, line, indent=False, align="center", font=d.HEADING_FONT)
        else:
            d.para(doc, line)
    chief = chiefs(contract, contract.signed_on)
    signed = d.cn_date(contract.signed_on) if contract.signed_on else "　　年　　月　　日"
    d.para(doc, indent=False)
    d.table(
        doc,
        ["", "首席代表", "签字", "日期"],
        [
            ["甲方（用人单位）", chief.get(OfferSide.EMPLOYER, ""), "", signed],
            ["乙方（工会）", chief.get(OfferSide.WORKERS, ""), "", signed],
        ],
        height_mm=SIGN_ROW_MM,
        widths=SIGN_WIDTHS_MM,
    )
    return d.to_bytes(doc)
