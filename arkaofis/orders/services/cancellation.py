"""Cancel an order: every reservation of every line (and kit component) goes back to stock,
and a released order's pending shipments are cancelled with it (by fulfilment, which subscribes to
OrderCancelled). Once anything has shipped the lifecycle refuses the cancel: what left the
warehouse comes back through a return."""

from typing import Any

from django.db import transaction

from arkaofis.core.events import publish
from arkaofis.inventory.services.reservations import release_demand
from arkaofis.orders import domain
from arkaofis.orders.events import OrderCancelled, record_order_change
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.selectors import active_reservations
from arkaofis.orders.services._locking import lock_order
from arkaofis.work.services.closing import cancel_tasks


def cancel_order(*, order_id: int, user: Any, source: str, reason: str = "") -> SalesOrder:
    """Cancel an order not yet partly shipped. Raises IllegalTransition otherwise."""
    with transaction.atomic():
        order = lock_order(order_id)
        order.status = domain.check_transition(order.status, domain.OrderStatus.CANCELLED)
        released = release_order_demands(order=order, user=user, source=source)
        order.lines.update(reserved_quantity=0)
        order.save(update_fields=["status", "updated_at"])
        cancelled = OrderCancelled(order_id=order.pk, user=user, source=source)
        publish(cancelled)
        # The order's own tasks (a hold to review) wait for nobody now.
        cancel_tasks(document_ref=order.number, user=user, source=source, reason="order cancelled")
        record_order_change(
            order=order,
            action="order.cancelled",
            topic="order.cancelled",
            user=user,
            source=source,
            data={"reason": reason, "released_units": released, "cancelled_shipments": cancelled.cancelled_shipments},
        )
        return order


def release_order_demands(*, order: SalesOrder, user: Any, source: str) -> int:
    """Release every active reservation whose demand belongs to `order`; return the units freed.

    Found by the demand prefix rather than rebuilt from the lines, so a kit whose bill of
    materials changed since it was reserved still gives back exactly what it holds.
    """
    refs = active_reservations(order).order_by("demand_ref").values_list("demand_ref", flat=True).distinct()
    return sum(
        release_demand(demand_ref=ref, user=user, source=source, owner=domain.DEMAND_OWNER) for ref in list(refs)
    )
