"""The counts API: ask for a count, record it (blind), finish it, and a manager approves or rejects it.

The same services as the phone screens; refusals are problem+json (a bin being picked 409, unknown
barcode 404, …) and change nothing.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from arkaofis.catalog.selectors import product_by_sku
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.fulfilment.counts import schemas, selectors
from arkaofis.fulfilment.counts.models import CountDoc, CountStatus
from arkaofis.fulfilment.counts.services.approving import approve_count, cancel_count, reject_count
from arkaofis.fulfilment.counts.services.finishing import finish_count
from arkaofis.fulfilment.counts.services.recording import record_count, record_empty_bin
from arkaofis.fulfilment.counts.services.requesting import request_count
from arkaofis.inventory.schemas import Code
from arkaofis.inventory.selectors import location_by_code, warehouse_by_code

router = Router(tags=["counts"])
COUNT, APPROVE = "fulfilment.count_stock", "fulfilment.approve_count"


class CountFilter(Schema):
    warehouse: Code | None = None
    status: CountStatus | None = None


def _out(request: HttpRequest, number: str) -> schemas.CountOut:
    count = selectors.count_by_number(number)
    return schemas.CountOut.model_validate(count, context={"request": request})


def _id(number: str) -> int:
    return selectors.count_by_number(number).pk


@router.get("", response=list[schemas.CountSummaryOut], auth=requires(COUNT))
@paginate(Paging)
def list_counts(request: HttpRequest, filters: Query[CountFilter]) -> Any:
    """Counts newest first, by warehouse and status."""
    return selectors.counts(warehouse_code=filters.warehouse or "", status=filters.status or "", limit=None)


@router.get("/{number}", response=schemas.CountOut, auth=requires(COUNT))
def get_count(request: HttpRequest, number: str):
    """A count with its bins and lines (a blind count hides what the ledger expects)."""
    return _out(request, number)


@router.post("", response={201: schemas.CountOut}, auth=requires(COUNT))
@idempotent
def create_count(request: HttpRequest, payload: schemas.CountIn):
    """Ask for a count of bins, of a product, or of an ABC class; an open count already covering it is returned."""
    warehouse = warehouse_by_code(payload.warehouse)
    count: CountDoc = request_count(
        warehouse=warehouse,
        locations=[location_by_code(code) for code in payload.bins],
        product=product_by_sku(payload.sku) if payload.sku else None,
        abc_class=payload.abc_class,
        origin=payload.origin,
        reason=payload.reason,
        blind=payload.blind,
        user=caller(request),
        source=Source.API,
    )
    return Status(201, _out(request, count.number))


@router.post("/{number}/record", response={200: schemas.CountOut}, auth=requires(COUNT))
@idempotent
def record(request: HttpRequest, number: str, payload: schemas.RecordIn):
    """The scanned bin holds `quantity` of the scanned item (and lot): replaces an earlier count of it."""
    record_count(
        count_id=_id(number),
        location_scan=payload.bin,
        item_scan=payload.item,
        lot_scan=payload.lot,
        quantity=payload.quantity,
        user=caller(request),
        source=Source.API,
    )
    return Status(200, _out(request, number))


@router.post("/{number}/empty", response={200: schemas.CountOut}, auth=requires(COUNT))
@idempotent
def empty(request: HttpRequest, number: str, payload: schemas.EmptyBinIn):
    """The scanned bin holds nothing the count covers."""
    record_empty_bin(count_id=_id(number), location_scan=payload.bin, user=caller(request), source=Source.API)
    return Status(200, _out(request, number))


@router.post("/{number}/finish", response={200: schemas.CountOut}, auth=requires(COUNT))
@idempotent
def finish(request: HttpRequest, number: str):
    """Variances against the ledger now: posted within the tolerance, else the count awaits a manager."""
    finish_count(count_id=_id(number), user=caller(request), source=Source.API)
    return Status(200, _out(request, number))


@router.post("/{number}/approve", response={200: schemas.CountOut}, auth=requires(APPROVE))
@idempotent
def approve(request: HttpRequest, number: str):
    """Post the variances of a count awaiting approval."""
    approve_count(count_id=_id(number), user=caller(request), source=Source.API)
    return Status(200, _out(request, number))


@router.post("/{number}/reject", response={200: schemas.CountOut}, auth=requires(APPROVE))
@idempotent
def reject(request: HttpRequest, number: str, payload: schemas.CountDecisionIn):
    """Ask for a recount of the lines that differed."""
    reject_count(count_id=_id(number), reason=payload.reason, user=caller(request), source=Source.API)
    return Status(200, _out(request, number))


@router.post("/{number}/cancel", response={200: schemas.CountOut}, auth=requires(APPROVE))
@idempotent
def cancel(request: HttpRequest, number: str, payload: schemas.CountDecisionIn):
    """Drop a count not yet posted, and its tasks."""
    cancel_count(count_id=_id(number), reason=payload.reason, user=caller(request), source=Source.API)
    return Status(200, _out(request, number))
