"""What batching saves on the demo's own orders and floors (the figure `arkaofis bench pickpath` names
`batching_walk_saving_pct`).

The demo (fixed seed) is loaded into a scratch database. For each warehouse with a floor plan, every open
order that has something to pick there is one pick list: the bins of the stops the demo's wave planner
made for it (an order the demo's shift already waved, picked or shipped is walked where it was picked),
else the bins of its active reservations (orders held, or not yet released). The lists are batched on
the warehouse's floor (routes.floor_of) with the same domain code as the synthetic figure (batch_orders,
one_order_per_trip) and the wave planner's cart; the warehouses' walks are summed.

Beside it, what the demo's own waves saved: the wave rules (carrier cut-off, zone, single- vs multi-line)
split a warehouse's orders into waves before batching, so a planned wave batches fewer orders together.
"""

import io
import time
from collections import defaultdict
from typing import Any

from arkaofis.bench.common import progress, scratch_database
from arkaofis.fulfilment.domain.batching import Cart, PickOrder, batch_orders, one_order_per_trip
from arkaofis.fulfilment.domain.layout import PickPoint
from arkaofis.fulfilment.domain.pickpath_multiblock import best_route
from arkaofis.fulfilment.services.routes import Floor, floor_of
from arkaofis.fulfilment.services.waves import DEFAULT_CART_LITRES, DEFAULT_CART_ORDERS

CART = Cart(max_orders=DEFAULT_CART_ORDERS, max_volume=DEFAULT_CART_LITRES)  # the wave planner's cart


def demo_batching(*, size: str = "full", seed: int = 42, db: str = "sqlite") -> dict[str, Any]:
    """Load the demo into a scratch database and measure batching on its orders; the figures as a dict."""
    # Through its command, as a user loads it: bench and demo stand side by side and import each other not.
    from django.core.management import call_command

    with scratch_database(db):
        started = time.monotonic()
        call_command("load_demo", "--size", size, "--seed", str(seed), stdout=io.StringIO(), stderr=io.StringIO())
        progress(f"pickpath: demo ({size}, seed {seed}) loaded in {time.monotonic() - started:.1f}s")
        return _measure(size, seed)


def _measure(size: str, seed: int) -> dict[str, Any]:
    from arkaofis.inventory.models import Warehouse

    alone = together = 0.0
    per_warehouse = {}
    for warehouse in Warehouse.objects.order_by("code"):
        floor = floor_of(warehouse)
        orders = _pick_lists(warehouse, floor) if floor is not None else []
        if not orders or floor is None:
            continue
        walked_alone = one_order_per_trip(floor.layout, orders)
        batching = batch_orders(floor.layout, orders, CART)
        alone, together = alone + walked_alone, together + batching.total_length
        per_warehouse[warehouse.code] = {
            "orders": len(orders),
            "picks": sum(len(order.picks) for order in orders),
            "single_pick_orders": sum(1 for order in orders if len(order.picks) == 1),
            "carts": len(batching.batches),
            "alone_m": round(walked_alone, 1),
            "batched_m": round(batching.total_length, 1),
            "saving_pct": round(_saving(walked_alone, batching.total_length), 2),
        }
    waves = _planned_waves()
    return {
        "batching_walk_saving_pct": round(_saving(alone, together), 2),
        "batching_source": f"demo {size}, seed {seed}",
        "batching_orders": sum(row["orders"] for row in per_warehouse.values()),
        "batching_cart": {"max_orders": CART.max_orders, "max_volume_l": CART.max_volume},
        "batching_alone_m": round(alone, 1),
        "batching_batched_m": round(together, 1),
        "batching_by_warehouse": per_warehouse,
        **waves,
    }


def _saving(alone: float, together: float) -> float:
    return 100 * (alone - together) / alone if alone else 0.0


def _pick_lists(warehouse: Any, floor: Floor) -> list[PickOrder]:
    """One pick list per open order with something to pick in `warehouse`, in order-number order."""
    from arkaofis.fulfilment.models import PickLine
    from arkaofis.inventory.models import Reservation, ReservationStatus
    from arkaofis.orders.models import SalesOrder

    numbers = {order.pk: order.number for order in SalesOrder.objects.only("pk")}
    stops: dict[str, list[tuple[int, int, int | None]]] = defaultdict(list)  # order → (bin, units, ml)
    waved = PickLine.objects.filter(batch__warehouse=warehouse).values_list(
        "shipment__order_id", "location_id", "quantity", "product__volume_ml"
    )
    for order_id, location_id, units, ml in waved.order_by("pk"):
        stops[numbers[order_id]].append((location_id, units, ml))
    on_the_floor = set(stops)  # their stops name the bins; their holds may have moved to packing since
    held = Reservation.objects.filter(warehouse=warehouse, status=ReservationStatus.ACTIVE).values_list(
        "demand_ref", "location_id", "quantity", "product__volume_ml"
    )
    orders = set(numbers.values())  # not a transfer's or a kitting's hold
    for ref, location_id, units, ml in held.order_by("pk"):
        number = ref.split("/", 1)[0]
        if number in orders and number not in on_the_floor:
            stops[number].append((location_id, units, ml))
    return [
        PickOrder(
            id=number,
            picks=tuple(floor.points[bin_id] for bin_id, _, _ in rows if bin_id in floor.points),
            volume=sum((ml or 0) * units for _, units, ml in rows) / 1000,
        )
        for number, rows in sorted(stops.items())
        if any(bin_id in floor.points for bin_id, _, _ in rows)
    ]


def _planned_waves() -> dict[str, Any]:
    """What the demo's own waves save: their batches' planned walks against each order's own trip."""
    from arkaofis.fulfilment.models import PickBatch, PickLine

    batches = list(PickBatch.objects.filter(route_m__isnull=False).select_related("warehouse"))
    planned = sum(float(batch.route_m or 0) for batch in batches)
    alone = 0.0
    floors: dict[int, Floor | None] = {}
    trips: dict[tuple[int, int], list[PickPoint]] = defaultdict(list)  # (warehouse, shipment) → its stops
    lines = PickLine.objects.filter(batch__in=batches).values_list("batch__warehouse_id", "shipment_id", "location_id")
    for warehouse_id, shipment_id, location_id in lines:
        if warehouse_id not in floors:
            floors[warehouse_id] = floor_of(next(b.warehouse for b in batches if b.warehouse_id == warehouse_id))
        floor = floors[warehouse_id]
        if floor is not None and location_id in floor.points:
            trips[(warehouse_id, shipment_id)].append(floor.points[location_id])
    for (warehouse_id, _), points in trips.items():
        floor = floors[warehouse_id]
        assert floor is not None
        alone += best_route(floor.layout, points).length
    return {
        "demo_waves": len({batch.wave_id for batch in batches}),
        "demo_wave_batches": len(batches),
        "demo_waves_walk_saving_pct": round(_saving(alone, planned), 2) if batches else None,
    }
