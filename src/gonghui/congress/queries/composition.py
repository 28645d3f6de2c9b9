"""The composition check of a term's representatives (代表结构). It is shown before each
sitting and stored with the notice's audit entry; it blocks nothing (the rules say
"一般", "适当比例": the secretariat must see and answer for it, not be stopped by it).

Only SEATED VOTING representatives count: 列席代表 are never counted."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from gonghui.members.choices import Employment
from gonghui.orgs.models import Member, Sex, UnionKind

from .. import rules
from ..models import CongressKind, CongressTerm, RepKind, RepStatus
from .common import settings_for

OK, WARN = "ok", "warn"

# The sources, as rules.py cites them, in the words shown to the secretariat.
SOURCES = {
    "total": "《企业民主管理规定》第十七条：职工代表人数按不少于全体职工人数的5%确定，最少不少于30人。",
    "assembly": "职工人数不足100人的单位可召开职工大会，由全体职工参加。",
    "managers": "《企业民主管理规定》第十七条：中层以上管理人员和领导人员一般不超过代表总数的20%。",
    "women": "《企业民主管理规定》第十七条：女职工代表应当占有适当比例（不低于会员中女职工的比例）。",
    "dispatched": "《企业民主管理规定》第十七条：劳务派遣职工代表应当占有适当比例（不低于会员中派遣职工的比例）。",
    "teachers": "《学校教职工代表大会规定》第九条：教师代表不低于代表总数的60%。",
}


def share_fraction(ratio: Decimal) -> Fraction:
    """A stored ratio as the fraction it stands for. Ratios are kept to 4 places, so 2/3 is
    stored as 0.6667; the simplest fraction within half a unit of the last place (2/3) is
    the rule meant, and reckoning with 0.6667 itself would ask 21 of 30 instead of 20."""
    exact = Fraction(ratio)
    simple = exact.limit_denominator(100)
    return simple if abs(simple - exact) <= Fraction(1, 20000) else exact


def at_least(ratio: Decimal, total: int) -> int:
    """The smallest whole number of people that is at least ``ratio`` of ``total``."""
    return math.ceil(share_fraction(ratio) * total)


def percent(value: Fraction | Decimal) -> str:
    return f"{(Decimal(value.numerator) / Decimal(value.denominator) * 100 if isinstance(value, Fraction) else value * 100):.1f}%"


@dataclass
class RuleCheck:
    key: str
    label: str
    figure: str
    threshold: str
    verdict: str
    source: str
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict == OK


@dataclass
class CompositionCheck:
    seated: int
    rules: list[RuleCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rules)

    @property
    def warnings(self) -> list[RuleCheck]:
        return [r for r in self.rules if not r.ok]

    def as_record(self) -> dict[str, list]:
        """Audit ``changes`` entries, one per rule: "符合｜figure｜要求 threshold" (the trail
        keeps plain values, so each rule is one readable line)."""
        return {
            f"composition_{r.key}": [
                None,
                f"{'符合' if r.ok else '需注意'}｜{r.label} {r.figure}｜要求 {r.threshold}",
            ]
            for r in self.rules
        }


def _share_rule(key, label, count, total, need: Fraction, *, at_most=False) -> RuleCheck:
    share = Fraction(count, total) if total else Fraction(0)
    good = share <= need if at_most else share >= need
    if not total:
        good = at_most
    sign = "≤" if at_most else "≥"
    return RuleCheck(
        key=key,
        label=label,
        figure=f"{count} 人，占 {percent(share)}",
        threshold=f"{sign} {percent(need)}",
        verdict=OK if good else WARN,
        source=SOURCES[key],
    )


def composition(term: CongressTerm) -> CompositionCheck:
    union = term.union
    conf = settings_for(union)
    reps = list(
        term.representatives.filter(status=RepStatus.SEATED, kind=RepKind.VOTING).values_list(
            "is_manager", "is_teacher", "is_woman", "is_dispatched"
        )
    )
    total = len(reps)
    check = CompositionCheck(seated=total)
    members = Member.objects.current().filter(union=union)
    member_count = members.count()

    if term.kind == CongressKind.ASSEMBLY:
        check.rules.append(
            RuleCheck(
                key="assembly",
                label="职工大会参会人数",
                figure=f"{total} 人",
                threshold=f"全体会员 {member_count} 人",
                verdict=OK if total >= member_count else WARN,
                source=SOURCES["assembly"],
                note="" if total >= member_count else "尚有会员未列入，可点“全体会员列为代表”。",
            )
        )
    else:
        need = max(at_least(conf.rep_min_share, union.staff_count), conf.rep_min_count)
        note = ""
        if union.staff_count < rules.ASSEMBLY_BELOW_STAFF:
            note = f"职工人数 {union.staff_count} 人，不足 {rules.ASSEMBLY_BELOW_STAFF} 人，可改开职工大会。"
        check.rules.append(
            RuleCheck(
                key="total",
                label="代表总数",
                figure=f"{total} 人（职工 {union.staff_count} 人）",
                threshold=f"≥ {need} 人（{percent(conf.rep_min_share)}，且不少于 {conf.rep_min_count} 人）",
                verdict=OK if total >= need else WARN,
                source=SOURCES["total"],
                note=note,
            )
        )
    managers = sum(1 for r in reps if r[0])
    check.rules.append(
        _share_rule(
            "managers",
            "中层以上管理人员",
            managers,
            total,
            share_fraction(conf.manager_max_share),
            at_most=True,
        )
    )
    women_members = members.filter(sex=Sex.FEMALE).count()
    check.rules.append(
        _share_rule(
            "women",
            "女职工代表",
            sum(1 for r in reps if r[2]),
            total,
            Fraction(women_members, member_count) if member_count else Fraction(0),
        )
    )
    dispatched_members = members.filter(employment=Employment.DISPATCHED).count()
    check.rules.append(
        _share_rule(
            "dispatched",
            "劳务派遣职工代表",
            sum(1 for r in reps if r[3]),
            total,
            Fraction(dispatched_members, member_count) if member_count else Fraction(0),
        )
    )
    if union.kind == UnionKind.SCHOOL:
        check.rules.append(
            _share_rule(
                "teachers",
                "教师代表",
                sum(1 for r in reps if r[1]),
                total,
                share_fraction(conf.teacher_min_share),
            )
        )
    return check
