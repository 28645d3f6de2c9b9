"""Spending rules by event: once a year per illness (``times_event_year``, keyed by
``VoucherShare.event_key``), once ever (``times_ever``), more than N days (``min_days``), and
a category union funds may not pay at all (``forbid_union_funds``: 职工体检).

The data part (frozen here, not read from ``finance/rules.py``): the new sub-category 50114
职工体检, the platform's example rules 住院慰问 and 退休慰问 as they now read, the new example
职工体检, and every existing share's event key taken from its line's 事由 (what a treasurer
typed there, e.g. 住院（肺炎）, is the event the old shares were for).
"""

from decimal import Decimal

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

EXAMPLES = {
    "hospital": {
        "name": "住院慰问",
        "category": "50103",
        "cap_event": Decimal("1000"),
        "times_event_year": 1,
        "min_days": 3,
        "source": "示例：会员生病住院每次不超过 1000 元；同一病种每年慰问一次（皖工发〔2025〕18号"
        " 第9-10页）；住院超过 3 天方予慰问（企业工会会员慰问办法示例）",
    },
    "retire": {
        "name": "退休慰问",
        "category": "50106",
        "cap_event": Decimal("1000"),
        "times_ever": 1,
        "source": "示例：会员退休一次性慰问不超过 1000 元，每人只慰问一次（皖工发〔2025〕18号"
        " 第9-10页）",
    },
    "health_check": {
        "name": "职工体检",
        "category": "50114",
        "forbid_union_funds": True,
        "source": "示例：职工体检经费应由单位行政负担，不得列入基层工会经费；工会受单位行政书面委托"
        "承办的，经费由行政拨付（皖工发〔2025〕18号 第17页）",
    },
}
LIMITS = {
    "cap_year": None,
    "cap_event": None,
    "times_year": None,
    "cap_day": None,
    "winners_one_in": None,
    "times_event_year": None,
    "times_ever": None,
    "min_days": None,
    "forbid_cash": False,
    "forbid_card": False,
    "forbid_union_funds": False,
}


def forward(apps, schema_editor):
    Category = apps.get_model("finance", "Category")
    SpendingRule = apps.get_model("finance", "SpendingRule")
    VoucherLine = apps.get_model("finance", "VoucherLine")
    VoucherShare = apps.get_model("finance", "VoucherShare")
    parent = Category.objects.filter(code="501").first()
    if parent is None:  # an empty database: 0002 found no categories to write either
        return
    Category.objects.get_or_create(
        code="50114", defaults={"name": "职工体检", "kind": "expense", "parent": parent}
    )
    for key, spec in EXAMPLES.items():
        spec = dict(spec)
        category = Category.objects.get(code=spec.pop("category"))
        values = {**LIMITS, **spec, "category": category, "is_example": True, "active": True}
        SpendingRule.objects.update_or_create(union=None, key=key, defaults=values)
    VoucherShare.objects.filter(event_key="").update(
        event_key=Subquery(VoucherLine.objects.filter(pk=OuterRef("line_id")).values("event")[:1])
    )




class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0004_payroll'),
    ]

    operations = [
        migrations.AddField(
            model_name='spendingrule',
            name='forbid_union_funds',
            field=models.BooleanField(default=False, verbose_name='不得列支工会经费'),
        ),
        migrations.AddField(
            model_name='spendingrule',
            name='min_days',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='天数须超过（天）'),
        ),
        migrations.AddField(
            model_name='spendingrule',
            name='times_event_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='同一事项每人每年次数上限'),
        ),
        migrations.AddField(
            model_name='spendingrule',
            name='times_ever',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='每人累计次数上限'),
        ),
        migrations.AddField(
            model_name='vouchershare',
            name='event_key',
            field=models.CharField(blank=True, max_length=100, verbose_name='事项'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
