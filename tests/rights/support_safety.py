"""劳动保护 test helpers: an inspection and its hazards made through the services, a photo."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.rights import services_safety as services
from gonghui.rights.models_safety import InspectionKind, RiskLevel

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DAY = datetime.timedelta(days=1)
# A fixed clock: every test passes ``today`` to the services.
TODAY = datetime.date(2026, 6, 15)


def photo(name: str = "隐患.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def inspection(union, *, held_on=TODAY - 10 * DAY, inspectors=None, actor=None, today=TODAY):
    return services.inspection_create(
        actor=actor,
        union=union,
        held_on=held_on,
        kind=InspectionKind.ROUTINE,
        places="教学楼、实验室",
        inspectors=inspectors or [],
        outside_inspectors="" if inspectors else "总务处 安全员",
        today=today,
    )


def hazard(union=None, *, found=None, deadline=None, level=RiskLevel.GENERAL, file=None, **kw):
    """A hazard of a new inspection held on ``found`` (default ten days before TODAY)."""
    found = found or TODAY - 10 * DAY
    found_at = kw.pop("inspection", None) or inspection(
        union, held_on=found, today=kw.get("today", TODAY)
    )
    return services.hazard_add(
        actor=kw.pop("actor", None),
        inspection=found_at,
        location=kw.pop("location", "化学实验室"),
        description=kw.pop("description", "通风橱排风不畅。"),
        level=level,
        owner="总务处 张主任",
        deadline=deadline or found + 5 * DAY,
        photo=file,
        today=kw.pop("today", TODAY),
    )


def rectified(union, **kw):
    h = hazard(union, **kw)
    return services.hazard_rectify(
        actor=None, hazard=h, rectified_on=h.found_on + DAY, measure="更换风机。", today=TODAY
    )
