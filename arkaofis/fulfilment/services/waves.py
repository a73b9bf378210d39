"""Plan waves: pending shipments of one warehouse go to the floor, grouped by the wave rules and split
into batches of one cart each that shorten the total walk.

The rules (domain/waves.py) group by carrier cut-off, carrier, priority, zone and single- vs multi-line;
batching (domain/batching.py, seed and savings on the optimal routes) fills each cart with the orders
that walk well together, within its orders and volume. A warehouse without a floor plan fills carts in
the shipments' order. Each batch lists a stop per held quant (bin, product, lot, units) in walking
order and is a `pick` task; its shipments become `picking`. Units an order already holds at the
packing station (stock that waited there) count as picked.
"""

from collections import defaultdict
from collections.abc import Hashable, Sequence
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.domain import waves as wave_rules
from arkaofis.fulfilment.domain.batching import Cart, PickOrder, batch_orders
from arkaofis.fulfilment.domain.stages import Stage, can_move
from arkaofis.fulfilment.exceptions import NothingToWave, ShipmentClosed
from arkaofis.fulfilment.models import (
    MULTI_LINE,
    RULE_SEPARATOR,
    SINGLE_LINE,
    CarrierAccount,
    PickBatch,
    PickLine,
    PickLineStatus,
    Shipment,
    ShipmentLine,
    Wave,
)
from arkaofis.fulfilment.services import floor_tasks, progress
from arkaofis.fulfilment.services.carrier_accounts import account_for
from arkaofis.fulfilment.services.places import packing_location
from arkaofis.fulfilment.services.routes import Floor, floor_of, walking_order
from arkaofis.inventory.models import Reservation, ReservationStatus, Warehouse
from arkaofis.orders import domain as orders_domain

DEFAULT_CART_ORDERS = 8
DEFAULT_CART_LITRES = 120.0  # a two-shelf picking cart
MAX_WAVE = 60  # batching is quadratic in a wave's orders: larger groups go as several waves

Stops = list[tuple[Shipment, ShipmentLine, Reservation]]


def plan_waves(
    *,
    warehouse: Warehouse,
    cart_orders: int = DEFAULT_CART_ORDERS,
    cart_litres: float = DEFAULT_CART_LITRES,
    user: Any,
    source: str,
) -> list[Wave]:
    """Every pending shipment of `warehouse` into waves by the rules, each in cart batches. Raises NothingToWave."""
    with transaction.atomic():
        shipments = _lock(warehouse, ())
        held = _held_units(shipments)
        carriers: dict[str, CarrierAccount | None] = {}  # one look-up per shipping method, not per shipment
        for method in {shipment.order.shipping_method for shipment in shipments}:
            carriers[method] = account_for(code=None, shipping_method=method, required=False)
        rows = [
            _wave_shipment(shipment, held[shipment.pk], carriers[shipment.order.shipping_method])
            for shipment in shipments
        ]
        planned = wave_rules.plan_waves(rows, wave_rules.WaveRules(max_shipments=MAX_WAVE))
        by_id: dict[Hashable, Shipment] = {shipment.pk: shipment for shipment in shipments}
        floor = floor_of(warehouse)
        waves = [
            _plan(
                warehouse,
                [by_id[pk] for pk in group.shipment_ids],
                held,
                floor,
                Cart(max(1, cart_orders), cart_litres),
                rule=_rule_text(group),
                cutoff=group.key.cutoff,
                user=user,
                source=source,
            )
            for group in planned
        ]
        return waves


def plan_wave(
    *,
    warehouse: Warehouse,
    shipment_numbers: Sequence[str] = (),
    cart_orders: int = DEFAULT_CART_ORDERS,
    cart_litres: float = DEFAULT_CART_LITRES,
    user: Any,
    source: str,
) -> Wave:
    """One wave of the given pending shipments (all pending ones of `warehouse` when none are given).

    Raises NothingToWave when there is none, ShipmentClosed when a named one is not pending.
    """
    with transaction.atomic():
        shipments = _lock(warehouse, shipment_numbers)
        held = _held_units(shipments)
        cart = Cart(max(1, cart_orders), cart_litres)
        return _plan(
            warehouse, shipments, held, floor_of(warehouse), cart, rule="", cutoff=None, user=user, source=source
        )


