"""What the return services share: locking, the warehouse's return locations, and the ledger
moves of a returned line (a kit line moves its components by the bill of materials)."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext

from arkaofis.catalog.models import KitComponent, Product, Tracking
from arkaofis.core.exceptions import Conflict
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory.exceptions import LotRequired
from arkaofis.inventory.models import Kind, Location, Lot, MoveReason, StockMove, Usage, Warehouse
from arkaofis.inventory.selectors import home_bin
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
    return order, SalesReturn.objects.select_for_update(of=("self",)).select_related("warehouse").get(pk=return_id)


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


def restock_location(warehouse: Warehouse, product: Product) -> Location:
    """Sellable again: back in the product's bin (inventory.selectors.home_bin); a product that
    never had a bin there goes to the warehouse's root location (its receiving area, put away
    from there) or, in a warehouse set up without one, its first internal location by code."""
    home = home_bin(product, warehouse)
    if home is not None:
        return home
    internal = Location.objects.filter(warehouse=warehouse, usage=Usage.INTERNAL, active=True)
    location = internal.filter(kind=Kind.WAREHOUSE).order_by("pk").first() or internal.order_by("code").first()
    if location is None:
        raise Conflict(
            gettext("Warehouse %(warehouse)s has no internal location to restock into") % {"warehouse": warehouse.code},
            warehouse=warehouse.code,
        )
    return location


def line_units(line: SalesOrderLine, units: int) -> list[tuple[Product, int]]:
    """(product, quantity) the ledger moves for `units` of a line: a kit's components, or the product."""
    components = KitComponent.objects.filter(kit_id=line.product_id, kit__is_kit=True).select_related("component")
    parts = [(component.component, units * component.quantity) for component in components.order_by("component_id")]
    return parts or [(Product.objects.get(pk=line.product_id), units)]


def move_units(
    line: SalesOrderLine,
    units: int,
    *,
    origin: Location,
    target: Location | Callable[[Product], Location],
    came: QuerySet[StockMove],
    document: str,
    user: Any,
    source: str,
) -> list[Location]:
    """Move `units` of a line from `origin` to `target` (or, a function of the product, to each
    product's own place: a kit's components each to theirs); return where they went. Lot- and
    serial-tracked units move with the lots that reached `origin` through the moves `came` (and
    have not left it for this document yet), so a returned serial number is the one that was shipped."""
    left_by_document = StockMove.objects.filter(from_location=origin, source_document=document)
    places = []
    for product, quantity in line_units(line, units):
        place = target(product) if callable(target) else target
        places.append(place)
        for lot, take in _lots(product, quantity, came=came.filter(to_location=origin), gone=left_by_document):
            post_move(
                product=product,
                quantity=take,
                from_location=origin,
                to_location=place,
                reason=MoveReason.RETURN,
                lot=lot,
                source_document=document,
                user=user,
                source=source,
            )
    return places


def _lots(
    product: Product, quantity: int, *, came: QuerySet[StockMove], gone: QuerySet[StockMove]
) -> list[tuple[Lot | None, int]]:
    """Split `quantity` over the lots that came and are not gone yet, oldest lot first."""
    if product.tracking == Tracking.NONE:
        return [(None, quantity)]
    arrived = came.filter(product=product, lot__isnull=False).values_list("lot_id").annotate(units=Sum("quantity"))
    left = dict(gone.filter(product=product).values_list("lot_id").annotate(units=Sum("quantity")))
    plan: list[tuple[int, int]] = []
    wanted = quantity
    for lot_id, units in arrived.order_by("lot_id"):
        take = min(wanted, units - left.get(lot_id, 0))
        if take > 0:
            plan.append((lot_id, take))
            wanted -= take
    if wanted:
        raise LotRequired(product.sku)
    lots = Lot.objects.in_bulk([lot_id for lot_id, _ in plan])
    return [(lots[lot_id], take) for lot_id, take in plan]


def record_return_change(
    *, sales_return: SalesReturn, order: SalesOrder, action: str, topic: str, user: Any, source: str, data: dict
) -> None:
    """An audit row on the return, and the order's own audit row and outbox event (its timeline)."""
    details = {"sales_return": sales_return.number, "return_status": sales_return.status, **data}
    record_audit(user=user, source=source, action=action, obj=sales_return, data=details)
    record_order_change(order=order, action=action, topic=topic, user=user, source=source, data=details)
