"""What every carrier offers, and the plain results it answers with.

A carrier quotes rates for a parcel, buys a label (a tracking number, maybe a label file), tracks a
number and, where the carrier allows it, voids a label. Adapters translate the carrier's words into
these; nothing here knows any carrier. No database: state a carrier needs (a serial counter) is
passed in as a callable by whoever builds it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal, Protocol, runtime_checkable

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from arkaofis.fulfilment.carriers.exceptions import AddressIncomplete, DestinationNotServed
from arkaofis.fulfilment.domain.parcels import LABEL_FIELDS, Address, Parcel, missing_fields

LabelFormat = Literal["pdf", "zpl"]


class TrackingStatus(TextChoices):
    """Our words for where a parcel is; each adapter maps its carrier's codes onto these."""

    PRE_TRANSIT = "pre_transit", _("Label created, not yet handed over")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned to sender")
    FAILURE = "failure", _("Delivery failed")
    UNKNOWN = "unknown", _("Unknown")


@dataclass(frozen=True)
class Rate:
    carrier: str  # our carrier code ("easypost", "yurtici", "manual")
    service: str  # the code buy_label takes back
    service_name: str
    amount: Decimal
    currency: str
    estimated_days: int | None = None


@dataclass(frozen=True)
class Purchase:
    tracking_number: str
    shipment_id: str  # the carrier's id for what was bought; void() takes it back
    label: bytes | None  # None when we print our own label (own fleet, Yurtiçi)
    label_format: LabelFormat | None
    cost: Decimal | None
    currency: str
    tracking_url: str = ""
    service: str = ""


@dataclass(frozen=True)
class TrackingEvent:
    at: datetime  # aware, UTC
    status: str  # a TrackingStatus value
    description: str  # as the carrier wrote it
    location: str = ""


@dataclass(frozen=True)
class Tracking:
    tracking_number: str
    status: str  # a TrackingStatus value
    events: tuple[TrackingEvent, ...] = ()
    estimated_delivery: datetime | None = None
    url: str = ""
    carrier_status: str = ""  # the carrier's own code, for whoever debugs a mapping


@dataclass(frozen=True)
class AddressRules:
    """The fields a carrier needs on each side (beyond these it sends what it has)."""

    ship_to: tuple[str, ...] = LABEL_FIELDS
    ship_from: tuple[str, ...] = LABEL_FIELDS
    # ISO country codes it delivers to; empty means anywhere.
    destinations: frozenset[str] = field(default_factory=frozenset)


@runtime_checkable
class Carrier(Protocol):
    code: str
    name: str
    address_rules: AddressRules

    def rates(self, *, ship_from: Address, ship_to: Address, parcel: Parcel) -> list[Rate]: ...

    def buy_label(
        self, *, ship_from: Address, ship_to: Address, parcel: Parcel, service: str, reference: str
    ) -> Purchase: ...

    def track(self, tracking_number: str) -> Tracking: ...

    def void(self, *, shipment_id: str) -> None: ...


def check_addresses(carrier: Carrier, *, ship_from: Address, ship_to: Address) -> None:
    """Refuse before any call when an address lacks what `carrier` needs, naming the fields."""
    rules = carrier.address_rules
    for side, address, required in (("ship_to", ship_to, rules.ship_to), ("ship_from", ship_from, rules.ship_from)):
        missing = missing_fields(address, required)
        if missing:
            raise AddressIncomplete(carrier.name, side, missing)
    country = ship_to.country.strip().upper()
    if rules.destinations and country and country not in rules.destinations:
        raise DestinationNotServed(carrier.name, country)


def service_codes(rates: Sequence[Rate]) -> list[str]:
    return [rate.service for rate in rates]