def _plan(
    warehouse: Warehouse,
    shipments: list[Shipment],
    held: dict[int, Stops],
    floor: Floor | None,
    cart: Cart,
    *,
    rule: str,
    cutoff: datetime | None,
    user: Any,
    source: str,
) -> Wave:
    wave = Wave.objects.create(warehouse=warehouse, created_by=_user(user), rule=rule[:200], cutoff_at=cutoff)
    for cart_load in _carts(shipments, held, floor, cart):
        batch, stops = _plan_batch(wave, cart_load, held, floor)
        if stops:
            floor_tasks.batch_to_pick(batch, stops=len(stops), user=user, source=source)
        to_pick = {shipment.pk for shipment, _, _ in stops}
        for shipment in cart_load:  # those with everything at packing already are picked
            if shipment.pk not in to_pick:
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


def _lock(warehouse: Warehouse, numbers: Sequence[str]) -> list[Shipment]:
    rows = Shipment.objects.select_for_update(of=("self",)).filter(warehouse=warehouse).select_related("order")
    if numbers:
        ids = sorted({_id(number) for number in numbers})
        shipments = list(rows.filter(pk__in=ids).order_by("pk"))
        for shipment in shipments:
            if not can_move(shipment.status, Stage.PICKING):
                raise ShipmentClosed(shipment.number, shipment.status, "waved")
    else:
        shipments = list(rows.filter(status=Stage.PENDING).order_by("pk"))
    if not shipments:
        raise NothingToWave(warehouse.code)
    return shipments


def _id(number: str) -> int:
    from arkaofis.fulfilment.selectors import shipment_by_number

    return shipment_by_number(number).pk


def _held_units(shipments: list[Shipment]) -> dict[int, Stops]:
    """Each shipment's lines' active holds in its warehouse (a kit line: its components'), by shipment id.

    Read in three statements for the whole wave, not per shipment: a plain line's holds by their demand
    references, a kit line's by its references' prefix."""
    lines = ShipmentLine.objects.filter(shipment__in=shipments).select_related("order_line__product")
    by_shipment: dict[int, list[ShipmentLine]] = defaultdict(list)
    for line in lines.order_by("shipment_id", "order_line__line_no"):
        by_shipment[line.shipment_id].append(line)
    numbers = {shipment.pk: shipment.order.number for shipment in shipments}
    refs = {
        line.pk: orders_domain.line_demand_ref(numbers[shipment_id], line.order_line.line_no)
        for shipment_id, its_lines in by_shipment.items()
        for line in its_lines
    }
    kit_lines = [line for its_lines in by_shipment.values() for line in its_lines if line.order_line.product.is_kit]
    wanted = Q(demand_ref__in=sorted(refs.values()))
    for line in kit_lines:
        wanted |= Q(demand_ref__startswith=f"{refs[line.pk]}/")
    warehouses = {shipment.warehouse_id for shipment in shipments}
    active = Reservation.objects.filter(wanted, warehouse_id__in=warehouses, status=ReservationStatus.ACTIVE)
    holds: dict[tuple[int | None, str], list[Reservation]] = defaultdict(list)
    for reservation in active.select_related("location__parent", "product").order_by("pk"):
        line_ref = "/".join(reservation.demand_ref.split("/")[:2])  # "SO-000123/L1" of a component's too
        holds[(reservation.warehouse_id, line_ref)].append(reservation)
    return {
        shipment.pk: [
            (shipment, line, reservation)
            for line in by_shipment[shipment.pk]
            for reservation in holds[(shipment.warehouse_id, refs[line.pk])]
        ]
        for shipment in shipments
    }


def _litres(stops: Stops) -> float:
    return sum((reservation.product.volume_ml or 0) * reservation.quantity for _, _, reservation in stops) / 1000


