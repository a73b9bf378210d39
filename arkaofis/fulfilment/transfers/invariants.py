"""A transfer and its reservations and road agree (DESIGN.md, invariants 1 and 9).

Each line of a transfer being picked holds exactly what it has left to pick (active reservations under
"TR-…/L<n>"), no other "TR-" demand holds anything, and the units a line has on the road are the units
the ledger's moves of the transfer brought onto it and did not take off. Registered in FulfilmentConfig.ready.
"""

from django.db.models import Sum

from arkaofis.fulfilment.transfers.models import TransferLine, TransferStatus
from arkaofis.inventory.models import Reservation, ReservationStatus, StockMove, Usage

_MAX = 50
_PICKING = (TransferStatus.REQUESTED, TransferStatus.PICKING)


def lines_match_reservations() -> list[str]:
    active = Reservation.objects.filter(status=ReservationStatus.ACTIVE, demand_ref__startswith="TR-")
    held = dict(active.values_list("demand_ref").annotate(units=Sum("quantity")).values_list("demand_ref", "units"))
    expected: dict[str, int] = {}
    for line in TransferLine.objects.filter(transfer__status__in=_PICKING).select_related("transfer"):
        if line.to_pick:
            expected[line.demand_ref] = line.to_pick
    breaks = [
        f"{ref}: the transfer line says {expected.get(ref, 0)} to pick, its reservations hold {held.get(ref, 0)}"
        for ref in sorted(set(held) | set(expected))
        if held.get(ref, 0) != expected.get(ref, 0)
    ]
    return breaks[:_MAX]


def road_matches_ledger() -> list[str]:
    moves = StockMove.objects.filter(source_document__startswith="TR-").order_by()
    road_only = {"usage": Usage.TRANSIT, "warehouse__isnull": True}  # the shared road, not a warehouse's dock
    onto = (
        moves.filter(**{f"to_location__{key}": value for key, value in road_only.items()})
        .values_list("source_document", "product_id")
        .annotate(q=Sum("quantity"))
    )
    off = (
        moves.filter(**{f"from_location__{key}": value for key, value in road_only.items()})
        .values_list("source_document", "product_id")
        .annotate(q=Sum("quantity"))
    )
    ledger: dict[tuple[str, int], int] = {}
    for document, product_id, units in onto:
        ledger[(document, product_id)] = ledger.get((document, product_id), 0) + units
    for document, product_id, units in off:
        ledger[(document, product_id)] = ledger.get((document, product_id), 0) - units
    all_lines = TransferLine.objects.select_related("transfer")
    lines = {(line.transfer.number, line.product_id): line.in_transit for line in all_lines}
    breaks = [
        f"{key[0]} product={key[1]}: the line says {lines.get(key, 0)} in transit, the ledger {ledger.get(key, 0)}"
        for key in sorted(set(ledger) | {key for key, units in lines.items() if units})
        if ledger.get(key, 0) != lines.get(key, 0)
    ]
    return breaks[:_MAX]
