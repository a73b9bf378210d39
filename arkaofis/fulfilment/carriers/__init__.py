"""Pluggable carriers: rates, labels, tracking and voids behind one protocol (base.Carrier).

carrier = carrier_for("yurtici", settings.CARRIERS)
rates = carrier.rates(ship_from=warehouse_address, ship_to=customer_address, parcel=parcel)
purchase = carrier.buy_label(ship_from=…, ship_to=…, parcel=…, service=rates[0].service, reference="SHP-42")
"""

from arkaofis.fulfilment.carriers.base import (
    AddressRules,
    Carrier,
    LabelFormat,
    Purchase,
    Rate,
    Tracking,
    TrackingEvent,
    TrackingStatus,
    check_addresses,
)
from arkaofis.fulfilment.carriers.exceptions import (
    AddressIncomplete,
    CarrierNotConfigured,
    CarrierRefused,
    CarrierUnavailable,
    DestinationNotServed,
    ParcelTooHeavy,
    ReferenceUnusable,
    TrackingRangeExhausted,
    UnknownCarrier,
    UnknownService,
)
from arkaofis.fulfilment.carriers.registry import KINDS, carrier_for

__all__ = [
    "KINDS",
    "AddressIncomplete",
    "AddressRules",
    "Carrier",
    "CarrierNotConfigured",
    "CarrierRefused",
    "CarrierUnavailable",
    "DestinationNotServed",
    "LabelFormat",
    "ParcelTooHeavy",
    "Purchase",
    "Rate",
    "ReferenceUnusable",
    "Tracking",
    "TrackingEvent",
    "TrackingRangeExhausted",
    "TrackingStatus",
    "UnknownCarrier",
    "UnknownService",
    "carrier_for",
    "check_addresses",
]