def _wave_shipment(shipment: Shipment, stops: Stops, account: CarrierAccount | None) -> wave_rules.WaveShipment:
    zones = sorted({reservation.location.parent.code for _, _, reservation in stops if reservation.location.parent})
    return wave_rules.WaveShipment(
        id=shipment.pk,
        carrier=account.code if account else "",
        cutoff=_next_cutoff(account),
        priority=shipment.order.priority,
        zone=zones[0] if len(zones) == 1 else "",
        line_count=max(1, len({line.pk for _, line, _ in stops})),
        volume=_litres(stops),
    )


def _next_cutoff(account: CarrierAccount | None) -> datetime:
    """The carrier's next pick-up (today's if still ahead, else tomorrow's); no cut-off: the end of today."""
    now = timezone.localtime()
    moment = account.cutoff_time if account and account.cutoff_time else time(23, 59)
    today = timezone.make_aware(datetime.combine(now.date(), moment))
    return today if today >= now else today + timedelta(days=1)


def _rule_text(group: wave_rules.Wave) -> str:
    key = group.key
    parts = [timezone.localtime(key.cutoff).strftime("%H:%M")]
    parts += [value for value in (key.carrier, key.zone) if value]
    if key.single_line is not None:
        parts.append(SINGLE_LINE if key.single_line else MULTI_LINE)  # said in the reader's language: Wave.rule_shown
    if group.parts > 1:
        parts.append(f"{group.part}/{group.parts}")
    return RULE_SEPARATOR.join(parts)


def _carts(shipments: list[Shipment], held: dict[int, Stops], floor: Floor | None, cart: Cart) -> list[list[Shipment]]:
    """Cart loads: batched on the floor plan to shorten the walk, else in the shipments' order."""
    if floor is None or len(shipments) <= 1:
        return [shipments[start : start + cart.max_orders] for start in range(0, len(shipments), cart.max_orders)]
    orders = [
        PickOrder(
            id=shipment.pk,
            picks=tuple(floor.points[r.location_id] for _, _, r in held[shipment.pk] if r.location_id in floor.points),
            volume=_litres(held[shipment.pk]),
        )
        for shipment in shipments
    ]
    by_id: dict[Hashable, Shipment] = {shipment.pk: shipment for shipment in shipments}
    batching = batch_orders(floor.layout, orders, cart, improve_routes=300)
    return [[by_id[pk] for pk in batch.order_ids] for batch in batching.batches]


def _plan_batch(
    wave: Wave, shipments: list[Shipment], held: dict[int, Stops], floor: Floor | None
) -> tuple[PickBatch, Stops]:
    """The cart's batch and its stops (the holds not at packing already), in walking order."""
    batch = PickBatch.objects.create(wave=wave, warehouse=wave.warehouse)
    packing = packing_location(wave.warehouse)
    stops: Stops = []
    for tote, shipment in enumerate(shipments, start=1):
        stops += [stop for stop in held[shipment.pk] if stop[2].location_id != packing.pk]
        shipment.status, shipment.wave, shipment.batch, shipment.tote = Stage.PICKING, wave, batch, tote
    # One statement for what they share, one for their totes (bulk_update's CASE is slow to build per field).
    Shipment.objects.filter(pk__in=[shipment.pk for shipment in shipments]).update(
        status=Stage.PICKING, wave=wave, batch=batch
    )
    Shipment.objects.bulk_update(shipments, ["tote"])
    walk = walking_order(warehouse=wave.warehouse, locations=[held.location for _, _, held in stops], floor=floor)
    rank = {location.pk: position for position, location in enumerate(walk.bins)}
    batch.route_m, batch.baseline_m = walk.metres, walk.s_shape_metres
    batch.save(update_fields=["route_m", "baseline_m"])
    PickLine.objects.bulk_create(
        PickLine(
            batch=batch,
            shipment=shipment,
            shipment_line=line,
            reservation=reservation,
            product_id=reservation.product_id,
            location_id=reservation.location_id,
            lot_id=reservation.lot_id,
            quantity=reservation.quantity,
            sequence=rank[reservation.location_id],
            status=PickLineStatus.OPEN,
        )
        for shipment, line, reservation in stops
    )
    return batch, stops
