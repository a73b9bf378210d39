"""Reads for the set-up screens and API: the location tree with units on hand, and reorder
rules with the available stock they watch."""

from dataclasses import dataclass, field

from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from arkaofis.inventory.models import Location, Quant, ReorderRule, Reservation, Usage, Warehouse


def reorder_rules_with_available() -> QuerySet[ReorderRule]:
    """Every rule, annotated with `available` (on hand − reserved in its warehouse) now."""
    free = (
        Quant.objects.filter(product=OuterRef("product"), warehouse=OuterRef("warehouse"))
        .values("product")
        .annotate(total=Sum(F("on_hand") - F("reserved")))
        .values("total")
    )
    return ReorderRule.objects.select_related("product", "warehouse").annotate(
        available=Coalesce(Subquery(free, output_field=IntegerField()), Value(0))
    )


@dataclass
class Node:
    location: Location
    on_hand: int = 0
    children: list["Node"] = field(default_factory=list)


@dataclass
class WarehouseTree:
    warehouse: Warehouse
    root: Node | None
    locations: int = 0


def location_trees() -> list[WarehouseTree]:
    """Each warehouse with its zone/bin tree and units on hand per location (two queries)."""
    on_hand = dict(Quant.objects.values("location").annotate(total=Sum("on_hand")).values_list("location", "total"))
    nodes = {
        loc.pk: Node(loc, on_hand.get(loc.pk) or 0)
        for loc in Location.objects.filter(usage=Usage.INTERNAL).select_related("warehouse").order_by("code")
    }
    roots: dict[int, Node] = {}
    for node in nodes.values():
        parent = nodes.get(node.location.parent_id) if node.location.parent_id else None
        if parent is not None:
            parent.children.append(node)
        elif node.location.warehouse_id and node.location.kind == "warehouse":
            roots[node.location.warehouse_id] = node
    trees = []
    for warehouse in Warehouse.objects.all():
        count = sum(1 for n in nodes.values() if n.location.warehouse_id == warehouse.pk)
        trees.append(WarehouseTree(warehouse, roots.get(warehouse.pk), count))
    _orphans_under_roots(nodes, roots)
    return trees


def _orphans_under_roots(nodes: dict[int, Node], roots: dict[int, Node]) -> None:
    """Internal locations made without a parent (imports, old data) still show, under their
    warehouse's root, so nothing that holds stock is hidden."""
    for node in nodes.values():
        loc = node.location
        root = roots.get(loc.warehouse_id) if loc.warehouse_id else None
        if loc.parent_id is None and root is not None and node is not root:
            root.children.append(node)


def virtual_locations() -> QuerySet[Location]:
    return (
        Location.objects.exclude(usage=Usage.INTERNAL)
        .annotate(on_hand=Coalesce(Sum("quants__on_hand"), Value(0)))
        .order_by("usage", "code")
    )


def reservations_filtered(*, status: str = "", sku: str = "", demand_ref: str = "") -> QuerySet[Reservation]:
    rows = Reservation.objects.select_related("product", "warehouse", "location", "lot", "user")
    if status:
        rows = rows.filter(status=status)
    if sku:
        rows = rows.filter(product__sku__iexact=sku)
    if demand_ref:
        rows = rows.filter(demand_ref=demand_ref)
    return rows.order_by("-created_at", "-id")
