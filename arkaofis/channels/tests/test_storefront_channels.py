"""WooCommerce and BigCommerce together: set up from the command line, every fixture replayed twice, stock sync."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from arkaofis.channels.models import Channel, ChannelSkuMap, ChannelStockLevel, InboundEvent
from arkaofis.channels.secrets import open_credentials, open_secret
from arkaofis.channels.services.stock_reconcile import reconcile_channel_stock
from arkaofis.channels.services.stock_sync import sync_channel_stock
from arkaofis.channels.tests.factories import post_webhook
from arkaofis.channels.tests.storefronts import (
    BC_SECRET,
    BC_SKUS,
    BC_TOKEN,
    WOO_SECRET,
    WOO_SKUS,
    RecordedApi,
    bc_answers,
    bc_channel,
    bc_headers,
    fixture_bytes,
    products,
    recorded_server,
    woo_channel,
    woo_headers,
)
from arkaofis.core.models import AuditLog
from arkaofis.core.services.outbox import deliver_pending
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db

WOO_FIXTURES = [
    ("order.json", "order.created"),
    ("order.json", "order.updated"),
    ("order_deleted.json", "order.deleted"),
]
BC_FIXTURES = ["callback_order_created.json", "callback_order_status_updated.json"]


def test_replaying_every_fixture_twice_creates_each_order_once(client):
    products(WOO_SKUS + BC_SKUS)
    woo = woo_channel()
    with recorded_server(RecordedApi(bc_answers())) as url:
        bc = bc_channel(api_base_url=f"{url}/stores/x7k2mq9p4d")
        for _ in range(2):
            for delivery, (name, topic) in enumerate(WOO_FIXTURES):
                body = fixture_bytes("woocommerce", name)
                # WooCommerce gives every retry a new delivery id; dedupe must not rely on it.
                headers = woo_headers(body, topic=topic, delivery=f"{_}-{delivery}")
                assert post_webhook(client, woo, body, **headers).status_code == 200
            for name in BC_FIXTURES:
                assert post_webhook(client, bc, fixture_bytes("bigcommerce", name), **bc_headers()).status_code == 200
    orders = SalesOrder.objects.order_by("channel")
    assert [(order.channel, order.external_id) for order in orders] == [("bc-main", "214"), ("woo-main", "5127")]
    assert InboundEvent.objects.filter(channel=woo).count() == 2  # the order's one state, and its deletion
    assert InboundEvent.objects.filter(channel=bc).count() == 2  # one per callback hash


def test_add_channel_creates_woocommerce_and_bigcommerce_with_sealed_credentials(monkeypatch):
    woo_credentials = {"consumer_key": "ck_live_1", "consumer_secret": "cs_live_2"}
    monkeypatch.setenv("CHANNEL_WEBHOOK_SECRET", WOO_SECRET)
    monkeypatch.setenv("CHANNEL_CREDENTIALS", json.dumps(woo_credentials))
    call_command(
        "add_channel", "woo-tr", "--kind", "woocommerce", "--api-base-url", "https://shop.example.org",
        stdout=io.StringIO(),
    )  # fmt: skip
    woo = Channel.objects.get(code="woo-tr")
    assert (woo.kind, woo.api_base_url) == ("woocommerce", "https://shop.example.org")
    assert open_credentials(woo.credentials_sealed) == woo_credentials and "cs_live_2" not in woo.credentials_sealed
    assert open_secret(woo.webhook_secret_sealed) == WOO_SECRET

    monkeypatch.setenv("CHANNEL_WEBHOOK_SECRET", BC_SECRET)
    monkeypatch.setenv("CHANNEL_CREDENTIALS", json.dumps({"access_token": BC_TOKEN}))
    call_command(
        "add_channel", "bc-us", "--kind", "bigcommerce", "--option", "store_hash=x7k2mq9p4d",
        "--option", "location_id=2", stdout=io.StringIO(),
    )  # fmt: skip
    bc = Channel.objects.get(code="bc-us")
    assert bc.options == {"store_hash": "x7k2mq9p4d", "location_id": "2"}
    assert open_credentials(bc.credentials_sealed) == {"access_token": BC_TOKEN}
    audited = str(list(AuditLog.objects.filter(action="channel.created").values_list("data", flat=True)))
    for secret in ("cs_live_2", "ck_live_1", BC_TOKEN, BC_SECRET, WOO_SECRET):
        assert secret not in audited


def test_add_channel_refuses_credentials_that_are_not_a_json_object_without_echoing_them(monkeypatch):
    monkeypatch.setenv("CHANNEL_WEBHOOK_SECRET", WOO_SECRET)
    monkeypatch.setenv("CHANNEL_CREDENTIALS", "cs_live_2")
    with pytest.raises(CommandError) as raised:
        call_command("add_channel", "woo-x", "--kind", "woocommerce", stdout=io.StringIO())
    assert "cs_live_2" not in str(raised.value)
    assert not Channel.objects.filter(code="woo-x").exists()


def test_stock_sync_pushes_available_to_sell_to_woocommerce_and_bigcommerce_through_the_outbox():
    warehouse = WarehouseFactory()
    shelf = LocationFactory(warehouse=warehouse)
    mug, cap = products(("MUG-OURS", "CAP-TRAIL-OLV"))
    receive(mug, shelf, 9)
    receive(cap, shelf, 4)
    api = RecordedApi(
        {
            ("POST", "/wp-json/wc/v3/products/batch"): [(200, {"update": [{"id": 207}]})],
            ("PUT", "/stores/x7k2mq9p4d/v3/inventory/adjustments/absolute"): [(200, {"transaction_id": "t-1"})],
            ("GET", "/stores/x7k2mq9p4d/v3/catalog/variants"): [
                (200, {"data": [{"id": 142, "sku": "CAP-TRAIL-OLV", "inventory_level": 11}]})
            ],
        }
    )
    with recorded_server(api) as url:
        woo = woo_channel(api_base_url=url, sync_stock=True, stock_buffer=1)
        bc = bc_channel(api_base_url=f"{url}/stores/x7k2mq9p4d", sync_stock=True)
        ChannelSkuMap.objects.create(channel=woo, external_sku="MUG-STONE-350", product=mug, listing_ref="207")
        ChannelSkuMap.objects.create(channel=bc, external_sku="CAP-TRAIL-OLV", product=cap)
        sync_channel_stock(channel_id=woo.pk)
        sync_channel_stock(channel_id=bc.pk)
        deliver_pending()
        bodies = {r["method"]: json.loads(r["body"]) for r in api.requests}
        assert bodies["POST"] == {"update": [{"id": 207, "manage_stock": True, "stock_quantity": 8}]}
        assert bodies["PUT"]["items"] == [{"location_id": 1, "quantity": 4, "sku": "CAP-TRAIL-OLV"}]
        assert ChannelStockLevel.objects.get(channel=bc).quantity == 4
        # Someone set 11 caps in the BigCommerce admin: the reconciliation sees it and queues a fix.
        result = reconcile_channel_stock(channel_id=bc.pk)
        assert (result.asked_channel, result.drifted) == (True, 1)
        deliver_pending()
        assert json.loads(api.requests[-1]["body"])["items"] == [
            {"location_id": 1, "quantity": 4, "sku": "CAP-TRAIL-OLV"}
        ]
