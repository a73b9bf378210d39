"""Reads of shipments: the floor's list (pending first), one shipment by its number, and what a cancelled
shipment left at packing."""

import re
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Min, QuerySet, Sum, Value, When, prefetch_related_objects

from arkaofis.catalog.models import Product
from arkaofis.fulfilment.domain.stages import IN_WAREHOUSE
from arkaofis.fulfilment.exceptions import UnknownShipment
from arkaofis.fulfilment.models import Shipment, ShipmentLine, ShipmentStatus
from arkaofis.fulfilment.services.places import PACKING
from arkaofis.inventory.models import Location, Lot, Quant, StockMove

_NUMBER = re.compile(r"^SH-(\d{1,18})$", re.IGNORECASE)
# What the floor still has to do comes first: the stages still in the warehouse, then shipped (awaiting delivery).
_STATUS_RANK = Case(
    When(status__in=[str(stage) for stage in IN_WAREHOUSE], then=Value(0)),
    When(status=ShipmentStatus.SHIPPED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def parse_shipment_number(number: str) -> int | None:
    match = _NUMBER.match(number.strip())
    return int(match.group(1)) if match else None


def _rows() -> QuerySet[Shipment]:
    return Shipment.objects.select_related("order", "order__shipping", "warehouse").prefetch_related(
        "lines__order_line"
    )


def shipment_list(*, status: str | None = None, warehouse: str | None = None) -> QuerySet[Shipment]:
    """Shipments, pending first, then oldest first within a status (the order they were released)."""
    rows = _rows()
    if status:
        rows = rows.filter(status=status)
    if warehouse:
        rows = rows.filter(warehouse__code=warehouse)
    return rows.annotate(rank=_STATUS_RANK).order_by("rank", "created_at", "id")


def shipment_by_number(number: str) -> Shipment:
    pk = parse_shipment_number(number)
    shipment = None if pk is None else _rows().filter(pk=pk).first()
    if shipment is None:
        raise UnknownShipment(number)
    return shipment


def order_shipments(order_id: int) -> list[Shipment]:
    return list(_rows().filter(order_id=order_id).order_by("id"))


def packing_lines(shipment: Shipment) -> list[ShipmentLine]:
    """The shipment's lines in order-line order, with their products (and a kit's bill when there are kits)."""
    lines = list(shipment.lines.select_related("order_line__product").order_by("order_line__line_no"))
    if any(line.order_line.product.is_kit for line in lines):  # their bills, read only when there are kits
        prefetch_related_objects(lines, "order_line__product__components__component")
    return lines


def bill_of(line: ShipmentLine) -> dict[int, int]:
    """A kit line's bill of materials ({component id: units per kit}); {} for a plain line."""
    product = line.order_line.product
    if not product.is_kit:
        return {}
    return {part.component_id: part.quantity for part in product.components.all()}


def scanned_parts(line: ShipmentLine) -> dict[int, int]:
    return {int(component): units for component, units in (line.packed_parts or {}).items()}


def kit_progress(line: ShipmentLine) -> list[tuple[str, int, int]]:
    """For the pack screen: each component of a kit line as (SKU, scanned, needed)."""
    scanned = scanned_parts(line)
    return (
        [
            (part.component.sku, scanned.get(part.component_id, 0), part.quantity * line.to_ship)
            for part in line.order_line.product.components.all()
        ]
        if line.order_line.product.is_kit
        else []
    )


@dataclass(frozen=True)
class AtPacking:
    """Units of one product (and lot) a cancelled shipment left at packing, still to go back to a shelf."""

    product: Product
    lot: Lot | None
    units: int


def left_at_packing(shipment: Shipment) -> list[AtPacking]:
    """What of `shipment` waits at its warehouse's packing station to be put away, by product and lot.

    The ledger says what the shipment brought there: its picks moved units in and its put-aways took them
    out, both under its number. A cancel freed them (the order released every hold), so the planner may
    have promised some to another order since; those stay at packing for that order, so no more than is
    free there counts. Products by SKU, each one's lots in the order they reached packing (oldest first).
    """
    place = Location.objects.filter(code=f"{shipment.warehouse.code}/{PACKING}", warehouse=shipment.warehouse).first()
    if place is None:
        return []
    moves = StockMove.objects.filter(source_document=shipment.number).order_by()
    came = moves.filter(to_location=place).values("product", "lot").annotate(units=Sum("quantity"), first=Min("id"))
    went = {
        (row["product"], row["lot"]): row["units"]
        for row in moves.filter(from_location=place).values("product", "lot").annotate(units=Sum("quantity"))
    }
    free = {
        (quant.product_id, quant.lot_id): quant.on_hand - quant.reserved
        for quant in Quant.objects.filter(location=place, product_id__in={row["product"] for row in came})
    }
    left = []
    for row in sorted(came, key=lambda row: row["first"]):
        key = (row["product"], row["lot"])
        units = min(row["units"] - went.get(key, 0), free.get(key, 0))
        if units > 0:
            left.append((key, units))
    products = Product.objects.in_bulk({key[0] for key, _ in left})
    lots = Lot.objects.in_bulk({key[1] for key, _ in left if key[1]})
    rows = [AtPacking(products[product], lots.get(lot) if lot else None, units) for (product, lot), units in left]
    return sorted(rows, key=lambda row: row.product.sku)  # stable: each product's lots stay oldest first
