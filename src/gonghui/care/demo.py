"""The demo's 帮扶 (``core.demo``): at the demo school, the member account ``huiyuan`` has a
file on record with two 帮扶 (a deeply poor household, through 初审, 入户调查 and a 公示 that
ended without objection); another member's application waits for 初审 (the chair's 待办);
a third household was filed and has since left (脱困退档), its history kept."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import User
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import publicity_close
from gonghui.orgs.models import Member, MemberStatus, Union

from . import services
from .models import HardshipFile

# The smallest valid PNG header: the demo's stand-in for a photographed consent form.
CONSENT = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _household(member: Member, others: list[tuple[str, str, int, str, str]]) -> list[dict]:
    me = {"relation": "本人", "name": member.name, "age": 45, "standing": "employed"}
    return [
        me,
        *(
            {"relation": r, "name": n, "age": a, "standing": s, "health": h}
            for r, n, a, s, h in others
        ),
    ]


def _to_file(file: HardshipFile, chair, *, today: datetime.date) -> HardshipFile:
    file = services.hardship_screen(actor=chair, file=file, note="材料齐全，未发现不予建档情形。")
    services.hardship_visit(
        actor=chair,
        file=file,
        visited_on=today,
        visitors="工会主席、生活福利委员",
        findings="入户核实家庭收入和医疗支出属实。",
        consent=SimpleUploadedFile("家庭经济状况核对授权委托书.png", CONSENT),
    )
    file = services.hardship_publicize(actor=chair, file=file)
    item = publicity_for(file)
    publicity_close(actor=chair, publicity=item, today=item.ends_on + datetime.timedelta(days=1))
    return services.hardship_establish(
        actor=chair, file=file, plan="节日走访慰问；协助申请医疗救助；子女助学。"
    )


def build_care() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or HardshipFile.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    members = list(Member.objects.filter(union=school, status=MemberStatus.ACTIVE).order_by("id"))
    today = datetime.date.today()
    huiyuan = Member.objects.get(user__username="huiyuan")
    file = services.hardship_apply(
        actor=huiyuan.user,
        member=huiyuan,
        household=_household(
            huiyuan,
            [
                ("配偶", "刘某", 44, "unemployed", "尿毒症"),
                ("子女", "小明", 15, "student", "健康"),
            ],
        ),
        income="36000",
        rigid="18000",
        rigid_notes="配偶透析自付费用",
        cause="illness",
        cause_notes="配偶患尿毒症，每周透析三次。",
    )
    file = _to_file(file, chair, today=today)
    for kind, amount, notes in (
        ("money", "2000.00", "春节送温暖"),
        ("medical", "1500.00", "医疗救助"),
    ):
        services.aid_record(
            actor=chair, file=file, kind=kind, given_on=today, amount=amount, notes=notes
        )
    services.hardship_apply(
        actor=chair,
        member=members[70],
        household=_household(members[70], [("母亲", "张某", 72, "retired", "脑梗后遗症")]),
        income="40000",
        rigid="12000",
        cause="illness",
    )
    left = services.hardship_apply(
        actor=chair,
        member=members[80],
        household=_household(members[80], [("配偶", "王某", 43, "laid_off", "健康")]),
        income="30000",
        rigid="3000",
    )
    left = _to_file(left, chair, today=today)
    services.hardship_exit(actor=chair, file=left, reason="配偶再就业，家庭收入稳定高于标准。")
