"""An activity's papers: the sign-up list as a spreadsheet (every sign-up with its state and
check-in, for the committee's own counting) and the sign-in sheet as a Word document (the
confirmed sign-ups with a blank column to sign, A4, the header repeated on every page), for
an activity run on paper or where phones fail.

Every text goes through the project's writers (``core.exports.XlsxSheet``,
``core.documents``): a name typed as ``=cmd|…`` stays text, a control character pasted from
Word is taken out, nothing makes the file fail to open."""

from __future__ import annotations

import io

from django.utils import timezone
from docx.shared import Mm

from gonghui.core import documents as d
from gonghui.core.exports import XlsxSheet

from . import queries, queries_checkin
from .models import Activity

BLANK_ROWS = 5  # for people who come without signing up, written in by hand
# mm, the text width (156) in all: fixed, so a long name wraps and the signature box (three
# handwritten characters) keeps its room
SIGNIN_WIDTHS = (14, 28, 22, 14, 24, 26, 28)
XLSX_HEADER = (
    "序号",
    "姓名",
    "小组",
    "人数（含本人）",
    "家属姓名",
    "状态",
    "报名时间",
    "签到时间",
    "迟到",
    "签到方式",
)
HEADER_STYLE = {"bold": True, "border": 1, "bg_color": "#F2F2F2"}


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _how(checkin) -> str:
    if checkin is None:
        return ""
    if checkin.walk_in:
        return "未报名到场"
    return "组织者登记" if checkin.by_organiser else "扫码"


def file_name(activity: Activity, what: str, suffix: str) -> str:
    from gonghui.congress.papers import safe_name

    day = timezone.localtime(activity.starts_at)
    return f"{safe_name(activity.title)}-{what}-{day:%Y%m%d}.{suffix}"


def signup_xlsx(activity: Activity) -> bytes:
    """Every sign-up of the activity, places first, then the waiting list, then the rest,
    with its check-in; the walk-ins after them; a title row and the totals."""
    regs = queries.registrations_of(activity)
    found = queries_checkin.roll(activity)
    checkins = {r.pk: r.checkin for r in found.rows}
    out = io.BytesIO()
    sheet = XlsxSheet(out, "报名名单", widths=(6, 14, 14, 12, 20, 12, 18, 18, 6, 12), freeze=(2, 0))
    where = f" · {activity.place}" if activity.place else ""
    sheet.merged(
        f"{activity.title}（{_when(activity.starts_at)}{where}）报名名单",
        len(XLSX_HEADER),
        {"bold": True},
    )
    sheet.append(XLSX_HEADER, HEADER_STYLE)
    for number, reg in enumerate(regs, 1):
        checkin = checkins.get(reg.pk)
        group = reg.member.group.name if reg.member and reg.member.group_id else ""
        sheet.append(
            [
                number,
                reg.name,
                group,
                reg.persons,
                reg.companion_names,
                reg.get_state_display(),
                _when(reg.queued_at),
                _when(checkin.at) if checkin else "",
                "是" if checkin and checkin.late else "",
                _how(checkin),
            ]
        )
    for number, checkin in enumerate(found.walk_ins, len(regs) + 1):
        group = checkin.member.group.name if checkin.member and checkin.member.group_id else ""
        row = [number, checkin.name, group, checkin.persons, "", "未报名", ""]
        sheet.append([*row, _when(checkin.at), "是" if checkin.late else "", _how(checkin)])
    sheet.append([])
    sheet.append(
        [
            "合计",
            f"报名（已占名额）{found.registered} 人，签到 {found.participants} 人次，"
            f"其中未报名到场 {found.walk_in_persons} 人",
        ]
    )
    sheet.close()
    return out.getvalue()


def signin_docx(activity: Activity) -> bytes:
    """签到表: the confirmed sign-ups in sign-up order (a check-in already made is filled
    in), blank rows for people who come without signing up, a column to sign; the totals
    and the organiser's signature under it."""
    found = queries_checkin.roll(activity)
    doc = d.new_document()
    d.title(doc, "签到表")
    d.line(doc, activity.title, align="center", font=d.HEADING_FONT)
    where = f"　地点：{activity.place}" if activity.place else ""
    d.line(doc, f"时间：{_when(activity.starts_at)}{where}", align="center")
    header = ["序号", "姓名", "小组", "人数", "家属姓名", "签到时间", "本人签名"]
    t = d.table(doc, header, [], widths=list(SIGNIN_WIDTHS))
    number = 0
    for reg in found.rows:
        number += 1
        group = reg.member.group.name if reg.member and reg.member.group_id else ""
        at = _at(reg.checkin) if reg.checkin else ""
        _row(t, [number, reg.name, group, reg.persons, reg.companion_names, at, ""])
    for checkin in found.walk_ins:
        number += 1
        at = f"{_at(checkin)}（未报名）"
        _row(t, [number, checkin.name, "", checkin.persons, "", at, ""])
    for _ in range(BLANK_ROWS):
        number += 1
        _row(t, [number, "", "", "", "", "", ""])
    d.line(doc)
    d.line(
        doc,
        f"报名 {len(found.rows)} 份，共 {found.registered} 人（含家属）；实到　　　　人。",
    )
    d.line(doc, "签到时间栏：扫码签到或组织者已登记的自动填写。")
    d.line(doc)
    d.line(doc, "组织者（签字）：　　　　　　　　　　　　年　　月　　日")
    return d.to_bytes(doc)


def _at(checkin) -> str:
    late = " 迟到" if checkin.late else ""
    return f"{timezone.localtime(checkin.at):%H:%M}{late}"


def _row(t, values) -> None:
    row = t.add_row()
    row.height = Mm(9)
    for cell, text in zip(row.cells, values, strict=True):
        d.cell_text(cell, str(text))
