"""The 比赛 pages: the tournament (standings per group, the bracket drawn, the timetable;
public to the members of the union once the activity is published), the committee's forms
on it (entries, draw, schedule, prize voucher), the referee's result page on a phone with
改期 of an unplayed match, the printable draw sheet and results notice (.docx), and the
union's 比赛积分设置. ``activities.view`` reads; ``activities.change`` writes and enters
results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import scoping
from gonghui.core.pages import DOCX, download, flash_error, form_page
from gonghui.core.settings_page import SettingsPage
from gonghui.core.settings_page import settings_page as settings_view
from gonghui.finance.models import Voucher
from gonghui.finance.spending import effective_rules

from . import exports_tournament, queries
from . import queries_tournament as tq
from . import queries_tournament_settings as tsq
from . import services_tournament as ts
from . import services_tournament_schedule as moves
from . import tournament_rules as rules
from .forms import LOCAL
from .forms_tournament import (
    EntryForm,
    MoveForm,
    PrizeForm,
    ResultForm,
    SeedForm,
    TournamentForm,
    TournamentSettingsForm,
)
from .models_tournament import Stage
from .services import GRASSROOTS
from .views import _act


def _form_page(request, union, form, save, title: str, back: str):
    return form_page(
        request,
        form,
        save=save,
        success=lambda t: f"已保存“{t.title}”。",
        title=title,
        union=union,
        back=back,
    )


@login_required
def create(request, pk):
    activity = queries.get_activity(request.user, pk, "activities.change")
    start = timezone.localtime(activity.starts_at).strftime(LOCAL)
    scoring = tsq.scoring_of(tsq.settings_for(activity.union))
    form = TournamentForm(
        request.POST or None,
        initial={"title": activity.title, "first_slot_at": start, **scoring},
    )

    def save(data):
        return ts.tournament_save(actor=request.user, activity=activity, fields=data)

    back = reverse("activities:manage", args=[activity.pk])
    return _form_page(request, activity.union, form, save, f"新建比赛：{activity.title}", back)


@login_required
def edit(request, pk):
    t = tq.get_tournament(request.user, pk, "activities.change")
    form = TournamentForm(request.POST or None, initial=TournamentForm.initial_of(t))

    def save(data):
        return ts.tournament_save(actor=request.user, tournament=t, fields=data)

    return _form_page(request, t.union, form, save, f"修改比赛：{t.title}", t.get_absolute_url())


@login_required
def page(request, pk):
    t = tq.get_tournament(request.user, pk, public=True)
    can_change = scoping.has_perm(request.user, "activities.change", union=t.union)
    can_see_vouchers = scoping.has_perm(request.user, "finance.view", union=t.union)
    rounds = tq.bracket_rounds(t)
    participants = tq.participants(t)
    one_in = _prize_one_in(t)
    return render(
        request,
        "activities/tournament_page.html",
        {
            "t": t,
            "union": t.union,
            "activity": t.activity,
            "tables": tq.group_tables(t),
            "rounds": rounds,
            "bracket_rows": tq.bracket_height(rounds),
            "timetable": tq.timetable_rows(t, rounds) if t.stage != Stage.ENTRIES else [],
            "entries": tq.entries_of(t) if t.stage == Stage.ENTRIES else [],
            "podium": tq.podium(t),
            "knockout_started": tq.knockout_started(t),
            "can_change": can_change,
            "can_see_vouchers": can_see_vouchers,
            "participants": participants,
            "prize_limit": rules.prize_limit(participants, one_in),
            "prize_one_in": one_in,
            "entry_form": EntryForm(union=t.union, team=t.entry_kind == "team")
            if can_change
            else None,
            "seed_form": SeedForm(),
            "prize_form": PrizeForm(initial={"number": getattr(t.prize_voucher, "number", "")}),
        },
    )


def _prize_one_in(t) -> int:
    """The union's rule for prizes (活动奖品: one winner in N participants; finance's
    spending rules check the voucher itself), 3 if the union switched it off."""
    for rule in effective_rules(t.union):
        if rule.key == "prize" and rule.winners_one_in:
            return int(rule.winners_one_in)
    return 3


def _step(request, pk, call, success: str):
    t = tq.get_tournament(request.user, pk, "activities.change")
    return _act(request, t.get_absolute_url(), lambda: call(t), success)


@login_required
@require_POST
def entry_add(request, pk):
    t = tq.get_tournament(request.user, pk, "activities.change")
    form = EntryForm(request.POST, union=t.union, team=t.entry_kind == "team")
    if not form.is_valid():
        messages.error(request, "请从本工会的在册会员中选择参赛会员，并检查种子序号。")
        return redirect(t.get_absolute_url())
    data = form.cleaned_data

    def call():
        return ts.entry_add(
            actor=request.user,
            tournament=t,
            members=data["members"],
            name=data.get("name") or "",
            unit=data.get("unit"),
            seed_rank=data.get("seed_rank"),
        )

    return _act(request, t.get_absolute_url(), call, "已报名参赛。")


@login_required
@require_POST
def entries_from_signups(request, pk):
    def call(t):
        made = ts.entries_from_signups(actor=request.user, tournament=t)
        if not made:
            raise ValidationError("没有新的已报名会员可以加入。")

    return _step(request, pk, call, "已把活动的报名会员加入比赛。")


@login_required
@require_POST
def entry_remove(request, pk):
    entry = tq.get_entry(request.user, pk)
    back = entry.tournament.get_absolute_url()
    return _act(
        request,
        back,
        lambda: ts.entry_remove(actor=request.user, entry=entry),
        f"已取消 {entry.name} 的参赛。",
    )


@login_required
@require_POST
def draw(request, pk):
    form = SeedForm(request.POST)
    seed = form.cleaned_data["seed"] if form.is_valid() else ""

    def call(t):
        return ts.tournament_draw(actor=request.user, tournament=t, seed=seed)

    return _step(request, pk, call, "已抽签分组并排好赛程，种子已记录。")


@login_required
@require_POST
def schedule(request, pk):
    def call(t):
        left = ts.tournament_schedule(actor=request.user, tournament=t)
        if left:
            messages.warning(request, f"活动结束前还有 {left} 场排不下，请增加球台或缩短每场时长。")

    return _step(request, pk, call, "已重新排程。")


@login_required
@require_POST
def prize(request, pk):
    t = tq.get_tournament(request.user, pk, "activities.change")
    form = PrizeForm(request.POST)
    number = form.cleaned_data["number"].strip() if form.is_valid() else ""
    voucher = None
    if number:
        voucher = Voucher.objects.filter(union=t.union, number=number).first()
        if voucher is None:
            messages.error(request, f"本工会没有凭证号为 {number} 的凭证。")
            return redirect(t.get_absolute_url())

    def call():
        return ts.tournament_prize(actor=request.user, tournament=t, voucher=voucher)

    return _act(
        request, t.get_absolute_url(), call, "已关联奖品凭证。" if voucher else "已取消关联。"
    )


@login_required
def match(request, pk):
    """The referee's page on a phone: the two sides, a row per game, 弃权; saving goes back
    to the tournament with the bracket updated."""
    m = tq.get_match(request.user, pk)
    t = m.tournament
    form = ResultForm(request.POST or None, games=t.best_of)
    if request.method == "POST" and form.is_valid():
        try:
            ts.match_result(
                actor=request.user,
                match=m,
                games=form.games(),
                walkover_winner=form.cleaned_data.get("walkover") or "",
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, "已录入比赛结果。")
            where = "#bracket" if m.stage == Stage.KNOCKOUT else f"#group-{m.group_id}"
            return redirect(t.get_absolute_url() + where)
    existing = [list(g) for g in m.games] + [["", ""]] * (t.best_of - len(m.games))
    return render(
        request,
        "activities/tournament_match.html",
        {
            "t": t,
            "m": m,
            "union": t.union,
            "rows": list(enumerate(existing[: t.best_of])),
            "label": tq.match_label(m),
            "may_draw": m.stage == Stage.GROUPS and t.draws_allowed,
            "move_form": None if m.done or m.bye else _move_form(t, m),
        },
    )


def _move_form(t, m, data=None) -> MoveForm:
    """The times of the timetable's slots, two new ones after the last, and the tables."""
    used = t.matches.filter(slot__isnull=False).order_by("-slot").values_list("slot", flat=True)
    last = max(used[:1], default=-1)
    slots = [(s, tq.time_text(t, s)) for s in range(last + 3)]
    courts = [(c, f"{c + 1}号{t.court_label}") for c in range(t.courts)]
    initial = {"slot": m.slot, "court": m.court}
    return MoveForm(data, slots=slots, courts=courts, initial=initial)


