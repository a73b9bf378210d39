"""Shipment pushes to BigCommerce (a shipment), Amazon (confirmShipment) and Trendyol (package
status and tracking number), each against a local server answering in the channel's published shape."""

import json

import pytest
from django.utils import timezone

from arkaofis.channels.models import InboundEvent, PushStatus, ShipmentPush
from arkaofis.channels.services.shipment_push import PUSH_TOPIC
from arkaofis.channels.tests import poll_servers
from arkaofis.channels.tests.poll_servers import SUPPLIER_ID, AmazonFake, TrendyolFake, amazon_channel, trendyol_channel
from arkaofis.channels.tests.shipments import channel_order, deliver, ship, shipments_of
from arkaofis.channels.tests.storefronts import BC_ORDER_PATH, RecordedApi, bc_channel, fixture, recorded_server
from arkaofis.core.models import OutboxEvent

pytestmark = pytest.mark.django_db


def redeliver() -> None:
    """The push's outbox message delivered once more, as after a worker died before marking it."""
    OutboxEvent.objects.filter(topic=PUSH_TOPIC).update(delivered_at=None, available_at=timezone.now())
    deliver()


# --- BigCommerce -------------------------------------------------------------------------------

BC_LINES = (("CAP-TRAIL-OLV", 2, "311"), ("TOTE-CANVAS-NAT", 1, "312"))


def bc_api(shipments=None, created=None) -> RecordedApi:
    return RecordedApi(
        {
            ("GET", f"{BC_ORDER_PATH}/shipments"): shipments or [(204, None)],
            ("GET", f"{BC_ORDER_PATH}/shipping_addresses"): [
                (200, fixture("bigcommerce", "order_shipping_addresses.json"))
            ],
            ("POST", f"{BC_ORDER_PATH}/shipments"): created or [(201, fixture("bigcommerce", "order_shipment.json"))],
        }
    )


def test_a_bigcommerce_order_shipped_in_part_gets_a_shipment_of_the_items_that_left():
    api = bc_api()
    with recorded_server(api) as url:
        channel = bc_channel(api_base_url=f"{url}/stores/x7k2mq9p4d", options={"carrier_codes": {"UPS": "ups"}})
        order = channel_order(channel.code, "214", *BC_LINES, split=True)
        first, _ = shipments_of(order)
        ship(first, carrier="UPS", tracking="1Z999AA10123456784")
        deliver()
    assert [(r["method"], r["path"]) for r in api.requests] == [
        ("GET", f"{BC_ORDER_PATH}/shipments"),
        ("GET", f"{BC_ORDER_PATH}/shipping_addresses"),
        ("POST", f"{BC_ORDER_PATH}/shipments"),
    ]
    assert json.loads(api.requests[-1]["body"]) == {
        "order_address_id": 118,
        "tracking_number": "1Z999AA10123456784",
        "shipping_method": "UPS",
        "shipping_provider": "",
        "tracking_carrier": "ups",
        "comments": f"Arkaofis {first.number}",
        "items": [{"order_product_id": 311, "quantity": 2}],
    }
    push = ShipmentPush.objects.get()
    assert (push.status, push.channel_ref) == (PushStatus.SENT, "7")


def test_a_bigcommerce_shipment_made_by_an_unrecorded_delivery_is_found_by_its_comment():
    channel = bc_channel()
    order = channel_order(channel.code, "214", *BC_LINES)
    shipment = shipments_of(order)[0]
    ship(shipment)
    made = {**fixture("bigcommerce", "order_shipment.json"), "comments": f"Arkaofis {shipment.number}"}
    api = bc_api(shipments=[(200, [made])])
    with recorded_server(api) as url:
        channel.api_base_url = f"{url}/stores/x7k2mq9p4d"
        channel.save()
        deliver()
    assert [r["method"] for r in api.requests] == ["GET"]
    assert ShipmentPush.objects.get().status == PushStatus.SENT


