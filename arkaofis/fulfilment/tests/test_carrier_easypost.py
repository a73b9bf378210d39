"""EasyPost through its official SDK against a local server answering with EasyPost's recorded
responses (carrier_responses/README.md): what the SDK sent, and what we read back."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from arkaofis.fulfilment.carriers import (
    AddressIncomplete,
    CarrierRefused,
    CarrierUnavailable,
    TrackingStatus,
    UnknownService,
)
from arkaofis.fulfilment.carriers.easypost import STATUSES, EasyPostCarrier, inches, ounces
from arkaofis.fulfilment.domain.parcels import Address, Parcel
from arkaofis.fulfilment.tests.carrier_servers import Answer, Call, recorded, recorded_json, serve

API_KEY = "EZTK-test-key-0123456789"
PDF = b"%PDF-1.4\n% a label\n%%EOF\n"
ZPL = b"^XA^FO50,50^BCN,100^FD9400100208303109505657^FS^XZ"
S3 = "https://easypost-files.s3.us-west-2.amazonaws.com"

WAREHOUSE = Address(
    name="Arkaofis Depo",
    line1="388 Townsend St",
    line2="Apt 20",
    city="San Francisco",
    region="CA",
    postal_code="94107",
    country="US",
    phone="4155550100",
)
CUSTOMER = Address(
    name="Elizabeth Swan",
    line1="179 N Harbor Dr",
    city="Redondo Beach",
    region="CA",
    postal_code="90277",
    country="US",
    email="liz@example.com",
)
BOX = Parcel(weight_g=1000, length_mm=300, width_mm=200, height_mm=100)


class FakeEasyPost:
    """Routes EasyPost's endpoints to the recorded bodies; a bought label comes in the format asked for."""

    def __init__(self) -> None:
        self.label_format = "PNG"
        self.url = ""
        self.error: tuple[int, bytes] | None = None

    def __call__(self, call: Call) -> Answer:
        if self.error:
            return Answer(*self.error)
        path = call.path.split("?")[0]
        if path == "/v2/shipments":
            self.label_format = call.json()["shipment"].get("options", {}).get("label_format", "PNG")
            return Answer(201, recorded("easypost/shipment_create.json"))
        if path.endswith("/buy"):
            return Answer(200, json.dumps(self._bought()).encode())
        if path.endswith("/refund"):
            return Answer(200, recorded("easypost/shipment_refund.json"))
        if path == "/v2/trackers":
            return Answer(200, recorded("easypost/tracker_create.json"))
        if path.startswith("/files/"):
            return Answer(200, PDF if path.endswith(".pdf") else ZPL, "application/octet-stream")
        return Answer(404, b'{"error": {"code": "NOT_FOUND", "message": "not here"}}')

    def _bought(self) -> dict:
        body = recorded_json("easypost/shipment_buy.json")
        label = body["postage_label"]
        ext = {"PDF": "pdf", "ZPL": "zpl"}.get(self.label_format, "png")
        label["label_file_type"] = {"pdf": "application/pdf", "zpl": "application/zpl"}.get(ext, "image/png")
        label["label_url"] = label["label_url"].replace(S3, self.url).rsplit(".", 1)[0] + f".{ext}"
        return body


@pytest.fixture
def easypost():
    fake = FakeEasyPost()
    with serve(fake) as server:
        fake.url = server.url
        yield server, fake


def carrier(server, **options) -> EasyPostCarrier:
    return EasyPostCarrier(api_key=API_KEY, api_base=f"{server.url}/v2", timeout=options.pop("timeout", 5), **options)


def test_units_convert_up_to_the_next_tenth_never_down():
    assert inches(300) == Decimal("11.9")  # 11.81 in
    assert inches(254) == Decimal("10.0")  # exactly 10 in stays 10
    assert ounces(1000) == Decimal("35.3")  # 35.27 oz
    assert ounces(1) == Decimal("0.1")


