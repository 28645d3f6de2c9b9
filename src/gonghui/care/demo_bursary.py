"""The demo's 金秋助学 (``core.demo``): at the demo school, the year's round (the latest whose
window has closed: this year's once its closing day has passed) with four applications —
``huiyuan`` for their child starting 高中 (an 已建档 hardship family: the 建档 amount), two
made by the chair for members, one refused as a 定向生 — the approved list published and
closed without objection, and the round paid on one draft voucher for the treasurer.
Runs after the hardship demo (``huiyuan``'s file must be on record)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.models import User
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import publicity_close
from gonghui.orgs.models import Member, MemberStatus, Union

from . import queries_bursary as queries
from . import rules_bursary as rules
from . import services_bursary as services
from .models_bursary import BursaryRound

# The smallest valid PNG header: the demo's stand-in for a photographed admission letter.
PROOF = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# (place in the school's active roster, child, level, school, days after opening, refusal)
OTHERS = [
    (20, "陈思远", rules.Level.UNDERGRADUATE, "华中师范大学", 30, ""),
    (40, "杨一帆", rules.Level.COLLEGE, "武汉职业技术学院", 40, ""),
    (
        30,
        "黄子涵",
        rules.Level.UNDERGRADUATE,
        "某医科大学",
        45,
        "经核实为定向生（定向就业），按规定不予资助。",
    ),
]


def _proof(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PROOF, content_type="image/png")


def _year(school: Union, today: datetime.date) -> int:
    settings = queries.settings_for(school)
    _, closes = rules.window(today.year, settings.opens, settings.closes)
    return today.year if today > closes else today.year - 1


def _apply(actor, round, member, child, level, school, day):
    return services.bursary_apply(
        actor=actor,
        round=round,
        member=member,
        child_name=child,
        level=level,
        school=school,
        proof=_proof(f"{child}录取通知书.png"),
        confirmed=True,
        today=day,
    )


def build_bursary() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or BursaryRound.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    members = list(Member.objects.filter(union=school, status=MemberStatus.ACTIVE).order_by("id"))
    huiyuan = Member.objects.select_related("user").get(user__username="huiyuan")
    today = timezone.localdate()
    round = services.bursary_round_open(actor=chair, union=school, year=_year(school, today))
    mine = _apply(
        huiyuan.user,
        round,
        huiyuan,
        "小明",
        rules.Level.HIGH_SCHOOL,
        "示范镇第一高级中学",
        round.opens_on + datetime.timedelta(days=20),
    )
    services.bursary_approve(actor=chair, application=mine, note="录取通知书核实无误。")
    for place, child, level, where, after, refusal in OTHERS:
        day = min(round.opens_on + datetime.timedelta(days=after), round.closes_on)
        found = _apply(chair, round, members[place], child, level, where, day)
        if refusal:
            services.bursary_reject(actor=chair, application=found, reason=refusal)
        else:
            services.bursary_approve(actor=chair, application=found)
    services.bursary_publicize(actor=chair, round=round)
    item = publicity_for(round)
    publicity_close(actor=chair, publicity=item, today=item.ends_on + datetime.timedelta(days=1))
    services.bursary_pay(actor=chair, round=round, date=today)
