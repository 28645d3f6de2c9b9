"""Members that came in through a roster import before it wrote history have no 入会 step:
write one for each (on the join date, else the day of the union's first import, else today),
so their page and history read like everyone else's."""

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
    Member = apps.get_model("orgs", "Member")
    MemberEvent = apps.get_model("members", "MemberEvent")
    ImportRun = apps.get_model("members", "ImportRun")
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    event, member = qn(MemberEvent._meta.db_table), qn(Member._meta.db_table)
    missing = (
        f"NOT EXISTS (SELECT 1 FROM {event} e WHERE e.{qn('member_id')} = m.{qn('id')}"
        f" AND e.{qn('kind')} = 'join')"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT m.{qn('union_id')} FROM {member} m WHERE {missing}")
        unions = [row[0] for row in cursor.fetchall()]
    if not unions:
        return
    now = timezone.now()
    today = timezone.localdate()
    for union_id in unions:
        first = (
            ImportRun.objects.filter(union_id=union_id, applied_at__isnull=False)
            .order_by("applied_at")
            .values_list("applied_at", flat=True)
            .first()
        )
        fallback = timezone.localtime(first).date() if first else today
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {event} ({qn('member_id')}, {qn('kind')}, {qn('on')},"
                f" {qn('union_id')}, {qn('other_name')}, {qn('reason')},"
                f" {qn('letter_number')}, {qn('recorded_at')}) "
                f"SELECT m.{qn('id')}, 'join', COALESCE(m.{qn('joined_on')}, %s),"
                f" m.{qn('union_id')}, '', %s, '', %s FROM {member} m"
                f" WHERE m.{qn('union_id')} = %s AND {missing}",
                [
                    connection.ops.adapt_datefield_value(fallback),
                    "补记：花名册导入时未登记入会",
                    connection.ops.adapt_datetimefield_value(now),
                    union_id,
                ],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_memberevent_import_run"),
        ("orgs", "0004_member_index_diet"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
