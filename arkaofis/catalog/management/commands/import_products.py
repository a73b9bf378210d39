"""`arkaofis import_products FILE`: import products from CSV or XLSX, print the report.

Exit status 1 when the file is rejected (nothing is written then)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from arkaofis.catalog.services.importing import import_products
from arkaofis.core.models import Source


class Command(BaseCommand):
    help = "Import products from a CSV or XLSX file (all rows or none) and print the report."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        parser.add_argument("--user", default="", help="username recorded in the audit log")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as problem:
            raise CommandError(f"cannot read {path}: {problem.strerror}") from None
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        report = import_products(
            file_name=path.name, content=content, user=user, source=Source.CLI, dry_run=options["dry_run"]
        )
        for error in report.errors:
            self.stdout.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