def test_rates_send_inches_ounces_and_addresses_and_come_back_cheapest_first(easypost):
    server, _ = easypost
    rates = carrier(server).rates(ship_from=WAREHOUSE, ship_to=CUSTOMER, parcel=BOX)

    (call,) = server.calls
    assert call.method == "POST" and call.path == "/v2/shipments"
    assert call.headers["authorization"] == f"Bearer {API_KEY}"
    sent = call.json()["shipment"]
    assert sent["parcel"] == {"weight": 35.3, "length": 11.9, "width": 7.9, "height": 4.0}
    assert sent["from_address"] == {
        "name": "Arkaofis Depo",
        "street1": "388 Townsend St",
        "street2": "Apt 20",
        "city": "San Francisco",
        "state": "CA",
        "zip": "94107",
        "country": "US",
        "phone": "4155550100",
    }
    assert sent["to_address"]["email"] == "liz@example.com"
    assert [(r.service, r.amount, r.currency, r.estimated_days) for r in rates] == [
        ("USPS:GroundAdvantage", Decimal("6.07"), "USD", 3),
        ("USPS:Priority", Decimal("7.42"), "USD", 2),
        ("USPS:Express", Decimal("34.15"), "USD", 1),
    ]
    assert rates[0].carrier == "easypost" and rates[0].service_name == "USPS GroundAdvantage"


def test_a_parcel_without_dimensions_is_sent_by_weight_only(easypost):
    server, _ = easypost
    carrier(server).rates(ship_from=WAREHOUSE, ship_to=CUSTOMER, parcel=Parcel(weight_g=500))
    assert server.calls[0].json()["shipment"]["parcel"] == {"weight": 17.7}


def test_buy_label_buys_the_quoted_rate_and_downloads_the_pdf(easypost):
    server, _ = easypost
    purchase = carrier(server).buy_label(
        ship_from=WAREHOUSE, ship_to=CUSTOMER, parcel=BOX, service="USPS:GroundAdvantage", reference="SHP-000123"
    )

    create, buy, download = server.calls
    assert create.json()["shipment"]["reference"] == "SHP-000123"
    assert create.json()["shipment"]["options"] == {"label_format": "PDF"}
    assert buy.path == "/v2/shipments/shp_16578f588f9546ec914afd2474e24ff5/buy"
    assert buy.json() == {"rate": {"id": "rate_4d1f36fa716c4b1292cacbdf19227c2d"}}
    assert download.method == "GET" and download.path.endswith(".pdf")
    assert purchase.tracking_number == "9400100208303109505657"
    assert purchase.shipment_id == "shp_16578f588f9546ec914afd2474e24ff5"
    assert (purchase.label, purchase.label_format) == (PDF, "pdf")
    assert (purchase.cost, purchase.currency, purchase.service) == (Decimal("6.07"), "USD", "USPS:GroundAdvantage")
    assert purchase.tracking_url.startswith("https://track.easypost.com/")


def test_buy_label_in_zpl_for_a_thermal_printer(easypost):
    server, _ = easypost
    purchase = carrier(server, label_format="zpl").buy_label(
        ship_from=WAREHOUSE, ship_to=CUSTOMER, parcel=BOX, service="USPS:Priority", reference="SHP-000124"
    )
    assert server.calls[0].json()["shipment"]["options"] == {"label_format": "ZPL"}
    assert server.calls[1].json() == {"rate": {"id": "rate_5b67424f63314af1b997aa72d45e41be"}}
    assert (purchase.label, purchase.label_format) == (ZPL, "zpl")


def test_a_service_not_offered_is_refused_before_anything_is_bought(easypost):
    server, _ = easypost
    with pytest.raises(UnknownService) as refused:
        carrier(server).buy_label(
            ship_from=WAREHOUSE, ship_to=CUSTOMER, parcel=BOX, service="UPS:Ground", reference="SHP-1"
        )
    assert refused.value.data["known"] == ["USPS:Express", "USPS:GroundAdvantage", "USPS:Priority"]
    assert [call.path for call in server.calls] == ["/v2/shipments"]


