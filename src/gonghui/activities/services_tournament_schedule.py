"""改期: one unplayed match of a 比赛 moved to another table/court, another time slot, or a
new slot after the last — the way an organiser fixes the day once results are in (a player
called away, a table broken), where 重新排程 of the whole timetable is no longer allowed.

The checks (each refusal in Chinese, nothing written): the match is not played and not a
bye; the place is free (a table/court holds one match a slot); neither side plays another
match in that slot; a knockout match stays after the matches that feed it (and the first
round after the whole group stage) and before the match it feeds. The audit entry keeps the
old and the new time and place."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from gonghui.core import audit, scoping

from .models_tournament import Stage, Tournament, TournamentMatch
from .queries_tournament import place_text, slot_time, time_text
from .services_tournament import ONLY_THIS_ROW, _locked, _record

MAX_SLOTS = 500  # a slot number far past any real day: a typing mistake, not a plan


def _slots(matches) -> list[int]:
    return [s for s in matches.values_list("slot", flat=True) if s is not None]


def _first_knockout(found: Tournament, others) -> QuerySet[TournamentMatch]:
    """The knockout matches that wait for the whole group stage: the first round, and a
    later one fed by a bye (its entry comes straight from a group)."""
    byes = found.matches.filter(bye=True).values("pk")
    return others.filter(stage=Stage.KNOCKOUT).filter(
        Q(round=1) | Q(a_from__in=byes) | Q(b_from__in=byes)
    )


def _order_problem(found: Tournament, m: TournamentMatch, slot: int) -> str:
    """The group stage before the knockout; a knockout match after what feeds it and
    before what it feeds ("" when fine)."""
    others = found.matches.exclude(pk=m.pk).filter(slot__isnull=False, bye=False)
    if m.stage == Stage.GROUPS:
        first = min(_slots(_first_knockout(found, others)), default=None)
        if first is not None and slot >= first:
            return f"小组赛须在淘汰赛开始（{time_text(found, first)}）前打完。"
        return ""
    waits = others.filter(pk__in=[x for x in (m.a_from_id, m.b_from_id) if x])
    if _first_knockout(found, found.matches.filter(pk=m.pk)).exists():
        waits = waits | others.filter(stage=Stage.GROUPS)
    last = max(_slots(waits), default=-1)
    if slot <= last:
        return f"这场比赛要等前面的比赛打完，最早排在 {time_text(found, last + 1)}。"
    fed = others.filter(Q(a_from_id=m.pk) | Q(b_from_id=m.pk))
    first = min(_slots(fed), default=None)
    if first is not None and slot >= first:
        return f"这场比赛的结果决定下一场的对阵，须排在下一场（{time_text(found, first)}）之前；请先把下一场往后调。"
    return ""


@transaction.atomic
def match_move(
    *, actor, match: TournamentMatch, slot: int, court: int, reason: str = ""
) -> TournamentMatch:
    """Move an unplayed match to time slot ``slot`` (0 = the first; past the last is a new
    slot) on table ``court`` (0-based), with an optional reason kept in the audit."""
    scoping.require(actor, "activities.change", union=match.tournament.union)
    found = _locked(match.tournament)
    m = TournamentMatch.objects.select_for_update(of=ONLY_THIS_ROW).get(pk=match.pk)
    if m.bye:
        raise ValidationError("这一场是轮空，不用排时间。")
    if m.done:
        raise ValidationError("这场比赛已经赛完（已录入结果），不能改期。")
    if not (0 <= slot <= MAX_SLOTS):
        raise ValidationError({"slot": "请选择比赛时间。"})
    if not (0 <= court < found.courts):
        raise ValidationError({"court": f"请选择 1 到 {found.courts} 号{found.court_label}。"})
    if (m.slot, m.court) == (slot, court):
        raise ValidationError("时间和场地都没有变。")
    if why := _order_problem(found, m, slot):
        raise ValidationError(why)
    others = found.matches.exclude(pk=m.pk).filter(slot=slot, bye=False)
    there = others.filter(court=court).select_related("a", "b").first()
    if there is not None:
        raise ValidationError(
            f"{place_text(found, slot, court)} 已有比赛（{_pair(there)}），请换时间或场地。"
        )
    sides = [x for x in (m.a_id, m.b_id) if x]
    busy = others.filter(Q(a_id__in=sides) | Q(b_id__in=sides)).select_related("a", "b").first()
    if busy is not None:
        who = busy.a if busy.a_id in sides else busy.b
        raise ValidationError(f"{who} 在这个时段还有一场比赛（{_pair(busy)}），不能同时比赛。")
    old, before = place_text(found, m.slot, m.court), audit.snapshot(m)
    m.slot, m.court, m.starts_at = slot, court, slot_time(found, slot)
    m.save(update_fields=["slot", "court", "starts_at"])
    # the slot and court numbers are the timetable's (0-based): the place says it in words
    changes = {k: v for k, v in audit.diff(before, audit.snapshot(m)).items() if k == "starts_at"}
    changes["place"] = [old, place_text(found, slot, court)]
    if reason := " ".join(str(reason or "").split())[:100]:
        changes["reason"] = [None, reason]
    _record(actor, "activities.tournament_match_move", m, found, changes=changes)
    return m


def _pair(m: TournamentMatch) -> str:
    return f"{m.a or '待定'} — {m.b or '待定'}"
