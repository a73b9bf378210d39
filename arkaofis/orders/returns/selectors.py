"""Reads of returns: the list, one return with its lines, and what an order may still return."""

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from arkaofis.orders import domain
from arkaofis.orders.exceptions import UnknownReturn
from arkaofis.orders.models import SalesOrder, SalesOrderLine, SalesReturn
from arkaofis.orders.returns.services.lifecycle import on_open_returns

_NUMBER = re.compile(r"^RMA-(\d{1,18})$", re.IGNORECASE)


def parse_return_number(number: str) -> int | None:
    match = _NUMBER.match(number.strip())
    return int(match.group(1)) if match else None


def _rows() -> QuerySet[SalesReturn]:
    return SalesReturn.objects.select_related("order", "warehouse", "created_by").prefetch_related("lines__order_line")


def return_list(*, status: str | None = None, order: str | None = None) -> QuerySet[SalesReturn]:
    """Returns newest first; `order` is an order number (SO-000123)."""
    rows = _rows()
    if status:
        rows = rows.filter(status=status)
    if order:
        rows = rows.filter(order_id=domain.parse_number(order) or 0)
    return rows.order_by("-id")


def return_by_number(number: str) -> SalesReturn:
    pk = parse_return_number(number)
    sales_return = None if pk is None else _rows().filter(pk=pk).first()
    if sales_return is None:
        raise UnknownReturn(number)
    return sales_return


def order_returns(order: SalesOrder) -> list[SalesReturn]:
    return list(_rows().filter(order=order).order_by("id"))


@dataclass(frozen=True)
class ReturnableLine:
    line: SalesOrderLine
    returnable: int


def returnable_lines(order: SalesOrder) -> list[ReturnableLine]:
    """Each line with the units that may still be returned (0 when none)."""
    if order.status not in domain.RETURNABLE:
        return []
    return [
        ReturnableLine(
            line,
            domain.returnable_quantity(
                shipped=line.shipped_quantity, returned=line.returned_quantity, on_open_returns=on_open_returns(line)
            ),
        )
        for line in order.lines.order_by("line_no")
    ]
