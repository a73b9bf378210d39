import copy
import json
from decimal import Decimal
from pathlib import Path

import factory
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.domain import hmac_sha256_base64
from arkaofis.channels.models import Channel
from arkaofis.channels.secrets import seal_secret

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "shpss_test-webhook-secret-0123456789"
SAMPLE_SKUS = ("IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    code = factory.Sequence(lambda n: f"shopify-{n}")
    kind = "shopify"
    name = factory.Sequence(lambda n: f"Shopify store {n}")
    webhook_secret_sealed = seal_secret(SECRET)


def recorded_shopify_order() -> dict:
    """The recorded sample exactly as recorded, as a webhook body: the bare order object.

    Its totals do not add up: three lines at 199.00 against total_line_items_price 398.00 and
    total_price 409.94 (a line was added to Shopify's test fixture without its totals)."""
    return copy.deepcopy(json.loads((FIXTURES / "shopify_order.json").read_text())["order"])


def shopify_order() -> dict:
    """The recorded sample as a webhook body, its totals made to add up as Shopify's would:
    3 × 199.00 + the order's 11.94 tax (on no line: allocated to them) = 608.94."""
    order = recorded_shopify_order()
    order.update(total_line_items_price="597.00", subtotal_price="597.00", total_price="608.94")
    return order


def with_current_total(order: dict) -> dict:
    """The order with current_total_price as Shopify sets it after an edit: each line's price ×
    current quantity, less its discounts, plus the order's taxes and shipping."""
    lines = sum(
        Decimal(item["price"])
        * (item["current_quantity"] if item.get("current_quantity") is not None else item["quantity"])
        - sum((Decimal(a["amount"]) for a in item.get("discount_allocations") or []), Decimal(0))
        for item in order["line_items"]
    )
    taxes = sum((Decimal(tax["price"]) for tax in order.get("tax_lines") or []), Decimal(0))
    shipping = sum((Decimal(line["price"]) for line in order.get("shipping_lines") or []), Decimal(0))
    return {**order, "current_total_price": str(lines + taxes + shipping)}


def sample_products(skus=SAMPLE_SKUS) -> list:
    return [ProductFactory(sku=sku) for sku in skus]


def body_of(payload: dict) -> bytes:
    return json.dumps(payload).encode()


def shopify_headers(body: bytes, *, delivery: str = "wh-1", topic: str = "orders/create", secret: str = SECRET) -> dict:
    """Headers as Django's test client takes them (HTTP_…)."""
    return {
        "HTTP_X_SHOPIFY_HMAC_SHA256": hmac_sha256_base64(secret, body),
        "HTTP_X_SHOPIFY_WEBHOOK_ID": delivery,
        "HTTP_X_SHOPIFY_TOPIC": topic,
        "HTTP_X_SHOPIFY_SHOP_DOMAIN": "example.myshopify.com",
    }


def post_webhook(client, channel, body, **headers):
    """POST a raw webhook body to the channel's endpoint, as the channel would."""
    url = reverse("channels:webhook", args=[channel.code])
    return client.post(url, data=body, content_type="application/json", **headers)
