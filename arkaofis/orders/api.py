"""Orders API: create one order or a batch (idempotent on the external id as well as on
Idempotency-Key), list and read orders, and the lifecycle actions: reserve, hold, lift a
hold, release, cancel, edit. Each write calls one service with source="api" and the caller as user.
"""

from types import SimpleNamespace
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from arkaofis.catalog.services.tables import told_reason
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_errors import problem_body
from arkaofis.core.api_paging import Paging
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.idempotency import idempotent
from arkaofis.core.inputs import Day
from arkaofis.core.models import Source
from arkaofis.inventory import selectors as inventory_selectors
from arkaofis.inventory.models import Warehouse
from arkaofis.inventory.schemas import Code
from arkaofis.orders import schemas, selectors
from arkaofis.orders.domain import OrderStatus
from arkaofis.orders.edits import schemas as edit_schemas
from arkaofis.orders.edits.services.editing import edit_order
from arkaofis.orders.models import OrderImportJob, SalesOrder
from arkaofis.orders.services import intake
from arkaofis.orders.services.batch_intake import receive_orders
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.confirmation import confirm_order
from arkaofis.orders.services.holds import lift_hold, place_hold
from arkaofis.orders.services.import_jobs import import_or_queue
from arkaofis.orders.services.importing import order_template
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order

router = Router(tags=["orders"])
VIEW, ADD, MANAGE = "orders.view_salesorder", "orders.add_salesorder", "orders.manage_salesorder"
_Q = Query(None, description="order number, external id, customer email, ship-to name or a line's SKU")
_HOLD = Query(None, description="true: only orders on hold; false: only orders free of holds")


def _order_in(payload: schemas.OrderCreateIn) -> intake.OrderIn:
    def address(value: schemas.AddressIn | None) -> intake.AddressIn | None:
        return intake.AddressIn(**value.model_dump()) if value else None

    fields = payload.model_dump(exclude={"lines", "billing", "shipping", "tags"})
    return intake.OrderIn(
        **fields,
        lines=tuple(intake.OrderLineIn(**line.model_dump()) for line in payload.lines),
        billing=address(payload.billing),
        shipping=address(payload.shipping),
        tags=tuple(payload.tags),
    )


def _order_out(request: HttpRequest, number: str) -> schemas.OrderOut:
    return schemas.OrderOut.from_orm(selectors.order_detail(number), context={"request": request})


class _NewOrder:
    """A just-created order as OrderOut reads it, from the rows the service wrote: no re-read.
    It has no holds yet; its warehouse (one for the whole order, if any) is looked up by code."""

    holds: tuple = ()
    on_hold = False

    def __init__(self, order: SalesOrder, lines: tuple) -> None:
        self._order = order
        self.lines = list(lines)
        code = None
        if order.warehouse_id is not None:
            code = Warehouse.objects.filter(pk=order.warehouse_id).values_list("code", flat=True).first()
        self.warehouse = SimpleNamespace(code=code) if code else None

    def __getattr__(self, name: str) -> object:
        return getattr(self._order, name)


_RESERVE = Query(
    False,
    description="true: route and reserve the new order in the same transaction (it ends reserved, or "
    "backordered where stock is short); false: leave it confirmed for a later POST /api/orders/{number}/reserve",
)


@router.post("", response={200: schemas.OrderOut, 201: schemas.OrderOut}, auth=requires(ADD))
@idempotent
def create_order(request: HttpRequest, payload: schemas.OrderCreateIn, reserve: bool = _RESERVE) -> Status:
    """Create an order (201); the same `external_id` again returns that order (200), unchanged."""
    [outcome] = receive_orders([_order_in(payload)], user=caller(request), source=Source.API, reserve=reserve)
    if outcome.error is not None:
        raise outcome.error
    if outcome.order is None:  # already there: as it is now
        return Status(200, _order_out(request, outcome.number))
    return Status(201, schemas.OrderOut.from_orm(_NewOrder(outcome.order, outcome.lines), context={"request": request}))


