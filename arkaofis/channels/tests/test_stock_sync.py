"""Channel stock sync: available-to-sell per channel, only changes queued, pushed at delivery time
with the then-current quantity, drift found and fixed. The shop is a local HTTP server."""

import pytest

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.channels import stock
from arkaofis.channels.models import ChannelSkuMap, ChannelStockLevel
from arkaofis.channels.services.stock_reconcile import reconcile_channel_stock
from arkaofis.channels.services.stock_sync import CHANGED_TOPIC, PUSH_TOPIC, sync_channel_stock
from arkaofis.channels.tests.servers import LOCATION_ID, fake_shopify, shop_channel
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.core.services.outbox import deliver_pending
from arkaofis.inventory import selectors as inventory_selectors
from arkaofis.inventory.services.reservations import reserve_stock
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    with fake_shopify() as server:
        yield server


@pytest.fixture
def store(shop):
    """Two warehouses (the channel sells from the first), a product in both, a kit, a buffer of 2."""
    near, far = WarehouseFactory(), WarehouseFactory()
    near_bin, far_bin = LocationFactory(warehouse=near), LocationFactory(warehouse=far)
    shirt, cap = ProductFactory(sku="SHIRT"), ProductFactory(sku="CAP")
    receive(shirt, near_bin, 10)
    receive(shirt, far_bin, 5)
    receive(cap, near_bin, 3)
    kit = ProductFactory(sku="SHIRT-CAP-SET", is_kit=True)
    KitComponentFactory(kit=kit, component=shirt, quantity=2)
    KitComponentFactory(kit=kit, component=cap, quantity=1)
    channel = shop_channel(shop, sync_stock=True, stock_buffer=2)
    channel.warehouses.add(near)
    for product, external, ref in ((shirt, "shop-shirt", "1001"), (cap, "shop-cap", "1002"), (kit, "shop-set", "1003")):
        ChannelSkuMap.objects.create(channel=channel, external_sku=external, product=product, listing_ref=ref)
    return {"channel": channel, "near": near, "far": far, "shirt": shirt, "cap": cap, "kit": kit, "near_bin": near_bin}


def shop_levels(shop) -> dict[int, int]:
    return {item: available for (location, item), available in shop.levels.items() if location == LOCATION_ID}


def test_available_to_sell_counts_serving_warehouses_only_minus_the_buffer(store):
    ats = stock.available_to_sell(store["channel"], [store["shirt"].pk, store["cap"].pk])
    assert ats == {store["shirt"].pk: 10 - 2, store["cap"].pk: 3 - 2}


def test_available_to_sell_of_a_kit_comes_from_its_components_in_one_warehouse(store):
    # near: 10 shirts / 2 = 5 sets, 3 caps = 3 sets → 3; far has shirts but no caps → 0. Buffer 2.
    assert stock.available_to_sell(store["channel"], [store["kit"].pk]) == {store["kit"].pk: 1}


def test_available_to_sell_is_never_negative_and_reservations_count(store):
    reserve_stock(product_id=store["cap"].pk, quantity=2, demand_ref="DEM-1", warehouse_id=store["near"].pk)
    assert stock.available_to_sell(store["channel"], [store["cap"].pk]) == {store["cap"].pk: 0}


def test_a_channel_without_chosen_warehouses_sells_from_every_active_one(store):
    channel = store["channel"]
    channel.warehouses.clear()
    assert stock.available_to_sell(channel, [store["shirt"].pk]) == {store["shirt"].pk: 15 - 2}
    store["far"].active = False
    store["far"].save()
    assert stock.available_to_sell(channel, [store["shirt"].pk]) == {store["shirt"].pk: 10 - 2}


