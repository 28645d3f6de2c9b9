"""Congress terms (届) and their representatives: election, 补选, 罢免, leaving.

A representative's composition facts (manager, teacher, woman, dispatched) are copied from
the member record at election: the check of a term's make-up is about whom the
constituencies elected, and a later change of post must not rewrite that history."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.core.scoping import person, require
from gonghui.members.choices import Employment
from gonghui.orgs.models import Member, Sex, UnionGroup
from gonghui.orgs.models import Union as UnionModel

from .. import rules
from ..models import (
    CongressKind,
    CongressTerm,
    RepKind,
    Representative,
    RepStatus,
    SittingStatus,
)

MANAGE = "congress.manage"


def _open_term_check(term: CongressTerm) -> None:
    if term.closed_on is not None:
        raise ValidationError(f"{term}已于 {term.closed_on:%Y-%m-%d} 届满，不能再变更代表。")


def _flags(member: Member) -> dict:
    return {
        "is_manager": member.is_manager,
        "is_teacher": member.is_teacher,
        "is_woman": member.sex == Sex.FEMALE,
        "is_dispatched": member.employment == Employment.DISPATCHED,
    }


def _check_member(term: CongressTerm, member: Member) -> None:
    if member.union_id != term.union_id:
        raise ValidationError(f"{member.name}不是{term.union.name}的会员，不能当选本工会的代表。")
    if not member.is_current:
        raise ValidationError(
            f"{member.name}已不在会（{member.get_status_display()}），不能当选代表。"
        )
    if Representative.objects.filter(term=term, member=member, status=RepStatus.SEATED).exists():
        raise ValidationError(f"{member.name}已是{term}的在任代表，每人每届只占一个席位。")


def _check_constituency(term: CongressTerm, group: UnionGroup | None) -> None:
    if group is not None and group.union_id != term.union_id:
        raise ValidationError("选区须为本工会的工会小组。")


@transaction.atomic
def term_create(
    *,
    actor,
    union: UnionModel,
    kind: str,
    number: int,
    starts_on: datetime.date,
    years: int = 5,
) -> CongressTerm:
    """登记一届职代会. One open term per union and kind: the old one closes first."""
    require(actor, MANAGE, union=union)
    if union.is_federation:
        raise ValidationError("职代会由基层工会召开，上级工会不设职代会届次。")
    if kind not in CongressKind.values:
        raise ValidationError("请选择职代会类型。")
    low, high = rules.TERM_YEARS
    if not (low <= int(years) <= high):
        # 代表任期与职代会届期一致, 每届三至五年 (rules.TERM_YEARS).
        raise ValidationError(f"每届任期为 {low} 至 {high} 年。")
    if int(number) < 1:
        raise ValidationError("届次须为正整数。")
    open_term = CongressTerm.objects.filter(union=union, kind=kind, closed_on=None).first()
    if open_term is not None:
        raise ValidationError(f"{open_term}尚未届满；请先办理届满，再登记新一届。")
    if CongressTerm.objects.filter(union=union, kind=kind, number=number).exists():
        raise ValidationError(f"第{number}届已经登记过。")
    try:
        with transaction.atomic():
            term = CongressTerm.objects.create(
                union=union,
                kind=kind,
                number=number,
                starts_on=starts_on,
                years=years,
                created_by=person(actor),
            )
    except IntegrityError:
        raise ValidationError(f"第{number}届已经登记过。") from None
    audit.record(actor=actor, action="congress.term", obj=term, before=None)
    return term


@transaction.atomic
def term_close(*, actor, term: CongressTerm, on: datetime.date) -> CongressTerm:
    """届满: the term closes and every seat still held ends with it."""
    require(actor, MANAGE, union=term.union)
    term = CongressTerm.objects.select_for_update().select_related("union").get(pk=term.pk)
    _open_term_check(term)
    if on < term.starts_on:
        raise ValidationError("届满日期不能早于本届开始日期。")
    if term.sittings.exclude(status=SittingStatus.CLOSED).exists():
        raise ValidationError("本届还有未闭会的会次，请先闭会。")
    before = audit.snapshot(term)
    term.closed_on = on
    term.save(update_fields=["closed_on"])
    ended = term.representatives.filter(status=RepStatus.SEATED).update(
        status=RepStatus.ENDED, ended_on=on, end_reason="届满"
    )
    changes = audit.diff(before, audit.snapshot(term))
    changes["seats_ended"] = [None, ended]
    audit.record(actor=actor, action="congress.term", obj=term, changes=changes)
    return term


@transaction.atomic
def rep_elect(
    *,
    actor,
    term: CongressTerm,
    member: Member,
    constituency: UnionGroup | None,
    elected_on: datetime.date,
    kind: str = RepKind.VOTING,
) -> Representative:
    """登记当选的职工代表 (or a 列席代表 with ``kind=OBSERVER``)."""
    require(actor, MANAGE, union=term.union)
    term = CongressTerm.objects.select_for_update().select_related("union").get(pk=term.pk)
    _open_term_check(term)
    if kind not in RepKind.values:
        raise ValidationError("请选择代表类别。")
    _check_member(term, member)
    _check_constituency(term, constituency)
    if elected_on < term.starts_on:
        raise ValidationError("当选日期不能早于本届开始日期。")
    try:
        with transaction.atomic():
            rep = Representative.objects.create(
                term=term,
                member=member,
                kind=kind,
                constituency=constituency,
                elected_on=elected_on,
                **_flags(member),
            )
    except IntegrityError:
        raise ValidationError(f"{member.name}已是本届的在任代表。") from None
    audit.record(actor=actor, action="rep.elect", obj=rep, before=None, union_id=term.union_id)
    return rep


def _seated(rep: Representative) -> Representative:
    rep = (
        Representative.objects.select_for_update()
        .select_related("term__union", "member")
        .get(pk=rep.pk)
    )
    if rep.status != RepStatus.SEATED:
        raise ValidationError(f"{rep.member.name}已{rep.get_status_display()}，不在任。")
    return rep


def _leave(rep: Representative, status: str, on: datetime.date, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写原因。")
    if on < rep.elected_on:
        raise ValidationError("离任日期不能早于当选日期。")
    rep.status = status
    rep.ended_on = on
    rep.end_reason = reason[:300]
    rep.save(update_fields=["status", "ended_on", "end_reason"])


@transaction.atomic
def rep_replace(
    *,
    actor,
    rep: Representative,
    member: Member,
    elected_on: datetime.date,
    reason: str,
) -> Representative:
    """补选: the old seat is REPLACED (with date and reason); the new one, of the same kind
    and constituency, records whom it replaces."""
    require(actor, MANAGE, union=rep.term.union)
    rep = _seated(rep)
    term = rep.term
    _open_term_check(term)
    if member.pk == rep.member_id:
        raise ValidationError("补选的代表不能是被替换的本人。")
    _check_member(term, member)
    before = audit.snapshot(rep)
    _leave(rep, RepStatus.REPLACED, elected_on, reason)
    audit.record(
        actor=actor, action="rep.by_election", obj=rep, before=before, union_id=term.union_id
    )
    new = Representative.objects.create(
        term=term,
        member=member,
        kind=rep.kind,
        constituency=rep.constituency,
        elected_on=elected_on,
        is_by_election=True,
        replaces=rep,
        **_flags(member),
    )
    audit.record(
        actor=actor, action="rep.by_election", obj=new, before=None, union_id=term.union_id
    )
    return new


@transaction.atomic
def rep_recall(*, actor, rep: Representative, on: datetime.date, reason: str) -> Representative:
    """罢免: decided by the constituency; the seat is RECALLED with date and reason."""
    require(actor, MANAGE, union=rep.term.union)
    rep = _seated(rep)
    _open_term_check(rep.term)
    before = audit.snapshot(rep)
    _leave(rep, RepStatus.RECALLED, on, reason)
    audit.record(
        actor=actor, action="rep.recall", obj=rep, before=before, union_id=rep.term.union_id
    )
    return rep


@transaction.atomic
def rep_end(*, actor, rep: Representative, on: datetime.date, reason: str) -> Representative:
    """代表离任 (调离, 退休, 辞去代表职务) without a 补选 yet."""
    require(actor, MANAGE, union=rep.term.union)
    rep = _seated(rep)
    _open_term_check(rep.term)
    before = audit.snapshot(rep)
    _leave(rep, RepStatus.ENDED, on, reason)
    audit.record(actor=actor, action="rep.end", obj=rep, before=before, union_id=rep.term.union_id)
    return rep


@transaction.atomic
def assembly_seat_all(*, actor, term: CongressTerm) -> int:
    """职工大会: every current member attends, so every current member not yet seated gets a
    voting seat in their own group. Returns how many were seated. One audit entry on the
    term lists them (a union of 100 would otherwise write 100 entries for one act)."""
    require(actor, MANAGE, union=term.union)
    term = CongressTerm.objects.select_for_update().select_related("union").get(pk=term.pk)
    _open_term_check(term)
    if term.kind != CongressKind.ASSEMBLY:
        raise ValidationError("只有职工大会才由全体会员参加；代表大会的代表须经选举产生。")
    seated = set(
        term.representatives.filter(status=RepStatus.SEATED).values_list("member_id", flat=True)
    )
    members = [
        m
        for m in Member.objects.current().filter(union=term.union).order_by("id")
        if m.pk not in seated
    ]
    today = max(term.starts_on, datetime.date.today()) if members else term.starts_on
    Representative.objects.bulk_create(
        Representative(
            term=term,
            member=m,
            kind=RepKind.VOTING,
            constituency_id=m.group_id,
            elected_on=today,
            **_flags(m),
        )
        for m in members
    )
    audit.record(
        actor=actor,
        action="rep.elect",
        obj=term,
        changes={"seated_all": [None, [m.pk for m in members]]},
    )
    return len(members)
