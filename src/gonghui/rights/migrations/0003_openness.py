# Reserved for the openness part of 维权: its models' operations go here (one migration per
# part, numbered in advance so the parts can be built side by side).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("rights", "0002_contracts")]

    operations: list = []
