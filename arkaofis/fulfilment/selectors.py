"""Reads of shipments: the floor's list (pending first) and one shipment by its number."""

import re

from django.db.models import Case, IntegerField, QuerySet, Value, When, prefetch_related_objects

from arkaofis.fulfilment.domain.stages import IN_WAREHOUSE
from arkaofis.fulfilment.exceptions import UnknownShipment
from arkaofis.fulfilment.models import Shipment, ShipmentLine, ShipmentStatus

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
