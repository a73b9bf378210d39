"""Kits as their components: what reserving and routing a kit line takes from stock."""

from collections import defaultdict

from arkaofis.catalog.models import KitComponent

# (component product id, component SKU, units per kit)
Component = tuple[int, str, int]


def kit_components(product_ids: list[int]) -> dict[int, list[Component]]:
    """The bill of materials of each kit among `product_ids` (plain products are absent)."""
    bom: dict[int, list[Component]] = defaultdict(list)
    rows = KitComponent.objects.filter(kit_id__in=set(product_ids), kit__is_kit=True).order_by("component_id")
    for kit_id, component_id, sku, per_kit in rows.values_list("kit_id", "component_id", "component__sku", "quantity"):
        bom[kit_id].append((component_id, sku, per_kit))
    return dict(bom)
