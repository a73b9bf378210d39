"""Put a cancelled shipment's picked units back on a shelf: from the packing station onto a scanned bin.

Cancelling the order released every hold it had (orders/services/cancellation.py), so what the shipment's
picks carried to packing waits there as free stock, and a `put_away` task (SH-…) asks someone to take it
back. What is left is read from the ledger (selectors.left_at_packing): the shipment's moves into packing
less its put-aways out of it, never more than is still free there. So no counter is kept beside the ledger
to drift from it, and units another order was promised at packing in the meantime stay there for it.
When nothing is left the task is done.

Locks: the shipment row, so two workers putting away the same shipment wait for each other; the ledger
locks the quants it moves (post_move).
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from arkaofis.catalog.models import Product
from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.domain.stages import Stage
from arkaofis.fulfilment.exceptions import (
    NothingToPutAway,
    ShipmentClosed,
    StillAtPacking,
    TooMany,
    UnknownShipment,
    WrongItem,
)
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.selectors import AtPacking, left_at_packing
from arkaofis.fulfilment.services import floor_tasks, scans
from arkaofis.fulfilment.services.places import packing_location
from arkaofis.inventory.models import Location, MoveReason
from arkaofis.inventory.services.ledger import post_move

REASON_CODE = "put_away"  # the ledger row's reason code: a transfer that puts stock back on a shelf


@dataclass(frozen=True)
class PutAway:
    """What one put-away did, and what of the shipment is still at packing after it."""

    shipment: Shipment
    product: Product
    quantity: int
    bin: Location
    left: list[AtPacking]

    @property
    def done(self) -> bool:
        return not self.left


def _lock(shipment_id: int) -> Shipment:
    shipment = Shipment.objects.select_for_update(of=("self",)).select_related("warehouse").filter(pk=shipment_id)
    found = shipment.first()
    if found is None:
        raise UnknownShipment(str(shipment_id))
    if found.status != Stage.CANCELLED:
        raise ShipmentClosed(found.number, found.status, "put_away")
    return found


def _parts(left: list[AtPacking], product: Product, quantity: object) -> list[AtPacking]:
    """`quantity` units of `product` out of what is left, oldest lot first. WrongItem when the shipment left
    none of it at packing, TooMany when fewer than `quantity` (or a quantity that is not a positive whole)."""
    mine = [row for row in left if row.product.pk == product.pk]
    if not mine:
        expected = ", ".join(dict.fromkeys(row.product.sku for row in left))
        raise WrongItem(expected=expected, scanned=product.sku)
    units = sum(row.units for row in mine)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 < quantity <= units:
        raise TooMany(sku=product.sku, left=units, quantity=quantity)
    parts, wanted = [], quantity
    for row in mine:
        take = min(wanted, row.units)
        if take:
            parts.append(AtPacking(row.product, row.lot, take))
        wanted -= take
    return parts


def put_away_from_packing(
    *, shipment_id: int, item_scan: str, bin_scan: str, quantity: int, user: Any, source: str
) -> PutAway:
    """Move `quantity` of the scanned item, left at packing by the cancelled shipment, onto the scanned bin.

    Raises UnknownShipment, ShipmentClosed (the shipment is not cancelled), NothingToPutAway, UnknownBarcode,
    NotABin (not an active bin of the shipment's warehouse), WrongItem (the shipment left none of it at
    packing) and TooMany (more than it left there); then nothing moves. The put-away task closes with the
    last unit.
    """
    with transaction.atomic():
        shipment = _lock(shipment_id)
        left = left_at_packing(shipment)
        if not left:
            raise NothingToPutAway(shipment.number)
        product = scans.product_for(item_scan)
        target = scans.target_bin(bin_scan, shipment.warehouse)
        packing = packing_location(shipment.warehouse)
        for part in _parts(left, product, quantity):
            post_move(
                product=product, quantity=part.units, from_location=packing, to_location=target,
                reason=MoveReason.TRANSFER, reason_code=REASON_CODE, lot=part.lot,
                source_document=shipment.number, user=user, source=source,
            )  # fmt: skip
        record_audit(
            user=user, source=source, action="shipment.put_away", obj=shipment,
            data={"sku": product.sku, "quantity": quantity, "bin": target.code},
        )  # fmt: skip
        now_left = left_at_packing(shipment)
        if not now_left:
            floor_tasks.shipment_put_away(shipment, user=user, source=source)
        return PutAway(shipment=shipment, product=product, quantity=quantity, bin=target, left=now_left)


def finish_put_away(*, shipment_id: int, user: Any, source: str) -> Shipment:
    """Close the put-away task of a cancelled shipment none of whose units are left at packing (another
    order was promised them there before they went back). Raises UnknownShipment, ShipmentClosed and
    StillAtPacking (units wait there: put them away)."""
    with transaction.atomic():
        shipment = _lock(shipment_id)
        left = left_at_packing(shipment)
        if left:
            raise StillAtPacking(shipment.number, sum(row.units for row in left))
        floor_tasks.shipment_put_away(shipment, user=user, source=source)
        return shipment
