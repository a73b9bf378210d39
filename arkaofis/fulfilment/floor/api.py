"""The floor's API: plan a wave, read a batch's stops, pick and short-pick a stop, pack a shipment.

The same services as the screens; refusals are problem+json (wrong bin 409, unknown barcode 404, …).
"""

from django.http import HttpRequest
from ninja import Router, Status

from arkaofis.core.api_auth import caller, requires
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.fulfilment import schemas as shipment_schemas
from arkaofis.fulfilment import selectors as shipment_selectors
from arkaofis.fulfilment.floor import schemas, selectors
from arkaofis.fulfilment.models import PickBatch, PickLine
from arkaofis.fulfilment.services.packing import close_box, scan_into_box
from arkaofis.fulfilment.services.picking import confirm_pick, report_short
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.inventory.exceptions import UnknownWarehouse
from arkaofis.inventory.models import Warehouse

router = Router(tags=["floor"])
VIEW, WORK, PLAN = "fulfilment.view_shipment", "fulfilment.ship_shipment", "fulfilment.plan_wave"


@router.post("/waves", response={201: schemas.WaveOut}, auth=requires(PLAN))
@idempotent
def create_wave(request: HttpRequest, payload: schemas.WaveIn):
    """Send pending shipments of a warehouse (all, or the ones named) to the floor in cart-sized batches."""
    warehouse = Warehouse.objects.filter(code=payload.warehouse).first()
    if warehouse is None:
        raise UnknownWarehouse(payload.warehouse)
    wave = plan_wave(
        warehouse=warehouse,
        shipment_numbers=payload.shipments,
        cart_orders=payload.cart_orders,
        user=caller(request),
        source=Source.API,
    )
    return Status(201, schemas.WaveOut.from_orm(wave))


@router.get("/batches/{number}", response=schemas.BatchOut, auth=requires(VIEW))
def get_batch(request: HttpRequest, number: str):
    """A batch and its stops in walking order."""
    return selectors.batch_by_number(number)


def _stop_batch(stop_id: int) -> PickBatch:
    return PickBatch.objects.get(pk=PickLine.objects.get(pk=stop_id).batch_id)


@router.post("/stops/{stop_id}/pick", response={200: schemas.BatchOut}, auth=requires(WORK))
@idempotent
def pick(request: HttpRequest, stop_id: int, payload: schemas.PickIn):
    """Scan the bin and the item and take `quantity`: the units go to packing, still held for the order."""
    confirm_pick(
        pick_line_id=stop_id,
        bin_scan=payload.bin,
        item_scan=payload.item,
        quantity=payload.quantity,
        user=caller(request),
        source=Source.API,
    )
    return Status(200, schemas.BatchOut.from_orm(_stop_batch(stop_id)))


@router.post("/stops/{stop_id}/short", response={200: schemas.BatchOut}, auth=requires(WORK))
@idempotent
def short(request: HttpRequest, stop_id: int, payload: schemas.ShortIn):
    """The bin had only `found`: they are picked, the rest is held elsewhere (new stops) or ships short."""
    report_short(
        pick_line_id=stop_id, bin_scan=payload.bin, found=payload.found, user=caller(request), source=Source.API
    )
    return Status(200, schemas.BatchOut.from_orm(_stop_batch(stop_id)))


@router.post("/shipments/{number}/scan", response={200: shipment_schemas.ShipmentOut}, auth=requires(WORK))
@idempotent
def pack_scan(request: HttpRequest, number: str, payload: schemas.PackScanIn):
    """One unit of the scanned item goes into the shipment's box (checked against the shipment)."""
    shipment = shipment_selectors.shipment_by_number(number)
    scan_into_box(shipment_id=shipment.pk, item_scan=payload.item, user=caller(request), source=Source.API)
    return Status(200, shipment_schemas.ShipmentOut.from_orm(shipment_selectors.shipment_by_number(number)))


@router.post("/shipments/{number}/close", response={200: shipment_schemas.ShipmentOut}, auth=requires(WORK))
@idempotent
def close(request: HttpRequest, number: str, payload: schemas.CloseBoxIn):
    """Everything is in the box: give the box and the weight; the shipment is packed."""
    shipment = shipment_selectors.shipment_by_number(number)
    close_box(
        shipment_id=shipment.pk,
        box_code=payload.box,
        weight_g=payload.weight_g,
        user=caller(request),
        source=Source.API,
    )
    return Status(200, shipment_schemas.ShipmentOut.from_orm(shipment_selectors.shipment_by_number(number)))
