# The mediation part of 维权: 劳动争议调解委员会 members, cases and their sessions; and the
# women workers' 爱心妈咪小屋 (one migration per part, numbered in advance).
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0005_member_figure_indexes"),
        ("rights", "0004_safety"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MediationCase",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("number", models.PositiveIntegerField(verbose_name="编号")),
                ("applicant_name", models.CharField(max_length=50, verbose_name="申请人")),
                ("respondent", models.CharField(max_length=100, verbose_name="被申请人")),
                (
                    "claim_kind",
                    models.CharField(
                        choices=[
                            ("pay", "劳动报酬"),
                            ("dismissal", "解除劳动合同"),
                            ("injury", "工伤"),
                            ("insurance", "社会保险"),
                            ("rest", "休息休假"),
                            ("other", "其他"),
                        ],
                        max_length=10,
                        verbose_name="争议类型",
                    ),
                ),
                ("claim", models.TextField(verbose_name="申请事项和理由")),
                ("applied_on", models.DateField(verbose_name="收到申请日期")),
                ("deadline", models.DateField(verbose_name="调解期限")),
                ("accepted_on", models.DateField(blank=True, null=True, verbose_name="受理日期")),
                ("refusal_reason", models.TextField(blank=True, verbose_name="不予受理理由")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("applied", "待受理"),
                            ("accepted", "调解中"),
                            ("refused", "不予受理"),
                            ("agreed", "达成调解协议"),
                            ("failed", "未达成协议"),
                            ("withdrawn", "已撤回"),
                        ],
                        default="applied",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="结案日期")),
                ("agreement", models.TextField(blank=True, verbose_name="调解协议内容")),
                ("withdraw_reason", models.TextField(blank=True, verbose_name="撤回说明")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                (
                    "applicant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.member",
                        verbose_name="申请人（会员）",
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
                        related_name="mediation_cases",
                        to="orgs.union",
                        verbose_name="工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "劳动争议调解案件",
                "verbose_name_plural": "劳动争议调解案件",
                "ordering": ["-year", "-number"],
            },
        ),
        migrations.CreateModel(
            name="MediationSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held_on", models.DateField(verbose_name="调解日期")),
                ("place", models.CharField(blank=True, max_length=100, verbose_name="地点")),
                ("record", models.TextField(verbose_name="调解记录")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sessions",
                        to="rights.mediationcase",
                        verbose_name="调解案件",
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
                        verbose_name="记录人",
                    ),
                ),
            ],
            options={
                "verbose_name": "调解记录",
                "verbose_name_plural": "调解记录",
                "ordering": ["case_id", "held_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="Mediator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="姓名")),
                (
                    "side",
                    models.CharField(
                        choices=[("workers", "职工代表"), ("employer", "企业代表")],
                        max_length=10,
                        verbose_name="代表方",
                    ),
                ),
                (
                    "post",
                    models.CharField(
                        choices=[("director", "主任"), ("member", "委员")],
                        default="member",
                        max_length=10,
                        verbose_name="职务",
                    ),
                ),
                ("since", models.DateField(verbose_name="任职日期")),
                ("until", models.DateField(blank=True, null=True, verbose_name="卸任日期")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
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
                    "member",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.member",
                        verbose_name="会员",
                    ),
                ),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mediators",
                        to="orgs.union",
                        verbose_name="工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "调解委员会成员",
                "verbose_name_plural": "调解委员会成员",
                "ordering": ["union_id", "post", "id"],
                'constraints': [models.CheckConstraint(
                condition=models.Q(
                    ("until__isnull", True), ("until__gte", models.F("since")), _connector="OR"
                ),
                name="rights_mediator_until_after_since",
                violation_error_message="卸任日期不能早于任职日期。",
            ), models.UniqueConstraint(
                condition=models.Q(("member__isnull", False), ("until__isnull", True)),
                fields=("union", "member"),
                name="rights_mediator_one_seat",
                violation_error_message="此人已是本会调解委员会的在任成员。",
            )],
            },
        ),
        migrations.AddField(
            model_name="mediationcase",
            name="mediators",
            field=models.ManyToManyField(
                blank=True, related_name="cases", to="rights.mediator", verbose_name="调解员"
            ),
        ),
        migrations.CreateModel(
            name="MotherRoom",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="名称")),
                ("place", models.CharField(max_length=100, verbose_name="位置")),
                (
                    "area",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=6,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.1"))],
                        verbose_name="面积（平方米）",
                    ),
                ),
                ("facilities", models.JSONField(blank=True, default=list, verbose_name="设施")),
                ("opened_on", models.DateField(verbose_name="启用日期")),
                (
                    "state",
                    models.CharField(
                        choices=[("open", "在用"), ("paused", "暂停使用"), ("closed", "已撤销")],
                        default="open",
                        max_length=8,
                        verbose_name="状态",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="备注")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登记时间")),
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
                    "keeper",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.member",
                        verbose_name="管理人",
                    ),
                ),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mother_rooms",
                        to="orgs.union",
                        verbose_name="工会",
                    ),
                ),
            ],
            options={
                "verbose_name": "爱心妈咪小屋",
                "verbose_name_plural": "爱心妈咪小屋",
                "ordering": ["union_id", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="mediationcase",
            index=models.Index(fields=["union", "state", "deadline"], name="rights_case_due"),
        ),
        migrations.AddConstraint(
            model_name="mediationcase",
            constraint=models.UniqueConstraint(
                fields=("union", "year", "number"),
                name="rights_case_number_once",
                violation_error_message="本年度已有这个编号的调解案件。",
            ),
        ),
        migrations.AddConstraint(
            model_name="mediationcase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("accepted_on__isnull", True),
                    ("accepted_on__gte", models.F("applied_on")),
                    _connector="OR",
                ),
                name="rights_case_accepted_after_applied",
                violation_error_message="受理日期不能早于收到申请的日期。",
            ),
        ),
        migrations.AddConstraint(
            model_name="mediationcase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True),
                    ("closed_on__gte", models.F("applied_on")),
                    _connector="OR",
                ),
                name="rights_case_closed_after_applied",
                violation_error_message="结案日期不能早于收到申请的日期。",
            ),
        ),
    ]
