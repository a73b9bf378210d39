"""WooCommerce webhooks end to end: the endpoint, the pipeline and the recorded order."""

import json
import logging

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.models import EventStatus, InboundEvent
from arkaofis.channels.services.fixes import fix_event_address
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.services.sku_maps import map_channel_sku
from arkaofis.channels.tests.factories import post_webhook
from arkaofis.channels.tests.storefronts import (
    WOO_SECRET,
    WOO_SKUS,
    fixture,
    fixture_bytes,
    products,
    woo_channel,
    woo_headers,
)
from arkaofis.core.models import Source
from arkaofis.core.tests.users import user_with_role
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def woo():
    return woo_channel()


def order_body(**changes) -> bytes:
    payload = fixture("woocommerce", "order.json")
    payload.update(changes)
    return json.dumps(payload).encode()


def test_a_signed_order_created_webhook_creates_the_order(client, woo):
    products(WOO_SKUS)
    body = fixture_bytes("woocommerce", "order.json")
    response = post_webhook(client, woo, body, **woo_headers(body))
    assert (response.status_code, response.json()) == (200, {"status": "processed"})
    order = SalesOrder.objects.get()
    assert (order.channel, order.external_id, order.currency, order.payment_status) == (
        "woo-main",
        "5127",
        "EUR",
        "paid",
    )
    assert sorted(order.lines.values_list("sku", flat=True)) == sorted(WOO_SKUS)
    event = InboundEvent.objects.get()
    assert (event.status, event.order, event.topic) == ("processed", order, "order.created")
    assert event.delivery_id == "order:5127:2026-11-20T09:15:41"
    assert bytes(event.raw_body) == body


@pytest.mark.parametrize("signature", ["missing", "wrong", "other-secret"])
def test_a_bad_or_missing_signature_gets_401_and_stores_nothing(client, woo, signature):
    products(WOO_SKUS)
    body = fixture_bytes("woocommerce", "order.json")
    headers = woo_headers(body, secret="not-the-secret" if signature == "other-secret" else WOO_SECRET)
    if signature == "missing":
        del headers["HTTP_X_WC_WEBHOOK_SIGNATURE"]
    elif signature == "wrong":
        headers["HTTP_X_WC_WEBHOOK_SIGNATURE"] = "AAAA" + headers["HTTP_X_WC_WEBHOOK_SIGNATURE"][4:]
    assert post_webhook(client, woo, body, **headers).status_code == 401
    assert InboundEvent.objects.count() == 0 and SalesOrder.objects.count() == 0


def test_the_creation_ping_is_acknowledged_without_a_signature_and_stores_nothing(client, woo):
    url = f"/channels/webhooks/{woo.code}/"
    ping = fixture_bytes("woocommerce", "ping.txt")
    response = client.post(url, data=ping, content_type="application/x-www-form-urlencoded")
    assert (response.status_code, response.json()) == (200, {"status": "ping"})
    assert InboundEvent.objects.count() == 0 and SalesOrder.objects.count() == 0


def test_a_malformed_body_gets_400_with_the_reason_and_is_kept_as_a_dead_letter(client, woo):
    body = b'{"id": 5127, "line_items": [ oops'
    response = post_webhook(client, woo, body, **woo_headers(body))
    assert response.status_code == 400 and "not valid JSON" in response.json()["detail"]
    event = InboundEvent.objects.get()
    assert event.status == EventStatus.DEAD and bytes(event.raw_body) == body
    assert SalesOrder.objects.count() == 0


def test_a_retry_with_a_new_delivery_id_but_the_same_order_state_is_a_duplicate(client, woo):
    products(WOO_SKUS)
    body = fixture_bytes("woocommerce", "order.json")
    first = post_webhook(client, woo, body, **woo_headers(body, delivery="101"))
    retry = post_webhook(client, woo, body, **woo_headers(body, delivery="102"))
    same = post_webhook(client, woo, body, **woo_headers(body, delivery="101"))
    assert first.json() == {"status": "processed"}
    assert retry.json() == same.json() == {"status": "duplicate"}
    assert InboundEvent.objects.count() == 1 and SalesOrder.objects.count() == 1


