"""What an edit does to the stock: give back everything a line holds, and hold the changed and
new lines of a reserved order in full (routed first, within the channel's warehouses) or refuse
the edit with the numbers."""

from typing import Any

from django.db.models import Q

from arkaofis.inventory.exceptions import InsufficientStock
from arkaofis.inventory.services.reservations import release_demand
from arkaofis.orders import domain
from arkaofis.orders.exceptions import EditWouldOversell
from arkaofis.orders.models import SalesOrder, SalesOrderLine
from arkaofis.orders.selectors import active_reservations
from arkaofis.orders.services.reservation import kit_components, reserve_line, store_route
from arkaofis.orders.services.routing import route_lines


def release_line(order: SalesOrder, line_no: int, *, user: Any, source: str) -> int:
    """Give back everything a line holds: its own demand and each kit component's."""
    ref = domain.line_demand_ref(order.number, line_no)
    held = active_reservations(order).filter(Q(demand_ref=ref) | Q(demand_ref__startswith=f"{ref}/"))
    refs = sorted(set(held.values_list("demand_ref", flat=True)))
    return sum(
        release_demand(demand_ref=demand, user=user, source=source, owner=domain.DEMAND_OWNER) for demand in refs
    )


def reserve_in_full(
    order: SalesOrder, kept: list[SalesOrderLine], lines: list[SalesOrderLine], *, user: Any, source: str
) -> None:
    """A reserved order stays reserved: every changed or new line in full, or the edit is refused.

    The changed lines are routed first, as reserve_order routes (the reserved lines pull them
    towards their warehouses, the channel's allowed warehouses only), and the route is stored.
    """
    bom = kit_components([line.product_id for line in kept])
    routed = route_lines(order=order, lines=kept, bom=bom)
    # In product order (a kit by its first component), as reserve_order goes, so two writers
    # sharing SKUs take their quant locks in the same order.
    lines = sorted(
        lines, key=lambda ln: (bom[ln.product_id][0][0] if bom.get(ln.product_id) else ln.product_id, ln.line_no)
    )
    for line in lines:
        if routed is not None and not routed.may_reserve(line):
            raise EditWouldOversell(order.number, line.line_no, line.sku, line.quantity, 0)
        try:
            reserve_line(order=order, line=line, components=bom.get(line.product_id), user=user, source=source)
        except InsufficientStock as refusal:
            raise EditWouldOversell(
                order.number,
                line.line_no,
                refusal.data["sku"],
                refusal.data["wanted"],
                refusal.data["available"],
            ) from None
    route_fields = store_route(order, lines, routed, user=user, source=source)
    if route_fields:
        order.save(update_fields=[*route_fields, "updated_at"])
