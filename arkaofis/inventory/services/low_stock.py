"""Low-stock alerts: raised when a warehouse's available stock drops below its reorder rule,
resolved when it recovers. Raising one writes an outbox event."""

from collections import defaultdict

from django.db.models import Sum
from django.utils import timezone

from arkaofis.core.services.outbox import emit_event
from arkaofis.inventory.models import Location, LowStockAlert, Quant, ReorderRule, Usage


def check_thresholds(
    *, product_id: int, from_location: Location, to_location: Location, quantity: int, reserved_taken: int, held: bool
) -> None:
    """Evaluate the rules of the warehouses whose available stock (on hand − reserved) a move changed.

    The place it left loses the free units it took (`quantity` − the `reserved_taken` that were held
    for this move); the place it reached gains them unless they arrive `held`. So a pick (held bin →
    held packing), a shipment of held units and a move between two places of one warehouse change
    nothing, and no rule is read.
    """
    change: dict[int, int] = defaultdict(int)
    if from_location.usage == Usage.INTERNAL and from_location.warehouse_id:
        change[from_location.warehouse_id] -= quantity - reserved_taken
    if to_location.usage == Usage.INTERNAL and to_location.warehouse_id:
        change[to_location.warehouse_id] += 0 if held else quantity
    warehouse_ids = [warehouse_id for warehouse_id, units in change.items() if units]
    if not warehouse_ids:
        return
    for rule in ReorderRule.objects.filter(product_id=product_id, warehouse_id__in=warehouse_ids):
        evaluate_rule(rule)


def evaluate_rule(rule: ReorderRule) -> LowStockAlert | None:
    """Open or close the alert for one rule; return the open alert, if any."""
    available = available_in_warehouse(rule.product_id, rule.warehouse_id)
    open_alert = LowStockAlert.objects.filter(
        product_id=rule.product_id, warehouse_id=rule.warehouse_id, resolved_at__isnull=True
    ).first()
    if available < rule.min_quantity:
        if open_alert is None:
            open_alert = LowStockAlert.objects.create(
                product_id=rule.product_id,
                warehouse_id=rule.warehouse_id,
                available=available,
                threshold=rule.min_quantity,
                raised_at=timezone.now(),
            )
            emit_event(
                topic="stock.low",
                payload={
                    "product_id": rule.product_id,
                    "sku": rule.product.sku,
                    "warehouse": rule.warehouse.code,
                    "available": available,
                    "threshold": rule.min_quantity,
                    "reorder_quantity": rule.reorder_quantity,
                },
            )
        elif open_alert.available != available:
            open_alert.available = available
            open_alert.save(update_fields=["available"])
        return open_alert
    if open_alert is not None:
        open_alert.resolved_at = timezone.now()
        open_alert.available = available
        open_alert.save(update_fields=["resolved_at", "available"])
    return None


def available_in_warehouse(product_id: int, warehouse_id: int) -> int:
    totals = Quant.objects.filter(product_id=product_id, warehouse_id=warehouse_id).aggregate(
        on_hand=Sum("on_hand"), reserved=Sum("reserved")
    )
    return (totals["on_hand"] or 0) - (totals["reserved"] or 0)
