# The safety part of 维权 (劳动保护监督, 安康杯): inspections, hazards with their photos and
# re-checks, the register of posts with occupational hazards, accidents, 安康杯 entries.
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0005_member_figure_indexes"),
        ("rights", "0003_openness"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Accident",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("occurred_on", models.DateField(verbose_name="事故日期")),
                ("place", models.CharField(max_length=100, verbose_name="地点")),
                (
                    "severity",
                    models.CharField(
                        choices=[("minor", "轻伤"), ("serious", "重伤"), ("fatal", "死亡")],
                        max_length=10,
                        verbose_name="伤害程度",
                    ),
                ),
                ("description", models.TextField(max_length=2000, verbose_name="经过")),
                ("cause", models.TextField(blank=True, max_length=1000, verbose_name="原因")),
                (
                    "measures",
                    models.TextField(blank=True, max_length=1000, verbose_name="防范措施"),
                ),
                (
                    "recognition",
                    models.CharField(
                        choices=[
                            ("none", "未申请"),
                            ("applied", "已申请"),
                            ("recognised", "认定为工伤"),
                            ("refused", "不予认定"),
                        ],
                        default="none",
                        max_length=12,
                        verbose_name="工伤认定",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="登记时间"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "injured",
                    models.ManyToManyField(
                        blank=True,
                        related_name="accidents",
                        to="orgs.member",
                        verbose_name="受伤人员",
                    ),
                ),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="accidents",
                        to="orgs.union",
                        verbose_name="工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "工伤事故",
                "verbose_name_plural": "工伤事故",
                "ordering": ["union_id", "-occurred_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Hazard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("location", models.CharField(max_length=100, verbose_name="岗位/部位")),
                ("description", models.TextField(max_length=1000, verbose_name="隐患描述")),
                (
                    "level",
                    models.CharField(
                        choices=[("major", "重大"), ("large", "较大"), ("general", "一般")],
                        max_length=10,
                        verbose_name="隐患等级",
                    ),
                ),
                ("found_on", models.DateField(verbose_name="发现日期")),
                ("owner", models.CharField(max_length=50, verbose_name="整改责任人")),
                (
                    "owner_dept",
                    models.CharField(blank=True, max_length=100, verbose_name="责任部门"),
                ),
                ("deadline", models.DateField(verbose_name="整改期限")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("open", "待整改"),
                            ("rectified", "已整改待复查"),
                            ("closed", "已销号"),
                        ],
                        default="open",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                (
                    "rectified_on",
                    models.DateField(blank=True, null=True, verbose_name="整改完成日期"),
                ),
                ("measure", models.TextField(blank=True, max_length=1000, verbose_name="整改措施")),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="销号日期")),
                ("escalated_on", models.DateField(blank=True, null=True, verbose_name="报告日期")),
                (
                    "escalated_to",
                    models.CharField(blank=True, max_length=100, verbose_name="报告对象"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="登记时间"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="safety_hazards",
                        to="orgs.union",
                        verbose_name="工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "隐患",
                "verbose_name_plural": "隐患",
                "ordering": ["union_id", "found_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="HazardPhoto",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        choices=[("found", "隐患照片"), ("rectified", "整改后照片")],
                        max_length=10,
                        verbose_name="照片类别",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="文件名")),
                ("content_type", models.CharField(max_length=100, verbose_name="类型")),
                ("size", models.PositiveIntegerField(verbose_name="大小（字节）")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                (
                    "uploaded_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="上传时间"
                    ),
                ),
                (
                    "hazard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="photos",
                        to="rights.hazard",
                        verbose_name="隐患",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="上传人",
                    ),
                ),
            ],
            options={
                "verbose_name": "隐患照片",
                "verbose_name_plural": "隐患照片",
                "ordering": ["hazard_id", "uploaded_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="SafetyInspection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held_on", models.DateField(verbose_name="检查日期")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("routine", "日常检查"),
                            ("special", "专项检查"),
                            ("holiday", "节前检查"),
                            ("ankang", "安康杯检查"),
                            ("seasonal", "季节性检查"),
                            ("other", "其他"),
                        ],
                        max_length=12,
                        verbose_name="检查类型",
                    ),
                ),
                ("places", models.CharField(max_length=200, verbose_name="检查部位（车间、场所）")),
                (
                    "outside_inspectors",
                    models.CharField(blank=True, max_length=200, verbose_name="其他检查人员"),
                ),
                ("summary", models.TextField(blank=True, max_length=2000, verbose_name="检查情况")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="登记时间"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "inspectors",
                    models.ManyToManyField(
                        blank=True,
                        related_name="safety_inspections",
                        to="orgs.member",
                        verbose_name="检查人员（会员）",
                    ),
                ),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="safety_inspections",
                        to="orgs.union",
                        verbose_name="工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "劳动保护监督检查",
                "verbose_name_plural": "劳动保护监督检查",
                "ordering": ["union_id", "-held_on", "-id"],
                'indexes': [models.Index(fields=["union", "held_on"], name="rights_insp_union_day")],
            },
        ),
        migrations.AddField(
            model_name="hazard",
            name="inspection",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hazards",
                to="rights.safetyinspection",
                verbose_name="检查",
            ),
        ),
        migrations.CreateModel(
            name="AnkangEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                (
                    "score",
                    models.DecimalField(
                        blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="得分"
                    ),
                ),
                (
                    "result",
                    models.CharField(blank=True, max_length=200, verbose_name="竞赛成绩/评价"),
                ),
                ("award", models.CharField(blank=True, max_length=100, verbose_name="获奖")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ankang_entries",
                        to="orgs.uniongroup",
                        verbose_name="参赛小组",
                    ),
                ),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ankang_entries",
                        to="orgs.union",
                        verbose_name="工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "安康杯竞赛参赛",
                "verbose_name_plural": "安康杯竞赛参赛",
                "ordering": ["union_id", "-year", "-score", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("union", "year", "group"),
                        name="rights_ankang_once",
                        violation_error_message="这个小组本年度已参赛。",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("score__isnull", True),
                            models.Q(("score__gte", 0), ("score__lte", 1000)),
                            _connector="OR",
                        ),
                        name="rights_ankang_score_range",
                        violation_error_message="得分应在 0 到 1000 之间。",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HazardPost",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="岗位")),
                (
                    "workshop",
                    models.CharField(blank=True, max_length=100, verbose_name="车间/部门"),
                ),
                ("factors", models.JSONField(default=list, verbose_name="危害因素")),
                (
                    "factors_other",
                    models.CharField(blank=True, max_length=100, verbose_name="其他危害因素"),
                ),
                ("workers", models.PositiveIntegerField(verbose_name="接触人数")),
                (
                    "measures",
                    models.TextField(blank=True, max_length=1000, verbose_name="防护措施"),
                ),
                (
                    "last_check_on",
                    models.DateField(blank=True, null=True, verbose_name="最近职业健康检查日期"),
                ),
                ("retired_on", models.DateField(blank=True, null=True, verbose_name="撤销日期")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="hazard_posts",
                        to="orgs.union",
                        verbose_name="工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "职业病危害岗位",
                "verbose_name_plural": "职业病危害岗位",
                "ordering": ["union_id", "workshop", "name", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("union", "workshop", "name"),
                        name="rights_hazard_post_once",
                        violation_error_message="台账中已有这个车间的同名岗位。",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HazardRecheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("checked_on", models.DateField(verbose_name="复查日期")),
                ("checked_by", models.CharField(max_length=100, verbose_name="复查人")),
                ("passed", models.BooleanField(verbose_name="复查通过")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="复查意见")),
                ("rectified_on", models.DateField(verbose_name="本轮整改完成日期")),
                (
                    "measure",
                    models.TextField(blank=True, max_length=1000, verbose_name="本轮整改措施"),
                ),
                (
                    "new_deadline",
                    models.DateField(blank=True, null=True, verbose_name="新整改期限"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="登记时间"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "hazard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rechecks",
                        to="rights.hazard",
                        verbose_name="隐患",
                    ),
                ),
            ],
            options={
                "verbose_name": "隐患复查",
                "verbose_name_plural": "隐患复查",
                "ordering": ["hazard_id", "checked_on", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("checked_on__gte", models.F("rectified_on"))),
                        name="rights_recheck_after_rectified",
                        violation_error_message="复查日期不能早于整改完成日期。",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("new_deadline__isnull", True), ("passed", True)),
                            models.Q(
                                ("new_deadline__gt", models.F("checked_on")), ("passed", False)
                            ),
                            _connector="OR",
                        ),
                        name="rights_recheck_failed_new_deadline",
                        violation_error_message="复查未通过须定新的整改期限，且晚于复查日期。",
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="hazard",
            index=models.Index(fields=["union", "found_on"], name="rights_hazard_union_found"),
        ),
        migrations.AddIndex(
            model_name="hazard",
            index=models.Index(fields=["state", "deadline"], name="rights_hazard_state_due"),
        ),
        migrations.AddConstraint(
            model_name="hazard",
            constraint=models.CheckConstraint(
                condition=models.Q(("deadline__gte", models.F("found_on"))),
                name="rights_hazard_deadline_after_found",
                violation_error_message="整改期限不能早于发现日期。",
            ),
        ),
        migrations.AddConstraint(
            model_name="hazard",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("rectified_on__isnull", True),
                    ("rectified_on__gte", models.F("found_on")),
                    _connector="OR",
                ),
                name="rights_hazard_rectified_after_found",
                violation_error_message="整改完成日期不能早于发现日期。",
            ),
        ),
        migrations.AddConstraint(
            model_name="hazard",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True),
                    models.Q(
                        ("closed_on__gte", models.F("rectified_on")),
                        ("rectified_on__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="rights_hazard_closed_after_rectified",
                violation_error_message="销号（复查）日期不能早于整改完成日期。",
            ),
        ),
        migrations.AddConstraint(
            model_name="hazard",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("closed_on__isnull", False), ("state", "closed")),
                    models.Q(
                        models.Q(("state", "closed"), _negated=True), ("closed_on__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="rights_hazard_closed_has_day",
                violation_error_message="已销号的隐患须有销号日期。",
            ),
        ),
    ]
