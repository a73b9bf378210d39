"""`arkaofis serve_backorders [--sku SKU ...]`: try again to reserve backordered orders.

Arrivals of stock serve backorders by themselves; run this from cron as well, for stock freed
by cancellations or edits, and after any arrival whose announcement was lost (a crash between
commit and serving).
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arkaofis.catalog.models import Product
from arkaofis.core.models import Source
from arkaofis.orders.services.backorders import serve_backorders


class Command(BaseCommand):
    help = "Reserve backordered orders whose stock is now available (highest priority, then oldest, first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sku", action="append", default=[], help="only orders needing this SKU (repeatable)")

    def handle(self, *args: object, **options: list[str]) -> None:
        product_ids = None
        if options["sku"]:
            found = dict(Product.objects.filter(sku__in=options["sku"]).values_list("sku", "pk"))
            missing = sorted(set(options["sku"]) - set(found))
            if missing:
                raise CommandError(f"unknown SKU: {', '.join(missing)}")
            product_ids = list(found.values())
        counts = serve_backorders(product_ids=product_ids, user=None, source=Source.CLI)
        self.stdout.write(
            f"Backorders: reserved={counts['reserved']} backordered={counts['backordered']} skipped={counts['skipped']}"
        )
