"""WooCommerce retries racing on PostgreSQL: each carries a new delivery id, yet one event and one order result."""

from collections import Counter

import pytest

from arkaofis.channels.domain import hmac_sha256_base64
from arkaofis.channels.models import InboundEvent
from arkaofis.channels.services.webhooks import receive_webhook
from arkaofis.channels.tests.storefronts import WOO_SECRET, WOO_SKUS, fixture_bytes, products, woo_channel
from arkaofis.inventory.tests.test_concurrency import race
from arkaofis.orders.models import SalesOrder

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_racing_woocommerce_retries_with_fresh_delivery_ids_create_one_event_and_one_order():
    channel = woo_channel(code="woo-race")
    products(WOO_SKUS)
    body = fixture_bytes("woocommerce", "order.json")

    def deliver(n: int) -> list[str]:
        headers = {
            "X-WC-Webhook-Signature": hmac_sha256_base64(WOO_SECRET, body),
            "X-WC-Webhook-Topic": "order.created" if n % 2 else "order.updated",
            "X-WC-Webhook-Delivery-ID": str(1000 + n),
        }
        return [receive_webhook(channel_code=channel.code, headers=headers, body=body).outcome]

    outcomes: Counter = race(deliver, writers=8)
    assert set(outcomes) <= {"processed", "duplicate"} and outcomes["processed"] == 1, outcomes
    assert InboundEvent.objects.count() == 1 and SalesOrder.objects.count() == 1
