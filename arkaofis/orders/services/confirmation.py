"""Confirm a draft: an order staff put together (taken on the phone, say) becomes a real order.

A draft holds no stock and no channel sees it; confirming it is the moment it does, so by default
it is routed and reserved in the same transaction, like an order arriving confirmed.
"""

from typing import Any

from django.db import transaction

from arkaofis.orders import domain
from arkaofis.orders.events import record_order_change
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services._locking import lock_order
from arkaofis.orders.services.reservation import reserve_order


def confirm_order(*, order_id: int, user: Any, source: str, reserve: bool = True) -> SalesOrder:
    """Draft → confirmed (then reserved, or backordered where stock is short, with `reserve`).

    Raises IllegalTransition for an order that is not a draft, writing nothing.
    """
    with transaction.atomic():
        order = lock_order(order_id)
        order.status = domain.check_transition(order.status, domain.OrderStatus.CONFIRMED).value
        order.save(update_fields=["status", "updated_at"])
        record_order_change(order=order, action="order.confirmed", user=user, source=source, data={})
        if reserve:
            order = reserve_order(order_id=order.pk, user=user, source=source)
    return order
