"""The webhook endpoint end to end with the recorded Shopify order."""

import logging

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.models import ChannelSkuMap, EventStatus, InboundEvent
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.services.sku_maps import map_channel_sku
from arkaofis.channels.services.updates import NOTE_NO_CHANGE
from arkaofis.channels.tests.factories import (
    SECRET,
    body_of,
    post_webhook,
    sample_products,
    shopify_headers,
    shopify_order,
)
from arkaofis.core.models import Source
from arkaofis.core.tests.api_support import assert_problem
from arkaofis.inventory.models import Reservation
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db


def test_a_signed_order_webhook_creates_the_order_and_a_processed_event(client, channel):
    sample_products()
    body = body_of(shopify_order())
    response = post_webhook(client, channel, body, **shopify_headers(body))
    assert response.status_code == 200
    assert response.json() == {"status": "processed"}
    order = SalesOrder.objects.get()
    assert (order.channel, order.external_id, order.currency) == ("shopify-main", "450789469", "USD")
    assert order.shipping_method == "Free Shipping"  # the sample's shipping line title
    assert sorted(order.lines.values_list("sku", flat=True)) == sorted(
        ["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"]
    )
    event = InboundEvent.objects.get()
    assert (event.status, event.order, event.delivery_id, event.topic) == ("processed", order, "wh-1", "orders/create")
    assert bytes(event.raw_body) == body


@pytest.mark.parametrize("signature", ["missing", "wrong", "other-secret"])
def test_a_bad_or_missing_signature_gets_401_and_stores_nothing(client, channel, signature):
    sample_products()
    body = body_of(shopify_order())
    headers = shopify_headers(body, secret="not-the-secret" if signature == "other-secret" else SECRET)
    if signature == "missing":
        del headers["HTTP_X_SHOPIFY_HMAC_SHA256"]
    elif signature == "wrong":
        headers["HTTP_X_SHOPIFY_HMAC_SHA256"] = "AAAA" + headers["HTTP_X_SHOPIFY_HMAC_SHA256"][4:]
    response = post_webhook(client, channel, body, **headers)
    assert response.status_code == 401
    assert InboundEvent.objects.count() == 0
    assert SalesOrder.objects.count() == 0


def test_an_unknown_or_inactive_channel_gets_404_and_stores_nothing(client, channel):
    body = body_of(shopify_order())
    channel.active = False
    channel.save()
    assert post_webhook(client, channel, body, **shopify_headers(body)).status_code == 404
    assert client.post("/channels/webhooks/nope/", body, content_type="application/json").status_code == 404
    assert InboundEvent.objects.count() == 0


def test_replaying_the_same_webhook_twice_creates_one_order(client, channel):
    sample_products()
    body = body_of(shopify_order())
    first = post_webhook(client, channel, body, **shopify_headers(body))
    second = post_webhook(client, channel, body, **shopify_headers(body))
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"status": "duplicate"}
    assert SalesOrder.objects.count() == 1
    assert InboundEvent.objects.count() == 1


def test_a_new_delivery_of_an_order_already_received_creates_no_second_order(client, channel):
    sample_products()
    body = body_of(shopify_order())
    post_webhook(client, channel, body, **shopify_headers(body, delivery="wh-1"))
    response = post_webhook(client, channel, body, **shopify_headers(body, delivery="wh-2", topic="orders/updated"))
    assert response.status_code == 200
    assert SalesOrder.objects.count() == 1
    update = InboundEvent.objects.get(delivery_id="wh-2")
    assert update.status == EventStatus.PROCESSED and update.order == SalesOrder.objects.get()
    assert update.note == NOTE_NO_CHANGE  # applied as an edit: the same order, so nothing to change


def test_a_malformed_body_gets_400_with_the_reason_and_is_kept_as_a_dead_letter(client, channel):
    body = b'{"id": 1, "line_items": [ oops'
    response = post_webhook(client, channel, body, **shopify_headers(body))
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]
    event = InboundEvent.objects.get()
    assert event.status == EventStatus.DEAD and "not valid JSON" in event.error
    assert bytes(event.raw_body) == body
    assert SalesOrder.objects.count() == 0
    again = post_webhook(client, channel, body, **shopify_headers(body))
    assert again.status_code == 200 and InboundEvent.objects.count() == 1


def test_an_unknown_sku_is_parked_mapped_for_good_and_reprocessed_into_one_order(client, channel):
    sample_products(("IPOD2008GREEN", "IPOD2008RED"))
    ProductFactory(sku="IPOD-BLK-8GB")
    body = body_of(shopify_order())
    response = post_webhook(client, channel, body, **shopify_headers(body))
    assert response.status_code == 200 and response.json() == {"status": "exception"}
    event = InboundEvent.objects.get()
    assert event.status == EventStatus.EXCEPTION and event.error_code == "unmapped-skus"
    assert event.error_data == {"skus": ["IPOD2008BLACK"]} and "IPOD2008BLACK" in event.error
    assert SalesOrder.objects.count() == 0

    map_channel_sku(
        channel_id=channel.pk, external_sku="IPOD2008BLACK", sku="IPOD-BLK-8GB", user=None, source=Source.UI
    )
    event = process_event(event_id=event.pk, user=None, source=Source.UI)
    assert event.status == EventStatus.PROCESSED and event.error == ""
    order = SalesOrder.objects.get()
    assert "IPOD-BLK-8GB" in order.lines.values_list("sku", flat=True)
    assert process_event(event_id=event.pk, user=None, source=Source.UI).order == order
    assert SalesOrder.objects.count() == 1

    # The mapping holds for good: the next order with that SKU needs no fix.
    payload = shopify_order()
    payload["id"] = 450789470
    body = body_of(payload)
    assert post_webhook(client, channel, body, **shopify_headers(body, delivery="wh-2")).json() == {
        "status": "processed"
    }
    assert SalesOrder.objects.count() == 2
    assert ChannelSkuMap.objects.count() == 1


