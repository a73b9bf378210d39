"""`arkaofis poll_channels [--channel CODE] [--loop SECONDS]`: read new orders from the polled channels.

Amazon and Trendyol do not call us; this reads every order changed since each channel's cursor,
stores it as an inbound event and processes it like a webhook. Run it from cron, or with --loop
as a long-lived process. Killing it at any moment is safe: the next run re-reads at most one page
and creates no order twice.
"""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arkaofis.channels.services.polling import poll_channel, pollable_channel_codes
from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source


class Command(BaseCommand):
    help = "Poll the channels that do not send webhooks (Amazon, Trendyol) for new and changed orders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--channel", default="", help="poll only this channel code")
        parser.add_argument("--loop", type=float, default=0, help="poll again every SECONDS until stopped")

    def handle(self, *args: object, **options: object) -> None:
        code, loop = str(options["channel"]), float(options["loop"])  # type: ignore[arg-type]
        codes = pollable_channel_codes(code=code)
        if code and not codes:
            raise CommandError(f"No active polled channel {code!r}")
        while True:
            failed = self._poll_all(codes)
            if loop <= 0:
                break
            try:
                time.sleep(loop)
            except KeyboardInterrupt:  # Ctrl-C between polls: a clean stop (a kill mid-poll is safe too)
                self.stdout.write("Stopped.")
                return
            codes = pollable_channel_codes(code=code)  # channels added or switched off meanwhile
        if failed:
            raise CommandError(f"Polling failed for: {', '.join(failed)}")

    def _poll_all(self, codes: list[str]) -> list[str]:
        failed = []
        for code in codes:
            try:
                result = poll_channel(channel_code=code, user=None, source=Source.CHANNEL)
            except DomainError as error:  # one channel down must not stop the others
                failed.append(code)
                self.stderr.write(f"{code}: {error.title}: {error.detail}")
                continue
            self.stdout.write(result.summary())
        if not codes:
            self.stdout.write("No active polled channel (Amazon, Trendyol).")
        return failed
