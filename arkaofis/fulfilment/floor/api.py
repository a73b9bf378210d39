"""The floor's API: plan a wave, read a batch's stops, pick and short-pick a stop, pack a shipment, put a
cancelled shipment's units back from packing onto shelves.

The same services as the screens; refusals are problem+json (wrong bin 409, unknown barcode 404, …).
"""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from arkaofis.core.api_auth import caller, requires
from arkaofis.core.exceptions import PermissionDeniedError
from arkaofis.core.idempotency import idempotent
from arkaofis.core.inputs import Day
from arkaofis.core.models import Source
from arkaofis.core.roles import SEE_SHIP_TO, may_see
from arkaofis.fulfilment import schemas as shipment_schemas
from arkaofis.fulfilment import selectors as shipment_selectors
from arkaofis.fulfilment.carriers import UnknownCarrier
from arkaofis.fulfilment.floor import documents, schemas, selectors
from arkaofis.fulfilment.models import CarrierAccount, PickBatch, PickLine
from arkaofis.fulfilment.services.labels import issue_label
from arkaofis.fulfilment.services.packing import close_box, scan_into_box
from arkaofis.fulfilment.services.picking import confirm_pick, report_short
from arkaofis.fulfilment.services.putting_away import finish_put_away, put_away_from_packing
from arkaofis.fulfilment.services.waves import plan_wave, plan_waves
from arkaofis.inventory.exceptions import UnknownWarehouse
from arkaofis.inventory.models import Warehouse
from arkaofis.inventory.schemas import Code

router = Router(tags=["floor"])
VIEW, WORK, PLAN = "fulfilment.view_shipment", "fulfilment.ship_shipment", "fulfilment.plan_wave"


@router.post("/waves", response={201: list[schemas.WaveOut]}, auth=requires(PLAN))
@idempotent
def create_waves(request: HttpRequest, payload: schemas.WaveIn):
    """Send a warehouse's pending shipments to the floor: the ones named as one wave, or all of them in
    waves by the rules (carrier cut-off, carrier, priority, zone, single- vs multi-line), in cart batches."""
    warehouse = Warehouse.objects.filter(code=payload.warehouse).first()
    if warehouse is None:
        raise UnknownWarehouse(payload.warehouse)
    cart = {"cart_orders": payload.cart_orders, "user": caller(request), "source": Source.API}
    if payload.shipments:
        waves = [plan_wave(warehouse=warehouse, shipment_numbers=payload.shipments, **cart)]
    else:
        waves = plan_waves(warehouse=warehouse, **cart)
    return Status(201, [schemas.WaveOut.from_orm(wave) for wave in waves])


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


@router.get("/shipments/{number}/put-away", response=schemas.PutAwayStateOut, auth=requires(VIEW))
def put_away_state(request: HttpRequest, number: str):
    """What a cancelled shipment left at packing, still to go back to a shelf (by product and lot)."""
    return shipment_selectors.shipment_by_number(number)


@router.post("/shipments/{number}/put-away", response={200: schemas.PutAwayStateOut}, auth=requires(WORK))
@idempotent
def put_away_units(request: HttpRequest, number: str, payload: schemas.ShipmentPutAwayIn):
    """Scan an item the cancelled shipment left at packing and the bin it goes on: `quantity` units move
    there. The put-away task closes with the last unit. 409 for a shipment not cancelled, a wrong item, a
    place that is not an active bin of the warehouse, or more than is left; 404 for an unknown barcode."""
    shipment = shipment_selectors.shipment_by_number(number)
    put_away_from_packing(
        shipment_id=shipment.pk,
        item_scan=payload.item,
        bin_scan=payload.bin,
        quantity=payload.quantity,
        user=caller(request),
        source=Source.API,
    )
    return Status(200, schemas.PutAwayStateOut.from_orm(shipment))


@router.post("/shipments/{number}/put-away/finish", response={200: schemas.PutAwayStateOut}, auth=requires(WORK))
@idempotent
def finish_put_away_task(request: HttpRequest, number: str):
    """Close the put-away task when nothing of the shipment is left at packing (another order was promised
    it there); 409 while units wait to be put away."""
    shipment = shipment_selectors.shipment_by_number(number)
    finish_put_away(shipment_id=shipment.pk, user=caller(request), source=Source.API)
    return Status(200, schemas.PutAwayStateOut.from_orm(shipment))


def _may_print(request: HttpRequest) -> None:
    """Labels, slips and manifests print customers' addresses: only for roles that may see them."""
    if not may_see(caller(request), SEE_SHIP_TO):
        raise PermissionDeniedError("Printing addresses needs the ship-to permission", permission=SEE_SHIP_TO)


@router.post("/shipments/{number}/label", response={200: shipment_schemas.ShipmentOut}, auth=requires(WORK))
@idempotent
def label(request: HttpRequest, number: str, payload: schemas.LabelIn):
    """Issue the packed shipment's label: the carrier's tracking number and our SSCC. Repeating it changes nothing."""
    _may_print(request)
    shipment = shipment_selectors.shipment_by_number(number)
    issue_label(
        shipment_id=shipment.pk,
        carrier_code=payload.carrier or None,
        service=payload.service,
        user=caller(request),
        source=Source.API,
    )
    return Status(200, shipment_schemas.ShipmentOut.from_orm(shipment_selectors.shipment_by_number(number)))


@router.get("/shipments/{number}/label", auth=requires(WORK), response={200: None})
def label_document(request: HttpRequest, number: str, format: Literal["pdf", "zpl"] = "pdf"):
    """The issued label as a 4×6 inch PDF or as ZPL II for a thermal printer (409 before it is issued); a
    label bought from a carrier (EasyPost) comes as the carrier made it, in its one format (409 for the other)."""
    _may_print(request)
    shipment = shipment_selectors.shipment_by_number(number)
    return HttpResponse(documents.label_file(shipment, format), content_type=documents.LABEL_TYPES[format])


@router.get("/shipments/{number}/slip", auth=requires(WORK), response={200: None})
def slip_document(request: HttpRequest, number: str):
    """The shipment's packing slip (PDF)."""
    return HttpResponse(
        documents.packing_slip(shipment_selectors.shipment_by_number(number)), content_type="application/pdf"
    )


@router.get("/manifests", auth=requires(WORK), response={200: None})
def manifest_document(
    request: HttpRequest, carrier: Code, warehouse: Code, day: Day, format: Literal["pdf", "csv"] = "pdf"
):
    """A carrier's end-of-day manifest for a warehouse: what it collects that day."""
    _may_print(request)
    account = CarrierAccount.objects.filter(code=carrier).first()
    if account is None:
        raise UnknownCarrier(carrier)
    place = Warehouse.objects.filter(code=warehouse).first()
    if place is None:
        raise UnknownWarehouse(warehouse)
    sheet = documents.manifest(account=account, warehouse=place, day=day)
    if format == "csv":
        return HttpResponse(documents.manifest_csv(sheet), content_type="text/csv; charset=utf-8")
    return HttpResponse(documents.manifest_pdf(sheet), content_type="application/pdf")
