"""EasyPost, an international aggregator (USPS, UPS, FedEx, DHL … behind one API), through its
official Python SDK (easypost 10.x: `EasyPostClient(api_key, api_base=…, timeout=…)`).

Rates: create a Shipment (from, to, parcel) and read its `rates`. Buying: create the Shipment again
with our reference and the label format, then buy the rate whose carrier and service match the
code we quoted ("USPS:Priority"); quotes are not kept between the two calls because EasyPost may
re-rate anyway and the price bought is what Purchase.cost says. The label file is fetched from
`postage_label.label_url`. Tracking: create a Tracker (EasyPost returns the existing one for a code
it already tracks). Void: refund the Shipment.

EasyPost wants inches and ounces (API reference, "Parcel": length/width/height in inches, weight in
ounces, one decimal at most): converted from our mm and g with Decimal and rounded UP, so a parcel
is never declared lighter or smaller than it is.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import Any

import easypost
import httpx
from easypost import errors as ep_errors

from arkaofis.fulfilment.carriers.base import (
    AddressRules,
    LabelFormat,
    Purchase,
    Rate,
    Tracking,
    TrackingEvent,
    TrackingStatus,
    check_addresses,
)
from arkaofis.fulfilment.carriers.exceptions import CarrierRefused, CarrierUnavailable, UnknownService
from arkaofis.fulfilment.domain.parcels import LABEL_FIELDS, Address, Parcel

logger = logging.getLogger("arkaofis.fulfilment.carriers.easypost")

MM_PER_INCH = Decimal("25.4")
G_PER_OUNCE = Decimal("28.349523125")
TENTH = Decimal("0.1")

# EasyPost's tracker statuses (API reference, "Tracker": status) in our words. A parcel waiting at
# a pickup point is on its last leg, like one on the van.
STATUSES: Mapping[str, str] = {
    "pre_transit": TrackingStatus.PRE_TRANSIT,
    "in_transit": TrackingStatus.IN_TRANSIT,
    "out_for_delivery": TrackingStatus.OUT_FOR_DELIVERY,
    "available_for_pickup": TrackingStatus.OUT_FOR_DELIVERY,
    "delivered": TrackingStatus.DELIVERED,
    "return_to_sender": TrackingStatus.RETURNED,
    "failure": TrackingStatus.FAILURE,
    "cancelled": TrackingStatus.FAILURE,
    "error": TrackingStatus.UNKNOWN,
    "unknown": TrackingStatus.UNKNOWN,
}

LABEL_FILE_TYPES: Mapping[str, LabelFormat] = {"application/pdf": "pdf", "application/zpl": "zpl"}


def inches(mm: int) -> Decimal:
    return (Decimal(mm) / MM_PER_INCH).quantize(TENTH, rounding=ROUND_CEILING)


def ounces(grams: int) -> Decimal:
    return (Decimal(grams) / G_PER_OUNCE).quantize(TENTH, rounding=ROUND_CEILING)


def parcel_params(parcel: Parcel) -> dict[str, float]:
    # The SDK sends JSON numbers; a Decimal already rounded to one decimal becomes the float that
    # prints as that same decimal, so nothing is lost on the way.
    params = {"weight": float(ounces(parcel.weight_g))}
    if parcel.length_mm and parcel.width_mm and parcel.height_mm:
        params |= {
            "length": float(inches(parcel.length_mm)),
            "width": float(inches(parcel.width_mm)),
            "height": float(inches(parcel.height_mm)),
        }
    return params


def address_params(address: Address) -> dict[str, str]:
    params = {
        "name": address.name,
        "company": address.company,
        "street1": address.line1,
        "street2": address.line2,
        "city": address.city,
        "state": address.region,
        "zip": address.postal_code,
        "country": address.country,
        "phone": address.phone,
        "email": address.email,
    }
    return {key: value for key, value in params.items() if value}


def service_code(rate: Any) -> str:
    return f"{rate.carrier}:{rate.service}"


@dataclass
class EasyPostCarrier:
    api_key: str = field(repr=False)
    code: str = "easypost"
    name: str = "EasyPost"
    api_base: str = "https://api.easypost.com/v2"
    timeout: float = 30.0
    label_format: LabelFormat = "pdf"
    # Carriers behind EasyPost want a sender phone for most international services.
    address_rules: AddressRules = field(default_factory=lambda: AddressRules(ship_from=(*LABEL_FIELDS, "phone")))

    def __post_init__(self) -> None:
        self.client = easypost.EasyPostClient(self.api_key, api_base=self.api_base, timeout=self.timeout)  # type: ignore[arg-type]

    def rates(self, *, ship_from: Address, ship_to: Address, parcel: Parcel) -> list[Rate]:
        check_addresses(self, ship_from=ship_from, ship_to=ship_to)
        shipment = self._call(
            self.client.shipment.create,
            from_address=address_params(ship_from),
            to_address=address_params(ship_to),
            parcel=parcel_params(parcel),
        )
        rates = [self._rate(rate) for rate in shipment.rates]
        if not rates and shipment.messages:
            raise CarrierRefused(self.name, "; ".join(str(m.message) for m in shipment.messages))
        return sorted(rates, key=lambda rate: rate.amount)

    def buy_label(
        self, *, ship_from: Address, ship_to: Address, parcel: Parcel, service: str, reference: str
    ) -> Purchase:
        check_addresses(self, ship_from=ship_from, ship_to=ship_to)
        shipment = self._call(
            self.client.shipment.create,
            from_address=address_params(ship_from),
            to_address=address_params(ship_to),
            parcel=parcel_params(parcel),
            reference=reference,
            options={"label_format": self.label_format.upper()},
        )
        chosen = next((rate for rate in shipment.rates if service_code(rate) == service), None)
        if chosen is None:
            raise UnknownService(self.name, service, sorted(service_code(rate) for rate in shipment.rates))
        bought = self._call(self.client.shipment.buy, shipment.id, rate=chosen)
        label = bought.postage_label
        label_format = LABEL_FILE_TYPES.get(str(label.label_file_type))
        tracker = getattr(bought, "tracker", None)
        return Purchase(
            tracking_number=str(bought.tracking_code),
            shipment_id=str(bought.id),
            label=self._fetch(str(label.label_url)),
            label_format=label_format,
            cost=_decimal(bought.selected_rate.rate),
            currency=str(bought.selected_rate.currency),
            tracking_url=str(getattr(tracker, "public_url", "") or ""),
            service=service_code(bought.selected_rate),
        )

    def track(self, tracking_number: str) -> Tracking:
        tracker = self._call(self.client.tracker.create, tracking_code=tracking_number)
        events = tuple(
            TrackingEvent(
                at=_utc(detail.datetime),
                status=STATUSES.get(str(detail.status), TrackingStatus.UNKNOWN),
                description=str(detail.message or ""),
                location=_location(detail.tracking_location),
            )
            for detail in tracker.tracking_details
            if detail.datetime
        )
        return Tracking(
            tracking_number=str(tracker.tracking_code),
            status=STATUSES.get(str(tracker.status), TrackingStatus.UNKNOWN),
            events=events,
            estimated_delivery=_utc(tracker.est_delivery_date) if tracker.est_delivery_date else None,
            url=str(tracker.public_url or ""),
            carrier_status=str(tracker.status),
        )

    def void(self, *, shipment_id: str) -> None:
        shipment = self._call(self.client.shipment.refund, shipment_id)
        if str(shipment.refund_status) == "rejected":
            raise CarrierRefused(self.name, "refund rejected", carrier_code="refund_rejected")

    def _rate(self, rate: Any) -> Rate:
        days = rate.delivery_days if rate.delivery_days is not None else rate.est_delivery_days
        return Rate(
            carrier=self.code,
            service=service_code(rate),
            service_name=f"{rate.carrier} {rate.service}",
            amount=_decimal(rate.rate),
            currency=str(rate.currency),
            estimated_days=int(days) if days is not None else None,
        )

    def _call(self, method: Callable[..., Any], *args: Any, **params: Any) -> Any:
        """One SDK call, its failures as our typed errors (never with the API key, which the SDK keeps out)."""
        try:
            return method(*args, **params)
        except ep_errors.TimeoutError as error:
            raise CarrierUnavailable(self.name, "timeout") from error
        except ep_errors.HttpError as error:
            raise CarrierUnavailable(self.name, "connection") from error
        except ep_errors.JsonError as error:  # not JSON: a proxy's error page, a half answer
            raise CarrierUnavailable(self.name, "server-error") from error
        except ep_errors.ApiError as error:
            status = error.http_status or 0
            if status >= 500 or status == 429:
                raise CarrierUnavailable(self.name, "server-error") from error
            raise CarrierRefused(self.name, _refusal(error), carrier_code=str(error.code or "")) from error

    def _fetch(self, url: str) -> bytes:
        try:
            response = httpx.get(url, timeout=self.timeout, follow_redirects=True)
        except httpx.TimeoutException as error:
            raise CarrierUnavailable(self.name, "timeout") from error
        except httpx.TransportError as error:
            raise CarrierUnavailable(self.name, "connection") from error
        if response.status_code >= 400:
            logger.warning("EasyPost label download answered %s", response.status_code)
            raise CarrierUnavailable(self.name, "server-error")
        return response.content


def _refusal(error: Any) -> str:
    """EasyPost's message, with each field error ({"field", "message"}) it lists after it."""
    parts = [str(error.message)]
    for item in error.errors or []:
        if isinstance(item, Mapping) and item.get("field"):
            parts.append(f"{item['field']}: {item.get('message', '')}")
        elif isinstance(item, Mapping) and item.get("message"):
            parts.append(str(item["message"]))
    return "; ".join(part for part in parts if part)


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise CarrierRefused("EasyPost", f"unreadable amount {value!r}") from error


def _utc(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _location(location: Any) -> str:
    if location is None:
        return ""
    parts = (getattr(location, key, None) for key in ("city", "state", "zip", "country"))
    return ", ".join(str(part) for part in parts if part)
