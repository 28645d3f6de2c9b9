"""The demo's 培训 (``core.demo``): at the demo school, two courses. One is a three-session course held over
the last three weeks (2 + 2 + 1 课时): ``huiyuan`` scanned every session's own code, the
committee marked the others from the phone list — most came to all, one missed the last
session (4 of 5 课时, exactly 80 %: completed), two did not complete (one came once, one missed the first) — and the certificates were
issued after the last session. The other, 工会干部业务能力提升培训, starts next week (two
sessions), published with sign-up open and a few signed up: the course page, its 课次 and
their QR codes as a course is before it is held. The services take each moment as ``now``,
so the past course goes through the same rules as a live one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Member, MemberStatus, Union

from . import services, services_checkin, services_training
from .models import Activity, Audience, Kind

TITLE = "教职工心理健康与师德专题培训班"
SESSIONS = (  # days ago, hour, hours long, topic, teacher, 课时
    (21, 15, 2, "教师职业道德规范解读", "区教师进修学校 陈老师", "2"),
    (14, 15, 2, "教师心理压力与自我调适", "市心理咨询中心 刘老师", "2"),
    (7, 15, 1, "工会会员权益与法律常识", "区总工会法律顾问 周律师", "1"),
)
COMING = "工会干部业务能力提升培训"
COMING_SESSIONS = (  # days from now (negative: ahead), hour, hours long, topic, teacher, 课时
    (-7, 14, 2, "职工代表大会的程序与实务", "区总工会基层工作部 王老师", "2"),
    (-14, 14, 2, "工会经费的使用与财务规范", "区总工会经审办 李老师", "2"),
)
# which sessions (1-based) each of the marked members came to
MARKED = ((1, 2, 3), (1, 2, 3), (1, 2), (1,), (2, 3))


def _moment(days_ago: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _course(chair, school, title=TITLE, sessions=SESSIONS, place="学校报告厅") -> Activity:
    first, last = sessions[0], sessions[-1]
    course = services.activity_save(
        actor=chair,
        union=school,
        fields={
            "kind": Kind.TRAINING,
            "title": title,
            "organiser": "校工会",
            "place": place,
            "starts_at": _moment(first[0], first[1]),
            "ends_at": _moment(last[0], last[1] + last[2]),
            "close_hours": 24,
            "audience": Audience.ALL,
            "members_only": True,
            "capacity": 40,
            "companions_allowed": False,
            "max_companions": 0,
            "lottery": False,
            "cost_per_head": Decimal("0"),
        },
    )
    for days, hour, length, topic, teacher, hours in sessions:
        services_training.training_session_save(
            actor=chair,
            activity=course,
            fields={
                "starts_at": _moment(days, hour),
                "ends_at": _moment(days, hour + length),
                "topic": topic,
                "teacher": teacher,
                "place": place,
                "hours": hours,
            },
        )
    return course


def build_training() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or Activity.objects.filter(union=school, title=TITLE).exists():
        return
    chair = User.objects.get(username="chair")
    huiyuan = Member.objects.select_related("user").get(user__username="huiyuan")
    others = list(
        Member.objects.filter(union=school, status=MemberStatus.ACTIVE, user__isnull=True)
        .exclude(pk=huiyuan.pk)
        .order_by("id")[: len(MARKED)]
    )
    course = _course(chair, school)
    signed = course.starts_at - datetime.timedelta(days=5)
    course = services.activity_publish(actor=chair, activity=course, now=signed)
    services.registration_signup(actor=huiyuan.user, activity=course, now=signed)
    regs = [
        services.registration_signup(actor=chair, activity=course, member=m, now=signed)
        for m in others
    ]
    sessions = list(course.training_sessions.select_related("checkin").order_by("starts_at"))
    for s in sessions:  # huiyuan scans each session's own code ten minutes early
        services_checkin.checkin_scan(
            actor=huiyuan.user,
            activity=course,
            token=s.checkin.token,
            now=s.starts_at - datetime.timedelta(minutes=10),
        )
    for reg, came in zip(regs, MARKED, strict=False):
        for n in came:
            s = sessions[n - 1]
            services_checkin.checkin_mark(
                actor=chair, registration=reg, session=s.checkin, now=s.starts_at
            )
    services_training.training_certificates_issue(
        actor=chair, activity=course, now=sessions[-1].ends_at + datetime.timedelta(hours=1)
    )
    _coming(chair, school, others[:3])


def _coming(chair, school, members) -> None:
    """Next week's course, open for sign-up, three signed up by the committee."""
    course = _course(chair, school, COMING, COMING_SESSIONS, place="学校会议室")
    course = services.activity_publish(actor=chair, activity=course)
    for m in members:
        services.registration_signup(actor=chair, activity=course, member=m)
