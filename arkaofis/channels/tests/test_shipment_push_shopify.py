"""Shipping a Shopify order creates one fulfillment with tracking at the shop (a local server in
Shopify's published shapes); partial shipments fulfil what left; re-deliveries create nothing."""

import pytest

from arkaofis.channels.models import PushStatus, ShipmentPush
from arkaofis.channels.services.shipment_push import PUSH_TOPIC
from arkaofis.channels.tests.servers import TOKEN, fake_shopify, shop_channel
from arkaofis.channels.tests.shipments import channel_order, deliver, ship, shipments_of
from arkaofis.core.models import AuditLog, OutboxEvent

pytestmark = pytest.mark.django_db

ORDER_ID = 450789469  # the recorded Shopify order (fixtures/shopify_order.json) and its line items
GREEN, RED = 466157049, 518995019


@pytest.fixture
def shop():
    with fake_shopify() as server:
        server.orders[ORDER_ID] = {GREEN: 2, RED: 1}
        yield server


@pytest.fixture
def channel(shop):
    return shop_channel(shop, code="shopify-main")


def fulfillment_order_item(line_item_id):
    return line_item_id * 10 + 7  # the fake shop's fulfillment order line item of a line item


def test_shipping_a_shopify_order_creates_one_fulfillment_with_its_tracking(shop, channel):
    order = channel_order(channel.code, str(ORDER_ID), ("IPOD2008GREEN", 2, str(GREEN)), ("IPOD2008RED", 1, str(RED)))
    (shipment,) = shipments_of(order)
    ship(shipment, carrier="UPS", tracking="1Z999AA10123456784")
    assert OutboxEvent.objects.filter(topic=PUSH_TOPIC).count() == 1

    assert deliver()[1] == 0
    assert shop.fulfillment_posts() == [
        {
            "fulfillment": {
                "line_items_by_fulfillment_order": [
                    {
                        "fulfillment_order_id": ORDER_ID * 10 + 1,
                        "fulfillment_order_line_items": [
                            {"id": fulfillment_order_item(GREEN), "quantity": 2},
                            {"id": fulfillment_order_item(RED), "quantity": 1},
                        ],
                    }
                ],
                "tracking_info": {"number": "1Z999AA10123456784", "company": "UPS"},
                "notify_customer": True,
            }
        }
    ]
    push = ShipmentPush.objects.get()
    assert (push.status, push.channel_ref, push.answer) == (PushStatus.SENT, "255858046", "")
    assert AuditLog.objects.filter(action="channel.shipment_sent").count() == 1


def test_each_partial_shipment_fulfils_only_the_items_that_left_in_it(shop, channel):
    order = channel_order(
        channel.code, str(ORDER_ID), ("IPOD2008GREEN", 2, str(GREEN)), ("IPOD2008RED", 1, str(RED)), split=True
    )
    first, second = shipments_of(order)
    ship(first, tracking="1ZFIRST")
    deliver()
    ship(second, tracking="1ZSECOND")
    deliver()
    posts = [post["fulfillment"] for post in shop.fulfillment_posts()]
    assert [post["tracking_info"]["number"] for post in posts] == ["1ZFIRST", "1ZSECOND"]
    items = [post["line_items_by_fulfillment_order"][0]["fulfillment_order_line_items"] for post in posts]
    assert items == [
        [{"id": fulfillment_order_item(GREEN), "quantity": 2}],
        [{"id": fulfillment_order_item(RED), "quantity": 1}],
    ]
    assert [f["line_items"] for f in shop.fulfillments[ORDER_ID]] == [
        [{"id": GREEN, "quantity": 2}],
        [{"id": RED, "quantity": 1}],
    ]


def test_the_same_outbox_message_delivered_again_creates_no_second_fulfillment(shop, channel):
    order = channel_order(channel.code, str(ORDER_ID), ("IPOD2008GREEN", 2, str(GREEN)))
    ship(shipments_of(order)[0])
    deliver()
    event = OutboxEvent.objects.get(topic=PUSH_TOPIC)
    OutboxEvent.objects.filter(pk=event.pk).update(delivered_at=None, available_at=event.created_at)
    deliver()
    assert len(shop.fulfillment_posts()) == 1


def test_a_delivery_whose_success_was_never_recorded_finds_the_fulfillment_and_makes_none(shop, channel):
    # The worker died after Shopify created the fulfillment and before the push was marked sent.
    order = channel_order(channel.code, str(ORDER_ID), ("IPOD2008GREEN", 2, str(GREEN)))
    ship(shipments_of(order)[0])
    deliver()
    ShipmentPush.objects.update(status=PushStatus.WAITING, channel_ref="")
    event = OutboxEvent.objects.get(topic=PUSH_TOPIC)
    OutboxEvent.objects.filter(pk=event.pk).update(delivered_at=None, available_at=event.created_at)
    deliver()
    assert len(shop.fulfillment_posts()) == 1
    push = ShipmentPush.objects.get()
    assert (push.status, push.channel_ref) == (PushStatus.SENT, str(shop.fulfillments[ORDER_ID][0]["id"]))


def test_a_shop_refusing_the_fulfillment_marks_the_push_refused_with_its_words_and_stops(shop, channel):
    shop.refuse_fulfillments = "Fulfillment order 4501 has an unfulfillable status= closed."
    order = channel_order(channel.code, str(ORDER_ID), ("IPOD2008GREEN", 2, str(GREEN)))
    ship(shipments_of(order)[0])
    assert deliver()[1] == 0  # delivered: a refusal is an answer, not a failure to retry
    push = ShipmentPush.objects.get()
    assert push.status == PushStatus.REFUSED
    assert "HTTP 422" in push.answer and "unfulfillable status= closed" in push.answer
    assert not OutboxEvent.objects.filter(topic=PUSH_TOPIC, delivered_at__isnull=True).exists()
    assert len(shop.fulfillment_posts()) == 1


def test_more_units_than_shopify_has_left_to_fulfil_is_refused_before_anything_is_sent(shop, channel):
    shop.orders[ORDER_ID] = {GREEN: 1}  # fulfilled by hand on Shopify in the meantime, say
    order = channel_order(channel.code, str(ORDER_ID), ("IPOD2008GREEN", 2, str(GREEN)))
    ship(shipments_of(order)[0])
    deliver()
    push = ShipmentPush.objects.get()
    assert push.status == PushStatus.REFUSED
    assert f"line item {GREEN}: 1" in push.answer
    assert shop.fulfillment_posts() == []


def test_the_shop_is_called_with_the_channels_token(shop, channel):
    order = channel_order(channel.code, str(ORDER_ID), ("IPOD2008GREEN", 2, str(GREEN)))
    ship(shipments_of(order)[0])
    deliver()
    paths = [path for _, path, _ in shop.calls]
    assert paths == [
        f"/admin/api/2024-07/orders/{ORDER_ID}/fulfillments.json",
        f"/admin/api/2024-07/orders/{ORDER_ID}/fulfillment_orders.json",
        "/admin/api/2024-07/fulfillments.json",
    ]
    assert TOKEN  # every call above passed the fake's token check (it answers 401 otherwise)
