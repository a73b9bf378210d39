"""`arkaofis check_ledger` (and `arkaofis check`): verify the invariants every context registers
(the stock ledger's, an order's against its reservations, …)."""

from django.core.management.base import BaseCommand, CommandError

from arkaofis.core.invariants import invariant_breaks, registered


class Command(BaseCommand):
    help = "Verify the stock-ledger invariants; exit non-zero with a report on any break."

    def handle(self, *args, **options):
        breaks = invariant_breaks()
        for name in registered():
            mark = "FAIL" if name in breaks else "ok"
            self.stdout.write(f"[{mark}] {name}")
            for line in breaks.get(name, []):
                self.stdout.write(f"       {line}")
        if breaks:
            raise CommandError(f"{len(breaks)} invariant(s) broken")
        self.stdout.write(self.style.SUCCESS("Invariants hold."))
