"""Plan a wave: pending shipments of one warehouse go to the floor, in batches of one cart each.

Each batch lists a stop per held quant (bin, product, lot, units) in walking order; its shipments
become `picking`. The units stay where they are, held for their orders, until each stop is picked.
Units an order already holds at the packing station (stock that waited there) count as picked.
"""

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.domain.stages import Stage, can_move
from arkaofis.fulfilment.exceptions import NothingToWave, ShipmentClosed
from arkaofis.fulfilment.models import (
    PickBatch,
    PickLine,
    PickLineStatus,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
    Wave,
)
from arkaofis.fulfilment.services import floor_tasks, progress
from arkaofis.fulfilment.services.places import packing_location
from arkaofis.fulfilment.services.routes import walking_order
from arkaofis.inventory.models import Reservation, ReservationStatus, Warehouse
from arkaofis.orders import domain as orders_domain

DEFAULT_CART_ORDERS = 8


def plan_wave(
    *,
    warehouse: Warehouse,
    shipment_numbers: Sequence[str] = (),
    cart_orders: int = DEFAULT_CART_ORDERS,
    user: Any,
    source: str,
) -> Wave:
    """A wave of the given pending shipments (all pending ones of `warehouse` when none are given).

    Raises NothingToWave when there is none, ShipmentClosed when a named one is not pending.
    """
    with transaction.atomic():
        shipments = _lock_pending(warehouse, shipment_numbers)
        wave = Wave.objects.create(warehouse=warehouse, created_by=_user(user), rule="manual")
        for chunk in _carts(shipments, cart_orders):
            batch, stops = _plan_batch(wave, chunk)
            if stops:
                floor_tasks.batch_to_pick(batch, stops=stops, user=user, source=source)
            for shipment in batch.shipments.all():  # those with everything at packing already are picked
                progress.shipment_picked_if_done(shipment, user=user, source=source)
            progress.close_finished_batches([batch.pk], user=user, source=source)
        record_audit(
            user=user,
            source=source,
            action="wave.planned",
            obj=wave,
            data={"shipments": [shipment.number for shipment in shipments], "batches": wave.batches.count()},
        )
        return wave


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _lock_pending(warehouse: Warehouse, numbers: Sequence[str]) -> list[Shipment]:
    rows = Shipment.objects.select_for_update().filter(warehouse=warehouse).select_related("order")
    if numbers:
        ids = sorted({_id(number) for number in numbers})
        shipments = list(rows.filter(pk__in=ids).order_by("pk"))
        for shipment in shipments:
            if not can_move(shipment.status, Stage.PICKING):
                raise ShipmentClosed(shipment.number, shipment.status, "waved")
    else:
        shipments = list(rows.filter(status=ShipmentStatus.PENDING).order_by("pk"))
    if not shipments:
        raise NothingToWave(warehouse.code)
    return shipments


def _id(number: str) -> int:
    from arkaofis.fulfilment.selectors import shipment_by_number

    return shipment_by_number(number).pk


def _carts(shipments: list[Shipment], cart_orders: int) -> list[list[Shipment]]:
    size = max(1, cart_orders)
    return [shipments[start : start + size] for start in range(0, len(shipments), size)]


def _plan_batch(wave: Wave, shipments: list[Shipment]) -> tuple[PickBatch, int]:
    batch = PickBatch.objects.create(wave=wave, warehouse=wave.warehouse)
    packing = packing_location(wave.warehouse)
    stops: list[tuple[Shipment, ShipmentLine, Reservation]] = []
    for tote, shipment in enumerate(shipments, start=1):
        for line, held in _held_units(shipment):
            if held.location_id != packing.pk:
                stops.append((shipment, line, held))
        shipment.status, shipment.wave, shipment.batch, shipment.tote = Stage.PICKING, wave, batch, tote
        shipment.save(update_fields=["status", "wave", "batch", "tote"])
    route = walking_order(warehouse=wave.warehouse, locations=[held.location for _, _, held in stops])
    rank = {location.pk: position for position, location in enumerate(route)}
    PickLine.objects.bulk_create(
        PickLine(
            batch=batch,
            shipment=shipment,
            shipment_line=line,
            reservation=held,
            product_id=held.product_id,
            location_id=held.location_id,
            lot_id=held.lot_id,
            quantity=held.quantity,
            sequence=rank[held.location_id],
            status=PickLineStatus.OPEN,
        )
        for shipment, line, held in stops
    )
    return batch, len(stops)


def _held_units(shipment: Shipment) -> list[tuple[ShipmentLine, Reservation]]:
    """Each line's active holds in the shipment's warehouse (a kit line: its components')."""
    number = shipment.order.number
    pairs = []
    for line in shipment.lines.select_related("order_line").order_by("order_line__line_no"):
        ref = orders_domain.line_demand_ref(number, line.order_line.line_no)
        held = Reservation.objects.filter(
            warehouse_id=shipment.warehouse_id, status=ReservationStatus.ACTIVE, demand_ref__in=[ref]
        ) | Reservation.objects.filter(
            warehouse_id=shipment.warehouse_id, status=ReservationStatus.ACTIVE, demand_ref__startswith=f"{ref}/"
        )
        pairs.extend((line, reservation) for reservation in held.select_related("location").order_by("pk"))
    return pairs
