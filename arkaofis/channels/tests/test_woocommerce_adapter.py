"""The WooCommerce adapter as functions: reading orders, signatures, delivery ids; its API through MockTransport."""

import base64
import json
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arkaofis.channels.adapters import common, woocommerce
from arkaofis.channels.domain import StockPush, hmac_sha256_base64, kept_headers
from arkaofis.channels.exceptions import (
    BadAddress,
    BadOrderPayload,
    ChannelNotConfigured,
    MalformedPayload,
)
from arkaofis.channels.secrets import seal_credentials
from arkaofis.channels.tests.storefronts import WOO_SECRET, RecordedApi, fixture, fixture_bytes


def order() -> dict:
    return fixture("woocommerce", "order.json")


def body_of(payload: dict) -> bytes:
    return json.dumps(payload).encode()


def api_channel(**fields):
    values = {
        "code": "woo-main",
        "api_base_url": "https://shop.example.org",
        "credentials_sealed": seal_credentials({"consumer_key": "ck_test123", "consumer_secret": "cs_test456"}),
        "options": {},
    }
    return SimpleNamespace(**{**values, **fields})


def test_the_signature_of_the_raw_body_matches_and_nothing_else_does():
    body = fixture_bytes("woocommerce", "order.json")
    good = {"X-WC-Webhook-Signature": hmac_sha256_base64(WOO_SECRET, body)}
    assert woocommerce.verify(secret=WOO_SECRET, body=body, headers=good)
    assert not woocommerce.verify(secret=WOO_SECRET, body=body + b" ", headers=good)
    assert not woocommerce.verify(secret=WOO_SECRET, body=body, headers={})
    assert not woocommerce.verify(secret="", body=body, headers=good)
    other = {"X-WC-Webhook-Signature": hmac_sha256_base64("another-secret", body)}
    assert not woocommerce.verify(secret=WOO_SECRET, body=body, headers=other)


def test_only_the_creation_ping_form_body_is_a_ping():
    assert woocommerce.is_ping(headers={}, body=fixture_bytes("woocommerce", "ping.txt"))
    assert woocommerce.is_ping(headers={}, body=b"webhook_id=3\n")
    for body in (
        b"",
        b"webhook_id=",
        b"webhook_id=3&x=1",
        b'{"webhook_id": 3}',
        fixture_bytes("woocommerce", "order.json"),
    ):
        assert not woocommerce.is_ping(headers={}, body=body)


def test_delivery_id_is_the_order_and_its_modification_time_not_the_changing_delivery_header():
    body = fixture_bytes("woocommerce", "order.json")
    first = woocommerce.delivery_id(headers={"X-WC-Webhook-Delivery-ID": "1"}, body=body)
    retry = woocommerce.delivery_id(headers={"X-WC-Webhook-Delivery-ID": "2"}, body=body)
    assert first == retry == "order:5127:2026-11-20T09:15:41"
    changed = order()
    changed["date_modified_gmt"] = "2026-11-21T08:00:00"
    assert woocommerce.delivery_id(headers={}, body=body_of(changed)) == "order:5127:2026-11-21T08:00:00"


def test_delivery_id_of_a_deleted_order_or_an_unreadable_body():
    deleted = fixture_bytes("woocommerce", "order_deleted.json")
    assert (
        woocommerce.delivery_id(headers={"X-WC-Webhook-Topic": "order.deleted"}, body=deleted) == "order:5127:deleted"
    )
    assert woocommerce.delivery_id(headers={}, body=b"{oops").startswith("sha256:")


def test_kept_headers_keep_the_topic_and_delivery_but_never_the_signature():
    kept = kept_headers(
        {"X-WC-Webhook-Signature": "sig", "X-WC-Webhook-Topic": "order.created", "X-WC-Webhook-Delivery-ID": "9"}
    )
    assert kept == {"x-wc-webhook-topic": "order.created", "x-wc-webhook-delivery-id": "9"}


