"""The organisation tree: unions, union groups, committees and their terms, members."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.core.dates import age_on
from gonghui.members.choices import ETHNICITY_CHOICES, Education, Employment, IdType, Political

from .rules import TERM_WARNING_DAYS
from .validators import validate_uscc


class UnionKind(models.TextChoices):
    # 上级工会
    FEDERATION = "federation", "总工会"
    TOWN = "town", "镇街工会"
    INDUSTRY = "industry", "行业工会"
    # 基层工会
    ENTERPRISE = "enterprise", "企业工会"
    SCHOOL = "school", "学校工会"
    HOSPITAL = "hospital", "医院工会"
    AGENCY = "agency", "机关工会"
    INSTITUTION = "institution", "事业单位工会"
    COMMUNITY = "community", "社区工会"
    JOINT = "joint", "联合基层工会"


FEDERATION_KINDS = frozenset({UnionKind.FEDERATION, UnionKind.TOWN, UnionKind.INDUSTRY})


class UnionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(archived_at__isnull=True)

    def subtree_of(self, union: "Union"):
        return self.filter(path__startswith=union.path)


class Union(models.Model):
    """A trade union: a higher-level federation or a grassroots union inside one employer.

    ``path`` is the materialised path of ids ("/1/4/9/"), so a subtree is one
    ``LIKE 'prefix%'``: an index seek on PostgreSQL; on SQLite, whose LIKE is
    case-insensitive, a scan of the (small) path index — see bench/README.md.
    """

    name = models.CharField("工会名称", max_length=100)
    code = models.SlugField(
        "代码",
        max_length=40,
        unique=True,
        help_text="简短英文代码，命令行用 --union 代码 指定工会，如 demo-school。",
    )
    kind = models.CharField("类型", max_length=16, choices=UnionKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级工会",
    )
    path = models.CharField("树路径", max_length=255, db_index=True, editable=False)
    employer_name = models.CharField("所在单位", max_length=100, blank=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc]
    )
    staff_count = models.PositiveIntegerField("职工人数", default=0)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    objects = UnionQuerySet.as_manager()

    # Not stored: the 下属工会 page's totals over the union's whole subtree, set on its rows
    # by ``orgs.queries.union_overview``.
    total_members: int
    total_staff: int
    join_rate: Decimal | None

    class Meta:
        verbose_name = "工会"
        verbose_name_plural = "工会"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:union_detail", args=[self.code])

    @property
    def is_federation(self) -> bool:
        return self.kind in FEDERATION_KINDS

    @property
    def level_label(self) -> str:
        return "上级工会" if self.is_federation else "基层工会"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/")[:-1]]


class UnionGroup(models.Model):
    """工会小组: a group of members inside one grassroots union, usually one department."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="groups", verbose_name="工会"
    )
    name = models.CharField("小组名称", max_length=60)
    for_retirees = models.BooleanField(
        "退休会员小组", default=False, help_text="会员办理退休后自动转入此小组。"
    )
    leader = models.ForeignKey(
        "Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="小组长",
    )
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    class Meta:
        verbose_name = "工会小组"
        verbose_name_plural = "工会小组"
        ordering = ["union_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "name"],
                condition=Q(archived_at__isnull=True),
                name="group_name_unique_in_union",
                violation_error_message="本工会已有同名的工会小组，请换一个名称。",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:group_detail", args=[self.pk])


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "在会"
    RETIRED = "retired", "退休"
    TRANSFERRED = "transferred", "已转出"
    LEFT = "left", "已离会"
    REMOVED = "removed", "已除名"
    DECEASED = "deceased", "已去世"


CURRENT_MEMBER_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETIRED)


class MemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status__in=CURRENT_MEMBER_STATUSES)


