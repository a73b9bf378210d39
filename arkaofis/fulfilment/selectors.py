"""Reads of shipments: the floor's list (pending first) and one shipment by its number."""

import re

from django.db.models import Case, IntegerField, QuerySet, Value, When

from arkaofis.fulfilment.domain.stages import IN_WAREHOUSE
from arkaofis.fulfilment.exceptions import UnknownShipment
from arkaofis.fulfilment.models import Shipment, ShipmentStatus

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
