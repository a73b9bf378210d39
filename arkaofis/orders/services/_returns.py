"""What the return services share: locking, the warehouse's return locations, and the ledger
moves of a returned line (a kit line moves its components by the bill of materials)."""

from typing import Any

from arkaofis.catalog.models import KitComponent, Product
from arkaofis.core.exceptions import Conflict
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.models import Kind, Location, MoveReason, Usage, Warehouse
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.locations import ensure_warehouse_virtual_location
from arkaofis.orders.events import record_order_change
from arkaofis.orders.exceptions import UnknownReturn
from arkaofis.orders.models import SalesOrder, SalesOrderLine, SalesReturn
from arkaofis.orders.services._locking import lock_order


def lock_return(return_id: int) -> tuple[SalesOrder, SalesReturn]:
    """The order first, then the return (the order lock serialises every change to its lines)."""
    order_id = SalesReturn.objects.filter(pk=return_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise UnknownReturn(f"#{return_id}")
    order = lock_order(order_id)
    return order, SalesReturn.objects.select_for_update().select_related("warehouse").get(pk=return_id)


def returns_location(warehouse: Warehouse, *, user: Any, source: str) -> Location:
    """Where returned parcels wait for inspection: the warehouse's own returns location."""
    return ensure_warehouse_virtual_location(
        warehouse=warehouse, usage=Usage.RETURNS, suffix="RETURNS", name="Returns", user=user, source=source
    )


def quarantine_location(warehouse: Warehouse, *, user: Any, source: str) -> Location:
    """Goods kept for a closer look (a supplier claim, repair): a returns-usage location, so
    available-to-promise (internal locations only) never counts them."""
    return ensure_warehouse_virtual_location(
        warehouse=warehouse, usage=Usage.RETURNS, suffix="QUARANTINE", name="Quarantine", user=user, source=source
    )


def restock_location(warehouse: Warehouse) -> Location:
    """Sellable again: the warehouse's root location (its receiving area, put away from there),
    or, in a warehouse set up without one, its first internal location by code."""
    internal = Location.objects.filter(warehouse=warehouse, usage=Usage.INTERNAL, active=True)
    location = internal.filter(kind=Kind.WAREHOUSE).order_by("pk").first() or internal.order_by("code").first()
    if location is None:
        raise Conflict(f"Warehouse {warehouse.code} has no internal location to restock into", warehouse=warehouse.code)
    return location


def line_units(line: SalesOrderLine, units: int) -> list[tuple[Product, int]]:
    """(product, quantity) the ledger moves for `units` of a line: a kit's components, or the product."""
    components = KitComponent.objects.filter(kit_id=line.product_id, kit__is_kit=True).select_related("component")
    parts = [(component.component, units * component.quantity) for component in components.order_by("component_id")]
    return parts or [(Product.objects.get(pk=line.product_id), units)]


def move_units(
    line: SalesOrderLine, units: int, *, origin: Location, target: Location, document: str, user: Any, source: str
) -> None:
    for product, quantity in line_units(line, units):
        post_move(
            product=product,
            quantity=quantity,
            from_location=origin,
            to_location=target,
            reason=MoveReason.RETURN,
            source_document=document,
            user=user,
            source=source,
        )


def record_return_change(
    *, sales_return: SalesReturn, order: SalesOrder, action: str, topic: str, user: Any, source: str, data: dict
) -> None:
    """An audit row on the return, and the order's own audit row and outbox event (its timeline)."""
    details = {"sales_return": sales_return.number, "return_status": sales_return.status, **data}
    record_audit(user=user, source=source, action=action, obj=sales_return, data=details)
    record_order_change(order=order, action=action, topic=topic, user=user, source=source, data=details)
