"""Receive a transfer at its destination, put it away, or close it short.

A receipt moves scanned units off the road onto the destination's receiving dock (valued in that
warehouse, not yet available); a put-away moves them from the dock onto a scanned bin, where they become
available (and wake the backorders waiting for them). Every part carries the value it was shipped at, so
the road and the dock empty to zero. Closing a transfer with units still on the road writes them off as
lost (a `transit_loss` adjustment from the road).
"""

from typing import Any

from django.db import transaction

from arkaofis.catalog.models import Product
from arkaofis.fulfilment.exceptions import TooMany, UnknownBarcode, WrongItem
from arkaofis.fulfilment.services import scans
from arkaofis.fulfilment.transfers.exceptions import NotABin, OverReceipt
from arkaofis.fulfilment.transfers.models import Transfer, TransferLine
from arkaofis.fulfilment.transfers.places import dock, held_in, road, take_in_order
from arkaofis.fulfilment.transfers.services._common import audit_step, lock_transfer, move_part, settle
from arkaofis.inventory.models import Kind, Location, MoveReason, Usage
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move, require_positive_quantity

LOSS_REASON = "transit_loss"


def _line_for(transfer: Transfer, item_scan: str) -> TransferLine:
    """The line of the scanned product; WrongItem when the transfer carries no such product."""
    product: Product = scans.product_for(item_scan)
    line = transfer.lines.select_related("product").filter(product=product).first()
    if line is None:
        expected = ", ".join(transfer.lines.order_by("line_no").values_list("product__sku", flat=True))
        raise WrongItem(expected=expected, scanned=product.sku)
    return line


def receive_transfer(*, transfer_id: int, item_scan: str, quantity: int, user: Any, source: str) -> TransferLine:
    """`quantity` of the scanned item arrived: off the road onto the destination's dock, a put-away task opened.

    Partial receipts add up. Raises UnknownTransfer, TransferClosed (nothing on the road), WrongItem,
    UnknownBarcode, OverReceipt (more than this transfer has on the road); then nothing moves.
    """
    with transaction.atomic():
        transfer = lock_transfer(transfer_id, "receive")
        line = _line_for(transfer, item_scan)
        if require_positive_quantity(quantity) > line.in_transit:
            raise OverReceipt(
                transfer=transfer.number, sku=line.product.sku, in_transit=line.in_transit, quantity=quantity
            )
        transit, arrival = road(), dock(transfer.to_warehouse)
        held = held_in(document=transfer.number, product_id=line.product_id, place=transit)
        for part in take_in_order(held, quantity):
            move_part(transfer=transfer, line=line, part=part, to=arrival, place=transit, user=user, source=source)
        line.received_quantity += quantity
        line.save(update_fields=["received_quantity"])
        audit_step(transfer, "received", line, quantity, user=user, source=source)
        settle(transfer, user=user, source=source)
        return line


def _target_bin(bin_scan: str, transfer: Transfer) -> Location:
    code = scans.clean(bin_scan)
    location = Location.objects.filter(code__iexact=code).first() if code else None
    if location is None:
        raise UnknownBarcode(code)
    usable = location.warehouse_id == transfer.to_warehouse_id and location.usage == Usage.INTERNAL
    if not (usable and location.kind == Kind.BIN and location.active):
        raise NotABin(location=location.code, warehouse=transfer.to_warehouse.code)
    return location


def put_away_transfer(
    *, transfer_id: int, item_scan: str, bin_scan: str, quantity: int, user: Any, source: str
) -> TransferLine:
    """`quantity` of the scanned item from the dock onto the scanned bin of the destination.

    Raises UnknownTransfer, TransferClosed, WrongItem, UnknownBarcode, NotABin (not an active bin of the
    destination), TooMany (more than waits at the dock); then nothing moves.
    """
    with transaction.atomic():
        transfer = lock_transfer(transfer_id, "put_away")
        line = _line_for(transfer, item_scan)
        target = _target_bin(bin_scan, transfer)
        if require_positive_quantity(quantity) > line.at_dock:
            raise TooMany(sku=line.product.sku, left=line.at_dock, quantity=quantity)
        arrival = dock(transfer.to_warehouse)
        held = held_in(document=transfer.number, product_id=line.product_id, place=arrival)
        for part in take_in_order(held, quantity):
            move_part(transfer=transfer, line=line, part=part, to=target, place=arrival, user=user, source=source)
        line.put_away_quantity += quantity
        line.save(update_fields=["put_away_quantity"])
        audit_step(transfer, "put_away", line, quantity, user=user, source=source, bin=target.code)
        settle(transfer, user=user, source=source)
        return line


def close_transfer(*, transfer_id: int, user: Any, source: str) -> Transfer:
    """Close a transfer short: what is still on the road is written off as lost (from the road to the
    adjustment location, reason code `transit_loss`). Units at the dock still wait to be put away.
    Raises TransferClosed unless something was shipped and the transfer is not yet received."""
    with transaction.atomic():
        transfer = lock_transfer(transfer_id, "close")
        transit, loss = road(), virtual_location(Usage.ADJUSTMENT)
        for line in transfer.lines.select_related("product").order_by("line_no"):
            if not line.in_transit:
                continue
            for part in held_in(document=transfer.number, product_id=line.product_id, place=transit):
                post_move(
                    product=line.product, quantity=part.units, from_location=transit, to_location=loss,
                    reason=MoveReason.ADJUSTMENT, reason_code=LOSS_REASON, lot=part.lot,
                    source_document=transfer.number, user=user, source=source,
                )  # fmt: skip
            audit_step(transfer, "lost", line, line.in_transit, user=user, source=source)
            line.lost_quantity += line.in_transit
            line.save(update_fields=["lost_quantity"])
        return settle(transfer, user=user, source=source)
