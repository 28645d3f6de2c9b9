"""The demo's 校务公开 (``core.demo``): the demo school adopts the default catalogue, then,
for this year, the monthly 职工切身利益 items are published on the 5th of the following
month — one month on the 14th, four days late — the quarterly 财务 and 劳动安全 on the 8th
after each quarter, last year's 党风廉政 at the start of January, and a 重大决策 item two
days after the event. The month whose due date has not come yet is left for the chair
(未到期). A member asks about a wage item and the chair answers; another question waits.
Dates count back from today (services refuse a future period); each record is made as of
its own day."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.models import User
from gonghui.orgs.models import Member, Union

from . import queries_openness as queries
from . import services_openness as services
from .models_openness import OpennessCategory, OpennessChannel, OpennessSchedule, due_on, periods

# The smallest valid PNG header: the demo's stand-in for a photo of the 公开栏.
PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LATE_DAY = 14  # the one late month is published on the 14th


def _late_month(today: datetime.date, day: int) -> int | None:
    """The month published late: the third-last month already due (else the earliest)."""
    due = [m for m in range(1, 13) if due_on("monthly", today.year, m, day) < today]
    return due[-3] if len(due) >= 3 else (due[0] if due else None)


def build_openness() -> None:
    school = Union.objects.filter(code="demo-school").first()
    if school is None or OpennessCategory.objects.filter(union=school).exists():
        return
    chair = User.objects.get(username="chair")
    today = timezone.localdate()
    services.openness_adopt(actor=chair, union=school, today=today)
    cats = {c.name: c for c in queries.categories(school)}
    day = queries.due_day(school)
    late = _late_month(today, day)
    wages = None
    for m in periods(OpennessSchedule.MONTHLY):
        due = due_on("monthly", today.year, m, day)
        if due >= today:
            break
        published = due.replace(day=LATE_DAY) if m == late else due.replace(day=5)
        item = services.openness_publish(
            actor=chair,
            union=school,
            category=cats["职工切身利益"],
            year=today.year,
            period=m,
            title=f"{m}月份教职工工资、绩效奖金发放情况",
            content="基础性绩效、奖励性绩效发放标准和总额，社保和公积金缴纳基数。",
            published_on=published,
            channel=OpennessChannel.BOARD,
            channel_note="教学楼一楼校务公开栏",
            evidence=SimpleUploadedFile(f"{m}月公开栏.png", PHOTO, content_type="image/png"),
            today=today,
        )
        wages = wages or item
    for name, title in (("财务", "季度经费收支情况"), ("劳动安全", "季度校园安全检查和整改情况")):
        for q in periods(OpennessSchedule.QUARTERLY):
            due = due_on("quarterly", today.year, q, day)
            if due >= today:
                break
            services.openness_publish(
                actor=chair,
                union=school,
                category=cats[name],
                year=today.year,
                period=q,
                title=f"第{'一二三四'[q - 1]}{title}",
                published_on=due.replace(day=8),
                channel=OpennessChannel.INTRANET,
                channel_note="学校内网“校务公开”栏目",
                today=today,
            )
    services.openness_publish(
        actor=chair,
        union=school,
        category=cats["党风廉政"],
        year=today.year - 1,
        period=0,
        title=f"{today.year - 1}年度学校领导班子述职述廉和民主评议结果",
        published_on=datetime.date(today.year, 1, 8),
        channel=OpennessChannel.CONGRESS,
        channel_note="教职工代表大会",
        today=today,
    )
    event = today - datetime.timedelta(days=20)
    services.openness_publish(
        actor=chair,
        union=school,
        category=cats["重大决策"],
        event_on=event,
        title="教师绩效考核办法（修订）经校长办公会通过",
        content="修订后的考核办法全文，提交下次教代会审议。",
        published_on=event + datetime.timedelta(days=2),
        channel=OpennessChannel.WECHAT,
        channel_note="全体教职工微信群",
        today=today,
    )
    if wages is None:
        return
    members = list(
        Member.objects.current()
        .filter(union=school, user__isnull=False)
        .select_related("user")
        .order_by("id")
    )
    asker = next((m for m in members if m.user.username == "huiyuan"), None)
    other = next((m for m in members if m.user.username not in ("huiyuan", "chair")), None)
    if asker is not None:
        question = services.openness_question_ask(
            actor=None,
            publication=wages,
            member=asker,
            text="绩效奖金里的“班主任津贴”是按月发还是按学期发？",
        )
        services.openness_question_answer(
            actor=chair,
            question=question,
            answer="按月发放，每月随工资发放；寒暑假期间照发。详见公开栏第二页。",
        )
    if other is not None:
        services.openness_question_ask(
            actor=None,
            publication=wages,
            member=other,
            text="公积金缴纳基数是什么时候调整的？",
        )
