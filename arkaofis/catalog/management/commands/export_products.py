"""`arkaofis export_products --format csv -o FILE`: every product, in the import's columns."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from arkaofis.catalog.services.exporting import FORMATS, export_products


class Command(BaseCommand):
    help = "Export every product as CSV or XLSX (the columns the import reads)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default=None, help="csv or xlsx (default: from -o)")
        parser.add_argument("-o", "--output", default="-", help="file to write; '-' (default) is standard output")

    def handle(self, *args, **options):
        output = options["output"]
        fmt = options["format"] or ("xlsx" if output.lower().endswith(".xlsx") else "csv")
        if output == "-" and fmt == "xlsx":
            raise CommandError("XLSX is binary: give a file with -o")
        content = export_products(fmt=fmt)
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return
        try:
            Path(output).write_bytes(content)
        except OSError as problem:
            raise CommandError(f"cannot write {output}: {problem.strerror}") from None
        self.stderr.write(f"wrote {output} ({fmt}, {len(content):,} bytes)")
