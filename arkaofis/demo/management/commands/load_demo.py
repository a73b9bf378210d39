"""`arkaofis load_demo [--seed 42] [--reset] [--size small|full]`: load the demo store."""

from django.core.management.base import BaseCommand, CommandError

from arkaofis.demo.loader import HISTORY_EVENTS, DemoRefused, load_demo
from arkaofis.demo.people import ROLE_USERS
from arkaofis.demo.reset import DemoWipeFailed


class Command(BaseCommand):
    help = "Load the seeded demo store (products, warehouses, stock history, users). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=42, help="random seed (same seed, same store)")
        parser.add_argument("--reset", action="store_true", help="wipe the demo store first, then load it again")
        parser.add_argument("--size", choices=list(HISTORY_EVENTS), default="full",
                            help="small: Istanbul stock only and a short history (for tests)")  # fmt: skip

    def handle(self, *args, **options):
        try:
            summary = load_demo(seed=options["seed"], size=options["size"], reset=options["reset"], stream=self.stderr)
        except (DemoRefused, DemoWipeFailed) as problem:
            raise CommandError(str(problem)) from None
        if summary.already_loaded:
            self.stdout.write(
                f"Demo store already loaded (seed {summary.seed}); nothing to do. "
                "Use --reset to load it again (with new passwords), or `arkaofis changepassword admin`."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo store loaded in {summary.seconds}s: {summary.products} products ({summary.kits} kits), "
                f"{summary.warehouses} warehouses, {summary.bins} bins, {summary.moves} stock moves, "
                f"{summary.alerts} low-stock alerts."
            )
        )
        roles = ", ".join(role for role, _, _ in ROLE_USERS)
        self.stdout.write(f"Admin login: admin / {summary.password}")
        self.stdout.write(f"Role users ({roles}) share the same password.")
