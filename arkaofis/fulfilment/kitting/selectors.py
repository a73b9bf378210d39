"""Reads of kitting orders for the screens and the API."""

import re

from django.db.models import QuerySet

from arkaofis.fulfilment.kitting.exceptions import UnknownKittingOrder
from arkaofis.fulfilment.kitting.models import KittingLine, KittingOrder, KittingStatus
from arkaofis.inventory.models import Reservation, ReservationStatus

_NUMBER = re.compile(r"^KO-(\d{1,18})$", re.IGNORECASE)
OPEN = (KittingStatus.REQUESTED, KittingStatus.PARTIALLY_DONE)


def kitting_by_number(number: str) -> KittingOrder:
    """The kitting order "KO-000012" (any case), or UnknownKittingOrder."""
    match = _NUMBER.match((number or "").strip())
    pk = int(match.group(1)) if match else 0
    order = (
        KittingOrder.objects.select_related("warehouse", "kit", "created_by").filter(pk=pk).first()
        if 0 < pk < 2**63
        else None
    )
    if order is None:
        raise UnknownKittingOrder(number)
    return order


def kitting_orders(*, status: str = "") -> QuerySet[KittingOrder]:
    rows = KittingOrder.objects.select_related("warehouse", "kit")
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status:
        rows = rows.filter(status=status)
    return rows.order_by("-id")


def lines(order: KittingOrder) -> QuerySet[KittingLine]:
    return order.lines.select_related("product").order_by("line_no")


def where_to_collect(order: KittingOrder) -> list[Reservation]:
    """The bins holding what the order consumes, by bin code: where the kitter collects the parts."""
    refs = [line.demand_ref for line in lines(order)]
    return list(
        Reservation.objects.filter(demand_ref__in=refs, status=ReservationStatus.ACTIVE)
        .select_related("product", "location", "lot")
        .order_by("location__code", "pk")
    )