def test_an_update_with_a_new_modification_time_is_a_new_event_for_the_same_order(client, woo):
    products(WOO_SKUS)
    body = fixture_bytes("woocommerce", "order.json")
    post_webhook(client, woo, body, **woo_headers(body))
    update = order_body(date_modified_gmt="2026-11-20T11:00:00", status="completed")
    response = post_webhook(client, woo, update, **woo_headers(update, topic="order.updated", delivery="2"))
    assert response.json() == {"status": "processed"}
    assert InboundEvent.objects.count() == 2 and SalesOrder.objects.count() == 1
    assert InboundEvent.objects.get(delivery_id="order:5127:2026-11-20T11:00:00").order == SalesOrder.objects.get()


def test_an_unknown_sku_is_parked_mapped_once_and_reprocessed_into_one_order(client, woo):
    products(("MUG-STONE-350",))
    ProductFactory(sku="TT-NATURAL")
    body = fixture_bytes("woocommerce", "order.json")
    assert post_webhook(client, woo, body, **woo_headers(body)).json() == {"status": "exception"}
    event = InboundEvent.objects.get()
    assert (event.error_code, event.error_data) == ("unmapped-skus", {"skus": ["TOWEL-LIN-NAT"]})
    assert SalesOrder.objects.count() == 0
    map_channel_sku(channel_id=woo.pk, external_sku="TOWEL-LIN-NAT", sku="TT-NATURAL", user=None, source=Source.UI)
    event = process_event(event_id=event.pk, user=None, source=Source.UI)
    assert event.status == EventStatus.PROCESSED
    assert "TT-NATURAL" in SalesOrder.objects.get().lines.values_list("sku", flat=True)


def test_a_bad_shipping_address_is_parked_and_the_channel_gets_200(client, woo):
    products(WOO_SKUS)
    payload = fixture("woocommerce", "order.json")
    payload["shipping"]["country"] = "Netherlands"
    body = json.dumps(payload).encode()
    assert post_webhook(client, woo, body, **woo_headers(body)).status_code == 200
    event = InboundEvent.objects.get()
    assert (event.status, event.error_code) == (EventStatus.EXCEPTION, "bad-address")


@pytest.mark.parametrize("status", ["cancelled", "refunded", "failed"])
def test_an_update_to_a_cancelling_status_cancels_the_order(client, woo, status):
    products(WOO_SKUS)
    body = fixture_bytes("woocommerce", "order.json")
    post_webhook(client, woo, body, **woo_headers(body))
    cancel = order_body(status=status, date_modified_gmt="2026-11-20T12:30:00")
    assert post_webhook(client, woo, cancel, **woo_headers(cancel, topic="order.updated")).json() == {
        "status": "processed"
    }
    assert SalesOrder.objects.get().status == "cancelled"


def test_a_deleted_order_is_cancelled_and_a_second_delete_changes_nothing(client, woo):
    products(WOO_SKUS)
    body = fixture_bytes("woocommerce", "order.json")
    post_webhook(client, woo, body, **woo_headers(body))
    deleted = fixture_bytes("woocommerce", "order_deleted.json")
    assert post_webhook(client, woo, deleted, **woo_headers(deleted, topic="order.deleted")).json() == {
        "status": "processed"
    }
    assert SalesOrder.objects.get().status == "cancelled"
    again = post_webhook(client, woo, deleted, **woo_headers(deleted, topic="order.deleted", delivery="9"))
    assert again.json() == {"status": "duplicate"}