def test_listings_are_the_sku_maps_plus_our_products_the_channel_sold(store):
    channel = store["channel"]
    sold = ProductFactory(sku="SOCKS")
    ProductFactory(sku="NEVER-SOLD-THERE")
    make_order((sold.sku, 1), ("SHIRT", 1), channel=channel.code)  # SHIRT is mapped already
    assert [listing.sku for listing in stock.channel_listings(channel)] == [
        "SOCKS",
        "shop-cap",
        "shop-set",
        "shop-shirt",
    ]
    # Shopify needs an inventory item id: a listing without one can't be pushed there.
    assert "SOCKS" not in [listing.sku for listing in stock.channel_listings(channel, needs_ref=True)]


def test_sync_queues_every_listing_once_then_nothing_until_stock_changes(store, shop):
    result = sync_channel_stock(channel_id=store["channel"].pk)
    assert (result.checked, result.changed, result.events) == (3, 3, 1)
    assert deliver_pending() == (2, 0)  # the push and our stock.changed
    assert shop_levels(shop) == {1001: 8, 1002: 1, 1003: 1}
    pushed = dict(ChannelStockLevel.objects.values_list("product__sku", "quantity"))
    assert pushed == {"SHIRT": 8, "CAP": 1, "SHIRT-CAP-SET": 1}
    assert AuditLog.objects.filter(action="channel.stock_pushed").count() == 1

    again = sync_channel_stock(channel_id=store["channel"].pk)
    assert (again.checked, again.changed, again.events) == (3, 0, 0)

    receive(store["cap"], store["near_bin"], 4)  # caps 7: cap 5, set min(10//2, 7) = 5 - 2 = 3
    changed = sync_channel_stock(channel_id=store["channel"].pk)
    assert changed.changed == 2
    event = OutboxEvent.objects.filter(topic=CHANGED_TOPIC).last()
    assert {item["sku"]: (item["previous"], item["available_to_sell"]) for item in event.payload["items"]} == {
        "CAP": (1, 5),
        "SHIRT-CAP-SET": (1, 3),
    }
    deliver_pending()
    assert shop_levels(shop) == {1001: 8, 1002: 5, 1003: 3}
    assert len(shop.sets()) == 5  # 3 first, then only the 2 that changed


def test_the_push_sends_what_is_available_at_push_time_not_what_was_queued(store, shop):
    sync_channel_stock(channel_id=store["channel"].pk)
    queued = OutboxEvent.objects.get(topic=PUSH_TOPIC)
    assert {item["sku"]: item["quantity"] for item in queued.payload["items"]}["shop-shirt"] == 8
    # Two channels sell the last units: 6 shirts are reserved before the push goes out.
    reserve_stock(product_id=store["shirt"].pk, quantity=6, demand_ref="DEM-2", warehouse_id=store["near"].pk)
    deliver_pending()
    assert shop_levels(shop)[1001] == 10 - 6 - 2
    assert shop_levels(shop)[1003] == 0  # the set: min(4 // 2, 3) - 2
    assert ChannelStockLevel.objects.get(product=store["shirt"]).quantity == 2


def test_while_a_push_waits_no_more_pushes_are_queued_and_a_failed_push_is_retried(store, shop):
    shop.fail_status = 403  # e.g. the app lost its inventory scope: nothing is set until it is back
    sync_channel_stock(channel_id=store["channel"].pk)
    assert deliver_pending() == (1, 1)  # stock.changed delivered, the push failed
    push = OutboxEvent.objects.get(topic=PUSH_TOPIC)
    assert push.delivered_at is None and "403" in push.last_error
    assert not ChannelStockLevel.objects.exists()
    receive(store["shirt"], store["near_bin"], 1)
    assert sync_channel_stock(channel_id=store["channel"].pk).skipped == "push in flight"
    assert OutboxEvent.objects.filter(topic=PUSH_TOPIC).count() == 1

    shop.fail_status = None
    OutboxEvent.objects.filter(pk=push.pk).update(available_at=push.created_at)  # its back-off has passed
    assert deliver_pending() == (1, 0)
    assert shop_levels(shop)[1001] == 11 - 2  # the shirt received meanwhile is in the retried push