def test_bigcommerce_refusing_the_shipment_keeps_its_message():
    api = bc_api(created=[(400, fixture("bigcommerce", "order_shipment_refused.json"))])
    with recorded_server(api) as url:
        channel = bc_channel(api_base_url=f"{url}/stores/x7k2mq9p4d")
        order = channel_order(channel.code, "214", *BC_LINES)
        ship(shipments_of(order)[0])
        deliver()
    push = ShipmentPush.objects.get()
    assert push.status == PushStatus.REFUSED
    assert push.answer.endswith("HTTP 400: The field 'items' is invalid: quantity exceeds the quantity left to ship.")


# --- Amazon ------------------------------------------------------------------------------------

AMAZON_ORDER, AMAZON_ITEM = "902-1845936-5435065", "05015851154158"  # the recorded sandbox order


@pytest.fixture
def amazon():
    fake = AmazonFake([])
    with poll_servers.serve(fake) as url:
        yield fake, amazon_channel(url)


def test_an_amazon_order_is_confirmed_with_its_package_carrier_and_items(amazon):
    fake, channel = amazon
    order = channel_order(channel.code, AMAZON_ORDER, ("NABetaASINB00551Q3CS", 1, AMAZON_ITEM))
    shipment = shipments_of(order)[0]
    ship(shipment, carrier="UPS", tracking="1Z999AA10123456784")
    deliver()
    ((order_id, body),) = fake.confirmations
    shipped_at = shipment.__class__.objects.get(pk=shipment.pk).shipped_at
    assert order_id == AMAZON_ORDER
    assert body == {
        "marketplaceId": "ATVPDKIKX0DER",
        "packageDetail": {
            "packageReferenceId": str(shipment.pk),
            "carrierCode": "UPS",
            "trackingNumber": "1Z999AA10123456784",
            "shipDate": shipped_at.isoformat().replace("+00:00", "Z"),
            "orderItems": [{"orderItemId": AMAZON_ITEM, "quantity": 1}],
        },
    }
    assert ShipmentPush.objects.get().status == PushStatus.SENT


def test_an_amazon_package_of_another_carrier_names_it_and_uses_the_orders_own_marketplace(amazon):
    fake, channel = amazon
    order = channel_order(channel.code, AMAZON_ORDER, ("NABetaASINB00551Q3CS", 1, AMAZON_ITEM))
    InboundEvent.objects.create(
        channel=channel, topic="orders/unshipped", delivery_id="d1", external_id=AMAZON_ORDER, order=order,
        raw_body=json.dumps({"AmazonOrderId": AMAZON_ORDER, "MarketplaceId": "A33AVAJ2PDY3EV"}).encode(),
    )  # fmt: skip
    ship(shipments_of(order)[0], carrier="Yurtiçi Kargo", tracking="YK1")
    deliver()
    ((_, body),) = fake.confirmations
    assert body["marketplaceId"] == "A33AVAJ2PDY3EV"
    assert (body["packageDetail"]["carrierCode"], body["packageDetail"]["carrierName"]) == ("Other", "Yurtiçi Kargo")


def test_a_redelivered_amazon_confirmation_of_an_order_amazon_has_as_shipped_is_not_sent_again(amazon):
    fake, channel = amazon
    order = channel_order(channel.code, AMAZON_ORDER, ("NABetaASINB00551Q3CS", 1, AMAZON_ITEM))
    ship(shipments_of(order)[0])
    deliver()
    ShipmentPush.objects.update(status=PushStatus.WAITING)  # its success never recorded
    redeliver()
    assert len(fake.confirmations) == 1
    assert ShipmentPush.objects.get().status == PushStatus.SENT


