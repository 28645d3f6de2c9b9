"""Demo organisations: 示范镇总工会 with a school, a hospital and a factory.

Deterministic: names come from a seeded generator and dates are fixed, so the audit chain
of two fresh demos differs only in timestamps.
"""

import datetime
import random

from gonghui.core import services as core_services
from gonghui.core.demo import DEMO_PASSWORD
from gonghui.core.models import Role
from gonghui.members import services as member_services
from gonghui.members.synthetic import Synth

from . import services
from .models import Body, Duty, Member, MemberStatus, Post, Sex, UnionKind
from .validators import uscc_check_char

# (code, name, kind, employer, staff, founded, groups: [(name, size, share of women)])
GRASSROOTS = [
    (
        "demo-school",
        "示范镇第一中学工会",
        UnionKind.SCHOOL,
        "示范镇第一中学",
        245,
        datetime.date(1986, 9, 1),
        [
            ("语文教研组", 32, 0.75),
            ("数学教研组", 30, 0.55),
            ("英语教研组", 26, 0.85),
            ("理化生教研组", 28, 0.45),
            ("政史地教研组", 25, 0.6),
            ("音体美教研组", 20, 0.5),
            ("信息技术组", 14, 0.4),
            ("行政后勤组", 30, 0.5),
            ("退休教职工组", 25, 0.55),
        ],
    ),
    (
        "demo-hospital",
        "示范镇中心卫生院工会",
        UnionKind.HOSPITAL,
        "示范镇中心卫生院",
        190,
        datetime.date(1992, 5, 12),
        [
            ("内科", 30, 0.6),
            ("外科", 26, 0.35),
            ("妇产儿科", 22, 0.9),
            ("护理部", 40, 0.95),
            ("医技科室", 24, 0.5),
            ("行政后勤", 22, 0.5),
        ],
    ),
    (
        "demo-factory",
        "示范精密机械有限公司工会",
        UnionKind.ENTERPRISE,
        "示范精密机械有限公司",
        320,
        datetime.date(2008, 3, 1),
        [
            ("一车间", 60, 0.2),
            ("二车间", 55, 0.25),
            ("装配车间", 50, 0.3),
            ("质检部", 25, 0.6),
            ("仓储物流", 30, 0.2),
            ("职能部门", 40, 0.55),
        ],
    ),
]
# (code, body, number, elected_on, years)
TERMS = [
    ("demo-school", Body.COMMITTEE, 8, datetime.date(2022, 3, 18), 5),
    ("demo-school", Body.AUDIT, 8, datetime.date(2022, 3, 18), 5),
    ("demo-school", Body.WOMEN, 8, datetime.date(2022, 3, 18), 5),
    # Ends within 90 days of the demo's year end, to show the warning.
    ("demo-hospital", Body.COMMITTEE, 5, datetime.date(2021, 12, 28), 5),
    ("demo-factory", Body.COMMITTEE, 3, datetime.date(2023, 6, 16), 3),
]
COMMITTEE_DUTIES = [
    Duty.ORGANISATION,
    Duty.PUBLICITY,
    Duty.CULTURE,
    Duty.WELFARE,
    Duty.WOMEN,
    Duty.FINANCE,
]


def credit_code(seed: str) -> str:
    """A well-formed unified social credit code (GB 32100) for a made-up employer."""
    rng = random.Random(seed)
    body = "12" + "3209" + "81" + "".join(rng.choice("0123456789") for _ in range(9))
    body = body[:17]
    return body + uscc_check_char(body)


