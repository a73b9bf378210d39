"""Load an order for a change: locked, so two writers to one order take turns."""

from django.db.models import QuerySet

from arkaofis.orders.exceptions import UnknownOrder
from arkaofis.orders.models import SalesOrder


def lock_order(order_id: int) -> SalesOrder:
    """Must run inside a transaction."""
    order = SalesOrder.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise UnknownOrder(f"#{order_id}")
    return order


def lock_order_of(order_id: QuerySet) -> SalesOrder | None:
    """The order a document names, locked, in one statement: `order_id` is the document's
    `values("order_id")` (a shipment's, a return's), read inside the locking query. None when the
    document does not exist. Must run inside a transaction."""
    return SalesOrder.objects.select_for_update().filter(pk__in=order_id).first()


def user_id_of(user: object) -> int | None:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
