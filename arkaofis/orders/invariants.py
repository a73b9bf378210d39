"""An order and its reservations never disagree (DESIGN.md, invariant 9).

For every order line, its reserved quantity equals the units its active reservations hold (a
kit line through each component: reserved × units per kit), a line of a closed order holds
nothing, and every active reservation under an order's demand prefix belongs to a line that
holds it. Registered with core's invariants in OrdersConfig.ready.
"""

from collections import defaultdict

from django.db.models import Sum

from arkaofis.catalog.models import KitComponent
from arkaofis.inventory.models import Reservation, ReservationStatus
from arkaofis.orders import domain
from arkaofis.orders.models import SalesOrderLine

_CLOSED = (domain.OrderStatus.SHIPPED, domain.OrderStatus.DELIVERED, domain.OrderStatus.CANCELLED)
_MAX_LINES = 50


def lines_match_reservations() -> list[str]:
    held = _held_by_demand()
    expected, breaks = _expected_by_demand()
    for ref in sorted(set(held) | set(expected)):
        if ref not in expected:
            breaks.append(f"{ref}: active reservations hold {held[ref]} for no order line that reserved them")
        elif held.get(ref, 0) != expected[ref]:
            units = held.get(ref, 0)
            breaks.append(f"{ref}: the order line says {expected[ref]} reserved, its reservations hold {units}")
    return breaks[:_MAX_LINES]


def _held_by_demand() -> dict[str, int]:
    active = Reservation.objects.filter(status=ReservationStatus.ACTIVE, demand_ref__startswith=domain.DEMAND_PREFIX)
    return dict(active.values_list("demand_ref").annotate(units=Sum("quantity")).values_list("demand_ref", "units"))


def _expected_by_demand() -> tuple[dict[str, int], list[str]]:
    """Units each demand should hold, from the lines; and the closed orders' lines that hold any."""
    lines = SalesOrderLine.objects.filter(reserved_quantity__gt=0).values_list(
        "order_id", "order__status", "line_no", "product_id", "reserved_quantity"
    )
    rows = list(lines)
    bom: dict[int, list[tuple[str, int]]] = defaultdict(list)
    kits = KitComponent.objects.filter(kit_id__in={row[3] for row in rows}, kit__is_kit=True)
    for kit_id, sku, per_kit in kits.values_list("kit_id", "component__sku", "quantity"):
        bom[kit_id].append((sku, per_kit))
    expected: dict[str, int] = {}
    closed: list[str] = []
    for order_id, status, line_no, product_id, reserved in rows:
        number = domain.format_number(order_id)
        if status in _CLOSED:
            closed.append(f"{number}/L{line_no}: the order is {status} but the line says {reserved} reserved")
        if product_id in bom:
            for sku, per_kit in bom[product_id]:
                expected[domain.component_demand_ref(number, line_no, sku)] = reserved * per_kit
        else:
            expected[domain.line_demand_ref(number, line_no)] = reserved
    return expected, closed
