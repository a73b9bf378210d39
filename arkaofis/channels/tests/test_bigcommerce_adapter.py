"""The BigCommerce adapter as functions; its API through httpx.MockTransport answering the recorded responses."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import httpx
import pytest

from arkaofis.channels.adapters import bigcommerce
from arkaofis.channels.domain import StockPush, kept_headers
from arkaofis.channels.exceptions import BadAddress, BadOrderPayload, ChannelNotConfigured, ChannelUnavailable
from arkaofis.channels.secrets import seal_credentials
from arkaofis.channels.tests.storefronts import (
    BC_ORDER_PATH,
    BC_SECRET,
    BC_TOKEN,
    RecordedApi,
    bc_answers,
    fixture,
    fixture_bytes,
)


def api_channel(**fields):
    values = {
        "code": "bc-main",
        "api_base_url": "",
        "credentials_sealed": seal_credentials({"access_token": BC_TOKEN}),
        "options": {"store_hash": "x7k2mq9p4d"},
    }
    return SimpleNamespace(**{**values, **fields})


def fetched_order() -> dict:
    return {
        **fixture("bigcommerce", "order.json"),
        "products": fixture("bigcommerce", "order_products.json"),
        "shipping_addresses": fixture("bigcommerce", "order_shipping_addresses.json"),
    }


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_the_shared_secret_header_authenticates_and_nothing_else_does():
    body = fixture_bytes("bigcommerce", "callback_order_created.json")
    assert bigcommerce.verify(secret=BC_SECRET, body=body, headers={"X-Arkaofis-Webhook-Token": BC_SECRET})
    assert not bigcommerce.verify(secret=BC_SECRET, body=body, headers={"X-Arkaofis-Webhook-Token": BC_SECRET + "x"})
    assert not bigcommerce.verify(secret=BC_SECRET, body=body, headers={})
    assert not bigcommerce.verify(secret="", body=body, headers={"X-Arkaofis-Webhook-Token": ""})
    assert kept_headers({"X-Arkaofis-Webhook-Token": BC_SECRET, "Content-Type": "application/json"}) == {
        "content-type": "application/json"
    }


def test_the_callback_names_its_topic_order_and_delivery_by_its_hash():
    body = fixture_bytes("bigcommerce", "callback_order_created.json")
    assert bigcommerce.topic_from_body(body) == "store/order/created"
    assert bigcommerce.delivery_id(headers={}, body=body) == "hash:8c2e1f4a9b7d3e6c0a5f2b8d1e4c7a9f3b6d0e2a"
    assert bigcommerce.external_id(bigcommerce.read_json(body)) == "214"
    assert bigcommerce.delivery_id(headers={}, body=b"{oops").startswith("sha256:")
    assert bigcommerce.topic_from_body(b"{oops") == ""


def test_fetch_order_reads_the_order_its_products_and_addresses_with_the_access_token():
    api = RecordedApi(bc_answers())
    with bigcommerce.client(api_channel(), transport=api.transport()) as http:
        order = bigcommerce.fetch_order(http, fixture("bigcommerce", "callback_order_created.json"))
    assert [r["path"] for r in api.requests] == [
        BC_ORDER_PATH, f"{BC_ORDER_PATH}/products", f"{BC_ORDER_PATH}/shipping_addresses",
    ]  # fmt: skip
    assert all(r["headers"]["x-auth-token"] == BC_TOKEN for r in api.requests)
    assert api.requests[0]["url"].startswith("https://api.bigcommerce.com/stores/x7k2mq9p4d/v2/orders/214")
    assert order["id"] == 214 and len(order["products"]) == 2 and order["shipping_addresses"][0]["id"] == 118


def test_fetch_order_waits_out_a_429_then_succeeds():
    answers = bc_answers()
    answers[("GET", BC_ORDER_PATH)].insert(0, (429, {"status": 429, "title": "Too many requests"}))
    api = RecordedApi(answers)
    sleeps = Sleeps()
    with bigcommerce.client(api_channel(), transport=api.transport(), sleep=sleeps) as http:
        order = bigcommerce.fetch_order(http, fixture("bigcommerce", "callback_order_created.json"))
    assert order["id"] == 214
    assert [r["path"] for r in api.requests].count(BC_ORDER_PATH) == 2
    assert sleeps == [2.0]  # no Retry-After from BigCommerce: our exponential back-off


def test_a_channel_that_keeps_failing_raises_channel_unavailable():
    api = RecordedApi({("GET", BC_ORDER_PATH): [(503, None)]})
    with (
        bigcommerce.client(api_channel(), transport=api.transport(), sleep=Sleeps()) as http,
        pytest.raises(ChannelUnavailable) as raised,
    ):
        bigcommerce.fetch_order(http, fixture("bigcommerce", "callback_order_created.json"))
    assert raised.value.code == "channel-unavailable" and "503" in raised.value.detail
    assert BC_TOKEN not in raised.value.detail


def test_an_empty_collection_answered_204_is_no_rows():
    answers = bc_answers()
    answers[("GET", f"{BC_ORDER_PATH}/shipping_addresses")] = [(204, None)]
    with bigcommerce.client(api_channel(), transport=RecordedApi(answers).transport()) as http:
        assert bigcommerce.fetch_order(http, {"data": {"type": "order", "id": 214}})["shipping_addresses"] == []


def test_the_fetched_order_reads_with_four_decimal_money_as_decimals():
    result = bigcommerce.to_order(fetched_order(), channel="bc")
    assert (result.external_id, result.currency, result.payment_status) == ("214", "USD", "paid")
    cap, tote = result.lines
    assert (cap.sku, cap.quantity, cap.unit_price, cap.discount, cap.tax, cap.external_id) == (
        "CAP-TRAIL-OLV",
        2,
        Decimal("19.0000"),
        Decimal("5.0000"),
        Decimal("2.7225"),
        "311",
    )  # fmt: skip  (the tax on the discounted line: discounted_total_inc_tax 35.7225 − 33.00)
    assert (tote.sku, tote.unit_price, tote.discount, tote.tax) == (
        "TOTE-CANVAS-NAT", Decimal("35.0000"), Decimal("0"), Decimal("2.8875"),
    )  # fmt: skip
    assert result.shipping_charge == Decimal("8.5000")
    assert (result.shipping.name, result.shipping.company, result.shipping.city) == (
        "Dana Whitcombe", "Whitcombe & Hale", "Seattle",
    )  # fmt: skip
    assert (result.shipping.country, result.shipping.region, result.shipping.postal_code) == (
        "US",
        "Washington",
        "98121",
    )
    assert result.customer_email == "m.oyelaran@example.net" and result.billing.line2 == "Apt 3B"
    assert result.placed_at == datetime(2026, 11, 20, 9, 14, 3, tzinfo=UTC)
    assert "#214" in result.notes and "Gift" in result.notes


@pytest.mark.parametrize(
    ("status_id", "meaning", "payment"),
    [
        (11, "store/order/created", "paid"),
        (10, "store/order/created", "paid"),
        (1, "store/order/created", "pending"),
        (7, "store/order/created", "pending"),
        (5, bigcommerce.CANCELLED, None),
        (6, bigcommerce.CANCELLED, None),
        (4, bigcommerce.CANCELLED, None),
        (0, bigcommerce.INCOMPLETE, None),
    ],
)
def test_the_order_status_decides_payment_and_whether_it_cancels(status_id, meaning, payment):
    order = {**fetched_order(), "status_id": status_id}
    assert bigcommerce.order_topic("store/order/created", order) == meaning
    if payment:
        assert bigcommerce.to_order(order, channel="bc").payment_status == payment


def test_several_shipping_addresses_are_refused_until_one_is_chosen():
    order = fetched_order()
    order["shipping_addresses"] = order["shipping_addresses"] * 2
    with pytest.raises(BadAddress) as caught:
        bigcommerce.to_order(order, channel="bc")
    assert "2 addresses" in caught.value.detail
    fix = {"name": "Dana W", "address1": "52 Harbor View Lane", "city": "Seattle", "country_code": "US"}
    assert bigcommerce.to_order({**order, "shipping_address": fix}, channel="bc").shipping.name == "Dana W"


def test_a_digital_order_needs_no_shipping_address_but_goods_do():
    order = {**fetched_order(), "shipping_addresses": []}
    with pytest.raises(BadAddress):
        bigcommerce.to_order(order, channel="bc")
    assert bigcommerce.to_order({**order, "order_is_digital": True}, channel="bc").shipping is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda o: o["products"][0].update(quantity=-1), "quantity"),
        (lambda o: o["products"][0].update(price_ex_tax="n/a"), "products.price_ex_tax"),
        (lambda o: o.update(products=[]), "products"),
        (lambda o: o.update(date_created="sometime"), "date_created"),
    ],
)
def test_a_wrong_order_field_is_refused_naming_the_field(change, field):
    order = fetched_order()
    change(order)
    with pytest.raises(BadOrderPayload) as caught:
        bigcommerce.to_order(order, channel="bc")
    assert caught.value.data["field"] == field


def test_test_connection_describes_the_store():
    api = RecordedApi({("GET", "/stores/x7k2mq9p4d/v2/store"): [(200, fixture("bigcommerce", "store.json"))]})
    with bigcommerce.client(api_channel(), transport=api.transport()) as http:
        described = bigcommerce.test_connection(http, api_channel())
    assert described == "BigCommerce store Northfold Goods (northfold-goods.example.com)"


def test_push_stock_sets_absolute_quantities_by_variant_or_sku_at_the_channels_location():
    path = "/stores/x7k2mq9p4d/v3/inventory/adjustments/absolute"
    api = RecordedApi({("PUT", path): [(200, fixture("bigcommerce", "inventory_adjustment.json"))]})
    channel = api_channel(options={"store_hash": "x7k2mq9p4d", "location_id": 3})
    levels = [
        StockPush(sku="CAP-TRAIL-OLV", quantity=9, product_id=1, ref="142"),
        StockPush(sku="TOTE-CANVAS-NAT", quantity=0, product_id=2),
    ]
    with bigcommerce.client(channel, transport=api.transport()) as http:
        bigcommerce.push_stock(http, channel, levels)
    (request,) = api.requests
    assert request["method"] == "PUT" and request["headers"]["x-auth-token"] == BC_TOKEN
    assert json.loads(request["body"]) == {
        "reason": "Arkaofis stock sync",
        "items": [
            {"location_id": 3, "quantity": 9, "variant_id": 142},
            {"location_id": 3, "quantity": 0, "sku": "TOTE-CANVAS-NAT"},
        ],
    }


def test_push_stock_sends_at_most_1000_listings_a_request():
    path = "/stores/x7k2mq9p4d/v3/inventory/adjustments/absolute"
    api = RecordedApi({("PUT", path): [(200, {}), (200, {})]})
    levels = [StockPush(sku=f"S-{n}", quantity=1, product_id=n) for n in range(1500)]
    with bigcommerce.client(api_channel(), transport=api.transport()) as http:
        assert bigcommerce.push_stock(http, api_channel(), levels).refused == {}
    assert [len(json.loads(r["body"])["items"]) for r in api.requests] == [1000, 500]


def refusing_store(unknown: set[str], sent: list[list[dict]]) -> httpx.MockTransport:
    """An inventory API whose adjustment is all or nothing: one unknown SKU refuses the batch (422)."""

    def answer(request: httpx.Request) -> httpx.Response:
        items = json.loads(request.content)["items"]
        bad = [n for n, item in enumerate(items) if item.get("sku") in unknown or item.get("location_id") != 1]
        if bad:
            errors = {f"items.{n}": "The item could not be found at this location." for n in bad}
            return httpx.Response(422, json={"status": 422, "title": "Invalid inventory items", "errors": errors})
        sent.append(items)
        return httpx.Response(200, json={"transaction_id": "3f5f1d7e"})

    return httpx.MockTransport(answer)


def test_a_refused_batch_is_split_until_the_refused_listings_stand_alone_and_the_rest_are_set():
    sent: list[list[dict]] = []
    levels = [StockPush(sku=f"S-{n}", quantity=n, product_id=n) for n in range(8)]
    levels[5] = StockPush(sku="GONE", quantity=5, product_id=5)
    with bigcommerce.client(api_channel(), transport=refusing_store({"GONE"}, sent)) as http:
        receipt = bigcommerce.push_stock(http, api_channel(), levels)
    assert receipt.refused == {
        "GONE": "Invalid inventory items; items.0: The item could not be found at this location."
    }
    assert sorted(item["sku"] for batch in sent for item in batch) == sorted(f"S-{n}" for n in range(8) if n != 5)
    assert len(sent) == 3  # halves 0-3 and 6-7 and 4: three requests carried the other seven


def test_when_the_store_refuses_every_listing_its_setting_is_wrong_and_the_push_fails_whole():
    channel = api_channel(options={"store_hash": "x7k2mq9p4d", "location_id": 9})  # no such location
    levels = [StockPush(sku=f"S-{n}", quantity=1, product_id=n) for n in range(4)]
    with bigcommerce.client(channel, transport=refusing_store(set(), [])) as http, pytest.raises(ChannelUnavailable):
        bigcommerce.push_stock(http, channel, levels)


def test_a_channel_without_token_or_store_has_no_client_and_says_what_to_set():
    with pytest.raises(ChannelNotConfigured) as raised:
        bigcommerce.client(api_channel(credentials_sealed=""))
    assert raised.value.data["setting"] == "access_token"
    with pytest.raises(ChannelNotConfigured) as raised:
        bigcommerce.client(api_channel(options={}))
    assert raised.value.data["setting"] == "store_hash"
    assert isinstance(bigcommerce.client(api_channel()).client, httpx.Client)


def test_fetch_stock_reads_variant_inventory_levels_by_sku():
    api = RecordedApi(
        {("GET", "/stores/x7k2mq9p4d/v3/catalog/variants"): [(200, fixture("bigcommerce", "catalog_variants.json"))]}
    )
    levels = [
        StockPush(sku=sku, quantity=1, product_id=n)
        for n, sku in enumerate(["CAP-TRAIL-OLV", "TOTE-CANVAS-NAT", "GONE"])
    ]
    with bigcommerce.client(api_channel(), transport=api.transport()) as http:
        assert bigcommerce.fetch_stock(http, api_channel(), levels) == {"CAP-TRAIL-OLV": 31, "TOTE-CANVAS-NAT": 0}
    assert "sku%3Ain=CAP-TRAIL-OLV%2CGONE%2CTOTE-CANVAS-NAT" in api.requests[0]["url"]
    elsewhere = api_channel(options={"store_hash": "x7k2mq9p4d", "location_id": 2})
    with bigcommerce.client(elsewhere, transport=api.transport()) as http:
        assert bigcommerce.fetch_stock(http, elsewhere, levels) == {}  # totals over locations: not comparable
