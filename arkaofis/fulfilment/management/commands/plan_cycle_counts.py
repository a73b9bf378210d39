"""`arkaofis plan_cycle_counts`: class each warehouse's products (ABC, from shipped units) and ask for
today's cycle counts (services/planning.py). Run it once a day (cron, or a systemd timer); a second
run the same day asks for nothing more than the daily limit allows. Prints one JSON line."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.fulfilment.counts.services.planning import classify_abc, plan_cycle_counts
from arkaofis.inventory.models import Warehouse


class Command(BaseCommand):
    help = "Class products A/B/C by units shipped and ask for the cycle counts due today, per warehouse."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--warehouse", help="one warehouse's code (default: every active warehouse)")
        parser.add_argument("--days", type=int, default=90, help="days of shipments the classes are taken from")
        parser.add_argument("--limit", type=int, default=None, help="counts a day (default ARKAOFIS_COUNT_DAILY_LIMIT)")

    def handle(self, *args, **options) -> None:
        warehouses = Warehouse.objects.filter(active=True).order_by("code")
        if options["warehouse"]:
            warehouses = warehouses.filter(code=options["warehouse"])
            if not warehouses:
                raise CommandError(f"No active warehouse {options['warehouse']!r}")
        today, report = timezone.localdate(), {}
        for warehouse in warehouses:
            try:
                classes = classify_abc(warehouse=warehouse, days=options["days"])
                asked = plan_cycle_counts(
                    warehouse=warehouse, today=today, daily_limit=options["limit"], user=None, source=Source.CLI
                )
            except DomainError as error:
                raise CommandError(error.detail) from error
            report[warehouse.code] = {"classes": classes, "counts": [count.number for count in asked]}
        self.stdout.write(json.dumps(report, sort_keys=True))
