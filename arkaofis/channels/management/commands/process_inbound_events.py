"""`arkaofis process_inbound_events`: process channel events left in "received".

Webhooks are processed in their request; an event stays "received" only if the process died
between storing and processing it. Run this from cron (or beside the worker) so such an event
still becomes an order or an exception. Events parked because the channel's API did not answer
(error code channel-unavailable) are tried again too, a bounded number of times.
"""

from django.core.management.base import BaseCommand, CommandParser

from arkaofis.channels.services.processing import process_stale_events
from arkaofis.core.models import Source


class Command(BaseCommand):
    help = "Process inbound channel events stored but never processed (older than --older-than seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, default=60, help="seconds since the event was received")

    def handle(self, *args: object, **options: int) -> None:
        counts = process_stale_events(older_than_seconds=options["older_than"], user=None, source=Source.SYSTEM)
        summary = ", ".join(f"{status}={count}" for status, count in sorted(counts.items())) or "nothing to do"
        self.stdout.write(f"Inbound events: {summary}")
