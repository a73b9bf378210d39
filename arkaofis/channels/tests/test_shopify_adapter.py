"""The Shopify adapter as pure functions: no database."""

import json
from decimal import Decimal

import pytest

from arkaofis.channels.adapters import shopify
from arkaofis.channels.domain import hmac_sha256_base64, kept_headers, signature_matches
from arkaofis.channels.exceptions import BadAddress, BadOrderPayload, MalformedPayload
from arkaofis.channels.tests.factories import SECRET, body_of, shopify_order


def test_signature_of_the_raw_body_with_the_secret_matches():
    body = body_of(shopify_order())
    headers = {"X-Shopify-Hmac-Sha256": hmac_sha256_base64(SECRET, body)}
    assert shopify.verify(secret=SECRET, body=body, headers=headers)


@pytest.mark.parametrize(
    "signature", [None, "", "bm90IHRoZSBzaWduYXR1cmU=", hmac_sha256_base64("another-secret", b"{}")]
)
def test_a_missing_or_wrong_signature_does_not_match(signature):
    headers = {} if signature is None else {"X-Shopify-Hmac-Sha256": signature}
    assert not shopify.verify(secret=SECRET, body=b"{}", headers=headers)


def test_a_body_changed_after_signing_does_not_match():
    body = body_of(shopify_order())
    signature = hmac_sha256_base64(SECRET, body)
    assert not signature_matches(secret=SECRET, body=body + b" ", signature=signature)


def test_no_secret_configured_verifies_nothing():
    assert not signature_matches(secret="", body=b"{}", signature=hmac_sha256_base64("", b"{}"))


def test_delivery_id_is_the_webhook_id_else_the_event_id_else_the_body_hash():
    assert shopify.delivery_id(headers={"X-Shopify-Webhook-Id": "abc"}, body=b"{}") == "abc"
    assert shopify.delivery_id(headers={"X-Shopify-Event-Id": "ev-9"}, body=b"{}") == "ev-9"
    assert shopify.delivery_id(headers={}, body=b"{}") == shopify.delivery_id(headers={}, body=b"{}")
    assert shopify.delivery_id(headers={}, body=b"{}").startswith("sha256:")


def test_kept_headers_never_include_the_signature_or_cookies():
    kept = kept_headers(
        {
            "X-Shopify-Hmac-Sha256": "sig",
            "Cookie": "sessionid=1",
            "Authorization": "x",
            "X-Shopify-Topic": "orders/create",
        }
    )
    assert kept == {"x-shopify-topic": "orders/create"}


def test_the_recorded_order_reads_into_an_order_with_decimal_money():
    order = shopify.to_order(shopify.read_json(body_of(shopify_order())), channel="shopify-main")
    assert order.channel == "shopify-main"
    assert order.external_id == "450789469"
    assert order.currency == "USD"
    assert [line.sku for line in order.lines] == ["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"]
    assert all(line.unit_price == Decimal("199.00") and line.quantity == 1 for line in order.lines)
    assert order.lines[0].external_id == "466157049"
    assert order.shipping_charge == Decimal("0.00")
    assert order.payment_status == "pending"  # authorised, not yet paid
    assert order.customer_email == "bob.norman@hostmail.com"
    assert order.shipping.country == "US" and order.shipping.region == "KY" and order.shipping.postal_code == "40202"
    assert order.shipping.name == "Bob Norman" and order.shipping.line1 == "Chestnut Street 92"
    assert order.placed_at.isoformat() == "2008-01-10T11:00:00-05:00"
    assert "#1001" in order.notes


def test_the_rest_shape_is_unwrapped_to_the_order():
    wrapped = json.dumps({"order": shopify_order()}).encode()
    assert shopify.read_json(wrapped)["id"] == 450789469


def test_line_discounts_and_taxes_are_summed_as_decimals():
    payload = shopify_order()
    payload["line_items"][0]["discount_allocations"] = [{"amount": "5.10"}, {"amount": "0.20"}]
    payload["line_items"][0]["tax_lines"] = [{"price": "11.94", "rate": 0.06}, {"price": "0.01"}]
    payload["financial_status"] = "paid"
    order = shopify.to_order(payload, channel="s")
    assert order.lines[0].discount == Decimal("5.30")
    assert order.lines[0].tax == Decimal("11.95")
    assert order.payment_status == "paid"


def test_a_line_without_sku_is_keyed_by_its_variant_so_it_can_be_mapped():
    payload = shopify_order()
    payload["line_items"][1]["sku"] = ""
    assert shopify.to_order(payload, channel="s").lines[1].sku == "variant:49148385"


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"{not json", "not valid JSON"), (b"[1, 2]", "not an object"), (b"\xff\xfe", "not UTF-8")],
)
def test_an_unreadable_body_is_malformed_with_its_reason(body, reason):
    with pytest.raises(MalformedPayload) as caught:
        shopify.read_json(body)
    assert reason in caught.value.detail


def test_a_shipping_address_without_street_is_a_bad_address():
    payload = shopify_order()
    payload["shipping_address"]["address1"] = ""
    with pytest.raises(BadAddress) as caught:
        shopify.to_order(payload, channel="s")
    assert "address1" in caught.value.detail


def test_goods_without_any_shipping_address_are_a_bad_address():
    payload = shopify_order()
    del payload["shipping_address"]
    with pytest.raises(BadAddress):
        shopify.to_order(payload, channel="s")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["line_items"][0].update(quantity=0), "quantity"),
        (lambda p: p["line_items"][0].update(price="abc"), "price"),
        (lambda p: p.update(line_items=[]), "line_items"),
        (lambda p: p.pop("id"), "id"),
        (lambda p: p.update(created_at="yesterday"), "created_at"),
    ],
)
def test_a_wrong_order_field_is_refused_naming_the_field(change, field):
    payload = shopify_order()
    change(payload)
    with pytest.raises(BadOrderPayload) as caught:
        shopify.to_order(payload, channel="s")
    assert caught.value.data["field"] == field
