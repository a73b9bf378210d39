"""Load an order for a change: locked, so two writers to one order take turns."""

from arkaofis.orders.exceptions import UnknownOrder
from arkaofis.orders.models import SalesOrder


def lock_order(order_id: int) -> SalesOrder:
    """Must run inside a transaction."""
    order = SalesOrder.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise UnknownOrder(f"#{order_id}")
    return order


def user_id_of(user: object) -> int | None:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
