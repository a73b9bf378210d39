"""Issue a packed shipment's label: the carrier gives the tracking number, we give the SSCC.

The carrier is called outside any lock (a carrier that takes 30 s must not hold the order), then
the shipment is locked and the label stored only if nobody labelled it meanwhile; a carrier's
purchase that lost that race is voided. The label itself is rendered on demand from the stored
numbers (labels/), as PDF or ZPL, so reprinting never buys a second label.
"""

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from arkaofis.core.exceptions import DomainError
from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.carriers import Purchase, check_addresses
from arkaofis.fulfilment.domain.parcels import Address, Parcel
from arkaofis.fulfilment.domain.stages import Stage
from arkaofis.fulfilment.exceptions import ShipmentClosed, UnknownShipment
from arkaofis.fulfilment.labels import LabelData, check_label, sscc18
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.carrier_accounts import account_for, carrier_of
from arkaofis.inventory.models import Warehouse

log = logging.getLogger(__name__)


def ship_from(warehouse: Warehouse) -> Address:
    return Address(
        name=warehouse.name,
        line1=warehouse.address_line1,
        line2=warehouse.address_line2,
        district=warehouse.district,
        city=warehouse.city,
        postal_code=warehouse.postal_code,
        country=warehouse.country,
        phone=warehouse.phone,
    )


def ship_to(shipment: Shipment) -> Address:
    address = shipment.order.shipping
    if address is None:
        return Address()
    return Address(
        name=address.name,
        company=address.company,
        line1=address.line1,
        line2=address.line2,
        city=address.city,
        region=address.region,
        postal_code=address.postal_code,
        country=address.country,
        phone=address.phone,
    )


def _parcel(shipment: Shipment) -> Parcel:
    box = shipment.box
    dims = (box.length_mm, box.width_mm, box.height_mm) if box else (0, 0, 0)
    return Parcel(weight_g=shipment.weight_g or 0, length_mm=dims[0], width_mm=dims[1], height_mm=dims[2])


def sscc_of(shipment: Shipment) -> str:
    """The shipment's SSCC-18: our GS1 company prefix and the shipment's id as the serial (unique, never reused)."""
    return sscc18(settings.ARKAOFIS_SSCC_EXTENSION, settings.ARKAOFIS_GS1_COMPANY_PREFIX, shipment.pk)


def _load(shipment_id: int) -> Shipment:
    shipment = (
        Shipment.objects.select_related("order__shipping", "warehouse", "box", "carrier_account")
        .filter(pk=shipment_id)
        .first()
    )
    if shipment is None:
        raise UnknownShipment(f"#{shipment_id}")
    return shipment


def issue_label(
    *, shipment_id: int, carrier_code: str | None = None, service: str = "", user: Any, source: str
) -> Shipment:
    """Buy (or issue) the packed shipment's tracking number from its carrier and number its SSCC.

    Labelling a labelled shipment returns it unchanged. Raises ShipmentClosed (not packed),
    UnknownCarrier, the carrier's AddressIncomplete / CarrierRefused / CarrierUnavailable, and the
    label's own checks (an address missing fields, named); then nothing is stored.
    """
    shipment = _load(shipment_id)
    if shipment.tracking_number and shipment.status == Stage.PACKED:
        return shipment
    if shipment.status != Stage.PACKED:
        raise ShipmentClosed(shipment.number, shipment.status, "labelled")
    account = account_for(code=carrier_code, shipping_method=shipment.order.shipping_method)
    assert account is not None  # required: raises UnknownCarrier otherwise
    carrier = carrier_of(account)
    origin, destination = ship_from(shipment.warehouse), ship_to(shipment)
    check_addresses(carrier, ship_from=origin, ship_to=destination)
    sscc = sscc_of(shipment)
    check_label(_label_data(shipment, origin, destination, account.name, service, "0", sscc))
    purchase = carrier.buy_label(
        ship_from=origin,
        ship_to=destination,
        parcel=_parcel(shipment),
        service=service or account.default_service,
        reference=shipment.number,
    )
    return _store(shipment.pk, account.pk, purchase, sscc, carrier, user=user, source=source)


def _store(
    shipment_id: int, account_id: int, purchase: Purchase, sscc: str, carrier: Any, *, user: Any, source: str
) -> Shipment:
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment_id)
        if shipment.tracking_number or shipment.status != Stage.PACKED:
            _void(carrier, purchase)
            if shipment.status != Stage.PACKED:
                raise ShipmentClosed(shipment.number, shipment.status, "labelled")
            return _load(shipment_id)
        shipment.carrier_account_id = account_id
        shipment.carrier = carrier.name
        shipment.tracking_number = purchase.tracking_number
        shipment.tracking_url = purchase.tracking_url[:300]
        shipment.service = (purchase.service or "")[:64]
        shipment.sscc = sscc
        shipment.labelled_at = timezone.now()
        shipment.carrier_label = purchase.label if purchase.label and purchase.label_format else None
        shipment.carrier_label_format = (purchase.label_format or "") if shipment.carrier_label else ""
        shipment.save(
            update_fields=[
                "carrier_account",
                "carrier",
                "tracking_number",
                "tracking_url",
                "service",
                "sscc",
                "labelled_at",
                "carrier_label",
                "carrier_label_format",
            ]
        )
        record_audit(
            user=user,
            source=source,
            action="shipment.labelled",
            obj=shipment,
            data={"shipment": shipment.number, "carrier": carrier.code, "tracking_number": purchase.tracking_number},
        )
    return _load(shipment_id)


def _void(carrier: Any, purchase: Purchase) -> None:
    try:
        carrier.void(shipment_id=purchase.shipment_id)
    except DomainError:  # the carrier keeps it; the duplicate costs money, so say so
        log.warning("label voiding refused", extra={"carrier": carrier.code})


def _label_data(
    shipment: Shipment, origin: Address, destination: Address, carrier: str, service: str, tracking: str, sscc: str
) -> LabelData:
    return LabelData(
        ship_from=origin,
        ship_to=destination,
        carrier=carrier,
        service=service,
        tracking_number=tracking,
        sscc=sscc,
        shipment_number=shipment.number,
        order_number=shipment.order.number,
        weight_g=shipment.weight_g or 1,
        ship_date=date.today(),
        sscc_prefix_length=len(settings.ARKAOFIS_GS1_COMPANY_PREFIX),
    )


def label_data(shipment: Shipment) -> LabelData:
    """What the shipment's label prints (it must have been issued)."""
    return _label_data(
        shipment,
        ship_from(shipment.warehouse),
        ship_to(shipment),
        shipment.carrier,
        shipment.service,
        shipment.tracking_number,
        shipment.sscc,
    )
