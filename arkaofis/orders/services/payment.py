"""Record a change of an order's payment status (a channel says it is now paid, or refunded)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.orders.events import record_order_change
from arkaofis.orders.models import PaymentStatus, SalesOrder
from arkaofis.orders.services._locking import lock_order


def set_payment_status(*, order_id: int, payment_status: str, user: Any, source: str) -> tuple[SalesOrder, bool]:
    """Set the payment status at any stage of the order (money moves after release too); return
    (order, changed). The same status again changes nothing. Holds are left for a person to lift."""
    if payment_status not in PaymentStatus.values:
        raise InvalidInput(
            gettext("Unknown payment status %(payment_status)r") % {"payment_status": payment_status},
            field="payment_status",
        )
    with transaction.atomic():
        order = lock_order(order_id)
        if order.payment_status == payment_status:
            return order, False
        before, order.payment_status = order.payment_status, payment_status
        order.save(update_fields=["payment_status", "updated_at"])
        record_order_change(
            order=order,
            action="order.payment_changed",
            user=user,
            source=source,
            data={"payment_status": {"before": before, "after": payment_status}},
        )
        return order, True
