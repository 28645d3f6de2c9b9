# The care figures' indexes measured in bench/README (care_federation).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0009_visit_money'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='donationentry',
            name='care_donation_entry_kind',
        ),
        migrations.RemoveIndex(
            model_name='healthtarget',
            name='care_health_union_state',
        ),
        migrations.AddIndex(
            model_name='donationentry',
            index=models.Index(fields=['campaign', 'kind', 'on', 'donor', 'amount'], name='care_donation_entry_day'),
        ),
        migrations.AddIndex(
            model_name='healthtarget',
            index=models.Index(fields=['union', 'state', 'done_on'], name='care_health_union_done'),
        ),
        migrations.AddIndex(
            model_name='healthtarget',
            index=models.Index(fields=['campaign', 'state'], name='care_health_campaign_state'),
        ),
        migrations.AddIndex(
            model_name='insuranceenrollment',
            index=models.Index(fields=['plan', 'enrolled_on', 'withdrawn_on', 'member'], name='care_insurance_plan_day'),
        ),
    ]
