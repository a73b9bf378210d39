"""Fulfilment's part in orders' changes: orders announce (orders/events.py), fulfilment acts on its
own tables in the same transaction (subscribed in apps.py; DESIGN.md, "Owners")."""

from arkaofis.fulfilment.models import Shipment, ShipmentLine, ShipmentStatus
from arkaofis.orders.events import OrderCancelled, OrderReleased


def create_shipments(event: OrderReleased) -> None:
    """One shipment per warehouse of the release's plan, a line per order line with units there."""
    for warehouse_id in sorted(event.plan):
        shipment = Shipment.objects.create(order_id=event.order_id, warehouse_id=warehouse_id)
        ShipmentLine.objects.bulk_create(
            ShipmentLine(shipment=shipment, order_line_id=line_id, quantity=units)
            for line_id, units in sorted(event.plan[warehouse_id].items())
            if units > 0
        )
        event.shipments.append(shipment.number)


def cancel_pending_shipments(event: OrderCancelled) -> None:
    """What has not left the warehouse does not leave it (the lifecycle refuses a cancel after shipping)."""
    pending = Shipment.objects.filter(order_id=event.order_id, status=ShipmentStatus.PENDING)
    event.cancelled_shipments.extend(Shipment(pk=pk).number for pk in pending.values_list("pk", flat=True))
    pending.update(status=ShipmentStatus.CANCELLED)
