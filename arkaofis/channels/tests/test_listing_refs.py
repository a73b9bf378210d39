"""Shopify's inventory_item_id of each listing, found by SKU: products.json read page by page
through its Link cursor, saved on the SKU maps (a new map for a product sold under our own SKU),
audited; the settings button; the hourly reconciliation doing it by itself. The shop is a local
HTTP server answering in Shopify's shapes."""

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.adapters import shopify
from arkaofis.channels.models import ChannelSkuMap
from arkaofis.channels.services.listing_refs import find_listing_refs
from arkaofis.channels.services.stock_reconcile import reconcile_channel_stock
from arkaofis.channels.services.stock_sync import sync_channel_stock
from arkaofis.channels.tests.servers import fake_shopify, shop_channel
from arkaofis.core.models import AuditLog
from arkaofis.core.services.outbox import deliver_pending
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    with fake_shopify() as server:
        server.products = {1: {"shop-mug": 501}, 2: {"SOMETHING-ELSE": 502, "SHIRT": 503}, 3: {"shop-cap": 504}}
        yield server


@pytest.fixture
def channel(shop):
    return shop_channel(shop, code="shop-main", sync_stock=True)


@pytest.fixture
def listings(channel):
    """A mug mapped without an id, a cap mapped with one typed by hand, a shirt the shop sold under
    our own SKU (no map) and a map the shop has no listing for."""
    bin_ = LocationFactory()
    products = {sku: ProductFactory(sku=sku) for sku in ("MUG", "CAP", "SHIRT", "GONE")}
    for product in products.values():
        receive(product, bin_, 5)
    ChannelSkuMap.objects.create(channel=channel, external_sku="shop-mug", product=products["MUG"])
    ChannelSkuMap.objects.create(channel=channel, external_sku="shop-cap", product=products["CAP"], listing_ref="999")
    ChannelSkuMap.objects.create(channel=channel, external_sku="shop-gone", product=products["GONE"])
    make_order(("SHIRT", 1), channel=channel.code)
    return products


def product_pages(shop) -> list[dict]:
    return [query for method, path, query in shop.calls if path.endswith("/products.json")]


def test_the_catalogue_is_read_page_by_page_only_until_every_sku_is_found(shop, channel):
    shop.products_per_page = 1
    with shopify.client(channel) as http:
        assert shopify.find_listing_refs(http, channel, ["shop-mug", "SHIRT"]) == {"shop-mug": "501", "SHIRT": "503"}
    pages = product_pages(shop)
    assert len(pages) == 2  # the third product was never read
    assert "page_info" not in pages[0] and set(pages[1]) == {"page_info", "limit", "fields"}

    shop.calls.clear()
    with shopify.client(channel) as http:
        assert shopify.find_listing_refs(http, channel, ["NOWHERE"]) == {}
    assert len(product_pages(shop)) == 3  # to the last page, whose answer has no next link


def test_listings_without_an_id_get_it_and_their_stock_can_then_be_pushed(shop, channel, listings):
    found = find_listing_refs(channel_id=channel.pk, user=None, source="system")
    assert (found.asked, found.found, found.missing) == (3, 2, ["shop-gone"])
    refs = dict(ChannelSkuMap.objects.filter(channel=channel).values_list("external_sku", "listing_ref"))
    assert refs == {"shop-mug": "501", "shop-cap": "999", "SHIRT": "503", "shop-gone": ""}  # a typed id is kept
    assert ChannelSkuMap.objects.get(external_sku="SHIRT").product == listings["SHIRT"]
    audit = AuditLog.objects.get(action="channel.listing_refs_found")
    assert audit.data == {"asked": 3, "found": 2, "missing": ["shop-gone"]}

    sync_channel_stock(channel_id=channel.pk)
    deliver_pending()
    shown = {item: available for (location, item), available in shop.levels.items()}
    assert shown == {501: 5, 503: 5, 999: 5}

    again = find_listing_refs(channel_id=channel.pk, user=None, source="system")
    assert (again.asked, again.found) == (1, 0)
    assert AuditLog.objects.filter(action="channel.listing_refs_found").count() == 1  # nothing written: no row


def test_the_hourly_reconciliation_finds_missing_ids_by_itself(shop, channel, listings):
    result = reconcile_channel_stock(channel_id=channel.pk)
    assert result.checked == 3  # mug, cap and shirt now have ids; the gone one still has none
    assert ChannelSkuMap.objects.get(external_sku="shop-mug").listing_ref == "501"


def test_the_settings_button_finds_ids_and_names_the_skus_the_shop_lacks(client, shop, channel, listings):
    client.force_login(user_with_role("manager"))
    page = client.get(reverse("channels:settings", args=[channel.code])).content.decode()
    assert "Find missing listing ids in the channel" in page
    answer = client.post(reverse("channels:find_refs", args=[channel.code]), follow=True).content.decode()
    assert "Found the listing id of 2 of 3 listings without one." in answer
    assert "Not listed in the channel: shop-gone" in answer
    assert 'value="501"' in answer
    turkish = client.get(reverse("channels:settings", args=[channel.code]), HTTP_ACCEPT_LANGUAGE="tr")
    assert "Eksik ilan kimliklerini kanalda bul" in turkish.content.decode()


def test_only_a_role_that_may_change_sku_maps_may_look_ids_up(client, shop, channel, listings):
    client.force_login(user_with_role("warehouse"))
    assert client.post(reverse("channels:find_refs", args=[channel.code])).status_code == 403
    assert not product_pages(shop)
