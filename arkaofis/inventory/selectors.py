"""Reads of stock: availability, balances, history, valuation."""

from typing import NamedTuple

from django.db import connection
from django.db.models import Q, QuerySet, Sum

from arkaofis.catalog.exceptions import UnknownSku
from arkaofis.catalog.models import Product

# Re-exported: inventory's routes look products up through `selectors.product_by_sku`; it lives in catalog.
from arkaofis.catalog.selectors import product_by_sku as product_by_sku
from arkaofis.inventory import domain
from arkaofis.inventory.exceptions import UnknownLocation, UnknownWarehouse
from arkaofis.inventory.models import Kind, Location, LowStockAlert, Quant, StockMove, Usage, Warehouse


def location_by_code(code: str) -> Location:
    """The location with this code (its path, e.g. IST/A/A-01-02), or UnknownLocation."""
    location = None if "\x00" in code else Location.objects.filter(code=code).first()
    if location is None:
        raise UnknownLocation(code)
    return location


def warehouse_by_code(code: str) -> Warehouse:
    """The warehouse with this code, or UnknownWarehouse."""
    warehouse = None if "\x00" in code else Warehouse.objects.filter(code=code).first()
    if warehouse is None:
        raise UnknownWarehouse(code)
    return warehouse


def virtual_location(usage: str) -> Location:
    """The shared virtual location for a usage (supplier, customer, adjustment, …)."""
    location = Location.objects.filter(usage=usage, kind="virtual").order_by("pk").first()
    if location is None:
        raise UnknownLocation(f"virtual/{usage}")
    return location


def available_by_warehouse(product_id: int) -> dict[int, int]:
    """Available-to-promise (on hand − reserved) per warehouse id, for one stocked product."""
    rows = (
        Quant.objects.filter(product_id=product_id, warehouse_id__isnull=False)
        .values_list("warehouse_id")
        .annotate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    )
    return {warehouse_id: max(0, on_hand - reserved) for warehouse_id, on_hand, reserved in rows}


def available_to_promise(product: Product) -> dict[int, int]:
    """ATP per warehouse id; a kit's is what its components can make in that warehouse."""
    if not product.is_kit:
        return available_by_warehouse(product.pk)
    bill = dict(product.components.values_list("component_id", "quantity"))
    per_component = {component: available_by_warehouse(component) for component in bill}
    warehouses = set().union(*per_component.values()) if per_component else set()
    result = {}
    for warehouse_id in warehouses:
        stock = {component: per_component[component].get(warehouse_id, 0) for component in bill}
        result[warehouse_id] = domain.kit_availability(stock, bill)
    return result


class SkuAvailability(NamedTuple):
    product_id: int
    by_warehouse: dict[int, int]


_ATP_BY_SKU = """
    SELECT p.id, p.is_kit, q.warehouse_id, SUM(q.on_hand - q.reserved)
    FROM catalog_product p
    LEFT JOIN inventory_quant q ON q.product_id = p.id AND q.warehouse_id IS NOT NULL
    WHERE p.sku = %s
    GROUP BY p.id, p.is_kit, q.warehouse_id
"""


def available_to_promise_by_sku(sku: str) -> SkuAvailability:
    """ATP per warehouse id for a SKU in one statement (the hot read channels and screens make).

    Kits fall back to their components. Raises UnknownSku.
    """
    with connection.cursor() as cursor:
        cursor.execute(_ATP_BY_SKU, [sku])
        rows = cursor.fetchall()
    if not rows:
        raise UnknownSku(sku)
    product_id, is_kit = rows[0][0], rows[0][1]
    if is_kit:
        return SkuAvailability(product_id, available_to_promise(Product.objects.get(pk=product_id)))
    by_warehouse = {warehouse_id: max(0, free) for _, _, warehouse_id, free in rows if warehouse_id is not None}
    return SkuAvailability(product_id, by_warehouse)


def stock_by_location(product: Product) -> QuerySet[Quant]:
    return (
        Quant.objects.filter(product=product)
        .filter(Q(on_hand__gt=0) | Q(reserved__gt=0) | Q(location__usage=Usage.INTERNAL))
        .exclude(on_hand=0, reserved=0)
        .select_related("location", "lot", "warehouse")
        .order_by("location__code")
    )


def move_history(product: Product, limit: int = 100) -> QuerySet[StockMove]:
    return (
        StockMove.objects.filter(product=product)
        .select_related("from_location", "to_location", "lot", "user")
        .order_by("-created_at", "-id")[:limit]
    )


def open_low_stock_alerts() -> QuerySet[LowStockAlert]:
    return LowStockAlert.objects.filter(resolved_at__isnull=True).select_related("product", "warehouse")


def home_bin(product: Product, warehouse: Warehouse) -> Location | None:
    """Where the product lives in the warehouse, for stock coming back (a return restocked): the
    active bin holding most of it, else the bin it last left from; None if it never had one."""
    bins = Location.objects.filter(warehouse=warehouse, usage=Usage.INTERNAL, kind=Kind.BIN, active=True)
    holding = (
        Quant.objects.filter(product=product, location__in=bins, on_hand__gt=0)
        .values("location")
        .annotate(units=Sum("on_hand"))
        .order_by("-units", "location__code")
        .values_list("location", flat=True)
        .first()
    )
    if holding is None:
        holding = (
            StockMove.objects.filter(product=product, from_location__in=bins)
            .order_by("-created_at", "-pk")
            .values_list("from_location", flat=True)
            .first()
        )
    return Location.objects.get(pk=holding) if holding is not None else None
