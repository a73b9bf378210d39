"""Yurtiçi Kargo through its SOAP web service "ShippingOrderDispatcherServices" (KOPS), with httpx
and defusedxml (no SOAP library).

The shapes follow the service's WSDL (namespace http://yurticikargo.com.tr/ShippingOrderDispatcherServices,
document/literal, child elements unqualified), as its generated JAXB classes publish it — e.g.
github.com/wprtrkcllpoc/tcll-poc, src/main/java/tr/com/yurticikargo/shippingorderdispatcherservices/
{CreateShipment,ShippingOrderVO,ShippingOrderResultVO,QueryShipment,ShippingDeliveryDetailVO,
ShippingDeliveryItemDetailVO,InvDocCargoVO,CancelShipment}.java:

- createShipment(wsUserName, wsPassword, userLanguage, ShippingOrderVO*) → ShippingOrderResultVO
  {outFlag, outResult, errCode, count, jobId, shippingOrderDetailVO*{cargoKey, errCode, errMessage}}.
  This "sends the data": the cargoKey we choose (≤ 20 characters) is the barcode on OUR label; a
  branch scans it and Yurtiçi then knows the parcel. So there is no label file and no price here.
- queryShipment(wsUserName, wsPassword, wsLanguage, keys*, keyType, addHistoricalData, onlyTracking)
  → ShippingDeliveryVO {…, shippingDeliveryDetailVO*{operationStatus, operationCode, errCode,
  shippingDeliveryItemDetailVO{docId, trackingUrl, returnStatus, rejectStatus, invDocCargoVOArray*}}}.
- cancelShipment(wsUserName, wsPassword, userLanguage, cargoKeys*) → ShippingOrderResultVO.

Prices come from the contract's table (configured), by desi. Errors come back as HTTP 200 with
outFlag ≠ 0, or as a SOAP Fault carrying a YurticikargoWSException.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_CEILING, Decimal
from xml.etree.ElementTree import Element, SubElement, tostring
from zoneinfo import ZoneInfo

import httpx
from defusedxml import ElementTree as SafeTree

from arkaofis.fulfilment.carriers.base import (
    AddressRules,
    Purchase,
    Rate,
    Tracking,
    TrackingEvent,
    TrackingStatus,
    check_addresses,
)
from arkaofis.fulfilment.carriers.exceptions import CarrierRefused, CarrierUnavailable, ReferenceUnusable
from arkaofis.fulfilment.carriers.rates import RateTable, volumetric_kg
from arkaofis.fulfilment.domain.parcels import Address, Parcel

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE_NS = "http://yurticikargo.com.tr/ShippingOrderDispatcherServices"
LIVE_URL = "https://ws.yurticikargo.com/KOPSWebServices/ShippingOrderDispatcherServices"
TEST_URL = "https://testws.yurticikargo.com/KOPSWebServices/ShippingOrderDispatcherServices"
ISTANBUL = ZoneInfo("Europe/Istanbul")  # the service's dates and times are Turkish local time
CARGO_KEY_MAX = 20

# operationStatus (Yurtiçi's integration document, section 4: NOP 0 not processed, IND 1 in
# delivery, ISR 2 processed and not yet invoiced, CNL 3 dispatch blocked, DLV 5 delivered), as
# e.g. github.com/oguzhanayyldz/moon-lib src/common/enums/yurtici-status.enum.ts lists them.
STATUSES: Mapping[str, str] = {
    "NOP": TrackingStatus.PRE_TRANSIT,
    "IND": TrackingStatus.IN_TRANSIT,
    "ISR": TrackingStatus.IN_TRANSIT,
    "CNL": TrackingStatus.FAILURE,
    "DLV": TrackingStatus.DELIVERED,
}
RETURNED_TO_SENDER = "3"  # returnStatus: sent back to the sender
RETURN_DONE = "9"  # rejectStatus: the return is done


def cargo_key(reference: str, *, carrier: str) -> str:
    """Our reference as a cargo key: letters and digits, upper case, at most 20 (it is the label's barcode)."""
    key = re.sub(r"[^A-Z0-9]", "", reference.upper().replace("İ", "I"))
    if not key or len(key) > CARGO_KEY_MAX:
        raise ReferenceUnusable(carrier, reference, CARGO_KEY_MAX)
    return key


def kilograms(grams: int) -> Decimal:
    return (Decimal(grams) / 1000).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


@dataclass
class YurticiCarrier:
    username: str = field(repr=False)
    password: str = field(repr=False)
    rate_table: RateTable
    code: str = "yurtici"
    name: str = "Yurtiçi Kargo"
    url: str = LIVE_URL
    language: str = "TR"
    timeout: float = 20.0
    transport: httpx.BaseTransport | None = field(default=None, repr=False)
    # Its couriers call the receiver and route by district (ilçe): both are required.
    address_rules: AddressRules = field(
        default_factory=lambda: AddressRules(
            ship_to=("name", "line1", "district", "city", "phone"),
            ship_from=("name", "line1", "city"),
            destinations=frozenset({"TR"}),
        )
    )

    def rates(self, *, ship_from: Address, ship_to: Address, parcel: Parcel) -> list[Rate]:
        check_addresses(self, ship_from=ship_from, ship_to=ship_to)
        return self.rate_table.rates(carrier=self.code, parcel=parcel)

    def buy_label(
        self, *, ship_from: Address, ship_to: Address, parcel: Parcel, service: str, reference: str
    ) -> Purchase:
        check_addresses(self, ship_from=ship_from, ship_to=ship_to)
        rate = self.rate_table.rate(carrier=self.code, carrier_name=self.name, service=service, parcel=parcel)
        key = cargo_key(reference, carrier=self.name)
        order = _order(key, ship_to, parcel)
        result = self._call("createShipment", self._credentials("userLanguage"), [order]).find("ShippingOrderResultVO")
        self._check(result, "shippingOrderDetailVO")
        return Purchase(
            tracking_number=key,
            shipment_id=key,
            label=None,  # we print the cargo key as the barcode on our own label
            label_format=None,
            cost=rate.amount,
            currency=rate.currency,
            service=rate.service,
        )

    def track(self, tracking_number: str) -> Tracking:
        fields = [
            *self._credentials("wsLanguage"),
            ("keys", tracking_number),
            ("keyType", "0"),  # 0: by cargo key, which is our tracking number
            ("addHistoricalData", "true"),
            ("onlyTracking", "false"),
        ]
        result = self._call("queryShipment", fields).find("ShippingDeliveryVO")
        detail = self._check(result, "shippingDeliveryDetailVO")
        item = detail.find("shippingDeliveryItemDetailVO") if detail is not None else None
        carrier_status = _text(detail, "operationStatus")
        status = STATUSES.get(carrier_status, TrackingStatus.UNKNOWN)
        if _text(item, "returnStatus") == RETURNED_TO_SENDER or _text(item, "rejectStatus") == RETURN_DONE:
            status = TrackingStatus.RETURNED
        return Tracking(
            tracking_number=tracking_number,
            status=status,
            events=_events(item, status),
            url=_text(item, "trackingUrl"),
            carrier_status=carrier_status,
        )

    def void(self, *, shipment_id: str) -> None:
        fields = [*self._credentials("userLanguage"), ("cargoKeys", shipment_id)]
        self._check(self._call("cancelShipment", fields).find("ShippingOrderResultVO"), "shippingCancelDetailVO")

    def _credentials(self, language_field: str) -> list[tuple[str, str]]:
        return [("wsUserName", self.username), ("wsPassword", self.password), (language_field, self.language)]

    def _call(self, operation: str, fields: list[tuple[str, str]], orders: list[Element] | None = None) -> Element:
        """POST one operation; its response element (e.g. createShipmentResponse), or a typed error."""
        body = _envelope(operation, fields, orders or [])
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(
                    self.url, content=body, headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
                )
        except httpx.TimeoutException as error:
            raise CarrierUnavailable(self.name, "timeout") from error
        except httpx.TransportError as error:
            raise CarrierUnavailable(self.name, "connection") from error
        document = _parse(response.content)
        fault = document.find(f".//{{{SOAP_ENV}}}Fault") if document is not None else None
        if fault is not None and any(str(e.tag).endswith("YurticikargoWSException") for e in fault.iter()):
            raise CarrierRefused(self.name, _text(fault, "faultstring") or "SOAP fault")
        if 400 <= response.status_code < 500:
            raise CarrierRefused(self.name, f"HTTP {response.status_code}", carrier_code=str(response.status_code))
        if response.status_code >= 500 or document is None or fault is not None:
            raise CarrierUnavailable(self.name, "server-error")
        answer = document.find(f".//{{{SERVICE_NS}}}{operation}Response")
        if answer is None:
            raise CarrierUnavailable(self.name, "server-error")
        return answer

    def _check(self, result: Element | None, detail_tag: str) -> Element | None:
        """Refuse with Yurtiçi's message when outFlag says so or the (first) detail has an error code."""
        if result is None:
            raise CarrierUnavailable(self.name, "server-error")
        detail = result.find(detail_tag)
        detail_code = _text(detail, "errCode")
        if _text(result, "outFlag") not in ("", "0") or detail_code not in ("", "0"):
            message = _text(detail, "errMessage") or _text(result, "outResult")
            raise CarrierRefused(self.name, message, carrier_code=detail_code or _text(result, "errCode"))
        return detail


def _order(key: str, ship_to: Address, parcel: Parcel) -> Element:
    order = Element("ShippingOrderVO")
    values = [
        ("cargoKey", key),
        ("invoiceKey", key),
        ("receiverCustName", ship_to.name if not ship_to.company else f"{ship_to.name} / {ship_to.company}"),
        ("receiverAddress", " ".join(part for part in (ship_to.line1, ship_to.line2) if part)),
        ("cityName", ship_to.city),
        ("townName", ship_to.district),
        ("receiverPhone1", ship_to.phone),
        ("emailAddress", ship_to.email),
        ("taxOfficeId", "0"),
        ("desi", str(volumetric_kg(parcel, 3000))),
        ("kg", str(kilograms(parcel.weight_g))),
        ("cargoCount", "1"),
        ("ttDocumentId", "0"),
        ("dcSelectedCredit", "0"),
        ("dcCreditRule", "0"),
    ]
    for name, value in values:
        if value:
            SubElement(order, name).text = value
    return order


def _envelope(operation: str, fields: list[tuple[str, str]], orders: list[Element]) -> bytes:
    envelope = Element(f"{{{SOAP_ENV}}}Envelope")
    call = SubElement(SubElement(envelope, f"{{{SOAP_ENV}}}Body"), f"{{{SERVICE_NS}}}{operation}")
    for name, value in fields:
        SubElement(call, name).text = value
    call.extend(orders)
    return tostring(envelope, encoding="utf-8", xml_declaration=True)


def _parse(content: bytes) -> Element | None:
    try:
        return SafeTree.fromstring(content)
    except SafeTree.ParseError:
        return None


def _text(element: Element | None, tag: str) -> str:
    if element is None:
        return ""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _events(item: Element | None, final: str) -> tuple[TrackingEvent, ...]:
    """The parcel's history (invDocCargoVOArray), oldest first; the last one carries the overall status."""
    if item is None:
        return ()
    events = []
    for event in item.findall("invDocCargoVOArray"):
        at = _moment(_text(event, "eventDate"), _text(event, "eventTime"))
        if at is None:
            continue
        place = ", ".join(
            p for p in (_text(event, "unitName"), _text(event, "townName"), _text(event, "cityName")) if p
        )
        description = " — ".join(p for p in (_text(event, "eventName"), _text(event, "reasonName")) if p)
        events.append(TrackingEvent(at=at, status=TrackingStatus.IN_TRANSIT, description=description, location=place))
    events.sort(key=lambda event: event.at)
    if events:
        events[-1] = TrackingEvent(
            at=events[-1].at, status=final, description=events[-1].description, location=events[-1].location
        )
    return tuple(events)


def _moment(day: str, time: str) -> datetime | None:
    """ "20240315" + "143005" (or "1430"), Turkish local time, as aware UTC; None when unreadable."""
    digits = re.sub(r"\D", "", time).ljust(6, "0")[:6]
    try:
        local = datetime.strptime(re.sub(r"\D", "", day) + digits, "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return local.replace(tzinfo=ISTANBUL).astimezone(ZoneInfo("UTC"))
