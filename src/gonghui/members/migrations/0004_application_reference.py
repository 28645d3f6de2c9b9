"""入会申请 get a 查询码 (``reference``): added empty, then one drawn for every application
already sent. The next migration makes it required and unique (a separate transaction, so
PostgreSQL never alters a table that has just been updated in the same one)."""

import secrets

from django.db import migrations, models

# core.codes.UNAMBIGUOUS, copied: a migration must not change when the code does.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def draw(apps, schema_editor):
    JoinApplication = apps.get_model("members", "JoinApplication")
    taken: set[str] = set()
    for application in JoinApplication.objects.filter(reference=None).only("pk"):
        code = ""
        while not code or code in taken:
            code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        taken.add(code)
        JoinApplication.objects.filter(pk=application.pk).update(reference=code)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_backfill_join_events")]

    operations = [
        migrations.AddField(
            model_name="joinapplication",
            name="reference",
            field=models.CharField(max_length=8, null=True, verbose_name="查询码"),
        ),
        migrations.RunPython(draw, migrations.RunPython.noop),
    ]
