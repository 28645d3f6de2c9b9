"""活动室: a union's rooms (职工之家活动室, 健身房, 乒乓室, 阅览室…), their opening hours as
rules (the words entered and the RRULE read from them), closed periods (维修, 假期) and the
bookings made in them by a member or a 工会小组 (its leader books it).

A booking holds [starts_at, ends_at) of its room: in an exclusive room two standing bookings
never overlap; in a room 按人数共用 (健身房, 阅览室) overlapping bookings are accepted while
their persons add up to at most the room's capacity. A booking waiting for the committee's
approval (待审批, a room that ``needs_approval``) holds its slot like a booked one. The
services lock the room's row before looking (``services_rooms``), which serialises bookings
of one room on PostgreSQL and SQLite alike. Nothing is deleted: a cancelled, refused or
expired booking stays with who ended it and why (a closed period cancels the bookings inside
it)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.fields import user_fk
from gonghui.orgs.models import Member, Union, UnionGroup

from . import rules_rooms as rules

__all__ = [
    "BOOKING_HOLDS",
    "BookBy",
    "Booking",
    "BookingState",
    "Room",
    "RoomClosure",
    "RoomHours",
    "RoomKind",
    "RoomSettings",
]


class RoomSettings(models.Model):
    """One union's per-person booking limits; a union without its own row uses its nearest
    ancestor's, else the examples of ``rules_rooms`` (示例)."""

    union = models.OneToOneField(
        Union, on_delete=models.PROTECT, related_name="room_settings", verbose_name="工会"
    )
    max_hours = models.PositiveIntegerField(
        "每次最多预约小时数",
        default=rules.EXAMPLE_MAX_HOURS,
        help_text="示例 2 小时。",
    )
    max_per_week = models.PositiveIntegerField(
        "每人（每个小组）每周最多预约次数",
        default=rules.EXAMPLE_MAX_PER_WEEK,
        help_text="示例 3 次；取消的不计。",
    )
    days_ahead = models.PositiveIntegerField(
        "最多提前几天预约",
        default=rules.EXAMPLE_DAYS_AHEAD,
        help_text="示例 14 天。工会委员会预约不受这三项限制。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "活动室预约设置"
        verbose_name_plural = "活动室预约设置"

    def __str__(self) -> str:
        return f"{self.union} · 活动室预约设置"

    def get_absolute_url(self) -> str:
        return reverse("activities:rooms_settings", args=[self.union.code])


class RoomKind(models.TextChoices):
    HOME = "home", "职工之家活动室"
    GYM = "gym", "健身房"
    TABLE_TENNIS = "table_tennis", "乒乓球室"
    BADMINTON = "badminton", "羽毛球场"
    READING = "reading", "阅览室"
    YOGA = "yoga", "瑜伽/舞蹈室"
    MOTHERS = "mothers", "母婴室"
    MEETING = "meeting", "会议室"
    OTHER = "other", "其他"


class BookBy(models.TextChoices):
    MEMBERS = "members", "会员和工会小组"
    GROUPS = "groups", "仅工会小组（小组长预约）"
    COMMITTEE = "committee", "仅工会委员会"


class Room(models.Model):
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="rooms", verbose_name="工会"
    )
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=16, choices=RoomKind.choices)
    capacity = models.PositiveIntegerField("容纳人数", help_text="同时在室的最多人数。")
    place = models.CharField("位置", max_length=100, blank=True)
    book_by = models.CharField(
        "谁可以预约", max_length=12, choices=BookBy.choices, default=BookBy.MEMBERS
    )
    note = models.TextField("使用须知", blank=True)
    shared = models.BooleanField(
        "按人数共用",
        default=False,
        help_text="健身房、阅览室等：同一时段可有多个预约，人数合计不超过容纳人数。",
    )
    needs_approval = models.BooleanField(
        "预约需审批",
        default=False,
        help_text="会员和小组的预约由工会委员审批后生效；工会委员会的预约不需审批。",
    )
    archived_at = models.DateTimeField("停用时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "活动室"
        verbose_name_plural = "活动室"
        ordering = ["union_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "name"],
                condition=Q(archived_at__isnull=True),
                name="act_room_name_once",
                violation_error_message="本工会已有同名的活动室。",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="act_room_capacity",
                violation_error_message="容纳人数至少 1 人。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:room", args=[self.pk])


class RoomHours(models.Model):
    """One opening-hours rule: the words as entered ("每周一、三、五中午12:00-13:30"), the
    days as RFC 5545 RRULE text (FREQ=DAILY or FREQ=WEEKLY;BYDAY=…) and the times."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="hours", verbose_name="活动室"
    )
    words = models.CharField("开放时间", max_length=100)
    rrule = models.CharField("重复规则", max_length=200)
    starts = models.TimeField("开始")
    ends = models.TimeField("结束")

    class Meta:
        verbose_name = "活动室开放时间"
        verbose_name_plural = "活动室开放时间"
        ordering = ["room_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")),
                name="act_room_hours_order",
                violation_error_message="结束时间要晚于开始时间。",
            ),
        ]

    def __str__(self) -> str:
        return self.words


class RoomClosure(models.Model):
    """A closed period (维修, 假期…): no booking inside it; made, it cancels those there."""

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="closures", verbose_name="活动室"
    )
    starts_at = models.DateTimeField("开始")
    ends_at = models.DateTimeField("结束")
    reason = models.CharField("原因", max_length=100)
    created_by = user_fk("登记人")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "活动室停用时段"
        verbose_name_plural = "活动室停用时段"
        ordering = ["room_id", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="act_room_closure_order",
                violation_error_message="结束时间要晚于开始时间。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.reason}"

    def get_absolute_url(self) -> str:
        return reverse("activities:rooms_manage", args=[self.room_id])


class BookingState(models.TextChoices):
    PENDING = "pending", "待审批"
    BOOKED = "booked", "已预约"
    REFUSED = "refused", "未通过"
    EXPIRED = "expired", "已过期"
    CANCELLED = "cancelled", "已取消"


# The states that hold a slot: a pending booking is first come, first served.
BOOKING_HOLDS = (BookingState.PENDING, BookingState.BOOKED)


class Booking(models.Model):
    """A member's or a 工会小组's use of a room for [starts_at, ends_at). ``series`` ties the
    occurrences of one recurring booking; ``no_show`` is the committee's note that a past
    booking was not used (it then counts as booked, not used)."""

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="bookings", verbose_name="活动室"
    )
    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="room_bookings", verbose_name="工会"
    )
    user = user_fk("预约人", related_name="room_bookings")
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="room_bookings",
        verbose_name="会员",
    )
    group = models.ForeignKey(
        UnionGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="room_bookings",
        verbose_name="工会小组",
    )
    by_committee = models.BooleanField("工会委员会预约", default=False)
    purpose = models.CharField("用途", max_length=100)
    persons = models.PositiveIntegerField("人数", default=1)
    starts_at = models.DateTimeField("开始")
    ends_at = models.DateTimeField("结束")
    series = models.CharField("重复预约编号", max_length=32, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=BookingState.choices, default=BookingState.BOOKED
    )
    no_show = models.BooleanField("未使用", default=False)
    created_at = models.DateTimeField("预约时间", default=timezone.now)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancelled_by = user_fk("取消人")
    cancel_reason = models.CharField("取消原因", max_length=100, blank=True)
    closure = models.ForeignKey(
        RoomClosure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_bookings",
        verbose_name="因停用取消",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decided_by = user_fk("审批人")
    refuse_reason = models.CharField("未通过原因", max_length=100, blank=True)

    class Meta:
        verbose_name = "活动室预约"
        verbose_name_plural = "活动室预约"
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["room", "state", "starts_at"], name="act_booking_room"),
            models.Index(fields=["union", "starts_at"], name="act_booking_union"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="act_booking_order",
                violation_error_message="结束时间要晚于开始时间。",
            ),
            models.CheckConstraint(
                condition=Q(persons__gte=1),
                name="act_booking_persons",
                violation_error_message="人数至少 1 人。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {timezone.localtime(self.starts_at):%m-%d %H:%M} {self.purpose}"

    def get_absolute_url(self) -> str:
        day = timezone.localtime(self.starts_at).date()
        return reverse("activities:room", args=[self.room_id]) + f"?day={day:%Y-%m-%d}"

    @property
    def booker(self) -> str:
        """Who the room is booked for: the group, else the member, else the committee (a
        booking 以工会名义), else the account by its display name (never the login name)."""
        if self.group_id:
            return str(self.group)
        if self.member_id:
            return self.member.name
        if self.by_committee or not self.user_id:
            return "工会委员会"
        return str(self.user)
