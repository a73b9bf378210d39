"""Fulfilment's part in orders' changes: orders announce (orders/events.py), fulfilment acts on its
own tables in the same transaction (subscribed in apps.py; DESIGN.md, "Owners")."""

from arkaofis.fulfilment.domain.stages import IN_WAREHOUSE
from arkaofis.fulfilment.models import PickLine, PickLineStatus, Shipment, ShipmentLine, ShipmentStatus
from arkaofis.fulfilment.services.picking import close_finished_batches
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
    cancelled = Shipment.objects.filter(order_id=event.order_id, status__in=open_stages)
    ids = list(cancelled.values_list("pk", flat=True))
    event.cancelled_shipments.extend(Shipment(pk=pk).number for pk in ids)
    stops = PickLine.objects.filter(shipment_id__in=ids, status=PickLineStatus.OPEN)
    batches = sorted(set(stops.values_list("batch_id", flat=True)))
    stops.update(status=PickLineStatus.CANCELLED)
    cancelled.update(status=ShipmentStatus.CANCELLED)
    close_finished_batches(batches)
