"""Reserve stock for every line of an order.

Policy: a line is reserved in full or not at all (a kit line: all of its components or none),
so a picker never gets part of a line. Lines that could be reserved keep their reservations;
if any line falls short the order is backordered, and reserving it again later (when stock
arrives) tries only the lines still short. Each line is its own demand, "SO-000123/L1"; each
component of a kit line is "SO-000123/L1/<component SKU>", `quantity × BOM quantity` units.
Routing first chooses the warehouse of every line not reserved yet (services/routing.py), in
the same transaction; each line is then reserved in its own warehouse (falling back to the
order's, then to any warehouse for a line routing could not place; none at all when the order's
channel may ship from no active warehouse: the line waits, backordered). A backordered line is
routed again on every try, so stock arriving in another allowed warehouse serves it too.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.domain import Demand
from arkaofis.inventory.exceptions import InsufficientStock
from arkaofis.inventory.models import Reservation
from arkaofis.inventory.services.locked_stock import LockedStock
from arkaofis.inventory.services.reservations import reserve_stock
from arkaofis.orders import domain
from arkaofis.orders.events import record_order_change
from arkaofis.orders.exceptions import IllegalTransition
from arkaofis.orders.models import SalesOrder, SalesOrderLine
from arkaofis.orders.services._kits import Component, kit_components, line_demands
from arkaofis.orders.services._locking import lock_order, user_id_of
from arkaofis.orders.services.routing import ROUTE_FIELDS, Routed, route_lines, save_route

__all__ = ["Component", "hold_lines", "kit_components", "lock_rank", "reserve_line", "reserve_order", "store_route"]


def reserve_order(*, order_id: int, user: Any, source: str) -> SalesOrder:
    """Reserve every unreserved line; the order ends reserved, or backordered if any line is short.

    Raises IllegalTransition unless the order is confirmed or backordered. A backordered order
    for which nothing more can be reserved is left as it was (and not audited again).
    """
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status not in domain.RESERVABLE:
            raise IllegalTransition(order.status, domain.OrderStatus.RESERVED)
        every_line = list(order.lines.all())
        lines = [line for line in every_line if line.reserved_quantity < line.quantity]
        bom = kit_components([line.product_id for line in every_line])
        routed = route_lines(order=order, lines=every_line, bom=bom) if lines else None
        short = hold_lines(
            lines,
            bom,
            routed,
            hold=lambda line, components: _reserve_line(order, line, components, user=user, source=source),
        )
        route_fields = store_route(order, lines, routed, user=user, source=source)
        if order.status == domain.OrderStatus.BACKORDERED and len(short) == len(lines):
            # Still waiting, nothing newly held: no timeline row for every retry.
            if route_fields:
                order.save(update_fields=[*route_fields, "updated_at"])
            return order
        order.status = domain.check_transition(order.status, domain.status_after_reserving(lines_short=len(short)))
        order.save(update_fields=["status", *route_fields, "updated_at"])
        action = "order.backordered" if short else "order.reserved"
        data: dict[str, Any] = {"short": short}
        if route_fields:
            data["route"] = order.route_reason
        record_order_change(order=order, action=action, user=user, source=source, data=data)
        return order


def store_route(
    order: SalesOrder, lines: list[SalesOrderLine], routed: Routed | None, *, user: Any, source: str
) -> list[str]:
    """Write a changed route (the order's fields are left to the caller's one save: returned)
    and audit it; its event is the reservation's own, which carries the reason."""
    if routed is None or not routed.changed:
        return []
    reserved = frozenset(line.pk for line in lines if line.reserved_quantity >= line.quantity)
    save_route(order, routed, saved=reserved)  # reserved lines wrote their warehouse already
    data = {"number": order.number, "status": order.status, **routed.audit()}
    record_audit(user=user, source=source, action="order.routed", obj=order, data=data)
    return list(ROUTE_FIELDS)