def test_a_listing_the_channel_refuses_is_marked_and_holds_back_no_other_listing(store, shop):
    shop.unstocked = {1002}  # the cap's stock is not tracked in the shop
    sync_channel_stock(channel_id=store["channel"].pk)
    assert deliver_pending() == (2, 0)  # the push is done: the two others are set
    assert shop_levels(shop) == {1001: 8, 1003: 1}
    levels = {level.product.sku: (level.quantity, level.refused) for level in stock.pushed_levels(store["channel"])}
    assert levels == {
        "CAP": (1, "Inventory item does not have inventory tracking enabled"),  # refused ones first
        "SHIRT": (8, ""),
        "SHIRT-CAP-SET": (1, ""),
    }
    audit = AuditLog.objects.get(action="channel.stock_pushed")
    assert audit.data["refused"] == ["shop-cap"]
    # Not pushed again every minute while its quantity stands; other changes go out meanwhile.
    receive(store["shirt"], store["near_bin"], 2)
    assert sync_channel_stock(channel_id=store["channel"].pk).changed == 1  # the shirt; the set is still 1
    deliver_pending()
    assert shop_levels(shop)[1001] == 10
    # The hourly reconciliation offers it again: still refused, it stays marked.
    again = reconcile_channel_stock(channel_id=store["channel"].pk)
    assert (again.drifted, again.retried, again.queued) == (0, 1, 1)
    deliver_pending()
    assert ChannelStockLevel.objects.get(product=store["cap"]).refused
    # Fixed in the shop: the next reconciliation's offer is taken, without the cap's stock changing.
    shop.unstocked.clear()
    reconcile_channel_stock(channel_id=store["channel"].pk)
    deliver_pending()
    assert shop_levels(shop)[1002] == 1
    assert not ChannelStockLevel.objects.exclude(refused="").exists()
    assert reconcile_channel_stock(channel_id=store["channel"].pk).queued == 0


def test_sync_skips_channels_not_syncing_stock(store):
    channel = store["channel"]
    channel.sync_stock = False
    channel.save()
    assert sync_channel_stock(channel_id=channel.pk).skipped == "stock sync off"
    channel.sync_stock, channel.active = True, False
    channel.save()
    assert sync_channel_stock(channel_id=channel.pk).skipped == "channel inactive"
    assert not OutboxEvent.objects.filter(topic=PUSH_TOPIC).exists()


def test_reconciliation_finds_a_quantity_changed_in_the_shop_and_fixes_it(store, shop):
    sync_channel_stock(channel_id=store["channel"].pk)
    deliver_pending()
    clean = reconcile_channel_stock(channel_id=store["channel"].pk)
    assert (clean.checked, clean.drifted, clean.queued, clean.asked_channel) == (3, 0, 0, True)

    shop.levels[(LOCATION_ID, 1002)] = 40  # someone typed 40 caps in the shop's admin
    result = reconcile_channel_stock(channel_id=store["channel"].pk)
    assert (result.checked, result.drifted, result.queued) == (3, 1, 1)
    # Not a change of our available-to-sell: subscribers hear nothing.
    assert OutboxEvent.objects.filter(topic=CHANGED_TOPIC).count() == 1
    deliver_pending()
    assert shop_levels(shop) == {1001: 8, 1002: 1, 1003: 1}
    assert reconcile_channel_stock(channel_id=store["channel"].pk).drifted == 0
    store["channel"].refresh_from_db()
    assert store["channel"].stock_reconciled_at is not None


def test_available_to_sell_agrees_with_inventorys_available_to_promise(store):
    """The bulk read and inventory's per-product selector must never tell two stories."""
    channel = store["channel"]
    channel.stock_buffer = 0
    channel.warehouses.add(store["far"])
    reserve_stock(product_id=store["shirt"].pk, quantity=3, demand_ref="DEM-9", warehouse_id=store["far"].pk)
    products = [store["shirt"], store["cap"], store["kit"], ProductFactory(sku="NO-STOCK")]
    expected = {product.pk: sum(inventory_selectors.available_to_promise(product).values()) for product in products}
    assert stock.available_to_sell(channel, [product.pk for product in products]) == expected
