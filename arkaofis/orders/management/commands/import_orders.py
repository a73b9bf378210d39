"""`arkaofis import_orders FILE`: import orders from CSV or XLSX, print progress and a summary.

Every row is checked before anything is written; a rejected file exits with status 1 and
lists each problem by line and column. Orders are then written in batches, each batch one
transaction, so a run that is interrupted (even killed) can simply be started again: orders
already there are counted, not created twice."""

import argparse
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from arkaofis.core.models import Source
from arkaofis.orders.services.importing import DEFAULT_BATCH_SIZE, OrderImportReport, import_orders


class Command(BaseCommand):
    help = "Import orders from a CSV or XLSX file (checked whole first, then written in batches)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .csv or .xlsx file, one row per order line")
        parser.add_argument(
            "--reserve",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="reserve stock for each new order as it is created (default: yes; short lines backorder)",
        )
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="orders per transaction (default %(default)s)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        parser.add_argument("--user", default="", help="username recorded in the audit log")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more")
        try:
            content = path.read_bytes()
        except OSError as problem:
            raise CommandError(f"cannot read {path}: {problem.strerror}") from None
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        started = time.monotonic()
        report = import_orders(
            file_name=path.name,
            content=content,
            user=user,
            source=Source.CLI,
            reserve=options["reserve"],
            batch_size=options["batch_size"],
            dry_run=options["dry_run"],
            on_progress=lambda progress: self._progress(progress, started),
        )
        for error in report.errors:
            self.stdout.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _progress(self, report: OrderImportReport, started: float) -> None:
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{report.done}/{report.orders} orders ({report.created} created, {report.existing} already there) "
            f"{elapsed:.1f}s"
        )
        self.stdout.flush()
