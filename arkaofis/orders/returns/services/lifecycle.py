"""Returns (RMA): open a return for shipped units, then receive the parcel into the warehouse's
returns location (or cancel it while nothing has arrived). Inspection (restock, quarantine,
scrap) and the refund: inspection.py.

A line may be returned only up to what was shipped and is neither returned already nor on an
open return; the order is locked while this is checked, so two returns opened at once cannot
both take the last unit. Receiving moves what actually arrived (possibly less than announced)
from the customer location to the returns location and counts it on the order line.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.inventory.models import MoveReason, StockMove
from arkaofis.inventory.selectors import virtual_location
from arkaofis.orders import domain
from arkaofis.orders.exceptions import OrderNotShipped, ReturnClosed, ReturnExceedsShipped
from arkaofis.orders.models import ReturnStatus, SalesOrder, SalesOrderLine, SalesReturn, SalesReturnLine
from arkaofis.orders.returns.services._common import lock_return, move_units, record_return_change, returns_location
from arkaofis.orders.services._locking import lock_order, user_id_of
from arkaofis.work.models import TaskKind
from arkaofis.work.services.opening import open_task

# (order line id, quantity, reason)
ReturnLineIn = tuple[int, int, str]

# Statuses of fulfilment's shipments that have left the warehouse (ShipmentStatus.SHIPPED, .DELIVERED),
# spelt here because orders stands below fulfilment and does not import it.
SHIPMENT_LEFT = ("shipped", "delivered")


def open_return(
    *,
    order_id: int,
    lines: Iterable[ReturnLineIn],
    reason: str,
    user: Any,
    source: str,
    warehouse_id: int | None = None,
) -> SalesReturn:
    """Authorise a return of shipped units; it waits (open) for the parcel.

    The parcel goes to `warehouse_id`, by default the warehouse that shipped the first line.
    Raises InvalidInput (no reason, no lines, a line twice or not of this order, a bad quantity),
    OrderNotShipped (nothing shipped yet) and ReturnExceedsShipped (with the numbers); then writes nothing.
    """
    wanted = _parse_lines(lines)
    reason = _reason(reason)
    with transaction.atomic():
        order = lock_order(order_id)
        if order.status not in domain.RETURNABLE:
            raise OrderNotShipped(order.number, order.status)
        by_id = {line.pk: line for line in order.lines.all()}
        for line_id, quantity, _ in wanted:
            _check_returnable(order, by_id.get(line_id), quantity, line_id)
        warehouse = warehouse_id or _shipping_warehouse(order, wanted[0][0])
        sales_return = SalesReturn.objects.create(
            order=order, reason=reason, warehouse_id=warehouse, created_by_id=user_id_of(user)
        )
        SalesReturnLine.objects.bulk_create(
            SalesReturnLine(sales_return=sales_return, order_line_id=line_id, quantity=quantity, reason=why)
            for line_id, quantity, why in wanted
        )
        record_return_change(
            sales_return=sales_return,
            order=order,
            action="return.opened",
            topic="return.opened",
            user=user,
            source=source,
            data={
                "reason": reason,
                "warehouse": sales_return.warehouse.code,
                "lines": [{"line": by_id[pk].line_no, "sku": by_id[pk].sku, "quantity": q} for pk, q, _ in wanted],
            },
        )
        return sales_return


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason or len(reason) > 500 or "\x00" in reason:
        raise InvalidInput(gettext("A return needs a reason (at most 500 characters)"), field="reason")
    return reason


def _parse_lines(lines: Iterable[ReturnLineIn]) -> list[ReturnLineIn]:
    parsed: list[ReturnLineIn] = []
    for line_id, quantity, why in lines:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            raise InvalidInput(
                gettext("Quantity must be a positive whole number, got %(quantity)r") % {"quantity": quantity},
                field="quantity",
            )
        why = (why or "").strip()
        if len(why) > 200 or "\x00" in why:
            raise InvalidInput(gettext("A line's reason may have at most 200 characters"), field="lines")
        parsed.append((line_id, quantity, why))
    if not parsed:
        raise InvalidInput(gettext("A return needs at least one line"), field="lines")
    if len({line_id for line_id, _, _ in parsed}) != len(parsed):
        raise InvalidInput(gettext("A line may appear once in a return"), field="lines")
    return parsed


def on_open_returns(line: SalesOrderLine) -> int:
    rows = SalesReturnLine.objects.filter(order_line=line, sales_return__status=ReturnStatus.OPEN)
    return rows.aggregate(units=Sum("quantity"))["units"] or 0


def _check_returnable(order: SalesOrder, line: SalesOrderLine | None, quantity: int, line_id: int) -> None:
    if line is None:
        raise InvalidInput(
            gettext("Line %(line_id)s is not a line of %(order)s") % {"line_id": line_id, "order": order.number},
            field="lines",
            line=line_id,
        )
    pending = on_open_returns(line)
    returnable = domain.returnable_quantity(
        shipped=line.shipped_quantity, returned=line.returned_quantity, on_open_returns=pending
    )
    if quantity > returnable:
        raise ReturnExceedsShipped(
            order.number,
            line.line_no,
            line.sku,
            quantity,
            returnable,
            shipped=line.shipped_quantity,
            returned=line.returned_quantity,
            on_open_returns=pending,
        )


def _shipping_warehouse(order: SalesOrder, line_id: int) -> int:
    """The warehouse that last shipped this line (returns go back where the goods came from)."""
    # Read through the order line's reverse relation to fulfilment's shipment lines: orders, a floor
    # below, never imports fulfilment, and only reads these rows.
    line = order.lines.get(pk=line_id)
    shipped = line.shipment_lines.filter(shipment__status__in=SHIPMENT_LEFT)
    warehouse_id = shipped.order_by("-shipment__shipped_at", "-pk").values_list("shipment__warehouse_id", flat=True)
    found = warehouse_id.first() or order.warehouse_id
    if found is None:
        raise InvalidInput(
            gettext("%(order)s: say which warehouse receives the return") % {"order": order.number},
            field="warehouse",
        )
    return found


def receive_return(*, return_id: int, received: Mapping[int, int], user: Any, source: str) -> SalesReturn:
    """Book the parcel in: `received` maps return line ids to the units that arrived (0 to the
    announced quantity; a line left out arrived empty). Moves them customer → returns location.

    Raises ReturnClosed unless open, InvalidInput for unknown lines, bad or no quantities.
    """
    with transaction.atomic():
        order, sales_return = lock_return(return_id)
        if sales_return.status != ReturnStatus.OPEN:
            raise ReturnClosed(sales_return.number, sales_return.status, "received")
        lines = {line.pk: line for line in sales_return.lines.select_related("order_line")}
        counts = _received_counts(lines, received)
        customer = virtual_location("customer")
        dock = returns_location(sales_return.warehouse, user=user, source=source)
        booked = []
        for line_id, units in counts.items():
            line = lines[line_id]
            move_units(
                line.order_line,
                units,
                origin=customer,
                target=dock,
                came=_shipped_moves(order),
                document=sales_return.number,
                user=user,
                source=source,
            )
            line.received_quantity = units
            line.save(update_fields=["received_quantity"])
            line.order_line.returned_quantity += units
            line.order_line.save(update_fields=["returned_quantity"])
            booked.append({"line": line.order_line.line_no, "sku": line.order_line.sku, "quantity": units})
        sales_return.status = ReturnStatus.RECEIVED
        sales_return.received_at = timezone.now()
        sales_return.save(update_fields=["status", "received_at"])
        record_return_change(
            sales_return=sales_return,
            order=order,
            action="return.received",
            topic="return.received",
            user=user,
            source=source,
            data={"warehouse": sales_return.warehouse.code, "location": dock.code, "lines": booked},
        )
        # The parcel waits on the returns dock for someone to inspect it: a task in the queue.
        open_task(
            kind=TaskKind.RETURN_INSPECTION,
            document_ref=sales_return.number,
            warehouse=sales_return.warehouse,
            detail={"order": order.number},
            user=user,
            source=source,
        )
        return sales_return


def cancel_return(*, return_id: int, reason: str, user: Any, source: str) -> SalesReturn:
    """Withdraw a return that was never received (the customer kept the goods, opened by
    mistake): its units become returnable again. Nothing moved, so no stock changes.

    Raises ReturnClosed once the parcel is received (inspection decides about those goods), and
    InvalidInput without a reason.
    """
    reason = _reason(reason)
    with transaction.atomic():
        order, sales_return = lock_return(return_id)
        if sales_return.status != ReturnStatus.OPEN:
            raise ReturnClosed(sales_return.number, sales_return.status, "cancelled")
        sales_return.status = ReturnStatus.CANCELLED
        sales_return.closed_at = timezone.now()
        sales_return.save(update_fields=["status", "closed_at"])
        record_return_change(
            sales_return=sales_return,
            order=order,
            action="return.cancelled",
            topic="return.cancelled",
            user=user,
            source=source,
            data={"reason": reason},
        )
        return sales_return


def _shipped_moves(order: SalesOrder) -> QuerySet[StockMove]:
    """The order's shipment moves: the lots a tracked line went out with are the ones coming back."""
    numbers = [shipment.number for shipment in order.shipments.only("pk")]  # fulfilment's rows, read only
    return StockMove.objects.filter(reason=MoveReason.SHIPMENT, source_document__in=numbers)


def _received_counts(lines: Mapping[int, SalesReturnLine], received: Mapping[int, int]) -> dict[int, int]:
    unknown = sorted(set(received) - set(lines))
    if unknown:
        raise InvalidInput(
            gettext("Lines %(unknown)s are not lines of this return") % {"unknown": unknown},
            field="received",
            lines=unknown,
        )
    counts = {}
    for line_id, units in received.items():
        line = lines[line_id]
        if isinstance(units, bool) or not isinstance(units, int) or not 0 <= units <= line.quantity:
            raise InvalidInput(
                gettext("Received units must be 0 to %(most)s, got %(units)r")
                % {"most": line.quantity, "units": units},
                field="received",
                line=line_id,
            )
        if units:
            counts[line_id] = units
    if not counts:
        raise InvalidInput(
            gettext("Nothing received: count at least one unit (or cancel the return)"), field="received"
        )
    return counts
