"""Pick a transfer at its origin: the picker scans the bin and the item; the held units go onto the road.

Picking is shipping here: the units leave the origin's bin for the shared transit location, consuming the
transfer's hold on them, so from that moment they are in transit on the ledger (valued, in no warehouse).
When every line is picked the transfer is in transit and its task at the origin is done; `ship_transfer`
sends what was picked when the rest cannot be found, giving the rest's holds back.
"""

from typing import Any

from django.db import transaction

from arkaofis.fulfilment.exceptions import TooMany
from arkaofis.fulfilment.services import scans
from arkaofis.fulfilment.transfers.exceptions import UnknownTransferLine
from arkaofis.fulfilment.transfers.models import Transfer, TransferLine
from arkaofis.fulfilment.transfers.places import road
from arkaofis.fulfilment.transfers.services._common import MAX_LINES, OWNER, audit_step, lock_transfer, settle
from arkaofis.fulfilment.transfers.stops import holds_of
from arkaofis.inventory.models import MoveReason, Reservation
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.reservations import release_demand


def _line(transfer: Transfer, line_no: int) -> TransferLine:
    valid = isinstance(line_no, int) and not isinstance(line_no, bool) and 0 < line_no <= MAX_LINES
    line = transfer.lines.select_related("product").filter(line_no=line_no).first() if valid else None
    if line is None:
        raise UnknownTransferLine(transfer.number, line_no)
    return line


def _holds_at_scanned_bin(line: TransferLine, bin_scan: str) -> list[Reservation]:
    holds = list(holds_of(line))
    if not holds:
        raise TooMany(sku=line.product.sku, left=0, quantity=1)
    scanned = scans.clean(bin_scan).lower()
    here = [held for held in holds if held.location.code.lower() == scanned]
    if not here:
        scans.check_bin(bin_scan, holds[0].location)  # raises WrongBin or UnknownBarcode
    return here


def pick_transfer_line(
    *, transfer_id: int, line_no: int, bin_scan: str, item_scan: str, quantity: int, user: Any, source: str
) -> TransferLine:
    """Take `quantity` of line `line_no` from the scanned bin onto the road (scans checked first).

    Raises UnknownTransfer, TransferClosed, WrongBin (a bin the line holds nothing in), WrongItem,
    UnknownBarcode, TooMany (more than the line holds in that bin); then nothing moves.
    """
    with transaction.atomic():
        transfer = lock_transfer(transfer_id, "pick")
        line = _line(transfer, line_no)
        here = _holds_at_scanned_bin(line, bin_scan)
        scans.check_item(item_scan, line.product)
        held_here = sum(held.quantity for held in here)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 < quantity <= held_here:
            raise TooMany(sku=line.product.sku, left=held_here, quantity=quantity)
        left, transit = quantity, road()
        for held in here:
            take = min(left, held.quantity)
            post_move(
                product=line.product, quantity=take, from_location=held.location, to_location=transit,
                reason=MoveReason.TRANSFER, lot=held.lot, source_document=transfer.number, user=user, source=source,
                reservation=held,
            )  # fmt: skip
            left -= take
            if left == 0:
                break
        line.shipped_quantity += quantity
        line.save(update_fields=["shipped_quantity"])
        audit_step(transfer, "picked", line, quantity, user=user, source=source, bin=here[0].location.code)
        settle(transfer, user=user, source=source)
        return line


def ship_transfer(*, transfer_id: int, user: Any, source: str) -> Transfer:
    """Send what is picked; the units not found are given back at the origin and shipped short.
    Raises TransferClosed unless the transfer is being picked."""
    with transaction.atomic():
        transfer = lock_transfer(transfer_id, "ship")
        for line in transfer.lines.order_by("line_no"):
            if line.to_pick:
                release_demand(demand_ref=line.demand_ref, user=user, source=source, owner=OWNER)
                audit_step(transfer, "shipped_short", line, line.to_pick, user=user, source=source)
                line.short_quantity += line.to_pick
                line.save(update_fields=["short_quantity"])
        return settle(transfer, user=user, source=source)
