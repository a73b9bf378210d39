"""Reads for picking a transfer: the holds of a line (bin by bin) and the next stop to walk to."""

from dataclasses import dataclass

from django.db.models import QuerySet

from arkaofis.fulfilment.transfers.models import Transfer, TransferLine
from arkaofis.inventory.models import Location, Lot, Reservation, ReservationStatus


def holds_of(line: TransferLine) -> QuerySet[Reservation]:
    """The line's active holds at the origin, in the order a picker walks them (by bin code)."""
    return (
        Reservation.objects.filter(demand_ref=line.demand_ref, status=ReservationStatus.ACTIVE)
        .select_related("location", "lot")
        .order_by("location__code", "pk")
    )


@dataclass(frozen=True)
class Stop:
    line: TransferLine
    location: Location
    lot: Lot | None
    quantity: int


def stops(transfer: Transfer) -> list[Stop]:
    """Every bin still to visit, by bin code: one stop per line, bin and lot."""
    found = []
    for line in transfer.lines.select_related("product").order_by("line_no"):
        if line.to_pick:
            found += [Stop(line, held.location, held.lot, held.quantity) for held in holds_of(line)]
    return sorted(found, key=lambda stop: (stop.location.code, stop.line.line_no))


def next_stop(transfer: Transfer) -> Stop | None:
    found = stops(transfer)
    return found[0] if found else None
