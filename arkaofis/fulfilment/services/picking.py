"""Pick a batch's stops: the picker scans the bin and the item; the units go to packing, still held.

A short pick takes what the bin had, writes off what the bin still shows free (a `short_pick`
adjustment; the count it requests, a `count` task, confirms or reverses it) and asks the allocation
planner for the same units elsewhere in the warehouse: found, they become new stops of the batch; not
found, the shipment ships without them and the order line keeps them unreserved. When no stop of a
shipment is left it is `picked`; when none of the batch is left the batch is done.

Locks: the order, then its shipment, then the stop, like shipping, so they cannot deadlock.
"""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from arkaofis.fulfilment.counts.models import CountOrigin
from arkaofis.fulfilment.counts.services.requesting import request_count
from arkaofis.fulfilment.domain.stages import Stage
from arkaofis.fulfilment.exceptions import (
    KitComponentShort,
    PickLineClosed,
    ShipmentClosed,
    TooMany,
    UnknownPickLine,
)
from arkaofis.fulfilment.models import PickLine, PickLineStatus, Shipment
from arkaofis.fulfilment.services import progress, scans
from arkaofis.fulfilment.services.places import packing_location
from arkaofis.inventory.models import Quant, Reservation
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.orders.services import picking as order_picking
from arkaofis.orders.services._locking import lock_order_of


def _lock(pick_line_id: int) -> tuple[PickLine, Shipment]:
    order = lock_order_of(PickLine.objects.filter(pk=pick_line_id).values("shipment__order_id"))
    if order is None:
        raise UnknownPickLine(pick_line_id)
    # The shipment and the stop in one statement; only their rows are locked (`of`), not the product,
    # bin or batch that other pickers read at the same time.
    stop = (
        PickLine.objects.select_for_update(of=("self", "shipment"))
        .select_related("product", "location", "batch", "shipment", "shipment__warehouse")
        .get(pk=pick_line_id)
    )
    shipment = stop.shipment
    shipment.order = order  # read already (locked): the pack task names it
    if stop.status != PickLineStatus.OPEN:
        raise PickLineClosed(sku=stop.product.sku, location=stop.location.code)
    if shipment.status != Stage.PICKING:
        raise ShipmentClosed(shipment.number, shipment.status, "picked")
    return stop, shipment


def _check_quantity(stop: PickLine, quantity: object, *, allow_zero: bool = False) -> int:
    low = 0 if allow_zero else 1
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not low <= quantity <= stop.remaining:
        raise TooMany(sku=stop.product.sku, left=stop.remaining, quantity=quantity)
    return quantity


def confirm_pick(
    *, pick_line_id: int, bin_scan: str, item_scan: str, quantity: int, user: Any, source: str
) -> PickLine:
    """Take `quantity` units of the stop's product from its bin to packing (scans checked first).

    Raises UnknownPickLine, ShipmentClosed, PickLineClosed, WrongBin, WrongItem, UnknownBarcode and
    TooMany (more than is left at this stop); then nothing moves.
    """
    with transaction.atomic():
        stop, shipment = _lock(pick_line_id)
        scans.check_bin(bin_scan, stop.location)
        scans.check_item(item_scan, stop.product)
        _take(stop, shipment, _check_quantity(stop, quantity), user=user, source=source)
        _close_if_done(stop, shipment, user, source)
        return stop


