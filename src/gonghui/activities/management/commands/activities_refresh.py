"""``gonghui activities_refresh``: expire the waiting-list offers nobody confirmed in time
and offer the places to the next in line, for every activity. The pages do the same when an
activity is opened; run this from cron (every hour, say) so a place does not wait for a
visitor. Prints how many places were offered."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.activities import queries, services


class Command(BaseCommand):
    help = "文体活动候补递补：逾期未确认的名额顺延给下一位候补"

    def handle(self, *args, **options):
        now = timezone.now()
        offered = 0
        for activity in queries.with_stale_offers(now):
            offered += len(services.waitlist_refresh(actor=None, activity=activity, now=now))
        self.stdout.write(f"已递补 {offered} 个名额。")
