"""Serve backorders: try again to reserve backordered orders, oldest and most urgent first.

Run on every arrival of stock (inventory's `stock_arrived` signal, after the commit that brought
it) for the products that arrived, and from `arkaofis serve_backorders` (cron) for all of them,
which also catches stock freed by cancellations. Each order is its own transaction through
reserve_order, whose guarded reservations are the final word: two servers running at once (or a
new order racing a backorder) can never oversell, only find the stock gone.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, F, OuterRef, Q

from arkaofis.catalog.models import KitComponent
from arkaofis.core.exceptions import DomainError
from arkaofis.inventory.models import Quant
from arkaofis.orders.domain import OrderStatus
from arkaofis.orders.models import SalesOrder, SalesOrderLine
from arkaofis.orders.services.reservation import reserve_order


def backordered_queue(product_ids: Iterable[int] | None = None) -> list[int]:
    """Ids of backordered orders (with a short line needing one of `product_ids`, directly or as
    a kit component), highest priority first, then oldest."""
    orders = SalesOrder.objects.filter(status=OrderStatus.BACKORDERED)
    if product_ids is not None:
        wanted = list(product_ids)
        kits = KitComponent.objects.filter(component_id__in=wanted).values("kit_id")
        short = SalesOrderLine.objects.filter(order=OuterRef("pk"), reserved_quantity__lt=F("quantity")).filter(
            Q(product_id__in=wanted) | Q(product_id__in=kits)
        )
        orders = orders.filter(Exists(short))
    return list(orders.order_by("-priority", "placed_at", "id").values_list("pk", flat=True))


def serve_backorders(*, product_ids: Iterable[int] | None = None, user: Any, source: str) -> dict[str, int]:
    """Reserve what can be reserved now; return how many orders ended reserved, stayed
    backordered, or were skipped (changed meanwhile, e.g. cancelled)."""
    wanted = None if product_ids is None else set(product_ids)
    counts = {"reserved": 0, "backordered": 0, "skipped": 0}
    for order_id in backordered_queue(wanted):
        if wanted is not None:
            # A receipt of 10 units must not try a thousand orders: stop once what arrived is held.
            wanted = _with_free_stock(wanted)
            if not wanted:
                break
        try:
            order = reserve_order(order_id=order_id, user=user, source=source)
        except DomainError:
            counts["skipped"] += 1
            continue
        counts["reserved" if order.status == OrderStatus.RESERVED else "backordered"] += 1
    return counts


def _with_free_stock(product_ids: set[int]) -> set[int]:
    """Those of `product_ids` with stock on hand not yet reserved in some warehouse."""
    free = Quant.objects.filter(product_id__in=product_ids, warehouse__isnull=False, on_hand__gt=F("reserved"))
    return set(free.values_list("product_id", flat=True).distinct())