def lock_rank(line: SalesOrderLine, bom: dict[int, list[Component]]) -> tuple[int, int]:
    """Lines are reserved in product order (a kit by its first component), so two orders
    sharing SKUs lock their quants in the same order and never deadlock on PostgreSQL."""
    components = bom.get(line.product_id)
    return (components[0][0] if components else line.product_id, line.line_no)


def hold_lines(
    lines: list[SalesOrderLine],
    bom: dict[int, list[Component]],
    routed: Routed | None,
    *,
    hold: Callable[[SalesOrderLine, list[Component] | None], object],
) -> list[dict[str, Any]]:
    """The order's policy, for one order reserved now and for a batch alike: every line is held
    whole by `hold` (which raises InsufficientStock and holds nothing when short), in lock
    order; a line routing placed nowhere, or short, is listed, and the others keep their stock.
    Returns the short lines ({line, sku, wanted, available}) in line order."""
    short: list[dict[str, Any]] = []
    for line in sorted(lines, key=lambda line: lock_rank(line, bom)):
        if routed is not None and not routed.may_reserve(line):  # no allowed warehouse is open
            short.append({"line": line.line_no, "sku": line.sku, "wanted": line.quantity, "available": 0})
            continue
        try:
            hold(line, bom.get(line.product_id))
        except InsufficientStock as refusal:
            data = refusal.data
            short.append(
                {"line": line.line_no, "sku": data["sku"], "wanted": data["wanted"], "available": data["available"]}
            )
    return sorted(short, key=lambda item: item["line"])


def _reserve_line(
    order: SalesOrder, line: SalesOrderLine, components: list[Component] | None, *, user: Any, source: str
) -> None:
    """Reserve one whole line. A plain line is one guarded statement; a kit line locks its
    components' stock and lets the planner hold all of them or none."""
    demands = line_demands(
        product_id=line.product_id,
        sku=line.sku,
        quantity=line.quantity,
        components=components,
        warehouse_id=line.warehouse_id or order.warehouse_id,
    )
    if components:
        where = _hold_kit_line(order, line, demands, user=user, source=source)
    else:
        demand = demands[0][1]
        taken = reserve_stock(
            product_id=demand.product_id,
            quantity=demand.quantity,
            demand_ref=domain.line_demand_ref(order.number, line.line_no),
            warehouse_id=demand.warehouse_id,
            user_id=user_id_of(user),
            source=source,
            owner=domain.DEMAND_OWNER,
        )
        where = set(Reservation.objects.filter(pk__in=taken).values_list("warehouse_id", flat=True))
    line.reserved_quantity = line.quantity
    if line.warehouse_id is None and len(where) == 1:
        # Reserved wherever stock was: note the warehouse when it is one, for release and shipping.
        line.warehouse_id = where.pop()
    line.save(update_fields=["reserved_quantity", "warehouse"])  # routing may have just chosen it


def _hold_kit_line(
    order: SalesOrder, line: SalesOrderLine, demands: list[tuple[str, Demand]], *, user: Any, source: str
) -> set[int]:
    """Hold every component of a kit line or none; return the warehouses it came from."""
    with transaction.atomic():
        stock = LockedStock.lock(demand.product_id for _, demand in demands)
        held = stock.take_line(demands)
        refs = [domain.demand_ref(order.number, line.line_no, sku) for sku, _ in demands]
        stock.save(
            [(ref, take) for ref, takes in zip(refs, held, strict=True) for take in takes],
            user_id=user_id_of(user),
            source=source,
            now=timezone.now(),
        )
    return {take.slot.warehouse_id for takes in held for take in takes}


def reserve_line(
    *, order: SalesOrder, line: SalesOrderLine, components: list[Component] | None, user: Any, source: str
) -> None:
    """Reserve one whole line (a kit: every component or none), as reserve_order does for each
    short line; raises InsufficientStock and holds nothing when short. Editing re-reserves with it."""
    _reserve_line(order, line, components, user=user, source=source)
