"""The printable papers of a 比赛 (.docx through ``core.documents``, which cleans every text
it writes): the 对阵表 — each group's players and a round-robin grid to fill in (results
already entered are printed), the timetable with a blank score column for the referee, and
the knockout by rounds (names, or where a side comes from: "A组第1名", "半决赛1胜者") — and
the 成绩公告: champion, runner-up and third, each group's final table, the knockout round by
round, signed by the organiser with the date ("截至…" while the tournament runs)."""

from __future__ import annotations

import datetime

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
        rows = [
            [name, "" if bm.third else f"{bm.match.index + 1}", a, b, bm.match.score()]
            for name, bm, a, b in _played(rounds)
        ]
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


# --- 成绩公告 ---------------------------------------------------------------------------------

PODIUM = ("冠军", "亚军", "季军")


def _standings(doc, t: Tournament, table: tq.GroupTable) -> None:
    draws = t.draws_allowed
    header = ["名次", "选手" if t.entry_kind == "single" else "队", "场", "胜"]
    header += ["平"] if draws else []
    header += ["负", "积分", "局数"]
    rows = []
    for r in table.rows:
        rank = str(r.rank) if r.played else "—"
        cells = [rank, r.name, str(r.played), str(r.won)]
        cells += [str(r.drawn)] if draws else []
        cells += [str(r.lost), str(r.score), f"{r.games_won}:{r.games_lost}"]
        rows.append(cells)
    name_mm = 56 if draws else 70
    widths = [16, name_mm, 14, 14, *([14] if draws else []), 14, 16, 22]
    d.table(doc, header, rows, height_mm=8, widths=widths)
    if table.notes:
        d.line(doc, f"积分相同，按{'、'.join(table.notes)}排定。", size=d.TABLE_SIZE)


def _played(rounds):
    """(round name — 季军赛 for it —, the match, side a, side b) of every match not a bye."""
    for name, column in rounds:
        for bm in column:
            if not bm.match.bye:
                yield (bm.label if bm.third else name), bm, bm.sides[0].name, bm.sides[1].name


def _knockout(doc, rounds) -> None:
    rows = []
    for name, bm, a, b in _played(rounds):
        m = bm.match
        won = "" if not m.done else (a if m.winner_id == m.a_id else b)
        rows.append([name, a, b, m.score() or "未赛", won])
    d.table(doc, ["轮次", "甲方", "乙方", "比分", "胜者"], rows, widths=[30, 40, 40, 18, 28])


def results_notice(t: Tournament, today: datetime.date) -> bytes:
    """成绩公告 of a drawn tournament as of ``today``."""
    doc = d.new_document()
    d.title(doc, f"{t.title}成绩公告")
    finished = t.stage == Stage.FINISHED
    activity = t.activity
    first = timezone.localtime(t.first_slot_at)
    where = f"在{activity.place}" if activity.place else ""
    state = "圆满结束" if finished else f"正在进行，以下为截至{d.cn_date(today)}的成绩"
    d.para(
        doc,
        f"{t.title}（{t.sport}{t.get_entry_kind_display()}）于{d.cn_date(first.date())}"
        f"{where}开赛，共 {tq.participants(t)} 人参赛，现已{state}。",
    )
    podium = tq.podium(t)
    if any(podium):
        d.line(doc, "获奖名单", font=d.HEADING_FONT)
        rows = [[label, name or "待定"] for label, name in zip(PODIUM, podium, strict=True)]
        if not t.third_place and not podium[2]:
            rows = rows[:2]
        d.table(doc, ["名次", "选手" if t.entry_kind == "single" else "队"], rows, height_mm=9)
    rule = "、".join(t.tiebreak_labels())
    points = f"胜一场 {t.win_points} 分、"
    points += f"平一场 {t.draw_points} 分、" if t.draws_allowed else ""
    points += f"负一场 {t.loss_points} 分、弃权 {t.walkover_points} 分"
    d.line(doc, "小组赛成绩", font=d.HEADING_FONT)
    d.line(doc, f"小组单循环：{points}；积分相同依次比较{rule}，仍相同抽签。", size=d.TABLE_SIZE)
    for table in tq.group_tables(t):
        done = "" if table.done else "（未赛完）"
        d.line(doc, f"{table.group.name}{done}", font=d.HEADING_FONT, size=d.TABLE_SIZE)
        _standings(doc, t, table)
    rounds = tq.bracket_rounds(t)
    if rounds:
        d.line(doc, "淘汰赛成绩", font=d.HEADING_FONT)
        _knockout(doc, rounds)
    d.para(doc, indent=False)
    d.para(doc, t.union.name, indent=False, align="right")
    if activity.organiser:
        d.para(doc, f"组织者：{activity.organiser}", indent=False, align="right")
    d.para(doc, d.cn_date(today), indent=False, align="right")
    return d.to_bytes(doc)
