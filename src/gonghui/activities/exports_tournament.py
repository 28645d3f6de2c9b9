"""The printable 对阵表 of a 比赛 (.docx through ``core.documents``): each group's players and
a round-robin grid to fill in (results already entered are printed), the timetable with a
blank score column for the referee, and the knockout by rounds (names, or where a side comes
from: "A组第1名", "半决赛1胜者")."""

from __future__ import annotations

from django.utils import timezone

from gonghui.core import documents as d

from . import queries_tournament as tq
from .models_tournament import Stage, Tournament


def _grid(doc, table: tq.GroupTable) -> None:
    entries = sorted(table.group.entries.all(), key=lambda e: e.position or 0)
    header = ["号", "选手", *[str(i) for i in range(1, len(entries) + 1)], "积分", "名次"]
    rows_by_entry = {r.entry: r for r in table.rows}
    done = table.done
    results = {}
    for m in table.matches:
        if m.done:
            results[(m.a_id, m.b_id)] = m.score()
            won = m.score().split(":")
            results[(m.b_id, m.a_id)] = "弃权" if m.walkover else ":".join(reversed(won))
    rows = []
    for i, e in enumerate(entries, 1):
        cells = ["╲" if e.pk == o.pk else results.get((e.pk, o.pk), "") for o in entries]
        row = rows_by_entry.get(e.pk)
        score = str(row.score) if row and row.played else ""
        rank = str(row.rank) if row and done else ""
        unit = f"（{e.unit.name}）" if e.unit_id else ""
        rows.append([str(i), f"{e.name}{unit}", *cells, score, rank])
    each = (d.TEXT_WIDTH_MM - 8 - 44 - 30) / max(len(entries), 1)
    d.table(doc, header, rows, height_mm=9, widths=[8, 44, *[each] * len(entries), 15, 15])


def draw_sheet(t: Tournament) -> bytes:
    doc = d.new_document()
    d.title(doc, f"{t.title}对阵表")
    activity = t.activity
    when = timezone.localtime(t.first_slot_at)
    where = f"　地点：{activity.place}" if activity.place else ""
    d.line(
        doc,
        f"{t.sport} · {t.get_entry_kind_display()} · {when:%Y年%m月%d日 %H:%M} 开始{where}",
        align="center",
    )
    rule = "、".join(t.tiebreak_labels())
    d.line(
        doc,
        f"每场{t.best_of}局{t.best_of // 2 + 1}胜；小组单循环，胜一场 {t.win_points} 分、负一场 "
        f"{t.loss_points} 分、弃权 {t.walkover_points} 分；积分相同依次比较{rule}，仍相同抽签。"
        + (f"每组前 {t.advance} 名进入淘汰赛。" if t.advance else ""),
    )
    if t.stage == Stage.ENTRIES:
        d.line(doc, "尚未抽签分组。")
        return d.to_bytes(doc)
    if t.seed:
        d.line(doc, f"抽签种子：{t.seed}（用同一种子可复核分组）", size=d.TABLE_SIZE)
    for table in tq.group_tables(t):
        d.line(doc, table.group.name, font=d.HEADING_FONT)
        _grid(doc, table)
    rounds = tq.bracket_rounds(t)
    if rounds:
        d.line(doc, "淘汰赛", font=d.HEADING_FONT)
        rows = []
        for name, column in rounds:
            for bm in column:
                if bm.match.bye:
                    continue
                a, b = (s.name for s in bm.sides)
                rows.append([name, f"{bm.match.index + 1}", a, b, bm.match.score()])
        header = ["轮次", "场", "甲方", "乙方", "比分"]
        d.table(doc, header, rows, height_mm=8, widths=[30, 10, 46, 46, 24])
    d.line(doc, "赛程", font=d.HEADING_FONT)
    rows = []
    slots = tq.timetable_rows(t, rounds)
    days = {timezone.localtime(x.match.starts_at).date() for x in slots if x.match.starts_at}
    shown = "%H:%M" if len(days) <= 1 else "%m-%d %H:%M"
    for x in slots:
        m = x.match
        at = timezone.localtime(m.starts_at).strftime(shown) if m.starts_at else "待定"
        court = f"{m.court + 1}号{t.court_label}" if m.court is not None else ""
        rows.append([at, court, x.stage, f"{x.a} — {x.b}", m.score(), ""])
    header = ["时间", "场地", "组别", "对阵", "比分", "裁判签字"]
    first = 20 if len(days) <= 1 else 32
    d.table(doc, header, rows, height_mm=8, widths=[first, 24, 22, 72 - first, 14, 24])
    d.line(doc)
    d.line(doc, "裁判长（签字）：　　　　　　　　　　　　年　　月　　日")
    return d.to_bytes(doc)
