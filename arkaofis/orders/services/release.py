"""Release a reserved order to the warehouse that holds its stock, unless a hold stops it."""

from typing import Any

from django.db import transaction

from arkaofis.inventory.models import Warehouse
from arkaofis.orders import domain
from arkaofis.orders.events import record_order_change
from arkaofis.orders.exceptions import WarehouseMismatch
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.selectors import active_reservations
from arkaofis.orders.services._locking import lock_order


def release_order(*, order_id: int, user: Any, source: str, warehouse_id: int | None = None) -> SalesOrder:
    """Release to `warehouse_id`, or to the one warehouse holding the order's reservations.

    Raises OrderOnHold while any hold is active, IllegalTransition unless reserved, and
    WarehouseMismatch when the stock is reserved elsewhere (or in several warehouses: a split
    shipment, which routing will handle).
    """
    with transaction.atomic():
        order = lock_order(order_id)
        kinds = order.holds.filter(lifted_at__isnull=True).values_list("kind", flat=True)
        domain.check_release(number=order.number, status=order.status, active_hold_kinds=list(kinds))
        reserved_in = _reserved_warehouses(order)
        target = Warehouse.objects.get(pk=warehouse_id) if warehouse_id else None
        if len(reserved_in) != 1 or (target is not None and target.pk not in reserved_in):
            wanted = target.code if target else "one warehouse"
            raise WarehouseMismatch(order.number, wanted, sorted(reserved_in.values()))
        order.warehouse_id = next(iter(reserved_in))
        order.status = domain.OrderStatus.RELEASED
        order.save(update_fields=["status", "warehouse", "updated_at"])
        record_order_change(
            order=order,
            action="order.released",
            user=user,
            source=source,
            data={"warehouse": reserved_in[order.warehouse_id]},
        )
        return order


def _reserved_warehouses(order: SalesOrder) -> dict[int, str]:
    return dict(active_reservations(order).values_list("warehouse_id", "warehouse__code").distinct())