def test_a_checkout_draft_is_recorded_not_made_an_order(client, woo):
    products(WOO_SKUS)
    body = order_body(status="checkout-draft")
    assert post_webhook(client, woo, body, **woo_headers(body)).json() == {"status": "processed"}
    assert "not handled" in InboundEvent.objects.get().note
    assert SalesOrder.objects.count() == 0


def test_the_secret_signature_and_customer_never_reach_the_logs_or_stored_headers(client, woo, caplog):
    body = fixture_bytes("woocommerce", "order.json")
    headers = woo_headers(body)
    bad = woo_headers(body, secret="wrong-secret")
    with caplog.at_level(logging.DEBUG):
        post_webhook(client, woo, body, **headers)  # an exception: the SKUs are unknown
        post_webhook(client, woo, body, **bad)
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    for secret in (WOO_SECRET, headers["HTTP_X_WC_WEBHOOK_SIGNATURE"], bad["HTTP_X_WC_WEBHOOK_SIGNATURE"]):
        assert secret not in logged
    assert "greta" not in logged.lower()
    stored = InboundEvent.objects.get().headers
    assert "x-wc-webhook-signature" not in stored and stored["x-wc-webhook-topic"] == "order.created"


def test_a_refused_address_corrected_in_the_exception_queue_makes_the_order(client, woo):
    products(WOO_SKUS)
    payload = fixture("woocommerce", "order.json")
    payload["shipping"]["address_1"] = ""
    body = json.dumps(payload).encode()
    post_webhook(client, woo, body, **woo_headers(body))
    event = InboundEvent.objects.get()
    assert event.error_code == "bad-address"
    fixed = {"name": "Greta Lindqvist", "address1": "Keizersgracht 312", "city": "Amsterdam", "zip": "1016 EX"}
    fix_event_address(
        event_id=event.pk,
        which="shipping_address",
        address={**fixed, "country_code": "nl"},
        user=None,
        source=Source.UI,
    )
    assert process_event(event_id=event.pk, user=None, source=Source.UI).status == EventStatus.PROCESSED
    order = SalesOrder.objects.get()
    assert (order.shipping.line1, order.shipping.country) == ("Keizersgracht 312", "NL")


def test_the_exception_queue_offers_the_woocommerce_address_for_correction_and_applies_it(client, woo):
    products(WOO_SKUS)
    payload = fixture("woocommerce", "order.json")
    payload["shipping"]["address_1"] = ""
    body = json.dumps(payload).encode()
    post_webhook(client, woo, body, **woo_headers(body))
    event = InboundEvent.objects.get()
    assert event.error_data["which"] == "shipping_address"  # with the reason's message id and values
    client.force_login(user_with_role("manager"))
    page = client.get(reverse("channels:exceptions")).content.decode()
    assert reverse("channels:fix_address", args=[event.pk]) in page
    assert 'value="Greta Lindqvist"' in page and 'value="1016 EX"' in page and 'value="NL"' in page
    fix = {"addr-which": "shipping_address", "addr-address1": "Keizersgracht 312", "addr-city": "Amsterdam",
           "addr-country_code": "NL", "addr-name": "Greta Lindqvist", "addr-zip": "1016 EX"}  # fmt: skip
    client.post(reverse("channels:fix_address", args=[event.pk]), fix)
    assert SalesOrder.objects.get().shipping.line1 == "Keizersgracht 312"


def test_a_stored_refusal_reason_is_told_in_the_readers_language(client, woo):
    products(WOO_SKUS)
    payload = fixture("woocommerce", "order.json")
    payload["shipping"]["address_1"] = ""
    body = json.dumps(payload).encode()
    post_webhook(client, woo, body, **woo_headers(body))
    assert InboundEvent.objects.get().error == "shipping_address lacks address_1"  # English for logs and support
    client.force_login(user_with_role("manager"))
    page = client.get(reverse("channels:exceptions"), headers={"Accept-Language": "tr"}).content.decode()
    assert "Adres reddedildi: shipping_address içinde eksik: address_1" in page
