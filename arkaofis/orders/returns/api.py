"""Returns (RMA) API: open a return for shipped lines, receive the parcel, inspect each line
(restock, quarantine, scrap; the refund follows), cancel one not received, list and read returns. Lines are named by
their order line number. Each write calls one service with source="api" and the caller as user.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Status
from ninja.pagination import paginate

from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.inventory import selectors as inventory_selectors
from arkaofis.inventory.schemas import Code
from arkaofis.orders import selectors
from arkaofis.orders.models import ReturnStatus, SalesReturn
from arkaofis.orders.returns import schemas
from arkaofis.orders.returns import selectors as returns_selectors
from arkaofis.orders.returns.services.inspection import inspect_return
from arkaofis.orders.returns.services.lifecycle import cancel_return, open_return, receive_return

router = Router(tags=["returns"])
VIEW, ADD, MANAGE = "orders.view_salesreturn", "orders.add_salesreturn", "orders.manage_salesreturn"


def _out(number: str) -> schemas.ReturnOut:
    return schemas.ReturnOut.from_orm(returns_selectors.return_by_number(number))


def _ids(by_line_no: dict[int, int], line_nos: Iterable[int]) -> list[int]:
    """Line numbers → ids; an unknown or repeated line number is a 422."""
    line_nos = list(line_nos)
    unknown = sorted(set(line_nos) - set(by_line_no))
    if unknown or len(set(line_nos)) != len(line_nos):
        raise InvalidInput(
            gettext("Unknown or repeated line numbers: %(unknown_or_line_nos)s")
            % {"unknown_or_line_nos": unknown or line_nos},
            field="lines",
        )
    return [by_line_no[no] for no in line_nos]


def _return_line_ids(sales_return: SalesReturn) -> dict[int, int]:
    return {line.order_line.line_no: line.pk for line in sales_return.lines.all()}


@router.get("", response=list[schemas.ReturnOut], auth=requires(VIEW))
@paginate(Paging)
def list_returns(
    request: HttpRequest, status: ReturnStatus | None = None, order: Code | None = None
) -> QuerySet[SalesReturn]:
    """Returns, newest first; filter by status or order number."""
    return returns_selectors.return_list(status=status, order=order)


@router.get("/{number}", response=schemas.ReturnOut, auth=requires(VIEW))
def get_return(request: HttpRequest, number: str) -> schemas.ReturnOut:
    return _out(number)


@router.post("", response={201: schemas.ReturnOut}, auth=requires(ADD))
@idempotent
def open_one(request: HttpRequest, payload: schemas.ReturnOpenIn) -> Status:
    """Authorise a return of shipped units; 409 return-exceeds-shipped with the numbers."""
    order = selectors.order_by_number(payload.order)
    by_line_no = dict(order.lines.values_list("line_no", "pk"))
    ids = _ids(by_line_no, (line.line_no for line in payload.lines))
    warehouse = inventory_selectors.warehouse_by_code(payload.warehouse).pk if payload.warehouse else None
    opened = open_return(
        order_id=order.pk,
        lines=[(pk, line.quantity, line.reason) for pk, line in zip(ids, payload.lines, strict=True)],
        reason=payload.reason,
        warehouse_id=warehouse,
        user=caller(request),
        source=Source.API,
    )
    return Status(201, _out(opened.number))


@router.post("/{number}/receive", response={200: schemas.ReturnOut}, auth=requires(MANAGE))
@idempotent
def receive(request: HttpRequest, number: str, payload: schemas.ReturnReceiveIn) -> Status:
    """Book in what arrived (per line, 0 to the announced quantity) into the returns location."""
    sales_return = returns_selectors.return_by_number(number)
    ids = _ids(_return_line_ids(sales_return), (line.line_no for line in payload.lines))
    received = {pk: line.quantity for pk, line in zip(ids, payload.lines, strict=True)}
    receive_return(return_id=sales_return.pk, received=received, user=caller(request), source=Source.API)
    return Status(200, _out(number))


@router.post("/{number}/inspect", response={200: schemas.ReturnOut}, auth=requires(MANAGE))
@idempotent
def inspect(request: HttpRequest, number: str, payload: schemas.ReturnInspectIn) -> Status:
    """Decide every received line (restock, quarantine, scrap); the refund is computed and the return closed."""
    sales_return = returns_selectors.return_by_number(number)
    ids = _ids(_return_line_ids(sales_return), (line.line_no for line in payload.lines))
    decisions = {pk: line.decision for pk, line in zip(ids, payload.lines, strict=True)}
    inspect_return(return_id=sales_return.pk, decisions=decisions, user=caller(request), source=Source.API)
    return Status(200, _out(number))


@router.post("/{number}/cancel", response={200: schemas.ReturnOut}, auth=requires(MANAGE))
@idempotent
def cancel(request: HttpRequest, number: str, payload: schemas.ReturnCancelIn) -> Status:
    """Withdraw a return not received yet (409 return-closed after): its units may be returned again."""
    sales_return = returns_selectors.return_by_number(number)
    cancel_return(return_id=sales_return.pk, reason=payload.reason, user=caller(request), source=Source.API)
    return Status(200, _out(number))
