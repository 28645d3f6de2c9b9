from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0004_application_reference")]

    operations = [
        migrations.AlterField(
            model_name="joinapplication",
            name="reference",
            field=models.CharField(max_length=8, unique=True, verbose_name="查询码"),
        ),
    ]
