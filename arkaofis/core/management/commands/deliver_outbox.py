"""`arkaofis deliver_outbox [--loop]`: deliver due outbox events (cron or a long-running worker)."""

import time

from django.core.management.base import BaseCommand

from arkaofis.core.services.outbox import deliver_pending


class Command(BaseCommand):
    help = "Deliver due outbox events, retrying failures with backoff."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep polling every --interval seconds")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, loop=False, interval=1.0, **options):
        while True:
            delivered, failed = deliver_pending()
            if delivered or failed or not loop:
                self.stdout.write(f"delivered={delivered} failed={failed}")
            if not loop:
                return
            time.sleep(interval)
