"""Yurtiçi Kargo's SOAP service against a local server answering with envelopes in the WSDL's shape
(carrier_responses/README.md): what we sent, element by element, and what we read back."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.utils import translation

from arkaofis.fulfilment.carriers import (
    AddressIncomplete,
    CarrierRefused,
    CarrierUnavailable,
    DestinationNotServed,
    ReferenceUnusable,
    TrackingStatus,
)
from arkaofis.fulfilment.carriers.rates import RateTable
from arkaofis.fulfilment.carriers.yurtici import SERVICE_NS, YurticiCarrier
from arkaofis.fulfilment.domain.parcels import Address, Parcel
from arkaofis.fulfilment.tests.carrier_servers import Answer, Call, recorded, serve

PATH = "/KOPSWebServices/ShippingOrderDispatcherServices"
SOAP_ENV = "{http://schemas.xmlsoap.org/soap/envelope/}"

DEPOT = Address(name="Arkaofis Depo", line1="Sanayi Cd. 1", district="Tuzla", city="İstanbul", country="TR")
AYSE = Address(
    name="Ayşe Yılmaz",
    line1="Atatürk Mah. Gül Sk. No:5",
    line2="D:3",
    district="Çankaya",
    city="Ankara",
    postal_code="06690",
    country="TR",
    phone="05321234567",
)
BOX = Parcel(weight_g=1250, length_mm=300, width_mm=200, height_mm=100)  # 2.00 desi, 1.25 kg
TABLE = RateTable.from_config(
    "yurtici",
    {
        "currency": "TRY",
        "volumetric_divisor": 3000,
        "services": [{"code": "standard", "name": "Standart", "days": 2, "bands": [[2000, "45.00"], [10000, "80.00"]]}],
    },
)


class FakeYurtici:
    def __init__(self) -> None:
        self.answers = {
            "createShipment": "createShipment_ok.xml",
            "queryShipment": "queryShipment_delivered.xml",
            "cancelShipment": "cancelShipment_ok.xml",
        }
        self.status = 200

    def __call__(self, call: Call) -> Answer:
        operation = operation_of(call)
        body = recorded(f"yurtici/{self.answers[operation]}") if operation in self.answers else b"<html>down</html>"
        return Answer(self.status, body, "text/xml; charset=utf-8")


def operation_of(call: Call):
    body = ElementTree.fromstring(call.body).find(f"{SOAP_ENV}Body")
    return body[0].tag.removeprefix(f"{{{SERVICE_NS}}}")


def sent(call: Call):
    """The operation element we sent: (its children as (tag, text) pairs, the element itself)."""
    element = ElementTree.fromstring(call.body).find(f"{SOAP_ENV}Body")[0]
    return [(child.tag, child.text) for child in element], element


@pytest.fixture
def yurtici():
    fake = FakeYurtici()
    with serve(fake) as server:
        yield server, fake


def carrier(server, **options) -> YurticiCarrier:
    return YurticiCarrier(
        username="YKTEST", password="s3cret-YK", rate_table=TABLE, url=f"{server.url}{PATH}", **options
    )


def test_buy_label_sends_create_shipment_in_the_wsdl_s_shape_and_we_print_the_label(yurtici):
    server, _ = yurtici
    purchase = carrier(server).buy_label(
        ship_from=DEPOT, ship_to=AYSE, parcel=BOX, service="standard", reference="SHP-000123"
    )

    (call,) = server.calls
    assert call.path == PATH and call.headers["content-type"].startswith("text/xml")
    fields, element = sent(call)
    assert element.tag == f"{{{SERVICE_NS}}}createShipment"
    assert fields[:3] == [("wsUserName", "YKTEST"), ("wsPassword", "s3cret-YK"), ("userLanguage", "TR")]
    order = {child.tag: child.text for child in element.find("ShippingOrderVO")}  # unqualified, as the WSDL says
    assert order == {
        "cargoKey": "SHP000123",
        "invoiceKey": "SHP000123",
        "receiverCustName": "Ayşe Yılmaz",
        "receiverAddress": "Atatürk Mah. Gül Sk. No:5 D:3",
        "cityName": "Ankara",
        "townName": "Çankaya",
        "receiverPhone1": "05321234567",
        "taxOfficeId": "0",
        "desi": "2.00",
        "kg": "1.25",
        "cargoCount": "1",
        "ttDocumentId": "0",
        "dcSelectedCredit": "0",
        "dcCreditRule": "0",
    }
    assert (purchase.tracking_number, purchase.shipment_id) == ("SHP000123", "SHP000123")
    assert (purchase.label, purchase.label_format) == (None, None)
    # Chargeable: 2.00 desi (2000 g) beats 1250 g real weight, so the first band.
    assert (purchase.cost, purchase.currency) == (Decimal("45.00"), "TRY")


def test_missing_phone_and_district_are_named_before_any_call(yurtici):
    server, _ = yurtici
    no_phone = Address(name="Ayşe Yılmaz", line1="Gül Sk. 5", city="Ankara", country="TR")
    with pytest.raises(AddressIncomplete) as refused:
        carrier(server).buy_label(ship_from=DEPOT, ship_to=no_phone, parcel=BOX, service="standard", reference="S1")
    assert (refused.value.side, refused.value.fields) == ("ship_to", ["district", "phone"])
    assert server.calls == []
    with translation.override("tr"):
        assert "ilçe, telefon" in refused.value.localized()


def test_a_foreign_address_is_not_served(yurtici):
    server, _ = yurtici
    abroad = Address(name="Hans", line1="Hauptstr. 1", district="Mitte", city="Berlin", country="DE", phone="0301234")
    with pytest.raises(DestinationNotServed):
        carrier(server).rates(ship_from=DEPOT, ship_to=abroad, parcel=BOX)
    assert server.calls == []


def test_a_reference_too_long_for_a_cargo_key_is_refused_before_any_call(yurtici):
    server, _ = yurtici
    with pytest.raises(ReferenceUnusable):
        carrier(server).buy_label(
            ship_from=DEPOT, ship_to=AYSE, parcel=BOX, service="standard", reference="SHIPMENT-2026-000000012345"
        )
    assert server.calls == []


def test_rates_come_from_the_contract_table_by_desi(yurtici):
    server, _ = yurtici
    (rate,) = carrier(server).rates(ship_from=DEPOT, ship_to=AYSE, parcel=BOX)
    assert (rate.service, rate.amount, rate.estimated_days) == ("standard", Decimal("45.00"), 2)
    heavier = Parcel(weight_g=2500)
    assert carrier(server).rates(ship_from=DEPOT, ship_to=AYSE, parcel=heavier)[0].amount == Decimal("80.00")
    assert server.calls == []  # Yurtiçi quotes no price by API


def test_a_duplicate_cargo_key_is_refused_with_yurtici_s_message(yurtici):
    server, fake = yurtici
    fake.answers["createShipment"] = "createShipment_duplicate.xml"
    with pytest.raises(CarrierRefused) as refused:
        carrier(server).buy_label(ship_from=DEPOT, ship_to=AYSE, parcel=BOX, service="standard", reference="SHP000123")
    assert refused.value.carrier_message == "Kargo anahtarı sistemde zaten mevcut."
    assert refused.value.carrier_code == "60020"


def test_a_soap_fault_from_the_service_is_a_refusal(yurtici):
    server, fake = yurtici
    fake.answers["createShipment"] = "fault_credentials.xml"
    fake.status = 500
    with pytest.raises(CarrierRefused) as refused:
        carrier(server).buy_label(ship_from=DEPOT, ship_to=AYSE, parcel=BOX, service="standard", reference="SHP1")
    assert refused.value.carrier_message == "Kullanıcı adı veya şifre hatalı."
    assert "s3cret-YK" not in refused.value.localized()


def test_track_maps_delivered_and_reads_the_history_in_utc(yurtici):
    server, _ = yurtici
    tracking = carrier(server).track("SHP000123")

    fields, element = sent(server.calls[0])
    assert element.tag == f"{{{SERVICE_NS}}}queryShipment"
    assert fields[2:] == [
        ("wsLanguage", "TR"),
        ("keys", "SHP000123"),
        ("keyType", "0"),
        ("addHistoricalData", "true"),
        ("onlyTracking", "false"),
    ]
    assert (tracking.status, tracking.carrier_status) == (TrackingStatus.DELIVERED, "DLV")
    assert tracking.url.endswith("code=109876543210")
    # Istanbul is UTC+3 all year: 16:45:12 local is 13:45:12 UTC; oldest first.
    assert [(e.at, e.status, e.location) for e in tracking.events] == [
        (datetime(2026, 12, 1, 13, 45, 12, tzinfo=UTC), "in_transit", "KADIKÖY ŞUBE, KADIKÖY, İSTANBUL"),
        (datetime(2026, 12, 2, 4, 15, 30, tzinfo=UTC), "in_transit", "ANKARA TRANSFER MERKEZİ, SİNCAN, ANKARA"),
        (datetime(2026, 12, 3, 8, 30, tzinfo=UTC), "delivered", "ÇANKAYA ŞUBE, ÇANKAYA, ANKARA"),
    ]
    assert tracking.events[-1].description == "Kargo Teslim Edildi"


def test_a_parcel_not_yet_scanned_is_pre_transit(yurtici):
    server, fake = yurtici
    fake.answers["queryShipment"] = "queryShipment_not_processed.xml"
    tracking = carrier(server).track("SHP000124")
    assert (tracking.status, tracking.events) == (TrackingStatus.PRE_TRANSIT, ())


def test_void_cancels_the_cargo_key(yurtici):
    server, _ = yurtici
    carrier(server).void(shipment_id="SHP000123")
    fields, element = sent(server.calls[0])
    assert element.tag == f"{{{SERVICE_NS}}}cancelShipment"
    assert fields[3:] == [("cargoKeys", "SHP000123")]


def test_a_service_down_is_unavailable_not_a_crash(yurtici):
    server, fake = yurtici
    fake.answers.pop("queryShipment")
    fake.status = 503
    with pytest.raises(CarrierUnavailable) as unavailable:
        carrier(server).track("SHP000123")
    assert unavailable.value.reason == "server-error"


def test_a_service_slower_than_the_timeout_is_unavailable():
    with serve(FakeYurtici(), delay=1.5) as server, pytest.raises(CarrierUnavailable) as unavailable:
        carrier(server, timeout=0.3).buy_label(
            ship_from=DEPOT, ship_to=AYSE, parcel=BOX, service="standard", reference="SHP000125"
        )
    assert unavailable.value.reason == "timeout"


def test_credentials_stay_out_of_repr(yurtici):
    server, _ = yurtici
    shown = repr(carrier(server))
    assert "s3cret-YK" not in shown and "YKTEST" not in shown


def test_a_client_error_status_is_a_refusal(yurtici):
    server, fake = yurtici
    fake.answers.pop("queryShipment")
    fake.status = 403
    with pytest.raises(CarrierRefused) as refused:
        carrier(server).track("SHP000123")
    assert refused.value.carrier_code == "403"