def test_the_recorded_order_reads_with_unit_prices_discounts_and_taxes_as_decimals():
    result = woocommerce.to_order(woocommerce.read_json(fixture_bytes("woocommerce", "order.json")), channel="woo")
    assert (result.channel, result.external_id, result.currency) == ("woo", "5127", "EUR")
    towel, mug = result.lines
    assert (towel.sku, towel.quantity, towel.unit_price, towel.discount, towel.tax) == (
        "TOWEL-LIN-NAT", 2, Decimal("12.50"), Decimal("5.00"), Decimal("4.59"),
    )  # fmt: skip
    assert (mug.sku, mug.unit_price, mug.discount, mug.tax, mug.external_id) == (
        "MUG-STONE-350",
        Decimal("27.50"),
        Decimal("0"),
        Decimal("6.32"),
        "902",
    )  # fmt: skip  (each line's tax, plus its share of the shipping's 0.93: 0.39 and 0.54)
    assert all(isinstance(value, Decimal) for line in result.lines for value in (line.unit_price, line.tax))
    assert (result.shipping_charge, result.shipping_method) == (Decimal("4.90"), "PostNL")
    assert result.payment_status == "paid"
    assert result.customer_email == "greta.lindqvist@example.org"
    assert result.shipping.name == "Greta Lindqvist" and result.shipping.company == "Studio Lindqvist"
    assert (result.shipping.line1, result.shipping.line2) == ("Keizersgracht 312", "3e verdieping")
    assert (result.shipping.postal_code, result.shipping.country) == ("1016 EX", "NL")
    assert result.placed_at == datetime(2026, 11, 20, 9, 14, 3, tzinfo=UTC)
    assert "#5127" in result.notes and "neighbour" in result.notes and "towels5" in result.notes


def test_a_line_total_that_does_not_divide_keeps_the_channels_line_total_exactly():
    payload = order()
    payload["line_items"][1].update(quantity=3, subtotal="10.00", total="10.00")
    line = woocommerce.to_order(payload, channel="woo").lines[1]
    assert line.unit_price == Decimal("3.3334")
    assert line.quantity * line.unit_price - line.discount == Decimal("10.00")


@pytest.mark.parametrize(
    ("status", "payment", "meaning"),
    [
        ("processing", "paid", "order.created"),
        ("completed", "paid", "order.created"),
        ("pending", "pending", "order.created"),
        ("on-hold", "pending", "order.created"),
        ("cancelled", None, woocommerce.CANCELLED),
        ("refunded", None, woocommerce.CANCELLED),
        ("failed", None, woocommerce.CANCELLED),
        ("checkout-draft", None, woocommerce.DRAFT),
    ],
)
def test_the_order_status_decides_payment_and_whether_an_order_topic_cancels(status, payment, meaning):
    payload = order()
    payload["status"] = status
    assert woocommerce.order_topic("order.created", payload) == meaning
    if payment:
        assert woocommerce.to_order(payload, channel="woo").payment_status == payment


def test_order_deleted_is_a_cancel_topic_whatever_its_body():
    assert woocommerce.order_topic("order.deleted", {"id": 5127}) in woocommerce.CANCEL_TOPICS


def test_a_virtual_order_needs_no_shipping_address_but_shipped_goods_do():
    payload = order()
    payload["shipping"] = {key: "" for key in payload["shipping"]}
    with pytest.raises(BadAddress):
        woocommerce.to_order(payload, channel="woo")
    payload["shipping_lines"][0]["method_id"] = "local_pickup"
    assert woocommerce.to_order(payload, channel="woo").shipping is None
    payload["shipping_lines"] = []
    assert woocommerce.to_order(payload, channel="woo").shipping is None


def test_a_shipping_address_without_city_or_with_a_bad_country_is_refused():
    payload = order()
    payload["shipping"]["city"] = ""
    with pytest.raises(BadAddress) as caught:
        woocommerce.to_order(payload, channel="woo")
    assert "city" in caught.value.detail
    payload = order()
    payload["shipping"]["country"] = "NLD"
    with pytest.raises(BadAddress):
        woocommerce.to_order(payload, channel="woo")


def test_an_address_corrected_in_the_exception_queue_replaces_the_channels():
    payload = order()
    payload["shipping"]["city"] = ""
    fix = {"name": "G L", "address1": "Prinsengracht 2", "city": "Amsterdam", "zip": "1015", "country_code": "NL"}
    shipping = woocommerce.to_order({**payload, "shipping_address": fix}, channel="woo").shipping
    assert (shipping.line1, shipping.city, shipping.country) == ("Prinsengracht 2", "Amsterdam", "NL")


