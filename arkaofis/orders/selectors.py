"""Reads for the order queue, the order detail and its timeline."""

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from arkaofis.core.models import AuditLog
from arkaofis.core.roles import SEE_CUSTOMER_CONTACT, SEE_SHIP_TO, may_see
from arkaofis.inventory.models import Reservation, ReservationStatus, Warehouse
from arkaofis.orders import domain
from arkaofis.orders.events import AUDIT_TYPE
from arkaofis.orders.exceptions import UnknownOrder
from arkaofis.orders.models import OrderHold, SalesOrder, SalesOrderLine


def _has_active_hold() -> Exists:
    return Exists(OrderHold.objects.filter(order=OuterRef("pk"), lifted_at__isnull=True))


def _with_hold_flag(orders: QuerySet[SalesOrder]) -> QuerySet[SalesOrder]:
    return orders.annotate(on_hold=_has_active_hold())


def order_queue(
    *,
    status: str | None = None,
    channel: str | None = None,
    on_hold: bool | None = None,
    q: str | None = None,
    warehouse: str | None = None,
    placed_from: date | None = None,
    placed_to: date | None = None,
    searcher: Any = None,
) -> QuerySet[SalesOrder]:
    """Orders newest first, filtered; each row carries `on_hold`. Days are whole days in the
    current time zone, both ends included. `q` matches a customer's e-mail or ship-to name only
    for a `searcher` who may see them (else searching would tell them whose order it is)."""
    orders = _with_hold_flag(SalesOrder.objects.select_related("shipping", "warehouse"))
    if status:
        orders = orders.filter(status=status)
    if channel:
        orders = orders.filter(channel=channel)
    if on_hold is not None:
        orders = orders.filter(_has_active_hold() if on_hold else ~_has_active_hold())
    if warehouse:
        orders = orders.filter(_routed_to(warehouse))
    if placed_from:
        orders = orders.filter(placed_at__date__gte=placed_from)
    if placed_to:
        orders = orders.filter(placed_at__date__lte=placed_to)
    if q and q.strip():
        orders = orders.filter(_search(q.strip(), searcher))
    return orders.order_by("-id")


def _routed_to(code: str) -> Q:
    """Orders routed to (or released from) the warehouse: the whole order, or any line of a split
    one. The code is looked up once, so each candidate order costs one index probe on its lines."""
    warehouse_id = Warehouse.objects.filter(code=code).values_list("pk", flat=True).first()
    if warehouse_id is None:
        return Q(pk__in=[])
    return Q(warehouse_id=warehouse_id) | Q(
        Exists(SalesOrderLine.objects.filter(order=OuterRef("pk"), warehouse_id=warehouse_id))
    )


def _search(text: str, searcher: Any) -> Q:
    match = Q(external_id__icontains=text) | Q(lines__sku__iexact=text)
    if may_see(searcher, SEE_CUSTOMER_CONTACT):
        match |= Q(customer_email__icontains=text)
    if may_see(searcher, SEE_SHIP_TO):
        match |= Q(shipping__name__icontains=text)
    pk = domain.parse_number(text)
    if pk is not None:
        match |= Q(pk=pk)
    # A line SKU match may repeat an order; filter by ids so the queue has each order once.
    return Q(pk__in=SalesOrder.objects.filter(match).values("pk"))


def order_by_number(number: str) -> SalesOrder:
    pk = domain.parse_number(number)
    order = None if pk is None else _with_hold_flag(SalesOrder.objects.filter(pk=pk)).first()
    if order is None:
        raise UnknownOrder(number)
    return order


def order_detail(number: str) -> SalesOrder:
    """One order with its addresses, warehouse, lines and holds loaded."""
    pk = domain.parse_number(number)
    rows = SalesOrder.objects.select_related("billing", "shipping", "warehouse").prefetch_related(
        "lines", "holds__placed_by", "holds__lifted_by"
    )
    order = None if pk is None else _with_hold_flag(rows.filter(pk=pk)).first()
    if order is None:
        raise UnknownOrder(number)
    return order


def active_holds(order: SalesOrder) -> list[OrderHold]:
    return [hold for hold in order.holds.all() if hold.lifted_at is None]


def order_timeline(order: SalesOrder) -> QuerySet[AuditLog]:
    """Every audit row of the order, oldest first."""
    return (
        AuditLog.objects.filter(object_type=AUDIT_TYPE, object_id=str(order.pk))
        .select_related("user")
        .order_by("at", "id")
    )


def channels_in_use() -> list[str]:
    return list(SalesOrder.objects.order_by("channel").values_list("channel", flat=True).distinct())


def warehouse_codes() -> list[str]:
    return list(Warehouse.objects.filter(active=True).order_by("code").values_list("code", flat=True))


def active_reservations(order: SalesOrder) -> QuerySet[Reservation]:
    """Stock held for the order now: every line's and kit component's demand ("SO-000123/…")."""
    return Reservation.objects.filter(demand_ref__startswith=f"{order.number}/", status=ReservationStatus.ACTIVE)
