"""What fulfilment reports back to the order: units shipped, a shipment delivered.

Fulfilment owns shipments and moves the stock; the order's lines and status are orders' own, so
fulfilment changes them only through these services (DESIGN.md, "Owners"), inside its transaction.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from arkaofis.core.exceptions import InvalidInput
from arkaofis.orders import domain
from arkaofis.orders.events import record_order_change
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services._locking import lock_order


def mark_shipped(
    *,
    order_id: int,
    units: Mapping[int, int],
    shipment: str,
    warehouse: str,
    carrier: str,
    tracking_number: str,
    user: Any,
    source: str,
) -> SalesOrder:
    """`units` ({order line id: units}) left `warehouse` with `shipment`: they are shipped, no longer
    reserved, and the order is shipped or partly shipped. Emits order.shipped.

    Raises InvalidInput for a line not of this order and IllegalTransition when the order may not ship.
    """
    with transaction.atomic():
        order = lock_order(order_id)
        every_line = list(order.lines.all())
        lines = {line.pk: line for line in every_line if line.pk in units}
        unknown = sorted(set(units) - set(lines))
        if unknown:
            raise InvalidInput(f"Lines {unknown} are not lines of {order.number}", field="lines", lines=unknown)
        shipped = []
        for line in sorted(lines.values(), key=lambda ln: ln.line_no):
            quantity = units[line.pk]
            line.shipped_quantity += quantity
            line.reserved_quantity = max(0, line.reserved_quantity - quantity)
            line.save(update_fields=["shipped_quantity", "reserved_quantity"])
            shipped.append({"line": line.line_no, "sku": line.sku, "quantity": quantity})
        everything = all(ln.shipped_quantity >= ln.quantity for ln in every_line)
        status = domain.S.SHIPPED if everything else domain.S.PARTIALLY_SHIPPED
        order.status = domain.check_transition(order.status, status)
        order.save(update_fields=["status", "updated_at"])
        record_order_change(
            order=order,
            action="order.shipped",
            topic="order.shipped",
            user=user,
            source=source,
            data={
                "shipment": shipment,
                "warehouse": warehouse,
                "carrier": carrier,
                "tracking_number": tracking_number,
                "lines": shipped,
            },
        )
        return order


def mark_delivered(
    *, order_id: int, shipment: str, warehouse: str, shipments_open: bool, user: Any, source: str
) -> SalesOrder:
    """The carrier delivered `shipment`. The order is delivered once it has shipped whole and no other
    shipment of it is still pending or on its way (`shipments_open`); otherwise the delivery is noted."""
    with transaction.atomic():
        order = lock_order(order_id)
        data = {"shipment": shipment, "warehouse": warehouse}
        if order.status == domain.S.SHIPPED and not shipments_open:
            order.status = domain.check_transition(order.status, domain.S.DELIVERED)
            order.save(update_fields=["status", "updated_at"])
            record_order_change(
                order=order, action="order.delivered", topic="order.delivered", user=user, source=source, data=data
            )
        else:
            record_order_change(order=order, action="shipment.delivered", user=user, source=source, data=data)
        return order
