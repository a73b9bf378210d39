"""The demo's sales channels, so every channel screen has something to show.

A channel row for each marketplace and shop the demo's orders came from (no API credentials: a
connection test says what is missing, stock sync off), one Shopify order whose SKU the shop
spells its own way (delivered as a real signed webhook, it waits in the exception queue until
someone maps that SKU), and one order picked, shipped, delivered and partly sent back (an open
return). Everything goes through the same services a real shop's data would.
"""

import json
from datetime import timedelta
from secrets import token_urlsafe
from typing import Any

from arkaofis.channels.domain import hmac_sha256_base64
from arkaofis.channels.services.channels import create_channel
from arkaofis.channels.services.webhooks import receive_webhook
from arkaofis.core.models import Source
from arkaofis.demo.stock import World
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import mark_delivered, ship_shipment
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.returns.services.lifecycle import open_return
from arkaofis.orders.services.release import release_order

# (code, kind, name, options): the codes are the channels the demo's orders carry.
CHANNELS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("shopify", "shopify", "Shopify", {"location_id": 0}),
    ("woocommerce", "woocommerce", "WooCommerce", {}),
    ("trendyol", "trendyol", "Trendyol", {"supplier_id": "0"}),
    ("amazon", "amazon", "Amazon", {"marketplace_ids": ["A33AVAJ2PDY3EV"]}),
]
UNMAPPED_SKU = "SHP-TERMOS-1L"  # the shop's own SKU for a product of ours


def add_channels(world: World) -> None:
    secrets = {}
    for code, kind, name, options in CHANNELS:
        secrets[code] = token_urlsafe(32)  # not from the seeded random source: nobody can guess it
        create_channel(
            code=code, kind=kind, name=name, webhook_secret=secrets[code], options=options, user=None, source=Source.CLI
        )
    _shopify_order_waiting_for_a_sku_map(world, secrets["shopify"])
    _returned_order(world)


def _shopify_order_waiting_for_a_sku_map(world: World, secret: str) -> None:
    known = world.rng.choice([p for p in world.products if not p.is_kit and p.uom.code == "pcs"])
    placed = (world.now - timedelta(hours=3)).isoformat()
    order = {
        "id": 5_200_000_000 + world.rng.randrange(1_000_000),
        "name": "#1042",
        "email": "deniz.arslan@example.com",
        "created_at": placed,
        "updated_at": placed,
        "currency": "TRY",
        "financial_status": "paid",
        "line_items": [
            {"id": 11_001, "sku": known.sku, "quantity": 1, "price": str(known.sale_price), "requires_shipping": True},
            {"id": 11_002, "sku": UNMAPPED_SKU, "quantity": 2, "price": "449.90", "requires_shipping": True},
        ],
        "shipping_address": {
            "first_name": "Deniz",
            "last_name": "Arslan",
            "address1": "Alsancak Mah. 1453 Sok. No:7",
            "city": "İzmir",
            "zip": "35220",
            "country_code": "TR",
        },
        "shipping_lines": [{"price": "49.90"}],
    }
    body = json.dumps(order).encode()
    headers = {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Webhook-Id": f"demo-{order['id']}",
        "X-Shopify-Hmac-Sha256": hmac_sha256_base64(secret, body),
        "Content-Type": "application/json",
    }
    receive_webhook(channel_code="shopify", headers=headers, body=body)


def _returned_order(world: World) -> None:
    """The oldest reserved order, released, shipped, delivered, and one unit of it on its way back."""
    order = SalesOrder.objects.filter(status="reserved", holds__isnull=True).order_by("placed_at", "id").first()
    if order is None:
        return
    release_order(order_id=order.pk, user=world.worker, source=Source.UI)
    for shipment in Shipment.objects.filter(order=order).order_by("id"):
        ship_shipment(
            shipment_id=shipment.pk, carrier="Aras Kargo", tracking_number=f"AR{order.pk:09d}", user=world.worker,
            source=Source.UI,
        )  # fmt: skip
        mark_delivered(shipment_id=shipment.pk, user=None, source=Source.SYSTEM)
    line = order.lines.order_by("line_no").first()
    if line is not None:
        open_return(
            order_id=order.pk, lines=[(line.pk, 1, "Wrong size")],
            reason="Müşteri fikrini değiştirdi", user=world.worker, source=Source.UI,
        )  # fmt: skip
