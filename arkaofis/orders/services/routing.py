"""Route an order: choose the warehouse of each line not yet reserved, store why, audit it.

The rules are in orders/routing.py; this module gathers their inputs (the channel's allowed
warehouses and split policy, available-to-promise per warehouse × product, the distance table
row for the ship-to) and stores the plan: SalesOrderLine.warehouse per line, SalesOrder.warehouse
when one warehouse serves the whole order (else empty), the reason and the facts behind it.

Routing is advice read without locks: reserve_order routes and reserves in one transaction, and
the reservation's guarded update is the final word (a line whose stock went meanwhile is
backordered in the warehouse chosen for it, and routed again on the next try).
"""

from typing import Any

from django.db import transaction
from django.db.models import Sum

from arkaofis.channels.models import Channel
from arkaofis.inventory.models import Quant, Warehouse
from arkaofis.orders import routing
from arkaofis.orders.domain import OrderStatus
from arkaofis.orders.events import record_order_change
from arkaofis.orders.exceptions import OrderClosed
from arkaofis.orders.models import Address, RouteDistance, SalesOrder, SalesOrderLine
from arkaofis.orders.services._kits import Component, kit_components
from arkaofis.orders.services._locking import lock_order

# Reserved orders may be routed too: every line is fixed then, so only the facts are refreshed.
ROUTABLE = frozenset({OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.BACKORDERED, OrderStatus.RESERVED})


def route_order(*, order_id: int, user: Any, source: str) -> SalesOrder:
    """Route every line not reserved yet. Raises OrderClosed once the order is released or closed."""
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status not in ROUTABLE:
            raise OrderClosed(order.number, order.status, "routed")
        lines = list(order.lines.all())
        route_lines(
            order=order, lines=lines, bom=kit_components([line.product_id for line in lines]), user=user, source=source
        )
        return order


def route_lines(
    *, order: SalesOrder, lines: list[SalesOrderLine], bom: dict[int, list[Component]], user: Any, source: str
) -> routing.Plan | None:
    """Route `lines` (all lines of the locked `order`) inside the caller's transaction.

    Reserved lines stay where they are and pull the rest towards their warehouse. Writes and
    audits ("order.routed") only when the route changed. None when there is nothing to route.
    """
    needs = [_need(line, bom) for line in lines if _routable(line)]
    if not any(need.fixed_warehouse is None for need in needs):
        return None
    policy, warehouses = channel_rules(order.channel)
    product_ids = sorted({pid for need in needs if need.fixed_warehouse is None for pid in need.needs})
    country, postal = _ship_to(order)
    distances = routing.match_distance(
        [
            routing.DistanceRow(*row)
            for row in RouteDistance.objects.filter(warehouse__in=warehouses, country=country).values_list(
                "warehouse_id", "country", "postal_prefix", "distance_km"
            )
        ],
        country=country,
        postal_code=postal,
    )
    candidates = [routing.Candidate(w.pk, w.code, w.priority, *distances.get(w.pk, (None, ""))) for w in warehouses]
    stock = available_stock([w.pk for w in warehouses], product_ids)
    zone = routing.zone_label(country, postal) if country else ""
    plan = routing.plan_route(lines=needs, candidates=candidates, stock=stock, policy=policy, zone=zone)
    _store(order, lines, plan, policy=policy, zone=zone, user=user, source=source)
    return plan


def _routable(line: SalesOrderLine) -> bool:
    # A line reserved before routing existed has no warehouse on record: leave it out.
    return line.reserved_quantity < line.quantity or line.warehouse_id is not None


def _need(line: SalesOrderLine, bom: dict[int, list[Component]]) -> routing.LineNeed:
    components = bom.get(line.product_id)
    if components:
        needs = {component_id: line.quantity * per_kit for component_id, _sku, per_kit in components}
    else:
        needs = {line.product_id: line.quantity}
    fixed = line.warehouse_id if line.reserved_quantity >= line.quantity else None
    return routing.LineNeed(line.line_no, line.quantity, needs, fixed_warehouse=fixed)


def channel_rules(channel_code: str) -> tuple[str, list[Warehouse]]:
    """The channel's split policy and the active warehouses allowed to ship its orders (all
    active ones when it names none, or when the order came from a path with no channel row,
    like "api" or "import")."""
    channel = Channel.objects.filter(code=channel_code).first()
    active = Warehouse.objects.filter(active=True).order_by("priority", "code")
    if channel is None:
        return routing.SPLIT, list(active)
    policy = channel.split_policy or routing.SPLIT
    named = set(channel.warehouses.values_list("pk", flat=True))
    return policy, [w for w in active if not named or w.pk in named]


def available_stock(warehouse_ids: list[int], product_ids: list[int]) -> dict[tuple[int, int], int]:
    """Available-to-promise per (warehouse, product), one grouped read."""
    if not warehouse_ids or not product_ids:
        return {}
    rows = (
        Quant.objects.filter(warehouse_id__in=warehouse_ids, product_id__in=product_ids)
        .values_list("warehouse_id", "product_id")
        .annotate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    )
    return {(wid, pid): max(0, on_hand - reserved) for wid, pid, on_hand, reserved in rows}


def _ship_to(order: SalesOrder) -> tuple[str, str]:
    address: Address | None = order.shipping
    if address is None:
        return "", ""
    return address.country.upper(), address.postal_code.strip()


def _store(
    order: SalesOrder,
    lines: list[SalesOrderLine],
    plan: routing.Plan,
    *,
    policy: str,
    zone: str,
    user: Any,
    source: str,
) -> None:
    codes = {row["warehouse_id"]: row["warehouse"] for row in plan.facts["candidates"]}
    moved = []
    for line in lines:
        target = plan.warehouse_by_line.get(line.line_no)
        if target is not None and target != line.warehouse_id:
            line.warehouse_id = target
            moved.append(line)
    if moved:
        SalesOrderLine.objects.bulk_update(moved, ["warehouse"])
    changed = bool(moved)
    route = {
        "policy": policy,
        "zone": zone,
        "lines": {str(no): codes.get(wid, "") for no, wid in sorted(plan.warehouse_by_line.items())},
        **plan.facts,
    }
    if not changed and order.route_reason == plan.reason and order.warehouse_id == plan.single_warehouse:
        return
    order.warehouse_id = plan.single_warehouse
    order.route_reason = plan.reason[:500]
    order.route = route
    order.save(update_fields=["warehouse", "route_reason", "route", "updated_at"])
    record_order_change(
        order=order,
        action="order.routed",
        user=user,
        source=source,
        data={"reason": plan.reason, "lines": route["lines"], "backordered": plan.backordered},
    )
