"""The same webhook delivered by racing requests on PostgreSQL: one event, one order."""

from collections import Counter

import pytest

from arkaofis.channels.domain import hmac_sha256_base64
from arkaofis.channels.models import InboundEvent
from arkaofis.channels.services.webhooks import receive_webhook
from arkaofis.channels.tests.factories import SECRET, ChannelFactory, body_of, sample_products, shopify_order
from arkaofis.inventory.tests.test_concurrency import race
from arkaofis.orders.models import SalesOrder

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_racing_retries_and_redeliveries_of_one_order_create_it_once():
    channel = ChannelFactory(code="shopify-race")
    sample_products()
    body = body_of(shopify_order())

    def deliver(n: int) -> list[str]:
        # Half the writers retry one delivery id, the others are distinct deliveries of the same order.
        headers = {
            "X-Shopify-Hmac-Sha256": hmac_sha256_base64(SECRET, body),
            "X-Shopify-Webhook-Id": "wh-same" if n % 2 else f"wh-{n}",
            "X-Shopify-Topic": "orders/create",
        }
        return [receive_webhook(channel_code=channel.code, headers=headers, body=body).outcome]

    outcomes: Counter = race(deliver, writers=8)
    assert set(outcomes) <= {"processed", "duplicate"}, outcomes
    assert SalesOrder.objects.count() == 1
    assert InboundEvent.objects.filter(delivery_id="wh-same").count() == 1
    assert InboundEvent.objects.count() == 5  # wh-same once + wh-0, wh-2, wh-4, wh-6
    assert set(InboundEvent.objects.values_list("status", flat=True)) == {"processed"}