def test_a_bad_address_is_parked_with_its_reason_and_the_channel_gets_200(client, channel):
    sample_products()
    payload = shopify_order()
    payload["shipping_address"]["country_code"] = "USA"
    body = body_of(payload)
    response = post_webhook(client, channel, body, **shopify_headers(body))
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert event.status == EventStatus.EXCEPTION and event.error_code == "bad-address"
    assert "country code" in event.error
    assert SalesOrder.objects.count() == 0


def test_a_cancel_webhook_cancels_the_received_order(client, channel):
    sample_products()
    body = body_of(shopify_order())
    post_webhook(client, channel, body, **shopify_headers(body))
    payload = shopify_order()
    payload["cancel_reason"] = "customer"
    body = body_of(payload)
    response = post_webhook(client, channel, body, **shopify_headers(body, delivery="wh-c", topic="orders/cancelled"))
    assert response.json() == {"status": "processed"}
    assert SalesOrder.objects.get().status == "cancelled"
    replay = post_webhook(client, channel, body, **shopify_headers(body, delivery="wh-c2", topic="orders/cancelled"))
    assert replay.json() == {"status": "processed"}
    assert "already cancelled" in InboundEvent.objects.get(delivery_id="wh-c2").note


def test_a_cancel_of_an_order_never_received_is_recorded_not_dropped(client, channel):
    body = body_of(shopify_order())
    response = post_webhook(client, channel, body, **shopify_headers(body, topic="orders/cancelled"))
    assert response.json() == {"status": "processed"}
    event = InboundEvent.objects.get()
    assert event.order is None and "never received" in event.note


def test_a_cancel_that_overtakes_its_order_cancels_the_order_when_it_arrives(client, channel):
    sample_products()
    for product in ProductFactory._meta.model.objects.all():
        receive(product, LocationFactory(), 5)
    cancel = body_of({**shopify_order(), "cancelled_at": "2008-01-10T11:00:00-05:00", "cancel_reason": "fraud"})
    post_webhook(client, channel, cancel, **shopify_headers(cancel, delivery="wh-c", topic="orders/cancelled"))
    body = body_of(shopify_order())
    assert post_webhook(client, channel, body, **shopify_headers(body, delivery="wh-1")).status_code == 200
    order = SalesOrder.objects.get()
    assert order.status == "cancelled" and not Reservation.objects.filter(status="active").exists()
    assert "cancellation had arrived first" in InboundEvent.objects.get(delivery_id="wh-1").note


def test_an_update_that_says_the_order_was_cancelled_cancels_it(client, channel):
    sample_products()
    body = body_of(shopify_order())
    post_webhook(client, channel, body, **shopify_headers(body))
    cancelled = body_of({**shopify_order(), "cancelled_at": "2008-01-10T11:00:00-05:00", "cancel_reason": "customer"})
    post_webhook(client, channel, cancelled, **shopify_headers(cancelled, delivery="wh-u", topic="orders/updated"))
    assert SalesOrder.objects.get().status == "cancelled"


def test_the_secret_and_signature_never_reach_the_logs_or_the_stored_headers(client, channel, caplog):
    sample_products(("IPOD2008GREEN",))
    body = body_of(shopify_order())
    headers = shopify_headers(body)
    bad = shopify_headers(body, secret="wrong-secret", delivery="wh-x")
    with caplog.at_level(logging.DEBUG):
        post_webhook(client, channel, body, **headers)  # an exception: two SKUs unknown
        post_webhook(client, channel, body, **bad)
        post_webhook(client, channel, b"{oops", **shopify_headers(b"{oops", delivery="wh-d"))
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    for secret in (SECRET, headers["HTTP_X_SHOPIFY_HMAC_SHA256"], bad["HTTP_X_SHOPIFY_HMAC_SHA256"]):
        assert secret not in logged
    assert "bob.norman" not in logged
    for event in InboundEvent.objects.all():
        stored = str(event.headers).lower()
        assert "hmac" not in stored and SECRET.lower() not in stored
        assert event.headers["x-shopify-topic"] == "orders/create"


def test_a_channel_webhook_over_the_limit_gets_the_same_413_problem(client, channel, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = body_of(shopify_order())
    problem = assert_problem(post_webhook(client, channel, body, **shopify_headers(body)), 413)
    assert problem["type"].endswith("/request-too-large")
    assert not InboundEvent.objects.exists()
