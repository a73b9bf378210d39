"""Route an order: choose the warehouse of each line not yet reserved, store why, audit it.

The rules are in orders/routing.py; this module gathers their inputs (the channel's allowed
warehouses and split policy, available-to-promise per warehouse × product, the distance table
row for the ship-to) and stores the plan: SalesOrderLine.warehouse per line, SalesOrder.warehouse
when one warehouse serves the whole order (else empty), the reason and the facts behind it.

Routing is advice read without locks: reserve_order routes and reserves in one transaction, and
the reservation's guarded update is the final word (a line whose stock went meanwhile is
backordered in the warehouse chosen for it, and routed again on the next try).
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum

from arkaofis.inventory.models import Quant
from arkaofis.orders import routing
from arkaofis.orders.domain import OrderStatus
from arkaofis.orders.events import record_order_change
from arkaofis.orders.exceptions import OrderClosed
from arkaofis.orders.models import SalesOrder, SalesOrderLine
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
        routed = route_lines(order=order, lines=lines, bom=kit_components([line.product_id for line in lines]))
        if routed is not None and routed.changed:
            save_route(order, routed)
            order.save(update_fields=[*ROUTE_FIELDS, "updated_at"])
            record_order_change(order=order, action="order.routed", user=user, source=source, data=routed.audit())
        return order


ROUTE_FIELDS = ("warehouse", "route_reason", "route")


@dataclass
class Routed:
    """A plan laid on the order and its lines in memory; save_route (or the caller's own saves)
    writes it."""

    plan: routing.Plan
    moved: list[SalesOrderLine]  # lines whose warehouse changed
    changed: bool  # anything new to store and audit

    def audit(self) -> dict:
        return {"reason": self.plan.reason, "lines": self.plan.facts["lines"], "backordered": self.plan.backordered}


def route_lines(*, order: SalesOrder, lines: list[SalesOrderLine], bom: dict[int, list[Component]]) -> Routed | None:
    """Plan `lines` (all lines of the locked `order`) and lay the plan on them and the order in
    memory (line.warehouse, order.warehouse, route_reason, route). Two reads; no write.

    Reserved lines stay where they are and pull the rest towards their warehouse. None when
    there is nothing to route.
    """
    needs = [_need(line, bom) for line in lines if _routable(line)]
    if not any(need.fixed_warehouse is None for need in needs):
        return None
    setting = read_setting(order)
    product_ids = sorted({pid for need in needs if need.fixed_warehouse is None for pid in need.needs})
    stock = available_stock([c.warehouse_id for c in setting.candidates], product_ids)
    plan = routing.plan_route(
        lines=needs, candidates=setting.candidates, stock=stock, policy=setting.policy, zone=setting.zone
    )
    codes = {c.warehouse_id: c.code for c in setting.candidates}
    plan.facts.update(
        policy=setting.policy,
        zone=setting.zone,
        lines={str(no): codes.get(wid, "") for no, wid in sorted(plan.warehouse_by_line.items())},
    )
    moved = []
    for line in lines:
        target = plan.warehouse_by_line.get(line.line_no)
        if target is not None and target != line.warehouse_id:
            line.warehouse_id = target
            moved.append(line)
    changed = bool(moved) or order.route_reason != plan.reason or order.warehouse_id != plan.single_warehouse
    order.warehouse_id = plan.single_warehouse
    order.route_reason = plan.reason[:500]
    order.route = plan.facts
    return Routed(plan, moved, changed)


def save_route(order: SalesOrder, routed: Routed, *, saved: frozenset[int] = frozenset()) -> None:
    """Write the moved lines' warehouses (except lines in `saved`, written by the caller); the
    order's own fields are the caller's to save (ROUTE_FIELDS), with whatever else it changes."""
    unsaved = [line for line in routed.moved if line.pk not in saved]
    if unsaved:
        SalesOrderLine.objects.bulk_update(unsaved, ["warehouse"])


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


@dataclass
class Setting:
    policy: str
    candidates: list[routing.Candidate]
    zone: str


# One read for everything routing knows about an order besides stock: each active warehouse
# with whether the order's channel may use it, the channel's split policy, the ship-to's
# country and postal code, and the distance rows of that country.
_SETTING = """
    SELECT w.id, w.code, w.priority, c.split_policy,
           (c.id IS NULL
            OR NOT EXISTS (SELECT 1 FROM channels_channel_warehouses n WHERE n.channel_id = c.id)
            OR EXISTS (SELECT 1 FROM channels_channel_warehouses m
                       WHERE m.channel_id = c.id AND m.warehouse_id = w.id)),
           a.country, a.postal_code, d.country, d.postal_prefix, d.distance_km
    FROM inventory_warehouse w
    LEFT JOIN channels_channel c ON c.code = %s
    LEFT JOIN orders_address a ON a.id = %s
    LEFT JOIN orders_routedistance d ON d.warehouse_id = w.id AND d.country = UPPER(a.country)
    WHERE w.active
    ORDER BY w.priority, w.code
"""


def read_setting(order: SalesOrder) -> Setting:
    """The channel's split policy (split when the order's channel has no row, e.g. "api" or
    "import"), the active warehouses it may ship from (all when it names none) with their
    distance to the ship-to, and the ship-to's zone."""
    with connection.cursor() as cursor:
        cursor.execute(_SETTING, [order.channel, order.shipping_id])
        rows = cursor.fetchall()
    policy, country, postal = routing.SPLIT, "", ""
    warehouses: dict[int, tuple[str, int]] = {}
    distance_rows = []
    for wid, code, priority, split_policy, allowed, a_country, a_postal, d_country, d_prefix, d_km in rows:
        policy = split_policy or routing.SPLIT
        country, postal = (a_country or "").upper(), (a_postal or "").strip()
        if allowed:
            warehouses[wid] = (code, priority)
            if d_country is not None:
                distance_rows.append(routing.DistanceRow(wid, d_country, d_prefix, d_km))
    distances = routing.match_distance(distance_rows, country=country, postal_code=postal)
    candidates = [
        routing.Candidate(wid, code, priority, *distances.get(wid, (None, "")))
        for wid, (code, priority) in warehouses.items()
    ]
    return Setting(policy, candidates, routing.zone_label(country, postal) if country else "")


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