def report_short(*, pick_line_id: int, bin_scan: str, found: int, user: Any, source: str) -> PickLine:
    """The bin had only `found` (0 or more, fewer than left) of the stop's units: take them, re-plan the rest.

    Raises as confirm_pick, and KitComponentShort when a kit's component is not held elsewhere.
    """
    with transaction.atomic():
        stop, shipment = _lock(pick_line_id)
        scans.check_bin(bin_scan, stop.location)
        found = _check_quantity(stop, found, allow_zero=True)
        if found == stop.remaining:
            raise TooMany(sku=stop.product.sku, left=stop.remaining - 1, quantity=found)
        if found:
            _take(stop, shipment, found, user=user, source=source)
        missing = stop.remaining
        _replan(stop, shipment, missing, user=user, source=source)
        request_count(
            warehouse=shipment.warehouse,
            locations=[stop.location],
            product=stop.product,
            origin=CountOrigin.SHORT_PICK,
            reason=shipment.number,
            user=user,
            source=source,
        )
        stop.short_quantity += missing
        stop.status = PickLineStatus.SHORT
        stop.picked_at, stop.picked_by = timezone.now(), _user(user)
        stop.save(update_fields=["short_quantity", "status", "picked_at", "picked_by"])
        _close_if_done(stop, shipment, user, source)
        return stop


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _take(stop: PickLine, shipment: Shipment, quantity: int, *, user: Any, source: str) -> None:
    progress.started(stop.batch, user)
    order_picking.move_picked(
        order_id=shipment.order_id,
        reservation_id=stop.reservation_id,
        quantity=quantity,
        to_location=packing_location(shipment.warehouse),
        document=shipment.number,
        user=user,
        source=source,
    )
    stop.picked_quantity += quantity
    if stop.remaining == 0:
        stop.status = PickLineStatus.PICKED
    stop.picked_at, stop.picked_by = timezone.now(), _user(user)
    stop.save(update_fields=["picked_quantity", "status", "picked_at", "picked_by"])


def _replan(stop: PickLine, shipment: Shipment, missing: int, *, user: Any, source: str) -> None:
    """Give the missing units back, write them off the bin, and hold them elsewhere (new stops) if any."""
    held = Reservation.objects.get(pk=stop.reservation_id)
    line_id, is_kit = order_picking.give_back_short(
        order_id=shipment.order_id,
        reservation_id=held.pk,
        missing=missing,
        document=shipment.number,
        user=user,
        source=source,
    )
    _write_off(stop, shipment, user=user, source=source)
    again = order_picking.hold_again(
        order_id=shipment.order_id,
        demand_ref=held.demand_ref,
        product_id=stop.product_id,
        quantity=missing,
        warehouse_id=shipment.warehouse_id,
        document=shipment.number,
        count_line=not is_kit,
        user=user,
        source=source,
    )
    if not again:
        if is_kit:
            raise KitComponentShort(stop.product.sku)
        line = stop.shipment_line
        line.short_quantity += missing
        line.save(update_fields=["short_quantity"])
        return
    _add_stops(stop, Reservation.objects.filter(pk__in=again).order_by("pk"))


def _write_off(stop: PickLine, shipment: Shipment, *, user: Any, source: str) -> None:
    """The picker took what the bin had: what it still shows free is not there. Write it off, so no
    order is promised it; the count this raises confirms or reverses the loss. Units other orders
    hold there cannot be written off under them: their pickers find out, and the count settles it."""
    quant = Quant.objects.filter(product_id=stop.product_id, location_id=stop.location_id, lot=stop.lot).first()
    if quant is not None and quant.available > 0:
        adjust_stock(
            product=stop.product,
            location=stop.location,
            delta=-quant.available,
            reason_code="short_pick",
            lot=stop.lot,
            note=shipment.number,
            user=user,
            source=source,
        )


def _add_stops(stop: PickLine, holds: Any) -> None:
    """New stops for the re-held units, after the batch's last stop (the picker walks on to them)."""
    last = stop.batch.lines.aggregate(last=Max("sequence"))["last"] or 0
    PickLine.objects.bulk_create(
        PickLine(
            batch=stop.batch,
            shipment_id=stop.shipment_id,
            shipment_line_id=stop.shipment_line_id,
            reservation=held,
            product_id=held.product_id,
            location_id=held.location_id,
            lot_id=held.lot_id,
            quantity=held.quantity,
            sequence=last + position,
        )
        for position, held in enumerate(holds, start=1)
    )


def _close_if_done(stop: PickLine, shipment: Shipment, user: Any, source: str) -> None:
    progress.shipment_picked_if_done(shipment, user=user, source=source)
    progress.close_finished_batches([stop.batch_id], user=user, source=source)