@login_required
@require_POST
def move(request, pk):
    """改期 of an unplayed match (back to its page with the refusal, or to the timetable)."""
    m = tq.get_match(request.user, pk)
    t = m.tournament
    form = _move_form(t, m, request.POST)
    if not form.is_valid():
        messages.error(request, "请选择比赛时间和场地。")
        return redirect(m.get_absolute_url())
    data = form.cleaned_data
    try:
        moves.match_move(
            actor=request.user,
            match=m,
            slot=data["slot"],
            court=data["court"],
            reason=data.get("reason") or "",
        )
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect(m.get_absolute_url())
    where = tq.place_text(t, data["slot"], data["court"])
    messages.success(request, f"已改期：{tq.match_label(m)} 改到 {where}。")
    return redirect(t.get_absolute_url() + "#timetable")


@login_required
def sheet(request, pk):
    t = tq.get_tournament(request.user, pk, public=True)
    return download(exports_tournament.draw_sheet(t), f"{t.title}-对阵表.docx", DOCX)


@login_required
def notice(request, pk):
    """成绩公告 (.docx): once the draw is made; 截至 today while it runs."""
    t = tq.get_tournament(request.user, pk, public=True)
    if t.stage == Stage.ENTRIES:
        messages.error(request, "还没有抽签分组，没有成绩可以公告。")
        return redirect(t.get_absolute_url())
    body = exports_tournament.results_notice(t, timezone.localdate())
    return download(body, f"{t.title}-成绩公告.docx", DOCX)


SOURCE = (
    "示例值：按国际乒联规程 3.7.5 的小组赛计分（胜 2 分、负 1 分、弃权 0 分，不设平局；积分相同只比较"
    "同分者之间的比赛：积分、局数比、分数比，仍相同抽签）。此条出处尚未与规程现行版本核对，各项目、"
    "各地做法不同（足球等常用胜 3 平 1 负 0），请按本会习惯修改。新建的比赛复制当时的设置，"
    "以后修改设置不影响已建的比赛。"
)
SETTINGS = SettingsPage(
    current=tsq.settings_for,
    form=TournamentSettingsForm,
    save=ts.tournament_settings_save,
    title="比赛积分设置",
    saved="已保存比赛积分设置；之后新建的比赛按新设置计分。",
    read_only="activities/tournament_settings.html",
    view="activities.view",
    change="activities.change",
    grassroots=GRASSROOTS,
    back="activities:list",
    source=SOURCE,
)


@login_required
def settings_page(request, code):
    """The union's scoring rules for new tournaments: the committee changes them, the 经审
    reads them."""
    return settings_view(request, code, SETTINGS)
