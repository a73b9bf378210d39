"""The kitting API: plan an order (assemble or take apart), complete it onto a bin, cancel it.

The same services as the screens; refusals are problem+json (not a kit 422, too few components 409, …).
"""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from arkaofis.catalog.selectors import product_by_sku
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.fulfilment.kitting import schemas, selectors
from arkaofis.fulfilment.kitting.services.completing import complete_kitting
from arkaofis.fulfilment.kitting.services.planning import cancel_kitting, create_kitting
from arkaofis.inventory.selectors import warehouse_by_code

router = Router(tags=["kitting"])
VIEW, WORK, MANAGE = "fulfilment.view_kittingorder", "fulfilment.assemble_kit", "fulfilment.manage_kitting"


def _out(number: str, status: int = 200) -> Status:
    return Status(status, schemas.KittingOut.from_orm(selectors.kitting_by_number(number)))


@router.get("", response=list[schemas.KittingOut], auth=requires(VIEW))
@paginate(Paging)
def list_kitting(request: HttpRequest, status: schemas.StatusFilter = ""):
    """Newest first; `status=open` for every order with work left."""
    return selectors.kitting_orders(status=status)


@router.post("", response={201: schemas.KittingOut}, auth=requires(MANAGE))
@idempotent
def plan(request: HttpRequest, payload: schemas.KittingIn):
    """Plan assembling (or taking apart) `quantity` kits: what it consumes is held (all or none); a task opens."""
    order = create_kitting(
        warehouse=warehouse_by_code(payload.warehouse), kit=product_by_sku(payload.kit), quantity=payload.quantity,
        kind=payload.kind, user=caller(request), source=Source.API,
    )  # fmt: skip
    return _out(order.number, 201)


@router.get("/{number}", response=schemas.KittingOut, auth=requires(VIEW))
def get_kitting(request: HttpRequest, number: str):
    return selectors.kitting_by_number(number)


@router.post("/{number}/complete", response={200: schemas.KittingOut}, auth=requires(WORK))
@idempotent
def complete(request: HttpRequest, number: str, payload: schemas.CompleteIn):
    """Consume what `quantity` (default: all left) kits need and put what they make onto the scanned bin."""
    complete_kitting(
        kitting_id=selectors.kitting_by_number(number).pk, bin_scan=payload.bin, quantity=payload.quantity,
        user=caller(request), source=Source.API,
    )  # fmt: skip
    return _out(number)


@router.post("/{number}/cancel", response={200: schemas.KittingOut}, auth=requires(MANAGE))
@idempotent
def cancel(request: HttpRequest, number: str):
    """Cancel the order: what it still holds is given back (kits already made stay)."""
    cancel_kitting(kitting_id=selectors.kitting_by_number(number).pk, user=caller(request), source=Source.API)
    return _out(number)
