"""``gonghui activities_refresh``: the activities app's one cron hook (run it every hour, say).

- expire the waiting-list offers nobody confirmed in time and offer the places to the next in
  line, for every activity;
- refuse as 已过期 the 活动室 bookings still waiting for approval whose start has come,
  telling each booker.

The pages do the same when they show an activity or a room, and so does the next service that
locks it; this run makes sure nobody waits for a visitor. Prints what it did."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.activities import queries, queries_rooms, services, services_rooms


class Command(BaseCommand):
    help = "文体活动定时任务：逾期未确认的候补名额顺延给下一位；开始时仍未审批的活动室预约作废"

    def handle(self, *args, **options):
        now = timezone.now()
        offered = 0
        for activity in queries.with_stale_offers(now):
            offered += len(services.waitlist_refresh(actor=None, activity=activity, now=now))
        expired = 0
        for room in queries_rooms.rooms_with_due(now):
            expired += len(services_rooms.bookings_expire(actor=None, room=room, now=now))
        self.stdout.write(f"已递补 {offered} 个名额；已作废 {expired} 个过期未审批的活动室预约。")