def test_partial_amazon_packages_each_carry_their_own_reference_the_same_on_every_delivery(amazon):
    fake, channel = amazon
    fake.ordered[AMAZON_ORDER] = {"11111111111111": 1, "22222222222222": 2}
    order = channel_order(
        channel.code, AMAZON_ORDER, ("SKU-A", 1, "11111111111111"), ("SKU-B", 2, "22222222222222"), split=True
    )
    first, second = shipments_of(order)
    ship(first)
    deliver()
    ShipmentPush.objects.update(status=PushStatus.WAITING)  # its success never recorded
    redeliver()
    ship(second)
    deliver()
    packages = [
        (body["packageDetail"]["packageReferenceId"], body["packageDetail"]["orderItems"])
        for _, body in fake.confirmations
    ]
    assert packages == [
        (str(first.pk), [{"orderItemId": "11111111111111", "quantity": 1}]),
        (str(first.pk), [{"orderItemId": "11111111111111", "quantity": 1}]),  # the same package again
        (str(second.pk), [{"orderItemId": "22222222222222", "quantity": 2}]),
    ]


def test_amazon_refusing_the_confirmation_marks_the_push_refused(amazon):
    fake, channel = amazon
    fake.refuse_confirmations = "The order has already been shipped."
    order = channel_order(channel.code, AMAZON_ORDER, ("NABetaASINB00551Q3CS", 1, AMAZON_ITEM))
    ship(shipments_of(order)[0])
    deliver()
    push = ShipmentPush.objects.get()
    assert push.status == PushStatus.REFUSED and "HTTP 400: The order has already been shipped." in push.answer


# --- Trendyol ----------------------------------------------------------------------------------

PACKAGE_PATH = f"/integration/order/sellers/{SUPPLIER_ID}/shipment-packages/3261245001"
TY_LINES = (("TY-TSHIRT-RED", 2, "5001"), ("TY-MUG", 1, "5002"))


@pytest.fixture
def trendyol():
    fake = TrendyolFake(poll_servers.fixture("trendyol", "getShipmentPackages.json")["content"])
    with poll_servers.serve(fake) as url:
        yield fake, url


def test_a_trendyol_package_shipped_under_the_sellers_cargo_contract_is_picked_and_given_its_tracking(trendyol):
    fake, url = trendyol
    channel = trendyol_channel(url, seller_cargo_contract=True)
    order = channel_order(channel.code, "10654411111-3261245001", *TY_LINES)
    ship(shipments_of(order)[0], carrier="Aras Kargo", tracking="AR5550001")
    deliver()
    assert fake.updates == [
        (PACKAGE_PATH, {"lines": [{"lineId": 5001, "quantity": 2}, {"lineId": 5002, "quantity": 1}],
                        "params": {}, "status": "Picking"}),
        (f"{PACKAGE_PATH}/update-tracking-number", {"trackingNumber": "AR5550001"}),
    ]  # fmt: skip
    assert ("GET", f"/integration/order/sellers/{SUPPLIER_ID}/orders", {"orderNumber": "10654411111"}) in fake.calls
    push = ShipmentPush.objects.get()
    assert (push.status, push.channel_ref) == (PushStatus.SENT, "3261245001")
    ShipmentPush.objects.update(status=PushStatus.WAITING)  # delivered again: the package says it is done
    redeliver()
    assert len(fake.updates) == 2


def test_a_trendyol_package_under_trendyols_contract_is_only_marked_picking(trendyol):
    fake, url = trendyol
    channel = trendyol_channel(url)
    order = channel_order(channel.code, "10654411111-3261245001", *TY_LINES)
    ship(shipments_of(order)[0], carrier="Trendyol Express", tracking="7330029145840001")
    deliver()
    assert [path for path, _ in fake.updates] == [PACKAGE_PATH]


def test_a_cancelled_trendyol_package_is_refused_without_a_call_that_changes_it(trendyol):
    fake, url = trendyol
    channel = trendyol_channel(url, seller_cargo_contract=True)
    order = channel_order(channel.code, "10654422222-3261245003", ("TY-TSHIRT-RED", 1, "5005"))
    ship(shipments_of(order)[0])
    deliver()
    push = ShipmentPush.objects.get()
    assert (push.status, fake.updates) == (PushStatus.REFUSED, [])
    assert "Trendyol package 3261245003 is Cancelled" in push.answer
