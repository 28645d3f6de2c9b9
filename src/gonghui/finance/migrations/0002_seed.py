"""The national categories and the platform's example spending rules (finance/rules.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from gonghui.finance import rules

    Category = apps.get_model("finance", "Category")
    SpendingRule = apps.get_model("finance", "SpendingRule")
    by_code = {}
    for code, name, kind, parent in rules.CATEGORIES:
        by_code[code] = Category.objects.create(
            code=code, name=name, kind=kind, parent=by_code.get(parent)
        )
    # The rules module is read as it is today: limits added by a later migration are not
    # columns yet, so they are left for that migration to set (0005_spending_rule_events).
    columns = {f.name for f in SpendingRule._meta.get_fields()}
    for spec in rules.DEFAULT_SPENDING_RULES:
        spec = {k: v for k, v in spec.items() if k in columns}
        category = by_code[spec.pop("category")]
        SpendingRule.objects.create(
            union=None, category=category, is_example=True, active=True, **spec
        )


def unseed(apps, schema_editor):
    apps.get_model("finance", "SpendingRule").objects.filter(union__isnull=True).delete()
    apps.get_model("finance", "Category").objects.filter(parent__isnull=False).delete()
    apps.get_model("finance", "Category").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_money")]
    operations = [migrations.RunPython(seed, unseed)]
