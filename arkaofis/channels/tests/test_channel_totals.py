"""Every channel's order is checked against the channel's own grand total: a match is stored, a
difference beyond the rounding tolerance waits in the exception queue with both totals, and
receiving it again changes nothing (WooCommerce, BigCommerce, Amazon, Trendyol; Shopify has its own file)."""

import copy
import json
from decimal import Decimal

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.adapters import amazon, trendyol
from arkaofis.channels.models import EventStatus, InboundEvent, PollCursor
from arkaofis.channels.services.polling import poll_channel
from arkaofis.channels.services.processing import process_event
from arkaofis.channels.tests.factories import post_webhook
from arkaofis.channels.tests.poll_servers import (
    AmazonFake,
    TrendyolFake,
    amazon_channel,
    mock_transport,
    trendyol_channel,
)
from arkaofis.channels.tests.storefronts import (
    BC_ORDER_PATH,
    BC_SKUS,
    WOO_SKUS,
    RecordedApi,
    bc_answers,
    bc_channel,
    bc_headers,
    fixture,
    fixture_bytes,
    products,
    recorded_server,
    woo_channel,
    woo_headers,
)
from arkaofis.channels.tests.test_http import FakeClock
from arkaofis.core.models import Source
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db


def parked_with(event, *, computed, channel_total):
    assert (event.status, event.error_code) == (EventStatus.EXCEPTION, "total-mismatch")
    data = event.error_data
    assert (Decimal(data["computed"]), Decimal(data["channel_total"])) == (Decimal(computed), Decimal(channel_total))
    return True


def stays_parked(event):
    """Processing the parked event again (staff's re-process, the sweep) leaves it parked, no order."""
    again = process_event(event_id=event.pk, user=None, source=Source.UI)
    return again.status == EventStatus.EXCEPTION and not SalesOrder.objects.exists()


# --- WooCommerce -------------------------------------------------------------------------------


def woo_order(**changes) -> bytes:
    payload = fixture("woocommerce", "order.json")
    payload.update(changes)
    return json.dumps(payload).encode()


def test_a_woocommerce_order_is_stored_when_it_adds_up_to_its_total_shipping_tax_included(client):
    products(WOO_SKUS)
    body = woo_order()
    post_webhook(client, woo_channel(), body, **woo_headers(body))
    assert SalesOrder.objects.get().grand_total == Decimal("63.31")  # 57.48 lines and tax, 4.90 + 0.93 shipping


def test_a_woocommerce_fee_we_do_not_read_parks_the_order_with_both_totals_and_a_retry_changes_nothing(client):
    products(WOO_SKUS)
    woo = woo_channel()
    body = woo_order(fee_lines=[{"name": "Gift wrap", "total": "3.00", "total_tax": "0.63"}], total="66.94")
    post_webhook(client, woo, body, **woo_headers(body))
    post_webhook(client, woo, body, **woo_headers(body))  # WooCommerce's retry: the same order state
    event = InboundEvent.objects.get()
    assert parked_with(event, computed="63.31", channel_total="66.94") and stays_parked(event)


# --- BigCommerce -------------------------------------------------------------------------------


def bc_api(**order_changes) -> RecordedApi:
    answers = bc_answers()
    order = {**fixture("bigcommerce", "order.json"), **order_changes}
    answers[("GET", BC_ORDER_PATH)] = [(200, order)]
    return RecordedApi(answers)


def bc_callback(client, api):
    products(BC_SKUS)
    with recorded_server(api) as url:
        channel = bc_channel(api_base_url=f"{url}/stores/x7k2mq9p4d")
        body = fixture_bytes("bigcommerce", "callback_order_created.json")
        post_webhook(client, channel, body, **bc_headers())
        post_webhook(client, channel, body, **bc_headers())  # a retried callback
        event = InboundEvent.objects.get()
        return event, stays_parked(event) if event.status == EventStatus.EXCEPTION else None


def test_a_bigcommerce_order_is_stored_when_it_adds_up_to_total_inc_tax(client):
    event, _ = bc_callback(client, bc_api())
    assert event.status == EventStatus.PROCESSED and event.order.grand_total == Decimal("82.1100")


def test_a_bigcommerce_order_off_its_total_parks_with_both_totals(client):
    event, stayed = bc_callback(client, bc_api(total_inc_tax="84.1100"))
    assert parked_with(event, computed="82.1100", channel_total="84.1100") and stayed


# --- Amazon and Trendyol (polled) ---------------------------------------------------------------


def poll(adapter, channel, fake):
    clock = FakeClock()
    with adapter.client(channel, transport=mock_transport(fake), sleep=clock.sleep) as http:
        return poll_channel(channel_code=channel.code, user=None, source=Source.CHANNEL, http=http)


def amazon_order(amount: str) -> dict:
    order = copy.deepcopy(fixture("amazon", "getOrders_page1.json")["payload"]["Orders"][0])
    return {**order, "OrderTotal": {"CurrencyCode": "USD", "Amount": amount}}


def test_an_amazon_order_is_stored_when_it_adds_up_to_its_order_total():
    ProductFactory(sku="NABetaASINB00551Q3CS")
    poll(amazon, amazon_channel(), AmazonFake([amazon_order("11.01")]))
    assert SalesOrder.objects.get().grand_total == Decimal("11.01")


def test_an_amazon_order_off_its_order_total_parks_and_a_re_poll_changes_nothing():
    ProductFactory(sku="NABetaASINB00551Q3CS")
    channel, fake = amazon_channel(), AmazonFake([amazon_order("12.01")])
    poll(amazon, channel, fake)
    PollCursor.objects.filter(channel=channel).delete()
    assert poll(amazon, channel, fake).duplicates == 1
    event = InboundEvent.objects.get()
    assert parked_with(event, computed="11.01", channel_total="12.01") and stays_parked(event)


def trendyol_package(total_price) -> dict:
    return copy.deepcopy(fixture("trendyol", "getShipmentPackages.json")["content"][0]) | {"totalPrice": total_price}


def test_a_trendyol_package_is_stored_when_its_shipped_lines_add_up_to_its_total():
    ProductFactory(sku="TY-TSHIRT-RED"), ProductFactory(sku="TY-MUG")
    poll(trendyol, trendyol_channel(), TrendyolFake([trendyol_package(529.72)]))  # less its cancelled 49.90
    assert SalesOrder.objects.get().grand_total == Decimal("479.82")


def test_a_trendyol_package_off_its_total_parks_and_a_re_poll_changes_nothing():
    ProductFactory(sku="TY-TSHIRT-RED"), ProductFactory(sku="TY-MUG")
    channel, fake = trendyol_channel(), TrendyolFake([trendyol_package(579.72)])
    poll(trendyol, channel, fake)
    PollCursor.objects.filter(channel=channel).delete()
    assert poll(trendyol, channel, fake).duplicates == 1
    event = InboundEvent.objects.get()
    assert parked_with(event, computed="479.8200", channel_total="529.82") and stays_parked(event)
