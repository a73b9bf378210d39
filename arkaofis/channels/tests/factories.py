import copy
import json
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


def shopify_order() -> dict:
    """The recorded sample as a webhook body: the bare order object."""
    return copy.deepcopy(json.loads((FIXTURES / "shopify_order.json").read_text())["order"])


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
