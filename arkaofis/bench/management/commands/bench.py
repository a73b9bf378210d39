"""`arkaofis bench NAME [--db sqlite|postgres] [--size N]`: run one benchmark on a scratch
database of its own and print its figures as one JSON line (progress goes to stderr)."""

import json

from django.core.management.base import BaseCommand, CommandError

from arkaofis.bench.common import DATABASES, BenchSetupError, default_db

BENCHMARKS = ("reserve", "atp", "intake", "labels", "pickpath", "fulfil")


class Command(BaseCommand):
    help = (
        "Run a benchmark (reserve, atp, intake, fulfil on a scratch database; labels none; pickpath one for the "
        "demo it loads) and print one JSON line (intake: one per path)."
    )
    # Measures the data layer only; URL and template checks have no bearing on it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("name", choices=BENCHMARKS)
        parser.add_argument("--db", choices=DATABASES, default=None, help="default: the vendor of DATABASE_URL")
        parser.add_argument(
            "--size",
            type=int,
            help="reserve: attempts; atp: moves (products = moves / 10); intake: orders per path; labels: labels; "
            "pickpath: lists; fulfil: orders",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="reserve (16), intake bulk (8), fulfil pickers (4): concurrent worker processes",
        )
        parser.add_argument("--attempts", type=int, help="reserve: reservations tried per phase (8000)")
        parser.add_argument("--orders", type=int, help="fulfil: released orders taken through the floor (1000)")
        parser.add_argument("--products", type=int, help="atp: products loaded (100000)")
        parser.add_argument("--moves", type=int, help="atp: stock moves loaded (1000000)")
        parser.add_argument("--samples", type=int, default=2000, help="atp: timed look-ups")
        parser.add_argument("--path", choices=("bulk", "http", "both"), default="both", help="intake: which path")
        parser.add_argument("--clients", type=int, default=16, help="intake http: client processes")
        parser.add_argument("--server-workers", type=int, default=4, help="intake http: gunicorn workers")
        parser.add_argument("--steady-orders", type=int, default=600, help="intake http: orders at the steady rate")
        parser.add_argument(
            "--demo-size",
            choices=("small", "full", "none"),
            default="full",
            help="pickpath: the demo whose orders are batched (full, as `make demo` loads it; none: skip)",
        )
        parser.add_argument("--steady-rate", type=float, default=50.0, help="intake http: steady orders/s")

    def handle(self, *args, **options):
        db = options["db"] or default_db()
        size = options["size"]
        try:
            if options["name"] == "intake":
                self._intake(db, options)
                return
            if options["name"] == "labels":
                from arkaofis.bench import labels

                self.stdout.write(json.dumps(labels.run(labels=size or 1000)))
                return
            if options["name"] == "pickpath":
                from arkaofis.bench import pickpath

                demo = None if options["demo_size"] == "none" else options["demo_size"]
                # The demo's figure does not depend on the database: SQLite unless told, no server needed.
                figures = pickpath.run(lists=size or 1000, demo_size=demo, db=options["db"] or "sqlite")
                self.stdout.write(json.dumps(figures))
                return
            if options["name"] == "fulfil":
                from arkaofis.bench import fulfil

                orders = options["orders"] or size or 1000
                self.stdout.write(
                    json.dumps(fulfil.run(db=db, orders=orders, workers=options["workers"] or fulfil.DEFAULT_WORKERS))
                )
                return
            if options["name"] == "reserve":
                from arkaofis.bench import reserve

                attempts = options["attempts"] or size or 8000
                figures = reserve.run(db=db, workers=options["workers"] or 16, attempts=attempts)
            else:
                from arkaofis.bench import atp

                moves = options["moves"] or size or 1_000_000
                products = options["products"] or (size // 10 if size else 100_000)
                figures = atp.run(db=db, products=products, moves=moves, samples=options["samples"])
        except (ValueError, BenchSetupError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(figures))

    def _intake(self, db: str, options: dict) -> None:
        from arkaofis.bench import intake

        paths = ("bulk", "http") if options["path"] == "both" else (options["path"],)
        lines = intake.run(
            db=db,
            orders=options["size"] or 3000,
            workers=options["workers"] or 8,
            clients=options["clients"],
            server_workers=options["server_workers"],
            steady_orders=options["steady_orders"],
            steady_rate=options["steady_rate"],
            paths=paths,
        )
        for figures in lines:
            self.stdout.write(json.dumps(figures))