def test_fees_are_listed_in_the_notes_and_a_line_without_sku_is_keyed_by_its_product():
    payload = order()
    payload["fee_lines"] = [{"id": 1, "name": "Gift wrap", "total": "2.50", "total_tax": "0.53"}]
    payload["line_items"][1]["sku"] = ""
    result = woocommerce.to_order(payload, channel="woo")
    assert "Gift wrap: 2.50" in result.notes
    assert result.lines[1].sku == "product:207"
    payload["line_items"][0].update(sku="", variation_id=0)
    assert woocommerce.to_order(payload, channel="woo").lines[0].sku == "product:311"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["line_items"][0].update(quantity=0), "quantity"),
        (lambda p: p["line_items"][0].update(subtotal="ten"), "line_items.subtotal"),
        (lambda p: p.update(line_items=[]), "line_items"),
        (lambda p: p.pop("id"), "id"),
        (lambda p: p.update(date_created_gmt="yesterday"), "date_created_gmt"),
        (lambda p: p.update(shipping_lines={"total": "1"}), "shipping_lines"),
    ],
)
def test_a_wrong_order_field_is_refused_naming_the_field(change, field):
    payload = order()
    change(payload)
    with pytest.raises(BadOrderPayload) as caught:
        woocommerce.to_order(payload, channel="woo")
    assert caught.value.data["field"] == field


@pytest.mark.parametrize(
    ("body", "reason"), [(b"{oops", "not valid JSON"), (b"[1]", "not an object"), (b"\xff", "UTF-8")]
)
def test_an_unreadable_body_is_malformed_with_its_reason(body, reason):
    with pytest.raises(MalformedPayload) as caught:
        woocommerce.read_json(body)
    assert reason in caught.value.detail


# --- API ----------------------------------------------------------------------------------------


def test_the_client_authenticates_with_the_consumer_key_and_secret():
    api = RecordedApi({("GET", "/wp-json/wc/v3/system_status"): [(200, fixture("woocommerce", "system_status.json"))]})
    channel = api_channel()
    with woocommerce.client(channel, transport=api.transport()) as http:
        assert woocommerce.test_connection(http, channel) == "WooCommerce 9.4.2 at https://shop.example.org"
    sent = api.requests[0]["headers"]["authorization"]
    assert sent == "Basic " + base64.b64encode(b"ck_test123:cs_test456").decode()


def test_a_channel_without_credentials_has_no_client_and_says_what_to_set():
    with pytest.raises(ChannelNotConfigured) as raised:
        woocommerce.client(api_channel(credentials_sealed=""))
    assert raised.value.data["setting"] == "credentials"


def test_push_stock_sets_managed_quantities_through_the_batch_endpoints():
    api = RecordedApi(
        {
            ("POST", "/wp-json/wc/v3/products/batch"): [(200, {"update": [{"id": 207, "stock_quantity": 12}]})],
            ("POST", "/wp-json/wc/v3/products/311/variations/batch"): [(200, {"update": [{"id": 318}]})],
            ("GET", "/wp-json/wc/v3/products"): [(200, [])],
        }
    )
    levels = [
        StockPush(sku="MUG-STONE-350", quantity=12, product_id=1, ref="207"),
        StockPush(sku="TOWEL-LIN-NAT", quantity=0, product_id=2, ref="311/318"),
        StockPush(sku="NOT-LISTED", quantity=5, product_id=3),
    ]
    with woocommerce.client(api_channel(), transport=api.transport()) as http:
        woocommerce.push_stock(http, api_channel(), levels)
    posts = [(r["path"], json.loads(r["body"])) for r in api.requests if r["method"] == "POST"]
    assert posts == [
        ("/wp-json/wc/v3/products/batch", {"update": [{"id": 207, "manage_stock": True, "stock_quantity": 12}]}),
        (
            "/wp-json/wc/v3/products/311/variations/batch",
            {"update": [{"id": 318, "manage_stock": True, "stock_quantity": 0}]},
        ),
    ]
    lookup = [r for r in api.requests if r["method"] == "GET"]
    assert len(lookup) == 1 and "sku=NOT-LISTED" in lookup[0]["url"]


