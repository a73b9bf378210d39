"""Shopify's Admin API adapter (client, connection test, stock push and read) against MockTransport
answering in Shopify's published shapes. No database beyond the channel row."""

import json

import httpx
import pytest

from arkaofis.channels.adapters import api_adapter, shopify
from arkaofis.channels.domain import StockPush
from arkaofis.channels.exceptions import ChannelNotConfigured, ChannelUnavailable
from arkaofis.channels.models import Channel
from arkaofis.channels.secrets import seal_credentials
from arkaofis.channels.tests.servers import LOCATION_ID, TOKEN, fixture


def shop_channel(**options) -> Channel:
    """An unsaved channel: the adapter reads only its settings."""
    return Channel(
        code="shop",
        kind="shopify",
        api_base_url="https://example.myshopify.com",
        credentials_sealed=seal_credentials({"access_token": TOKEN}),
        options={"location_id": LOCATION_ID, **options},
    )


def client_answering(handler, channel=None):
    return shopify.client(channel or shop_channel(), transport=httpx.MockTransport(handler), sleep=lambda _: None)


def test_shopify_is_the_api_adapter_for_its_kind():
    assert api_adapter("shopify") is shopify


def test_connection_test_names_the_shop_and_sends_the_access_token():
    seen = []

    def answer(request):
        seen.append(request)
        return httpx.Response(200, json=fixture("shop.json"))

    with client_answering(answer) as http:
        assert shopify.test_connection(http, shop_channel()) == "Shopify shop Super Toys (apple.myshopify.com)"
    assert seen[0].url.path == f"/admin/api/{shopify.API_VERSION}/shop.json"
    assert seen[0].headers["X-Shopify-Access-Token"] == TOKEN


def test_a_wrong_token_is_a_channel_error_without_the_token_in_it():
    refused = client_answering(lambda request: httpx.Response(401, json={"errors": "[API] Invalid API key"}))
    with refused as http, pytest.raises(ChannelUnavailable) as raised:
        shopify.test_connection(http, shop_channel())
    assert "401" in raised.value.detail and TOKEN not in raised.value.detail


def test_push_sets_available_per_inventory_item_at_the_channels_location():
    bodies = []

    def answer(request):
        bodies.append((request.url.path, json.loads(request.content)))
        return httpx.Response(200, json=fixture("inventory_level.json"))

    levels = [StockPush(sku="A", quantity=6, product_id=1, ref="808950810"), StockPush("B", 0, 2, "808950811")]
    with client_answering(answer, shop_channel(api_version="2025-01")) as http:
        shopify.push_stock(http, shop_channel(api_version="2025-01"), levels)
    path = "/admin/api/2025-01/inventory_levels/set.json"
    assert bodies == [
        (path, {"location_id": LOCATION_ID, "inventory_item_id": 808950810, "available": 6}),
        (path, {"location_id": LOCATION_ID, "inventory_item_id": 808950811, "available": 0}),
    ]


def test_push_refuses_without_a_location_or_an_inventory_item_id():
    never = httpx.MockTransport(lambda request: pytest.fail("nothing may be sent"))
    channel = shop_channel(location_id="")
    with shopify.client(channel, transport=never) as http, pytest.raises(ChannelNotConfigured) as raised:
        shopify.push_stock(http, channel, [StockPush("A", 1, 1, "9")])
    assert raised.value.data == {"setting": "location_id"}
    with shopify.client(shop_channel(), transport=never) as http, pytest.raises(ChannelNotConfigured):
        shopify.push_stock(http, shop_channel(), [StockPush("A", 1, 1, "")])


def test_client_needs_a_base_url_and_a_token():
    with pytest.raises(ChannelNotConfigured):
        shopify.client(Channel(kind="shopify", credentials_sealed=seal_credentials({"access_token": TOKEN})))
    with pytest.raises(ChannelNotConfigured):
        shopify.client(Channel(kind="shopify", api_base_url="https://example.myshopify.com"))


def test_fetch_stock_reads_levels_fifty_items_at_a_time_keyed_by_channel_sku():
    asked = []

    def answer(request):
        ids = request.url.params["inventory_item_ids"].split(",")
        asked.append(len(ids))
        assert request.url.params["location_ids"] == str(LOCATION_ID)
        row = fixture("inventory_levels.json")["inventory_levels"][0]
        return httpx.Response(
            200, json={"inventory_levels": [{**row, "inventory_item_id": int(i), "available": int(i) % 7} for i in ids]}
        )

    levels = [StockPush(sku=f"S{n}", quantity=0, product_id=n, ref=str(1000 + n)) for n in range(120)]
    with client_answering(answer) as http:
        shown = shopify.fetch_stock(http, shop_channel(), levels)
    assert asked == [50, 50, 20]
    assert shown["S0"] == 1000 % 7 and len(shown) == 120
