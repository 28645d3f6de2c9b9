"""The 捐款 files: the printable thank-you list (感谢名单, .docx in the GB/T 9704 layout of
``core.documents``) and the committee's list (.xlsx through ``core.exports.XlsxSheet``:
stored text stays text, never a formula). The thank-you list shows amounts only when the
campaign says so, and anonymous donors as 爱心人士 without their group."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone

from gonghui.core import documents as d
from gonghui.core.exports import XlsxSheet

from .models_donations import DonationCampaign
from .queries_donations import Figures

ANONYMOUS = "爱心人士"
NAMES_PER_ROW = 5
TITLE = {"bold": True, "font_size": 14}
HEADER = {"bold": True, "border": 1, "bg_color": "#F2F2F2"}


def thanks_title(campaign: DonationCampaign) -> str:
    return f"{campaign.name}感谢名单"


def thanks_intro(campaign: DonationCampaign, found: dict) -> str:
    return (
        f"在{campaign.name}活动中，广大会员踊跃参与、奉献爱心，共有{found['count']}人"
        f"捐款{found['total']:,.2f}元。谨向以下捐款的会员表示衷心感谢！（按小组排列，排名不分先后）"
    )


def _names_table(doc, names: list[str]) -> None:
    rows = [names[i : i + NAMES_PER_ROW] for i in range(0, len(names), NAMES_PER_ROW)]
    rows[-1] += [""] * (NAMES_PER_ROW - len(rows[-1]))
    t = doc.add_table(rows=0, cols=NAMES_PER_ROW)
    t.style = "Table Grid"
    for values in rows:
        for cell, text in zip(t.add_row().cells, values, strict=True):
            d.cell_text(cell, text)


def thanks_docx(campaign: DonationCampaign, found: dict, today: datetime.date) -> bytes:
    """One A4 document: the title, the thanks, the donors by group (a table of names, or of
    names and amounts), the anonymous donors, the union's signature."""
    doc = d.new_document()
    d.title(doc, thanks_title(campaign))
    d.para(doc, thanks_intro(campaign, found))
    amounts = campaign.show_amounts
    for group, donors in found["groups"]:
        d.para(doc, f"{group}（{len(donors)}人）", indent=False, font=d.HEADING_FONT)
        if amounts:
            d.table(
                doc, ["姓名", "金额（元）"], [[x.member.name, f"{x.paid:,.2f}"] for x in donors]
            )
        else:
            _names_table(doc, [x.member.name for x in donors])
    if found["anonymous"]:
        n = len(found["anonymous"])
        d.para(doc, f"{ANONYMOUS}（{n}人）", indent=False, font=d.HEADING_FONT)
        if amounts:
            d.table(
                doc, ["", "金额（元）"], [[ANONYMOUS, f"{x.paid:,.2f}"] for x in found["anonymous"]]
            )
        else:
            d.para(doc, f"另有{n}位会员匿名捐款，在此一并致谢。")
    d.signature(doc, campaign.union.name, today)
    return d.to_bytes(doc)


def _who(actor) -> str:
    return getattr(actor, "full_name", "") or getattr(actor, "username", "") or "系统"


def export_xlsx(campaign: DonationCampaign, donors: list, figures: Figures, *, actor) -> bytes:
    """The committee's list: a title saying who exported it and when, one row per donor
    (group, name, pledged, paid, 本人登记, 匿名), then the totals per group."""
    out = io.BytesIO()
    sheet = XlsxSheet(out, "捐款名单", widths=[6, 14, 12, 14, 14, 10, 8], freeze=(2, 0))
    at = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    sheet.merged(f"{campaign.union.name}{campaign.name}（导出人：{_who(actor)}，{at}）", 7, TITLE)
    sheet.append(
        ["序号", "小组", "姓名", "认捐金额（元）", "实缴金额（元）", "本人登记", "匿名"], HEADER
    )
    for n, x in enumerate(donors, start=1):
        group = x.member.group.name if x.member.group else ""
        sheet.append(
            [
                n,
                group,
                x.member.name,
                x.pledged,
                x.paid,
                "是" if x.self_paid else "",
                "是" if x.anonymous else "",
            ]
        )
    sheet.append([])
    sheet.append(
        ["", "小组", "在册会员", "捐款人数", "参与率（%）", "认捐金额（元）", "实缴金额（元）"],
        HEADER,
    )
    for r in [*figures.groups, figures.total]:
        sheet.append(["", r.name, r.members, r.donors, r.rate, r.pledged, r.paid])
    sheet.append([])
    sheet.append(
        ["", "工会收取", figures.held, "已上交", figures.handed, "待上交", figures.outstanding]
    )
    sheet.close()
    return out.getvalue()
