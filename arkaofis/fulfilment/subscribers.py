"""Fulfilment's part in orders' changes: orders announce (orders/events.py), fulfilment acts on its
own tables in the same transaction (subscribed in apps.py; DESIGN.md, "Owners")."""

from arkaofis.fulfilment.domain.stages import AT_PACKING, IN_WAREHOUSE
from arkaofis.fulfilment.models import PickLine, PickLineStatus, Shipment, ShipmentLine, ShipmentStatus
from arkaofis.fulfilment.services import floor_tasks
from arkaofis.fulfilment.services.progress import close_finished_batches
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
    """What has not left the warehouse does not leave it (the lifecycle refuses a cancel after shipping).

    Stops not yet picked are dropped; units already at packing are freed by the order's cancel
    (it releases every hold) and wait there to be put away.
    """
    open_stages = [str(stage) for stage in IN_WAREHOUSE]
    cancelled = list(Shipment.objects.filter(order_id=event.order_id, status__in=open_stages).order_by("pk"))
    event.cancelled_shipments.extend(shipment.number for shipment in cancelled)
    stops = PickLine.objects.filter(shipment__in=cancelled, status=PickLineStatus.OPEN)
    batches = sorted(set(stops.values_list("batch_id", flat=True)))
    stops.update(status=PickLineStatus.CANCELLED)
    for shipment in cancelled:
        at_packing = shipment.status in AT_PACKING or shipment.pick_lines.filter(picked_quantity__gt=0).exists()
        shipment.status = ShipmentStatus.CANCELLED
        shipment.save(update_fields=["status"])
        floor_tasks.shipment_cancelled(shipment, left_at_packing=at_packing, user=event.user, source=event.source)
    close_finished_batches(batches, user=event.user, source=event.source)