def test_a_sender_without_a_phone_is_refused_before_any_call(easypost):
    server, _ = easypost
    with pytest.raises(AddressIncomplete) as refused:
        carrier(server).rates(ship_from=Address(name="Depo", line1="x", city="y"), ship_to=CUSTOMER, parcel=BOX)
    assert refused.value.side == "ship_from"
    assert refused.value.fields == ["postal_code", "country", "phone"]
    assert server.calls == []


def test_track_reads_the_tracker_with_aware_utc_events(easypost):
    server, _ = easypost
    tracking = carrier(server).track("EZ1000000001")

    assert server.calls[0].json() == {"tracker": {"tracking_code": "EZ1000000001"}}
    assert tracking.status == TrackingStatus.PRE_TRANSIT
    assert [(e.at, e.description, e.location) for e in tracking.events] == [
        (datetime(2025, 2, 6, 19, 48, 26, tzinfo=UTC), "Pre-Shipment Info Sent to USPS", ""),
        (datetime(2025, 2, 7, 8, 25, 26, tzinfo=UTC), "Shipping Label Created", "HOUSTON, TX, 77063"),
    ]
    assert tracking.estimated_delivery == datetime(2025, 3, 6, 19, 48, 26, tzinfo=UTC)
    assert tracking.url.startswith("https://track.easypost.com/")


def test_every_easypost_tracker_status_has_one_of_our_words():
    published = {
        "unknown",
        "pre_transit",
        "in_transit",
        "out_for_delivery",
        "delivered",
        "available_for_pickup",
        "return_to_sender",
        "failure",
        "cancelled",
        "error",
    }
    assert set(STATUSES) == published
    assert set(STATUSES.values()) <= set(TrackingStatus.values)
    assert STATUSES["return_to_sender"] == TrackingStatus.RETURNED


def test_void_refunds_the_shipment(easypost):
    server, _ = easypost
    carrier(server).void(shipment_id="shp_700d2963c43b4847883c955eeb846b13")
    assert server.calls[0].path == "/v2/shipments/shp_700d2963c43b4847883c955eeb846b13/refund"


def test_a_422_is_a_refusal_with_easypost_s_message(easypost):
    server, fake = easypost
    fake.error = (422, recorded("easypost/error_422.json"))
    with pytest.raises(CarrierRefused) as refused:
        carrier(server).rates(ship_from=WAREHOUSE, ship_to=CUSTOMER, parcel=BOX)
    assert refused.value.carrier_message == "Missing required parameter.; shipment: cannot be blank"
    assert refused.value.carrier_code == "PARAMETER.REQUIRED"
    assert refused.value.status == 422


def test_a_server_error_says_try_again_in_the_reader_s_language(easypost):
    server, fake = easypost
    fake.error = (500, b'{"error": {"code": "INTERNAL_SERVER_ERROR", "message": "Something went wrong"}}')
    with pytest.raises(CarrierUnavailable) as unavailable:
        carrier(server).rates(ship_from=WAREHOUSE, ship_to=CUSTOMER, parcel=BOX)
    assert unavailable.value.reason == "server-error"
    with translation.override("tr"):
        assert "yeniden deneyin" in unavailable.value.localized()


def test_a_carrier_slower_than_the_timeout_is_unavailable_and_nothing_is_bought():
    with serve(FakeEasyPost(), delay=1.5) as server, pytest.raises(CarrierUnavailable) as unavailable:
        carrier(server, timeout=0.3).buy_label(
            ship_from=WAREHOUSE, ship_to=CUSTOMER, parcel=BOX, service="USPS:Priority", reference="SHP-9"
        )
    assert unavailable.value.reason == "timeout"
    assert [call.path for call in server.calls] == ["/v2/shipments"]  # never reached /buy
    assert API_KEY not in str(unavailable.value) and API_KEY not in unavailable.value.localized()


def test_the_api_key_stays_out_of_repr():
    assert API_KEY not in repr(EasyPostCarrier(api_key=API_KEY))