def test_push_stock_finds_a_listing_by_sku_when_it_has_no_ref():
    api = RecordedApi(
        {
            ("GET", "/wp-json/wc/v3/products"): [(200, fixture("woocommerce", "products_by_sku.json"))],
            ("POST", "/wp-json/wc/v3/products/311/variations/batch"): [(200, {"update": [{"id": 318}]})],
        }
    )
    with woocommerce.client(api_channel(), transport=api.transport()) as http:
        woocommerce.push_stock(http, api_channel(), [StockPush(sku="TOWEL-LIN-NAT", quantity=7, product_id=1)])
    assert json.loads(api.requests[-1]["body"]) == {"update": [{"id": 318, "manage_stock": True, "stock_quantity": 7}]}


def test_push_stock_sends_at_most_100_listings_per_request():
    api = RecordedApi({("POST", "/wp-json/wc/v3/products/batch"): [(200, {"update": []})]})
    levels = [StockPush(sku=f"SKU-{n}", quantity=n, product_id=n, ref=str(1000 + n)) for n in range(250)]
    with woocommerce.client(api_channel(), transport=api.transport()) as http:
        woocommerce.push_stock(http, api_channel(), levels)
    sizes = [len(json.loads(r["body"])["update"]) for r in api.requests]
    assert sizes == [100, 100, 50]


def test_a_listing_the_store_refuses_or_does_not_list_is_named_in_the_receipt_and_the_rest_are_set():
    api = RecordedApi(
        {
            ("POST", "/wp-json/wc/v3/products/batch"): [(200, fixture("woocommerce", "products_batch_update.json"))],
            ("GET", "/wp-json/wc/v3/products"): [(200, [])],
        }
    )
    levels = [
        StockPush(sku="MUG-STONE-350", quantity=12, product_id=1, ref="207"),
        StockPush(sku="GONE", quantity=1, product_id=2, ref="999"),
        StockPush(sku="NEVER-LISTED", quantity=3, product_id=3),
    ]
    with woocommerce.client(api_channel(), transport=api.transport()) as http:
        receipt = woocommerce.push_stock(http, api_channel(), levels)
    assert receipt.refused == {
        "GONE": "Invalid ID.",
        "NEVER-LISTED": "no product or variation with this SKU in the store",
    }
    assert receipt.pending == ()
    sent = json.loads(api.requests[-1]["body"])["update"]
    assert [item["id"] for item in sent] == [207, 999]


def test_fetch_stock_reads_managed_quantities_by_sku_and_leaves_out_the_rest():
    api = RecordedApi({("GET", "/wp-json/wc/v3/products"): [(200, fixture("woocommerce", "products_by_sku.json"))]})
    levels = [
        StockPush(sku=sku, quantity=0, product_id=n)
        for n, sku in enumerate(["TOWEL-LIN-NAT", "MUG-STONE-350", "GIFT-25", "NOT-LISTED"])
    ]
    with woocommerce.client(api_channel(), transport=api.transport()) as http:
        shown = woocommerce.fetch_stock(http, api_channel(), levels)
    assert shown == {"TOWEL-LIN-NAT": 40, "MUG-STONE-350": 12}  # the gift card's stock is not managed
    (request,) = api.requests
    assert "sku=GIFT-25%2CMUG-STONE-350%2CNOT-LISTED%2CTOWEL-LIN-NAT" in request["url"]


def test_delivery_ids_of_other_resources_never_collide_with_an_orders():
    body = fixture_bytes("woocommerce", "order.json")
    as_product = woocommerce.delivery_id(headers={"X-WC-Webhook-Topic": "product.updated"}, body=body)
    assert as_product == "product:5127:2026-11-20T09:15:41"


@given(
    net=st.decimals(min_value=0, max_value=100000, places=2),
    extra=st.decimals(min_value=0, max_value=1000, places=2),
    quantity=st.integers(min_value=1, max_value=997),
)
def test_unit_price_and_discount_always_rebuild_the_channels_line_total(net, extra, quantity):
    unit, discount = common.unit_price_and_discount(gross=net + extra, net=net, quantity=quantity)
    assert discount >= 0 and unit == unit.quantize(Decimal("0.0001"))
    assert quantity * unit - discount == net
