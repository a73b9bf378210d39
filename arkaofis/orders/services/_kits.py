"""Kits as their components: what reserving and routing a kit line takes from stock."""

from collections import defaultdict

from arkaofis.catalog.models import KitComponent
from arkaofis.inventory.domain import Demand

# (component product id, component SKU, units per kit)
Component = tuple[int, str, int]


def kit_components(product_ids: list[int]) -> dict[int, list[Component]]:
    """The bill of materials of each kit among `product_ids` (plain products are absent)."""
    bom: dict[int, list[Component]] = defaultdict(list)
    rows = KitComponent.objects.filter(kit_id__in=set(product_ids), kit__is_kit=True).order_by("component_id")
    for kit_id, component_id, sku, per_kit in rows.values_list("kit_id", "component_id", "component__sku", "quantity"):
        bom[kit_id].append((component_id, sku, per_kit))
    return dict(bom)


def line_demands(
    *, product_id: int, sku: str, quantity: int, components: list[Component] | None, warehouse_id: int | None
) -> list[tuple[str, Demand]]:
    """What one order line asks of stock, as (SKU, demand): a plain line its own product; a kit
    line each component, `quantity × units per kit`. The line is held whole or not at all
    (the allocation planner's rule), so one line's demands are always reserved together."""
    if not components:
        return [(sku, Demand(product_id, quantity, warehouse_id))]
    return [
        (component_sku, Demand(component_id, quantity * per_kit, warehouse_id))
        for component_id, component_sku, per_kit in components
    ]