@router.post("/bulk", response={200: schemas.BulkOut}, auth=requires(ADD))
@idempotent
def create_orders(request: HttpRequest, payload: schemas.OrderBulkIn, reserve: bool = _RESERVE) -> Status:
    """Create a batch in one transaction; each item is reported by index as created, duplicate
    or error (with its problem). A refused item does not stop the others."""
    orders = [_order_in(item) for item in payload.orders]
    items = [
        schemas.BulkItemOut(
            index=outcome.index,
            result="error" if outcome.error else "created" if outcome.created else "duplicate",
            external_id=outcome.external_id,
            number=outcome.number or None,
            status=outcome.status or None,
            error=problem_body(outcome.error) if outcome.error else None,
        )
        for outcome in receive_orders(orders, user=caller(request), source=Source.API, reserve=reserve)
    ]
    count = {result: sum(1 for item in items if item.result == result) for result in ("created", "duplicate", "error")}
    body = schemas.BulkOut(created=count["created"], duplicates=count["duplicate"], errors=count["error"], items=items)
    return Status(200, body)


class ImportRejected(InvalidInput):
    code = "import-rejected"
    title = _("Import rejected: nothing was written")


MAX_IMPORT_BYTES = 20 * 1024 * 1024
TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.post("/import", response={200: schemas.OrderImportOut, 202: schemas.OrderImportJobOut}, auth=requires(ADD))
@idempotent
def import_file(
    request: HttpRequest,
    file: File[UploadedFile],  # CSV or XLSX, one row per order line (see GET /api/orders/import/template)
    reserve: Form[bool] = True,  # reserve stock for each new order (short lines backorder)
    dry_run: Form[bool] = False,  # check every row, write nothing
) -> Status:
    """Import orders from a spreadsheet: every row is checked first, then the orders are created
    in batches; orders already there (same channel and order_id) are counted and left unchanged.

    A rejected file is a 422 problem whose `errors` list each bad cell (line, column, reason).
    A file that passes with more orders than the server writes within a request (2,000 unless
    configured) is queued for the worker: 202 with the job; GET /api/orders/import/jobs/{id}
    tells its progress and, at the end, its report.
    """
    if file.size is not None and file.size > MAX_IMPORT_BYTES:
        raise ImportRejected(
            _("The file is larger than %(mb)s MB; split it") % {"mb": MAX_IMPORT_BYTES // 2**20}, size=file.size
        )
    report, job = import_or_queue(
        file_name=file.name or "upload",
        content=file.read(),
        user=caller(request),
        source=Source.API,
        reserve=reserve,
        dry_run=dry_run,
    )
    if not report.ok:
        errors = [{"line": e.line, "column": e.column, "reason": told_reason(e)} for e in report.errors]
        raise ImportRejected(report.summary(), errors=errors, created=report.created)
    if job is not None:
        return Status(202, schemas.OrderImportJobOut.from_orm(job))
    return Status(200, schemas.OrderImportOut.model_validate(report.as_dict()))


@router.get("/import/jobs/{job_id}", response=schemas.OrderImportJobOut, auth=requires(ADD))
def import_job(request: HttpRequest, job_id: int) -> OrderImportJob:
    """A queued import: its status, progress and (once it has ended) its report."""
    return OrderImportJob.objects.defer("content").get(pk=job_id)  # DoesNotExist: a 404 problem


@router.get("/import/template", response={200: None}, auth=requires(ADD))
def import_template(request: HttpRequest, format: Literal["csv", "xlsx"] = "csv") -> HttpResponse:
    """Every column of the order import, with one example order of two lines."""
    response = HttpResponse(order_template(fmt=format), content_type=TEMPLATE_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="orders-template.{format}"'
    return response


@router.get("", response=list[schemas.OrderSummaryOut], auth=requires(VIEW))
@paginate(Paging)
def list_orders(
    request: HttpRequest,
    status: OrderStatus | None = None,
    channel: Code | None = None,
    on_hold: bool | None = _HOLD,
    warehouse: Code | None = None,
    q: schemas.Short | None = _Q,
    placed_from: Day | None = None,
    placed_to: Day | None = None,
) -> QuerySet[SalesOrder]:
    """Orders, newest first; `placed_from`/`placed_to` are days in the shop's time zone, both included."""
    return selectors.order_queue(
        status=status,
        channel=channel,
        on_hold=on_hold,
        q=q,
        warehouse=warehouse,
        placed_from=placed_from,
        placed_to=placed_to,
        searcher=caller(request),
    )


@router.get("/{number}", response=schemas.OrderOut, auth=requires(VIEW))
def get_order(request: HttpRequest, number: str) -> schemas.OrderOut:
    """One order with its lines (reserved quantity per line), addresses and holds."""
    return _order_out(request, number)


@router.post("/{number}/reserve", response={200: schemas.OrderOut}, auth=requires(MANAGE))
@idempotent
def reserve(request: HttpRequest, number: str) -> Status:
    """Reserve every line in full; the order becomes reserved, or backordered if any line is short."""
    order = selectors.order_by_number(number)
    reserve_order(order_id=order.pk, user=caller(request), source=Source.API)
    return Status(200, _order_out(request, number))


_CONFIRM_RESERVE = Query(True, description="false: leave the confirmed order for a later reserve")


@router.post("/{number}/confirm", response={200: schemas.OrderOut}, auth=requires(MANAGE))
@idempotent
def confirm(request: HttpRequest, number: str, reserve: bool = _CONFIRM_RESERVE) -> Status:
    """Confirm a draft (409 for any other order); with reserve (the default) it is routed and
    reserved at once, ending reserved or backordered."""
    order = selectors.order_by_number(number)
    confirm_order(order_id=order.pk, user=caller(request), source=Source.API, reserve=reserve)
    return Status(200, _order_out(request, number))


@router.post("/{number}/cancel", response={200: schemas.OrderOut}, auth=requires(MANAGE))
@idempotent
def cancel(request: HttpRequest, number: str, payload: schemas.CancelIn) -> Status:
    """Cancel and release every reservation; 409 once anything has shipped."""
    order = selectors.order_by_number(number)
    cancel_order(order_id=order.pk, user=caller(request), source=Source.API, reason=payload.reason)
    return Status(200, _order_out(request, number))


@router.post("/{number}/holds", response={201: schemas.HoldOut}, auth=requires(MANAGE))
@idempotent
def hold(request: HttpRequest, number: str, payload: schemas.HoldIn) -> Status:
    """Hold an order not yet released; it cannot be released until every hold is lifted."""
    order = selectors.order_by_number(number)
    placed = place_hold(
        order_id=order.pk, kind=payload.kind, reason=payload.reason, user=caller(request), source=Source.API
    )
    return Status(201, schemas.HoldOut.from_orm(placed))


@router.post("/{number}/holds/{int:hold_id}/lift", response={200: schemas.HoldOut}, auth=requires(MANAGE))
@idempotent
def lift(request: HttpRequest, number: str, hold_id: int) -> Status:
    """Lift a hold; 409 if it is already lifted."""
    order = selectors.order_by_number(number)
    lifted = lift_hold(hold_id=hold_id, order_id=order.pk, user=caller(request), source=Source.API)
    return Status(200, schemas.HoldOut.from_orm(lifted))


@router.post("/{number}/release", response={200: schemas.OrderOut}, auth=requires(MANAGE))
@idempotent
def release(request: HttpRequest, number: str, payload: schemas.ReleaseIn) -> Status:
    """Release a reserved order to the warehouse holding its stock; 409 while on hold."""
    order = selectors.order_by_number(number)
    warehouse_id = inventory_selectors.warehouse_by_code(payload.warehouse).pk if payload.warehouse else None
    release_order(order_id=order.pk, warehouse_id=warehouse_id, user=caller(request), source=Source.API)
    return Status(200, _order_out(request, number))


@router.post("/{number}/edit", response={200: schemas.OrderOut}, auth=requires(MANAGE))
@idempotent
def edit(request: HttpRequest, number: str, payload: edit_schemas.OrderEditIn) -> Status:
    """Change quantities and prices, add lines by SKU, remove lines, change addresses, shipping
    method and charge, notes, tags or priority of an order not yet released, in one step. A
    reserved order is re-reserved at once; 409 `edit-would-oversell` (with `sku`, `wanted` and
    `available`) when the stock is not there, and nothing changes. Fields left out stay as they are."""
    order = selectors.order_by_number(number)
    edit_order(order_id=order.pk, edit=payload.to_edit(), user=caller(request), source=Source.API)
    return Status(200, _order_out(request, number))