class Member(models.Model):
    """会员档案: one person's membership record. It lives beside the tree because groups and
    committee positions point at it; every write to it goes through ``members.services``."""

    # No index of its own: the (union, …) indexes below lead with it, and every index
    # costs each row of a 100,000-row import.
    union = models.ForeignKey(
        Union,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="工会",
        db_index=False,
    )
    # Indexed by (group, status) below, which counts a group's current members.
    group = models.ForeignKey(
        UnionGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="工会小组",
        db_index=False,
    )
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    ethnicity = models.CharField("民族", max_length=12, blank=True, choices=ETHNICITY_CHOICES)
    id_type = models.CharField(
        "证件类型", max_length=12, choices=IdType.choices, default=IdType.RESIDENT
    )
    id_number = models.CharField("证件号码", max_length=32, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    mobile = models.CharField("手机号码", max_length=11, blank=True)
    education = models.CharField("学历", max_length=16, blank=True, choices=Education.choices)
    political_status = models.CharField(
        "政治面貌", max_length=16, blank=True, choices=Political.choices
    )
    department = models.CharField("部门", max_length=60, blank=True)
    post = models.CharField("岗位/职务", max_length=60, blank=True)
    employment = models.CharField("用工形式", max_length=16, blank=True, choices=Employment.choices)
    is_frontline = models.BooleanField("一线职工", default=False)
    is_manager = models.BooleanField("中层及以上管理人员", default=False)
    is_teacher = models.BooleanField("教师", default=False)
    joined_on = models.DateField("入会时间", null=True, blank=True)
    card_number = models.CharField("会员证号", max_length=30, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    status_on = models.DateField("状态变更日期", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member",
        verbose_name="登录账号",
    )
    # Search keys, kept in step with name/mobile/id_number by members.services: an index
    # answers a prefix or equality match on them without scanning the roster.
    name_pinyin = models.CharField("姓名全拼", max_length=120, blank=True, editable=False)
    name_initials = models.CharField("姓名首字母", max_length=30, blank=True, editable=False)
    mobile_tail = models.CharField("手机后四位", max_length=4, blank=True, editable=False)
    id_tail = models.CharField("证件号后四位", max_length=4, blank=True, editable=False)

    objects = MemberQuerySet.as_manager()

    # Shown masked in the audit trail; see members.idcard.
    AUDIT_MASKED = ("id_number", "mobile")
    SEARCH_KEYS = ("name_pinyin", "name_initials", "mobile_tail", "id_tail")

    class Meta:
        verbose_name = "会员"
        verbose_name_plural = "会员"
        ordering = ["union_id", "id"]
        # The figures of the union page and the 工作台 are counted inside an index, never
        # from the rows (a union of 200,000: 370 ms → 20 ms on SQLite; bench/README.md):
        # 在会 and women by (union, status, sex); 新入会 by the range of (union, joined_on),
        # 期末在册 (joined by a day, not gone before it) within the same index; a group's
        # current members by (group, status).
        indexes = [
            models.Index(fields=["union", "status", "sex"], name="member_union_status"),
            models.Index(
                fields=["union", "joined_on", "status", "status_on", "sex"],
                name="member_union_joined",
            ),
            models.Index(fields=["group", "status"], name="member_group_status"),
            models.Index(fields=["union", "name_pinyin"], name="member_union_pinyin"),
            models.Index(fields=["name_initials"], name="member_initials"),
            models.Index(fields=["name_pinyin"], name="member_pinyin"),
            models.Index(fields=["mobile_tail"], name="member_mobile_tail"),
            models.Index(fields=["id_tail"], name="member_id_tail"),
        ]
        constraints = [
            # One person, one membership (《中国工会章程》: a member belongs to one union).
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="member_id_number_unique",
                violation_error_message="该证件号码已登记为会员，不能重复登记。",
            ),
            models.UniqueConstraint(
                fields=["card_number"],
                condition=~Q(card_number=""),
                name="member_card_number_unique",
                violation_error_message="该会员证号已被使用。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:member_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_MEMBER_STATUSES

    def age_on(self, day: datetime.date) -> int | None:
        return None if self.birth_date is None else age_on(self.birth_date, day)


class Body(models.TextChoices):
    COMMITTEE = "committee", "工会委员会"
    AUDIT = "audit", "经费审查委员会"
    WOMEN = "women", "女职工委员会"


class Post(models.TextChoices):
    CHAIR = "chair", "主席"
    VICE_CHAIR = "vice_chair", "副主席"
    DIRECTOR = "director", "主任"
    VICE_DIRECTOR = "vice_director", "副主任"
    MEMBER = "member", "委员"


HEAD_POSTS = frozenset({Post.CHAIR, Post.DIRECTOR})
# 工会委员会 is led by a 主席; its sub-committees by a 主任 (《工会基层组织选举工作条例》).
POSTS_BY_BODY = {
    Body.COMMITTEE: (Post.CHAIR, Post.VICE_CHAIR, Post.MEMBER),
    Body.AUDIT: (Post.DIRECTOR, Post.VICE_DIRECTOR, Post.MEMBER),
    Body.WOMEN: (Post.DIRECTOR, Post.VICE_DIRECTOR, Post.MEMBER),
}


class Duty(models.TextChoices):
    ORGANISATION = "organisation", "组织"
    PUBLICITY = "publicity", "宣传"
    CULTURE = "culture", "文体"
    WELFARE = "welfare", "生活/福利"
    WOMEN = "women", "女工"
    FINANCE = "finance", "财务"
    AUDIT = "audit", "经审"
    SAFETY = "safety", "劳动保护"
    RIGHTS = "rights", "维权"
    OTHER = "other", "其他"


class CommitteeTerm(models.Model):
    """One term (届) of a union's committee or one of its sub-committees."""

    union = models.ForeignKey(
        Union, on_delete=models.PROTECT, related_name="terms", verbose_name="工会"
    )
    body = models.CharField("机构", max_length=16, choices=Body.choices, default=Body.COMMITTEE)
    number = models.PositiveSmallIntegerField("届次")
    elected_on = models.DateField("选举日期")
    term_years = models.PositiveSmallIntegerField("任期（年）", default=5)
    ends_on = models.DateField("届满日期")
    closed_on = models.DateField("换届日期", null=True, blank=True)

    class Meta:
        verbose_name = "委员会届次"
        verbose_name_plural = "委员会届次"
        ordering = ["union_id", "body", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "body"],
                condition=Q(closed_on__isnull=True),
                name="one_current_term_per_body",
                violation_error_message="该机构已有一届在任，请先办理换届（结束上一届）再录入新一届。",
            ),
            models.UniqueConstraint(
                fields=["union", "body", "number"],
                name="term_number_unique_per_body",
                violation_error_message="该机构已录入过这一届次，请核对届次。",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("elected_on")),
                name="term_ends_after_start",
                violation_error_message="届满日期必须晚于选举日期。",
            ),
            models.CheckConstraint(
                condition=Q(term_years__gte=3, term_years__lte=5),
                name="term_years_3_to_5",
                violation_error_message="任期应为 3 年或 5 年（《工会法》第十五条）。",
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.number}届{self.get_body_display()}"

    def get_absolute_url(self) -> str:
        return reverse("orgs:term_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.closed_on is None

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.ends_on - (today or timezone.localdate())).days

    def warning(self, today: datetime.date | None = None) -> str:
        """A Chinese warning when a current term has ended or ends within 90 days."""
        if not self.is_current:
            return ""
        left = self.days_left(today)
        if left < 0:
            return f"{self}已于 {self.ends_on:%Y年%m月%d日} 届满（超期 {-left} 天），请尽快组织换届选举。"
        if left <= TERM_WARNING_DAYS:
            return (
                f"{self}将于 {self.ends_on:%Y年%m月%d日} 届满（还有 {left} 天），请筹备换届选举。"
            )
        return ""


class Position(models.Model):
    """A member's post in one committee term, with the area of work they own (分工)."""

    term = models.ForeignKey(
        CommitteeTerm, on_delete=models.PROTECT, related_name="positions", verbose_name="届次"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="positions", verbose_name="成员"
    )
    post = models.CharField("职务", max_length=16, choices=Post.choices)
    duty = models.CharField("分工", max_length=16, choices=Duty.choices, blank=True)
    ended_on = models.DateField("卸任日期", null=True, blank=True)

    class Meta:
        verbose_name = "委员会职务"
        verbose_name_plural = "委员会职务"
        ordering = ["term_id", "post", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "member"],
                condition=Q(ended_on__isnull=True),
                name="one_post_per_member_per_term",
                violation_error_message="此人在本届已有职务。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_post_display()}"
