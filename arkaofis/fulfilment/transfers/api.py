"""The transfer API: request, pick onto the road, ship short, receive, put away, close, cancel; what is in transit.

The same services as the screens; refusals are problem+json (wrong bin 409, over-receipt 409, unknown
transfer 404, too little stock 409, …).
"""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from arkaofis.catalog.selectors import product_by_sku
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.core.roles import SEE_COSTS, may_see
from arkaofis.fulfilment.transfers import schemas, selectors
from arkaofis.fulfilment.transfers.services.receiving import close_transfer, put_away_transfer, receive_transfer
from arkaofis.fulfilment.transfers.services.requesting import cancel_transfer, create_transfer
from arkaofis.fulfilment.transfers.services.shipping import pick_transfer_line, ship_transfer
from arkaofis.inventory.selectors import warehouse_by_code

router = Router(tags=["transfers"])
VIEW, WORK, MANAGE = "fulfilment.view_transfer", "inventory.transfer_stock", "fulfilment.manage_transfer"


def _out(number: str, status: int = 200) -> Status:
    return Status(status, schemas.TransferOut.from_orm(selectors.transfer_by_number(number)))


@router.get("", response=list[schemas.TransferOut], auth=requires(VIEW))
@paginate(Paging)
def list_transfers(request: HttpRequest, status: schemas.StatusFilter = ""):
    """Newest first; `status=open` for every transfer not yet closed or cancelled."""
    return selectors.transfers(status=status)


@router.post("", response={201: schemas.TransferOut}, auth=requires(MANAGE))
@idempotent
def request_transfer(request: HttpRequest, payload: schemas.TransferOrderIn):
    """Request a transfer: its units are held at the origin (all lines or none) and a transfer task opens there."""
    transfer = create_transfer(
        from_warehouse=warehouse_by_code(payload.from_warehouse),
        to_warehouse=warehouse_by_code(payload.to_warehouse),
        lines=[(product_by_sku(line.sku), line.quantity) for line in payload.lines],
        note=payload.note,
        user=caller(request),
        source=Source.API,
    )
    return _out(transfer.number, 201)


@router.get("/in-transit", response=list[schemas.InTransitOut], auth=requires(VIEW))
def in_transit(request: HttpRequest):
    """Every transfer line with units on the road, valued for callers who may see costs."""
    costs = may_see(caller(request), SEE_COSTS)
    return [
        {
            "transfer": row.transfer.number,
            "from_warehouse": row.transfer.from_warehouse.code,
            "to_warehouse": row.transfer.to_warehouse.code,
            "sku": row.line.product.sku,
            "units": row.units,
            "value": row.value if costs else None,
            "currency": row.currency,
        }
        for row in selectors.in_transit()
    ]


@router.get("/{number}", response=schemas.TransferOut, auth=requires(VIEW))
def get_transfer(request: HttpRequest, number: str):
    return selectors.transfer_by_number(number)


@router.post("/{number}/pick", response={200: schemas.TransferOut}, auth=requires(WORK))
@idempotent
def pick(request: HttpRequest, number: str, payload: schemas.TransferPickIn):
    """Scan the bin and the item of a line and take `quantity` onto the road (in transit)."""
    transfer = selectors.transfer_by_number(number)
    pick_transfer_line(
        transfer_id=transfer.pk, line_no=payload.line, bin_scan=payload.bin, item_scan=payload.item,
        quantity=payload.quantity, user=caller(request), source=Source.API,
    )  # fmt: skip
    return _out(number)


@router.post("/{number}/ship", response={200: schemas.TransferOut}, auth=requires(WORK))
@idempotent
def ship(request: HttpRequest, number: str):
    """Send what is picked; what was not found is given back at the origin (shipped short)."""
    ship_transfer(transfer_id=selectors.transfer_by_number(number).pk, user=caller(request), source=Source.API)
    return _out(number)


@router.post("/{number}/receive", response={200: schemas.TransferOut}, auth=requires(WORK))
@idempotent
def receive(request: HttpRequest, number: str, payload: schemas.ReceiveIn):
    """Scan an item and give the quantity that arrived: onto the destination's dock (more than is on the road: 409)."""
    receive_transfer(
        transfer_id=selectors.transfer_by_number(number).pk, item_scan=payload.item, quantity=payload.quantity,
        user=caller(request), source=Source.API,
    )  # fmt: skip
    return _out(number)


@router.post("/{number}/put-away", response={200: schemas.TransferOut}, auth=requires(WORK))
@idempotent
def put_away(request: HttpRequest, number: str, payload: schemas.PutAwayIn):
    """Scan an item and a bin of the destination: `quantity` goes from the dock onto the bin."""
    put_away_transfer(
        transfer_id=selectors.transfer_by_number(number).pk, item_scan=payload.item, bin_scan=payload.bin,
        quantity=payload.quantity, user=caller(request), source=Source.API,
    )  # fmt: skip
    return _out(number)


@router.post("/{number}/close", response={200: schemas.TransferOut}, auth=requires(MANAGE))
@idempotent
def close(request: HttpRequest, number: str):
    """Close a transfer short: what is still on the road is written off as lost."""
    close_transfer(transfer_id=selectors.transfer_by_number(number).pk, user=caller(request), source=Source.API)
    return _out(number)


@router.post("/{number}/cancel", response={200: schemas.TransferOut}, auth=requires(MANAGE))
@idempotent
def cancel(request: HttpRequest, number: str):
    """Cancel a transfer nothing was picked for: its held units are given back."""
    cancel_transfer(transfer_id=selectors.transfer_by_number(number).pk, user=caller(request), source=Source.API)
    return _out(number)
