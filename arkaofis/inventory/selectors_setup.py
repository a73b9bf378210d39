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
    on_hand: int = 0  # on this location itself
    children: list["Node"] = field(default_factory=list)

    @property
    def total_on_hand(self) -> int:
        """Units here and in every location below: a warehouse or zone holds what its bins hold."""
        return self.on_hand + sum(child.total_on_hand for child in self.children)


@dataclass
class WarehouseTree:
    warehouse: Warehouse
    nodes: list[Node]  # the root location, or (older data without one) its top-level locations


def location_trees() -> list[WarehouseTree]:
    """Each warehouse with its zone/bin tree and units on hand per location (three queries).

    Internal locations made without a parent (imports, older data) still show, under their
    warehouse's root or at its top, so nothing that holds stock is hidden."""
    on_hand = dict(Quant.objects.values("location").annotate(total=Sum("on_hand")).values_list("location", "total"))
    nodes = {
        loc.pk: Node(loc, on_hand.get(loc.pk) or 0)
        for loc in Location.objects.filter(usage=Usage.INTERNAL).order_by("code")
    }
    roots = {
        n.location.warehouse_id: n
        for n in nodes.values()
        if n.location.kind == "warehouse" and not n.location.parent_id
    }
    tops: dict[int | None, list[Node]] = {}
    for node in nodes.values():
        loc = node.location
        parent = nodes.get(loc.parent_id) if loc.parent_id else roots.get(loc.warehouse_id)
        if parent is not None and parent is not node:
            parent.children.append(node)
        elif node is not roots.get(loc.warehouse_id):
            tops.setdefault(loc.warehouse_id, []).append(node)
    return [WarehouseTree(w, [roots[w.pk]] if w.pk in roots else tops.get(w.pk, [])) for w in Warehouse.objects.all()]


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
