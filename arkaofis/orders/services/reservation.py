"""Reserve stock for every line of an order.

Policy: a line is reserved in full or not at all (a kit line: all of its components or none),
so a picker never gets part of a line. Lines that could be reserved keep their reservations;
if any line falls short the order is backordered, and reserving it again later (when stock
arrives) tries only the lines still short. Each line is its own demand, "SO-000123/L1"; each
component of a kit line is "SO-000123/L1/<component SKU>", `quantity × BOM quantity` units.
Stock is taken from the order's warehouse when it has one, otherwise from any warehouse
(routing, which chooses the warehouse first, comes later).
"""

from collections import defaultdict
from contextlib import nullcontext
from typing import Any

from django.db import transaction

from arkaofis.catalog.models import KitComponent
from arkaofis.inventory.exceptions import InsufficientStock
from arkaofis.inventory.services.reservations import reserve_stock
from arkaofis.orders import domain
from arkaofis.orders.events import record_order_change
from arkaofis.orders.exceptions import IllegalTransition
from arkaofis.orders.models import SalesOrder, SalesOrderLine
from arkaofis.orders.services._locking import lock_order, user_id_of

# (component product id, component SKU, units per kit)
Component = tuple[int, str, int]


def reserve_order(*, order_id: int, user: Any, source: str) -> SalesOrder:
    """Reserve every unreserved line; the order ends reserved, or backordered if any line is short.

    Raises IllegalTransition unless the order is confirmed or backordered.
    """
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status not in domain.RESERVABLE:
            raise IllegalTransition(order.status, domain.OrderStatus.RESERVED)
        lines = [line for line in order.lines.all() if line.reserved_quantity < line.quantity]
        bom = kit_components([line.product_id for line in lines])
        short = []
        for line in sorted(lines, key=lambda line: _lock_rank(line, bom)):
            try:
                _reserve_line(order, line, bom.get(line.product_id), user=user, source=source)
            except InsufficientStock as refusal:
                short.append({"line": line.line_no, "sku": refusal.data["sku"], **_numbers(refusal)})
        short.sort(key=lambda item: item["line"])
        order.status = domain.check_transition(order.status, domain.status_after_reserving(lines_short=len(short)))
        order.save(update_fields=["status", "updated_at"])
        action = "order.backordered" if short else "order.reserved"
        record_order_change(order=order, action=action, user=user, source=source, data={"short": short})
        return order


def _lock_rank(line: SalesOrderLine, bom: dict[int, list[Component]]) -> tuple[int, int]:
    """Lines are reserved in product order (a kit by its first component), so two orders
    sharing SKUs lock their quants in the same order and never deadlock on PostgreSQL."""
    components = bom.get(line.product_id)
    return (components[0][0] if components else line.product_id, line.line_no)


def _numbers(refusal: InsufficientStock) -> dict:
    return {"wanted": refusal.data["wanted"], "available": refusal.data["available"]}


def kit_components(product_ids: list[int]) -> dict[int, list[Component]]:
    """The bill of materials of each kit among `product_ids` (plain products are absent)."""
    bom: dict[int, list[Component]] = defaultdict(list)
    rows = KitComponent.objects.filter(kit_id__in=set(product_ids), kit__is_kit=True).order_by("component_id")
    for kit_id, component_id, sku, per_kit in rows.values_list("kit_id", "component_id", "component__sku", "quantity"):
        bom[kit_id].append((component_id, sku, per_kit))
    return dict(bom)


def _reserve_line(
    order: SalesOrder, line: SalesOrderLine, components: list[Component] | None, *, user: Any, source: str
) -> None:
    """Reserve one whole line; a kit line in a savepoint, so a short component undoes its siblings."""
    if components:
        demands = [
            (component_id, line.quantity * per_kit, domain.component_demand_ref(order.number, line.line_no, sku))
            for component_id, sku, per_kit in components
        ]
    else:
        demands = [(line.product_id, line.quantity, domain.line_demand_ref(order.number, line.line_no))]
    # A savepoint only where a short demand has siblings to undo: a single demand reserves or
    # raises InsufficientStock having written nothing, and a savepoint costs two round trips.
    with transaction.atomic() if len(demands) > 1 else nullcontext():
        for product_id, quantity, demand_ref in demands:
            reserve_stock(
                product_id=product_id,
                quantity=quantity,
                demand_ref=demand_ref,
                warehouse_id=order.warehouse_id,
                user_id=user_id_of(user),
                source=source,
            )
        line.reserved_quantity = line.quantity
        line.save(update_fields=["reserved_quantity"])


def reserve_line(
    *, order: SalesOrder, line: SalesOrderLine, components: list[Component] | None, user: Any, source: str
) -> None:
    """Reserve one whole line (a kit: every component or none), as reserve_order does for each
    short line; raises InsufficientStock and holds nothing when short. Editing re-reserves with it."""
    _reserve_line(order, line, components, user=user, source=source)
