"""Release a reserved order to the warehouses that hold its stock, unless a hold stops it.

Releasing creates the work for the floor: it announces OrderReleased with the units of each line
per warehouse holding the order's reservations, and fulfilment, subscribed, creates one shipment
per warehouse in the same transaction. When routing put the lines of one order in several
warehouses (a split), the order gets several shipments.
"""

from collections import defaultdict
from typing import Any

from django.db import transaction

from arkaofis.core.events import publish
from arkaofis.inventory.models import Warehouse
from arkaofis.orders import domain
from arkaofis.orders.events import OrderReleased, record_order_change
from arkaofis.orders.exceptions import WarehouseMismatch
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.selectors import active_reservations
from arkaofis.orders.services._locking import lock_order

# {warehouse id: {order line id: units}}
Plan = dict[int, dict[int, int]]


def release_order(*, order_id: int, user: Any, source: str, warehouse_id: int | None = None) -> SalesOrder:
    """Release to the warehouses holding the order's reservations, one shipment each (by fulfilment).

    `warehouse_id` asks for exactly one warehouse: the release is refused with WarehouseMismatch
    unless every reservation of the order is there (so "release to IST" never sends half an
    order to another warehouse unseen). Raises OrderOnHold while any hold is active,
    IllegalTransition unless reserved, and WarehouseMismatch when a kit line's components are
    reserved in several warehouses (a kit is packed in one place); a subscriber's refusal rolls
    the release back.
    """
    with transaction.atomic():
        order = lock_order(order_id)
        kinds = order.holds.filter(lifted_at__isnull=True).values_list("kind", flat=True)
        domain.check_release(number=order.number, status=order.status, active_hold_kinds=list(kinds))
        plan, codes = _shipment_plan(order)
        if not plan or (warehouse_id is not None and set(plan) != {warehouse_id}):
            wanted = "any warehouse"
            if warehouse_id is not None:
                wanted = Warehouse.objects.filter(pk=warehouse_id).values_list("code", flat=True).first() or "?"
            raise WarehouseMismatch(order.number, wanted, sorted(codes.values()))
        if len(plan) == 1:
            order.warehouse_id = next(iter(plan))
        order.status = domain.OrderStatus.RELEASED
        order.save(update_fields=["status", "warehouse", "updated_at"])
        released = OrderReleased(order_id=order.pk, plan=plan, user=user, source=source)
        publish(released)
        record_order_change(
            order=order,
            action="order.released",
            user=user,
            source=source,
            data={
                "warehouse": codes[order.warehouse_id] if len(plan) == 1 and order.warehouse_id else "",
                "warehouses": sorted(codes[pk] for pk in plan),
                "shipments": released.shipments,
            },
        )
        return order


def _shipment_plan(order: SalesOrder) -> tuple[Plan, dict[int, str]]:
    """Units of each line per warehouse, read from the order's active reservations."""
    lines = {line.line_no: line for line in order.lines.all()}
    plain: Plan = defaultdict(lambda: defaultdict(int))
    kit_places: dict[int, set[int]] = defaultdict(set)
    codes: dict[int, str] = {}
    rows = active_reservations(order).values_list("demand_ref", "warehouse_id", "warehouse__code", "quantity")
    for ref, warehouse_id, code, quantity in rows:
        codes[warehouse_id] = code
        line_no = domain.demand_line_no(order.number, ref)
        line = lines.get(line_no) if line_no is not None else None
        if line is None:
            continue
        # A kit component's demand: the line ships whole kits, from one warehouse.
        if ref != domain.line_demand_ref(order.number, line.line_no):
            kit_places[line.pk].add(warehouse_id)
        else:
            plain[warehouse_id][line.pk] += quantity
    plan: Plan = {pk: dict(by_line) for pk, by_line in plain.items()}
    for line in lines.values():
        places = kit_places.get(line.pk)
        if not places:
            continue
        if len(places) > 1:
            raise WarehouseMismatch(order.number, f"one warehouse for line {line.line_no}", sorted(codes.values()))
        plan.setdefault(places.pop(), {})[line.pk] = line.reserved_quantity
    return plan, codes
