"""The demo's 劳动保护 (``core.demo``), through the services, at the demo factory:

- this year's 节前安全检查 (a month ago, or 1 January when the year is younger) by two members
  and the company's 安全员, with three hazards: two rectified and closed after 复查 (one of
  them failed its first 复查 and was rectified again), one still open past its deadline (the
  待办 and the reminder);
- the 职业病危害岗位台账 of four posts;
- a 安康杯 entry for every group of the factory this year, scored.

Dates count back from today, so the demo always shows an open hazard past its deadline."""

from __future__ import annotations

import datetime
import struct
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.orgs.models import Member, MemberStatus, Union, UnionGroup

from . import services_safety as services
from .models_safety import HazardFactor, InspectionKind, RiskLevel, SafetyInspection


def _png(width: int = 96, height: int = 64, rgb: tuple[int, int, int] = (190, 200, 210)) -> bytes:
    """A real PNG of one colour (a browser shows it): the demo's stand-in for a photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


PHOTO = _png()
DAY = datetime.timedelta(days=1)

POSTS = [
    ("一车间", "冲压工", [HazardFactor.NOISE], 12, "配发耳塞，冲床加装隔声罩，每班轮换"),
    ("一车间", "打磨工", [HazardFactor.DUST, HazardFactor.NOISE], 8, "局部除尘设施，配发防尘口罩"),
    ("二车间", "焊工", [HazardFactor.CHEMICAL, HazardFactor.RADIATION], 6, "焊烟净化器，防护面罩"),
    ("涂装车间", "喷漆工", [HazardFactor.CHEMICAL], 5, "密闭喷漆房，供气式防毒面具"),
]
SCORES = [Decimal("96.5"), Decimal("92.0"), Decimal("88.5"), Decimal("85.0"), Decimal("80.0")]


def _photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PHOTO, content_type="image/png")


def _held_on(today: datetime.date) -> datetime.date:
    held = today - 30 * DAY
    if held.year != today.year and today != datetime.date(today.year, 1, 1):
        held = datetime.date(today.year, 1, 1)
    return held


def build() -> None:
    factory = Union.objects.filter(code="demo-factory").first()
    if factory is None or SafetyInspection.objects.filter(union=factory).exists():
        return  # no factory, or built already: a second run adds nothing
    today = timezone.localdate()
    inspectors = list(
        Member.objects.filter(union=factory, status=MemberStatus.ACTIVE).order_by("id")[:2]
    )
    held = _held_on(today)
    span = (today - held).days  # at least 1

    def at(days: int) -> datetime.date:
        return held + min(days, span) * DAY

    inspection = services.inspection_create(
        actor=None,
        union=factory,
        held_on=held,
        kind=InspectionKind.HOLIDAY,
        places="一车间冲压线、二车间焊接区、成品仓库",
        inspectors=inspectors,
        outside_inspectors="安全环保部 孙安全员",
        summary="节前对生产现场、仓库和消防设施进行检查，发现隐患 3 处，当场下达整改通知书。",
        today=today,
    )
    guard = services.hazard_add(
        actor=None,
        inspection=inspection,
        location="一车间 3 号冲床",
        description="光电保护装置失灵，双手按钮被短接。",
        level=RiskLevel.LARGE,
        owner="一车间 周主任",
        owner_dept="一车间",
        deadline=at(7),
        photo=_photo("冲床光电保护.png"),
        today=today,
    )
    services.hazard_rectify(
        actor=None,
        hazard=guard,
        rectified_on=at(3),
        measure="更换光电保护装置，拆除短接线，对班组进行安全操作培训。",
        photo=_photo("冲床整改后.png"),
        today=today,
    )
    services.hazard_recheck(
        actor=None,
        hazard=guard,
        checked_on=at(5),
        checked_by="工会劳动保护委员",
        passed=True,
        today=today,
    )
    extinguisher = services.hazard_add(
        actor=None,
        inspection=inspection,
        location="成品仓库",
        description="灭火器 4 具过期未检，消防通道堆放纸箱。",
        level=RiskLevel.GENERAL,
        owner="仓储部 吴经理",
        owner_dept="仓储部",
        deadline=at(5),
        today=today,
    )
    services.hazard_rectify(
        actor=None,
        hazard=extinguisher,
        rectified_on=at(2),
        measure="更换灭火器。",
        today=today,
    )
    if span >= 4:  # room for a failed 复查 and a second round
        services.hazard_recheck(
            actor=None,
            hazard=extinguisher,
            checked_on=at(3),
            checked_by="工会劳动保护委员",
            passed=False,
            note="消防通道仍有堆放。",
            new_deadline=at(8),
            today=today,
        )
        services.hazard_rectify(
            actor=None,
            hazard=extinguisher,
            rectified_on=at(4),
            measure="清理消防通道，划设禁止堆放标线。",
            today=today,
        )
    services.hazard_recheck(
        actor=None,
        hazard=extinguisher,
        checked_on=at(span),
        checked_by="工会劳动保护委员",
        passed=True,
        today=today,
    )
    services.hazard_add(
        actor=None,
        inspection=inspection,
        location="二车间焊接区",
        description="焊烟净化器吸风口堵塞，作业点焊烟明显。",
        level=RiskLevel.GENERAL,
        owner="设备部 郑工",
        owner_dept="设备部",
        deadline=held + max(0, min(10, span - 1)) * DAY,  # passed: the open one, overdue
        photo=_photo("焊烟净化器.png"),
        today=today,
    )
    for workshop, name, factors, workers, measures in POSTS:
        services.hazard_post_save(
            actor=None,
            union=factory,
            fields={
                "workshop": workshop,
                "name": name,
                "factors": factors,
                "workers": workers,
                "measures": measures,
                "last_check_on": today - 120 * DAY,
            },
            today=today,
        )
    groups = UnionGroup.objects.filter(union=factory, archived_at__isnull=True).order_by("id")
    for i, group in enumerate(groups):
        services.ankang_entry_save(
            actor=None,
            union=factory,
            year=today.year,
            group=group,
            score=SCORES[i % len(SCORES)],
            result="隐患自查自改及时，无轻伤以上事故" if i == 0 else "",
            award="安康杯优胜班组" if i == 0 else "",
        )
