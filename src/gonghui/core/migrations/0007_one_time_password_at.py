from django.db import migrations, models
from django.utils import timezone


def issued_now(apps, schema_editor):
    """One-time passwords handed out before this field existed had no end; they count as
    issued when this runs, so each gets the full period from the upgrade, then expires."""
    User = apps.get_model("core", "User")
    User.objects.filter(must_change_password=True).update(one_time_password_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_user_must_change_password"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="one_time_password_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="一次性密码发放时间"),
        ),
        migrations.RunPython(issued_now, migrations.RunPython.noop, elidable=True),
    ]
