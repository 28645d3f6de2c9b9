"""``gonghui rooms_expire``: refuse as 已过期 the 活动室 bookings still waiting for approval
whose start has come, telling each booker. The rooms' pages and every booking of the room do
the same when they meet one; run this from cron (every hour, say) so a booker learns it
without anyone opening a page. Prints how many expired."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.activities import queries_rooms, services_rooms


class Command(BaseCommand):
    help = "活动室预约：开始时仍未审批的预约作废（已过期）并通知预约人"

    def handle(self, *args, **options):
        now = timezone.now()
        expired = 0
        for room in queries_rooms.rooms_with_due(now):
            expired += len(services_rooms.bookings_expire(actor=None, room=room, now=now))
        self.stdout.write(f"已作废 {expired} 个过期未审批的预约。")
