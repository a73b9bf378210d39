"""`arkaofis check_ledger` (and `arkaofis check`): verify the stock-ledger invariants."""

from django.core.management.base import BaseCommand, CommandError

from arkaofis.inventory.invariants import CHECKS, ledger_breaks


class Command(BaseCommand):
    help = "Verify the stock-ledger invariants; exit non-zero with a report on any break."

    def handle(self, *args, **options):
        breaks = ledger_breaks()
        for name in CHECKS:
            mark = "FAIL" if name in breaks else "ok"
            self.stdout.write(f"[{mark}] {name}")
            for line in breaks.get(name, []):
                self.stdout.write(f"       {line}")
        if breaks:
            raise CommandError(f"{len(breaks)} ledger invariant(s) broken")
        self.stdout.write(self.style.SUCCESS("Ledger invariants hold."))
