"""BigCommerce callbacks end to end: the endpoint, the order fetched from a local recorded API, the pipeline."""

import json

import pytest

from arkaofis.channels.models import EventStatus, InboundEvent
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.tests.factories import post_webhook
from arkaofis.channels.tests.storefronts import (
    BC_ORDER_PATH,
    BC_SKUS,
    BC_TOKEN,
    RecordedApi,
    bc_answers,
    bc_channel,
    bc_headers,
    fixture,
    fixture_bytes,
    products,
    recorded_server,
)
from arkaofis.core.models import Source
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db

CREATED = "callback_order_created.json"
STATUS_UPDATED = "callback_order_status_updated.json"


@pytest.fixture
def api():
    return RecordedApi(bc_answers())


@pytest.fixture
def bc(api):
    with recorded_server(api) as url:
        yield bc_channel(api_base_url=f"{url}/stores/x7k2mq9p4d")


def test_an_order_created_callback_fetches_the_order_and_receives_it(client, bc, api):
    products(BC_SKUS)
    body = fixture_bytes("bigcommerce", CREATED)
    response = post_webhook(client, bc, body, **bc_headers())
    assert (response.status_code, response.json()) == (200, {"status": "processed"})
    order = SalesOrder.objects.get()
    assert (order.channel, order.external_id, order.currency, order.payment_status) == ("bc-main", "214", "USD", "paid")
    assert sorted(order.lines.values_list("sku", flat=True)) == sorted(BC_SKUS)
    event = InboundEvent.objects.get()
    assert (event.status, event.topic, event.external_id, event.order) == (
        "processed",
        "store/order/created",
        "214",
        order,
    )
    assert event.delivery_id == "hash:8c2e1f4a9b7d3e6c0a5f2b8d1e4c7a9f3b6d0e2a"
    assert [r["path"].split("?")[0] for r in api.requests] == [
        BC_ORDER_PATH, f"{BC_ORDER_PATH}/products", f"{BC_ORDER_PATH}/shipping_addresses",
    ]  # fmt: skip
    assert all(r["headers"].get("X-Auth-Token") == BC_TOKEN for r in api.requests)


@pytest.mark.parametrize("token", ["", "wrong-token"])
def test_a_missing_or_wrong_token_gets_401_stores_nothing_and_calls_nobody(client, bc, api, token):
    body = fixture_bytes("bigcommerce", CREATED)
    headers = bc_headers(token=token) if token else {}
    assert post_webhook(client, bc, body, **headers).status_code == 401
    assert InboundEvent.objects.count() == 0 and api.requests == []


def test_a_retried_callback_with_the_same_hash_is_a_duplicate(client, bc, api):
    products(BC_SKUS)
    body = fixture_bytes("bigcommerce", CREATED)
    post_webhook(client, bc, body, **bc_headers())
    again = post_webhook(client, bc, body, **bc_headers())
    assert again.json() == {"status": "duplicate"}
    assert InboundEvent.objects.count() == 1 and SalesOrder.objects.count() == 1
    assert len(api.requests) == 3  # the duplicate fetched nothing


def test_a_malformed_callback_gets_400_and_is_a_dead_letter(client, bc, api):
    body = b'{"scope": "store/order/created", "data": {'
    response = post_webhook(client, bc, body, **bc_headers())
    assert response.status_code == 400 and "not valid JSON" in response.json()["detail"]
    assert InboundEvent.objects.get().status == EventStatus.DEAD and api.requests == []


def test_when_the_api_is_down_the_event_is_kept_for_retry_then_processed(client, bc, api):
    products(BC_SKUS)
    api.answers[("GET", BC_ORDER_PATH)] = [(503, {"status": 503, "title": "Service Unavailable"})]
    # Few retries and Retry-After: 0 from the local server keep this quick.
    response = post_webhook(client, bc, fixture_bytes("bigcommerce", CREATED), **bc_headers())
    assert (response.status_code, response.json()) == (200, {"status": "exception"})
    event = InboundEvent.objects.get()
    assert (event.status, event.error_code) == (EventStatus.EXCEPTION, "channel-unavailable")
    assert event.external_id == "214" and BC_TOKEN not in event.error
    assert SalesOrder.objects.count() == 0

    api.answers.update(bc_answers())
    event = process_event(event_id=event.pk, user=None, source=Source.UI)
    assert event.status == EventStatus.PROCESSED and SalesOrder.objects.count() == 1


def test_a_429_from_the_api_is_waited_out(client, bc, api):
    products(BC_SKUS)
    api.answers[("GET", f"{BC_ORDER_PATH}/products")].insert(0, (429, {"status": 429, "title": "Too many requests"}))
    response = post_webhook(client, bc, fixture_bytes("bigcommerce", CREATED), **bc_headers())
    assert response.json() == {"status": "processed"}
    assert SalesOrder.objects.count() == 1


def test_an_unknown_sku_parks_the_fetched_order_as_an_exception(client, bc):
    products(("TOTE-CANVAS-NAT",))
    response = post_webhook(client, bc, fixture_bytes("bigcommerce", CREATED), **bc_headers())
    assert response.json() == {"status": "exception"}
    event = InboundEvent.objects.get()
    assert (event.error_code, event.error_data) == ("unmapped-skus", {"skus": ["CAP-TRAIL-OLV"]})


def test_a_status_update_to_cancelled_cancels_the_order(client, bc, api):
    products(BC_SKUS)
    post_webhook(client, bc, fixture_bytes("bigcommerce", CREATED), **bc_headers())
    cancelled = {**fixture("bigcommerce", "order.json"), "status_id": 5, "status": "Cancelled"}
    api.answers[("GET", BC_ORDER_PATH)] = [(200, cancelled)]
    response = post_webhook(client, bc, fixture_bytes("bigcommerce", STATUS_UPDATED), **bc_headers())
    assert response.json() == {"status": "processed"}
    assert SalesOrder.objects.get().status == "cancelled"
    assert InboundEvent.objects.get(topic="store/order/statusUpdated").order == SalesOrder.objects.get()


def test_an_archived_order_is_cancelled_without_a_fetch(client, bc, api):
    products(BC_SKUS)
    post_webhook(client, bc, fixture_bytes("bigcommerce", CREATED), **bc_headers())
    archived = {**fixture("bigcommerce", CREATED), "scope": "store/order/archived", "hash": "a1" * 20}
    calls = len(api.requests)
    response = post_webhook(client, bc, json.dumps(archived).encode(), **bc_headers())
    assert response.json() == {"status": "processed"}
    assert SalesOrder.objects.get().status == "cancelled" and len(api.requests) == calls


def test_the_sweep_tries_a_channel_unavailable_event_again_until_the_api_answers(client, bc, api):
    from datetime import timedelta

    from django.utils import timezone

    from arkaofis.channels.services.processing import process_stale_events

    products(BC_SKUS)
    api.answers[("GET", BC_ORDER_PATH)] = [(503, {"status": 503, "title": "Service Unavailable"})]
    post_webhook(client, bc, fixture_bytes("bigcommerce", CREATED), **bc_headers())
    event = InboundEvent.objects.get()
    assert process_stale_events(older_than_seconds=60, user=None, source=Source.SYSTEM) == {}  # not due yet
    InboundEvent.objects.filter(pk=event.pk).update(processed_at=timezone.now() - timedelta(minutes=5))
    api.answers.update(bc_answers())
    assert process_stale_events(older_than_seconds=60, user=None, source=Source.SYSTEM) == {"processed": 1}
    assert SalesOrder.objects.count() == 1
