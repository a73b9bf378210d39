"""Fulfilment API: the shipments list (filter by status and warehouse), ship and deliver.

Each write calls one service with source="api" and the caller as user.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.fulfilment import schemas, selectors
from arkaofis.fulfilment.models import Shipment, ShipmentStatus
from arkaofis.fulfilment.services.shipping import mark_delivered, ship_shipment
from arkaofis.inventory.schemas import Code

router = Router(tags=["fulfilment"])
VIEW, SHIP = "fulfilment.view_shipment", "fulfilment.ship_shipment"


def _out(number: str) -> schemas.ShipmentOut:
    return schemas.ShipmentOut.from_orm(selectors.shipment_by_number(number))


@router.get("/shipments", response=list[schemas.ShipmentOut], auth=requires(VIEW))
@paginate(Paging)
def list_shipments(
    request: HttpRequest, status: ShipmentStatus | None = None, warehouse: Code | None = None
) -> QuerySet[Shipment]:
    """Shipments, pending first (then shipped, then the rest), oldest first within each."""
    return selectors.shipment_list(status=status, warehouse=warehouse)


@router.get("/shipments/{number}", response=schemas.ShipmentOut, auth=requires(VIEW))
def get_shipment(request: HttpRequest, number: str) -> schemas.ShipmentOut:
    return _out(number)


@router.post("/shipments/{number}/ship", response={200: schemas.ShipmentOut}, auth=requires(SHIP))
@idempotent
def ship(request: HttpRequest, number: str, payload: schemas.ShipIn) -> Status:
    """Hand the shipment to the carrier: stock leaves for the customer. Repeating it changes nothing."""
    shipment = selectors.shipment_by_number(number)
    ship_shipment(
        shipment_id=shipment.pk,
        carrier=payload.carrier,
        tracking_number=payload.tracking_number,
        user=caller(request),
        source=Source.API,
    )
    return Status(200, _out(number))


@router.post("/shipments/{number}/deliver", response={200: schemas.ShipmentOut}, auth=requires(SHIP))
@idempotent
def deliver(request: HttpRequest, number: str) -> Status:
    """The carrier delivered it; the order is delivered once all its shipments are. 409 if not shipped."""
    shipment = selectors.shipment_by_number(number)
    mark_delivered(shipment_id=shipment.pk, user=caller(request), source=Source.API)
    return Status(200, _out(number))
