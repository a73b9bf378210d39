"""Inspect a received return: decide per line, move the goods, compute the refund, close it.

Decisions, each one ledger move out of the warehouse's returns location:
- restock: back to the product's bin in that warehouse (the warehouse's root location only for a
  product that never had one; see _common.restock_location), where the units count as
  available-to-promise again at once;
- quarantine: to the warehouse's quarantine location, a returns-usage (virtual) location that
  available-to-promise does not count (it sums internal locations only);
- scrap: to the scrap location.

The refund is for every unit received, whatever the decision (the customer sent it back; a
damage deduction is the merchant's call, later): per line, its units at the unit price less
their share of the line's discount plus their share of its tax (cumulative shares, so a line
returned in parts refunds exactly its total). The shipping charge is refunded only by the
return that brings back the last ordered unit of the whole order. The total is stored on the
return and sent with "return.closed" for accounting to book.
"""

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.money import round_money
from arkaofis.inventory.models import Location, StockMove
from arkaofis.inventory.selectors import virtual_location
from arkaofis.orders import domain
from arkaofis.orders.exceptions import ReturnClosed
from arkaofis.orders.models import ReturnDecision, ReturnStatus, SalesOrder, SalesReturn, SalesReturnLine
from arkaofis.orders.returns.services._common import (
    lock_return,
    move_units,
    quarantine_location,
    record_return_change,
    restock_location,
    returns_location,
)
from arkaofis.work.models import TaskKind
from arkaofis.work.services.closing import close_task


def inspect_return(*, return_id: int, decisions: Mapping[int, str], user: Any, source: str) -> SalesReturn:
    """Decide every received line ("restock" | "quarantine" | "scrap"), move it, refund, close.

    Raises ReturnClosed unless received, InvalidInput when a received line has no (or an
    unknown) decision or a line is not of this return; then nothing changes.
    """
    with transaction.atomic():
        order, sales_return = lock_return(return_id)
        if sales_return.status != ReturnStatus.RECEIVED:
            raise ReturnClosed(sales_return.number, sales_return.status, "inspected")
        lines = list(sales_return.lines.select_related("order_line").order_by("order_line__line_no"))
        received = [line for line in lines if line.received_quantity > 0]
        _check_decisions({line.pk for line in lines}, {line.pk for line in received}, decisions)
        targets = _targets(sales_return, user=user, source=source)
        dock = returns_location(sales_return.warehouse, user=user, source=source)
        decided = []
        for line in received:
            line.decision = decisions[line.pk]
            places = move_units(
                line.order_line,
                line.received_quantity,
                origin=dock,
                target=targets[line.decision],
                came=StockMove.objects.filter(source_document=sales_return.number),
                document=sales_return.number,
                user=user,
                source=source,
            )
            line.refund_amount = _line_refund(line, currency=order.currency)
            line.save(update_fields=["decision", "refund_amount"])
            decided.append(_described(line, places))
        shipping = _shipping_refund(order)
        total = sum((line.refund_amount for line in received), Decimal("0")) + shipping
        sales_return.refund_amount = round_money(total, order.currency)
        sales_return.status = ReturnStatus.CLOSED
        sales_return.closed_at = timezone.now()
        sales_return.save(update_fields=["refund_amount", "status", "closed_at"])
        record_return_change(
            sales_return=sales_return,
            order=order,
            action="return.closed",
            topic="return.closed",
            user=user,
            source=source,
            data={
                "refund": str(sales_return.refund_amount),
                "shipping_refund": str(round_money(shipping, order.currency)),
                "currency": order.currency,
                "lines": decided,
            },
        )
        close_task(kind=TaskKind.RETURN_INSPECTION, document_ref=sales_return.number, user=user, source=source)
        return sales_return


def _check_decisions(line_ids: set[int], received_ids: set[int], decisions: Mapping[int, str]) -> None:
    unknown = sorted(set(decisions) - line_ids)
    if unknown:
        raise InvalidInput(
            gettext("Lines %(unknown)s are not lines of this return") % {"unknown": unknown},
            field="decisions",
            lines=unknown,
        )
    missing = sorted(received_ids - set(decisions))
    if missing:
        raise InvalidInput(
            gettext("Decide every received line; missing %(missing)s") % {"missing": missing},
            field="decisions",
            lines=missing,
        )
    bad = sorted(pk for pk in received_ids if decisions[pk] not in ReturnDecision.values)
    if bad:
        raise InvalidInput(
            gettext("Each decision is restock, quarantine or scrap"),
            field="decisions",
            lines=bad,
            allowed=ReturnDecision.values,
        )


def _targets(sales_return: SalesReturn, *, user: Any, source: str) -> dict[str, Location | Callable[[Any], Location]]:
    warehouse = sales_return.warehouse
    return {
        ReturnDecision.RESTOCK: partial(restock_location, warehouse),  # each product to its own bin
        ReturnDecision.QUARANTINE: quarantine_location(warehouse, user=user, source=source),
        ReturnDecision.SCRAP: virtual_location("scrap"),
    }


def _line_refund(line: SalesReturnLine, *, currency: str) -> Decimal:
    """Refund for this return line, after the units of the same order line refunded before."""
    order_line = line.order_line
    earlier = SalesReturnLine.objects.filter(order_line=order_line, sales_return__status=ReturnStatus.CLOSED)
    already = earlier.aggregate(units=Sum("received_quantity"))["units"] or 0
    return domain.line_refund(
        units=line.received_quantity,
        already_refunded=already,
        quantity=order_line.quantity,
        unit_price=order_line.unit_price,
        discount=order_line.discount,
        tax=order_line.tax,
        currency=currency,
    )


def _shipping_refund(order: SalesOrder) -> Decimal:
    """The shipping charge, once every ordered unit is back, by the first return closed after that.

    Two returns received before either is inspected both see the order all back; the one closed
    first refunds the shipping (its refund exceeds its lines'), so the second does not again.
    """
    every_unit_back = all(line.returned_quantity >= line.quantity for line in order.lines.all())
    if not every_unit_back:
        return Decimal("0")
    closed = SalesReturn.objects.filter(order=order, status=ReturnStatus.CLOSED)
    refunded = closed.annotate(lines_total=Sum("lines__refund_amount")).filter(refund_amount__gt=F("lines_total"))
    return Decimal("0") if refunded.exists() else order.shipping_charge


def _described(line: SalesReturnLine, places: list[Location]) -> dict:
    return {
        "line": line.order_line.line_no,
        "sku": line.order_line.sku,
        "quantity": line.received_quantity,
        "decision": line.decision,
        "location": ", ".join(dict.fromkeys(place.code for place in places)),
        "refund": str(line.refund_amount),
    }