def build_orgs() -> None:
    from .models import Union

    if Union.objects.filter(code="demo-fed").exists():
        return
    rng = random.Random(20260101)
    # A fixed "today" keeps the demo the same whatever day it is built.
    synth = Synth(rng, today=datetime.date(2026, 1, 1))
    fed = services.union_create(
        actor=None,
        name="示范镇总工会",
        code="demo-fed",
        kind=UnionKind.TOWN,
        parent=None,
        employer_name="示范镇人民政府",
        founded_on=datetime.date(1983, 5, 1),
    )
    unions = {}
    for code, name, kind, employer, staff, founded, groups in GRASSROOTS:
        union = services.union_create(
            actor=None,
            name=name,
            code=code,
            kind=kind,
            parent=fed,
            employer_name=employer,
            credit_code=credit_code(code),
            staff_count=staff,
            founded_on=founded,
        )
        unions[code] = union
        for group_name, size, women in groups:
            group = services.group_create(
                actor=None, union=union, name=group_name, for_retirees=group_name.startswith("退休")
            )
            department = "" if group_name.startswith("退休") else group_name
            members = [
                member_services.member_create(actor=None, union=union, group=group, **person)
                for person in (
                    synth.member_fields(kind, department=department, women_share=women)
                    for _ in range(size)
                )
            ]
            if group_name.startswith("退休"):
                Member.objects.filter(pk__in=[m.pk for m in members]).update(
                    status=MemberStatus.RETIRED
                )
            services.group_update(actor=None, group=group, name=group.name, leader=members[0])

    for code, body, number, elected_on, years in TERMS:
        union = unions[code]
        term = services.term_create(
            actor=None,
            union=union,
            body=body,
            number=number,
            elected_on=elected_on,
            term_years=years,
        )
        pool = list(Member.objects.filter(union=union, status=MemberStatus.ACTIVE).order_by("id"))
        if body == Body.WOMEN:
            pool = [m for m in pool if m.sex == Sex.FEMALE]
        offset = {Body.COMMITTEE: 0, Body.AUDIT: 40, Body.WOMEN: 80}[body]
        chosen = (
            pool[offset + 1 : offset + 8 : 1]
            if body == Body.COMMITTEE
            else pool[offset + 1 : offset + 4]
        )
        head = Post.CHAIR if body == Body.COMMITTEE else Post.DIRECTOR
        for i, member in enumerate(chosen):
            post = head if i == 0 else Post.MEMBER
            duty = COMMITTEE_DUTIES[i - 1] if body == Body.COMMITTEE and 0 < i <= 6 else ""
            services.position_add(actor=None, term=term, member=member, post=post, duty=duty)

    school = unions["demo-school"]
    school_members = list(
        Member.objects.filter(union=school, status=MemberStatus.ACTIVE).order_by("id")
    )
    first_group = school.groups.order_by("id").first()
    accounts = [
        ("admin", "平台管理员", "13800000000", Role.PLATFORM_ADMIN, None, None, None),
        ("fed", "镇总工会管理员", "13800000001", Role.FEDERATION_ADMIN, fed, None, None),
        ("chair", None, "13800000002", Role.CHAIR, school, None, school_members[1]),
        ("weiyuan", None, "13800000003", Role.COMMITTEE, school, None, school_members[2]),
        ("caiwu", None, "13800000004", Role.TREASURER, school, None, school_members[3]),
        ("jingshen", None, "13800000005", Role.AUDITOR, school, None, school_members[41]),
        (
            "zuzhang",
            None,
            "13800000006",
            Role.GROUP_LEADER,
            school,
            first_group,
            first_group.leader,
        ),
        ("huiyuan", None, "13800000007", Role.MEMBER, school, None, school_members[60]),
    ]
    hospital = unions["demo-hospital"]
    hospital_chair = Member.objects.filter(union=hospital, status=MemberStatus.ACTIVE).order_by(
        "id"
    )[1]
    accounts.append(("yiyuan", None, "13800000008", Role.CHAIR, hospital, None, hospital_chair))
    for username, full_name, mobile, role, union, group, member in accounts:
        if member is not None:
            user = services.member_account_open(
                actor=None,
                union=union,
                username=username,
                full_name=member.name,
                mobile=mobile,
                password=DEMO_PASSWORD,
                member=member,
                must_change_password=False,  # published logins for trying the demo
            )
            if role == Role.MEMBER:
                continue
        else:
            user = core_services.user_create(
                actor=None,
                username=username,
                full_name=full_name,
                mobile=mobile,
                password=DEMO_PASSWORD,
            )
        core_services.role_grant(actor=None, user=user, role=role, union=union, group=group)
