"""The exception queue screen: who may see it, map a SKU and re-process an event."""

import pytest
from django.urls import reverse
from django.utils import translation

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.models import ChannelSkuMap, EventStatus, InboundEvent
from arkaofis.channels.tests.factories import ChannelFactory, body_of, sample_products, shopify_headers, shopify_order
from arkaofis.core.tests.users import user_with_role
from arkaofis.orders.models import SalesOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def parked(client):
    """An order webhook waiting in the queue: its SKU IPOD2008BLACK is unknown here."""
    channel = ChannelFactory(code="shopify-main")
    sample_products(("IPOD2008GREEN", "IPOD2008RED"))
    ProductFactory(sku="IPOD-BLK-8GB")
    body = body_of(shopify_order())
    client.post(
        reverse("channels:webhook", args=[channel.code]), body, content_type="application/json", **shopify_headers(body)
    )
    event = InboundEvent.objects.get()
    assert event.status == EventStatus.EXCEPTION
    return channel, event


def signed_in(client, role):
    client.force_login(user_with_role(role))
    return client


def test_a_manager_sees_the_reason_the_unknown_sku_and_the_payload(client, parked):
    page = signed_in(client, "manager").get(reverse("channels:exceptions"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "IPOD2008BLACK" in html and "No product of ours for the channel SKU(s): IPOD2008BLACK" in html
    assert "&quot;line_items&quot;" in html  # the raw payload, pretty-printed
    assert reverse("channels:reprocess", args=[parked[1].pk]) in html


def test_the_queue_shows_in_turkish(client, parked):
    signed_in(client, "manager")
    with translation.override("tr"):
        page = client.get(reverse("channels:exceptions"), HTTP_ACCEPT_LANGUAGE="tr")
    html = page.content.decode()
    assert "Sipariş istisnaları" in html and "Yeniden işle" in html
    assert "için ürünümüz yok: IPOD2008BLACK" in html


def test_mapping_a_sku_on_the_screen_creates_the_orders_that_waited_for_it_once(client, parked):
    channel, event = parked
    signed_in(client, "manager")
    mapped = client.post(
        reverse("channels:map_sku"),
        {"map-channel": channel.code, "map-external_sku": "IPOD2008BLACK", "map-sku": "IPOD-BLK-8GB"},
        follow=True,
    )
    assert "IPOD2008BLACK now means our IPOD-BLK-8GB: 1 waiting order created." in mapped.content.decode()
    assert ChannelSkuMap.objects.get().product.sku == "IPOD-BLK-8GB"
    event.refresh_from_db()
    assert event.status == EventStatus.PROCESSED and event.attempts == 2  # received, then re-processed on mapping
    assert client.post(reverse("channels:reprocess", args=[event.pk])).status_code == 302  # a late click: harmless
    assert SalesOrder.objects.count() == 1
    assert f'id="event-{event.pk}"' not in client.get(reverse("channels:exceptions")).content.decode()


def test_mapping_to_an_sku_we_do_not_have_is_refused_and_writes_nothing(client, parked):
    channel, _ = parked
    signed_in(client, "manager")
    response = client.post(
        reverse("channels:map_sku"),
        {"map-channel": channel.code, "map-external_sku": "IPOD2008BLACK", "map-sku": "NOPE"},
        follow=True,
    )
    assert "NOPE" in response.content.decode()
    assert ChannelSkuMap.objects.count() == 0


@pytest.mark.parametrize("role", ["viewer", "warehouse", "accountant", None])
def test_other_roles_cannot_see_map_or_reprocess(client, parked, role):
    channel, event = parked
    signed_in(client, role)
    assert client.get(reverse("channels:exceptions")).status_code == 403
    data = {"map-channel": channel.code, "map-external_sku": "IPOD2008BLACK", "map-sku": "IPOD-BLK-8GB"}
    assert client.post(reverse("channels:map_sku"), data).status_code == 403
    assert client.post(reverse("channels:reprocess", args=[event.pk])).status_code == 403
    assert ChannelSkuMap.objects.count() == 0 and SalesOrder.objects.count() == 0
    event.refresh_from_db()
    assert event.attempts == 1


def test_an_anonymous_visitor_is_sent_to_log_in(client, parked):
    assert client.get(reverse("channels:exceptions")).status_code == 302


def test_mapping_keeps_the_list_filter_and_a_dead_letter_offers_no_reprocess(client, parked):
    channel, _ = parked
    body = b"{oops"
    url = reverse("channels:webhook", args=[channel.code])
    client.post(url, body, content_type="application/json", **shopify_headers(body, delivery="wh-dead"))
    dead = InboundEvent.objects.get(delivery_id="wh-dead")
    signed_in(client, "manager")
    page = client.get(reverse("channels:exceptions") + "?status=dead").content.decode()
    assert f'id="event-{dead.pk}"' in page and "reprocess" not in page
    data = {
        "status": "exception",
        "map-channel": channel.code,
        "map-external_sku": "IPOD2008BLACK",
        "map-sku": "IPOD-BLK-8GB",
    }
    response = client.post(reverse("channels:map_sku"), data)
    assert response.url == reverse("channels:exceptions") + "?status=exception"


def test_a_bad_address_is_corrected_on_the_screen_and_the_order_is_created_with_it(client):
    channel = ChannelFactory(code="shopify-addr")
    sample_products()
    payload = shopify_order()
    payload["shipping_address"]["address1"] = ""
    body = body_of(payload)
    url = reverse("channels:webhook", args=[channel.code])
    client.post(url, body, content_type="application/json", **shopify_headers(body))
    event = InboundEvent.objects.get()
    assert event.error_code == "bad-address"

    signed_in(client, "viewer")
    fix = {"addr-which": "shipping_address", "addr-address1": "Bağdat Caddesi 1", "addr-city": "İstanbul",
           "addr-country_code": "tr", "addr-name": "Bob Norman", "addr-zip": "34710"}  # fmt: skip
    assert client.post(reverse("channels:fix_address", args=[event.pk]), fix).status_code == 403

    signed_in(client, "manager")
    page = client.get(reverse("channels:exceptions")).content.decode()
    assert reverse("channels:fix_address", args=[event.pk]) in page and 'value="Louisville"' in page
    refused = client.post(reverse("channels:fix_address", args=[event.pk]), {**fix, "addr-country_code": "TUR"})
    assert refused.status_code == 302
    event.refresh_from_db()
    assert event.fixes == {} and SalesOrder.objects.count() == 0

    client.post(reverse("channels:fix_address", args=[event.pk]), fix)
    event.refresh_from_db()
    assert event.status == EventStatus.PROCESSED
    assert bytes(event.raw_body) == body  # the evidence is untouched
    shipping = SalesOrder.objects.get().shipping
    assert (shipping.line1, shipping.city, shipping.country, shipping.postal_code) == (
        "Bağdat Caddesi 1", "İstanbul", "TR", "34710",
    )  # fmt: skip


def test_an_order_waiting_for_two_skus_is_created_when_the_second_is_mapped(client):
    channel = ChannelFactory(code="shopify-main")
    sample_products(("IPOD2008GREEN",))  # RED and BLACK are the shop's own SKUs
    ProductFactory(sku="IPOD-RED"), ProductFactory(sku="IPOD-BLK")
    body = body_of(shopify_order())
    client.post(
        reverse("channels:webhook", args=[channel.code]), body, content_type="application/json", **shopify_headers(body)
    )
    assert set(InboundEvent.objects.get().error_data["skus"]) == {"IPOD2008BLACK", "IPOD2008RED"}
    signed_in(client, "manager")
    first = {"map-channel": channel.code, "map-external_sku": "IPOD2008BLACK", "map-sku": "IPOD-BLK"}
    page = client.post(reverse("channels:map_sku"), first, follow=True).content.decode()
    assert "0 waiting orders created" in page and "1 still waits for another SKU to be mapped." in page
    assert InboundEvent.objects.get().error_data["skus"] == ["IPOD2008RED"]
    second = {"map-channel": channel.code, "map-external_sku": "IPOD2008RED", "map-sku": "IPOD-RED"}
    assert "1 waiting order created" in client.post(reverse("channels:map_sku"), second, follow=True).content.decode()
    assert SalesOrder.objects.get().lines.count() == 3


def test_a_redelivered_order_parked_for_its_address_leaves_the_queue_when_its_twin_is_fixed(client):
    channel = ChannelFactory(code="shopify-twice")
    sample_products()
    payload = shopify_order()
    payload["shipping_address"] = None  # goods to ship, nowhere to ship them
    body = body_of(payload)
    url = reverse("channels:webhook", args=[channel.code])
    for delivery in ("wh-1", "wh-2"):  # the channel sent it again: a new delivery id, the same order
        client.post(url, body, content_type="application/json", **shopify_headers(body, delivery=delivery))
    first, second = InboundEvent.objects.order_by("id")
    assert (first.error_code, second.error_code) == ("bad-address", "bad-address")

    signed_in(client, "manager")
    fix = {"addr-which": "shipping_address", "addr-address1": "Bağdat Caddesi 1", "addr-city": "İstanbul",
           "addr-country_code": "TR", "addr-name": "Bob Norman", "addr-zip": "34710"}  # fmt: skip
    client.post(reverse("channels:fix_address", args=[first.pk]), fix)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (EventStatus.PROCESSED, EventStatus.PROCESSED)
    assert SalesOrder.objects.count() == 1 and second.order_id == first.order_id
    assert not InboundEvent.objects.filter(status=EventStatus.EXCEPTION).exists()
    queue = client.get(reverse("channels:exceptions")).content.decode()
    assert f'id="event-title-{second.pk}"' not in queue


def test_a_twin_parked_for_a_reason_of_its_own_stays_parked(client):
    channel = ChannelFactory(code="shopify-other")
    sample_products()
    payload = shopify_order()
    payload["shipping_address"] = None
    url = reverse("channels:webhook", args=[channel.code])
    body = body_of(payload)
    client.post(url, body, content_type="application/json", **shopify_headers(body, delivery="wh-1"))
    payload["line_items"][0]["sku"] = "NOT-OURS"
    other = body_of(payload)
    client.post(url, other, content_type="application/json", **shopify_headers(other, delivery="wh-2"))
    first, second = InboundEvent.objects.order_by("id")
    signed_in(client, "manager")
    fix = {"addr-which": "shipping_address", "addr-address1": "Bağdat Caddesi 1", "addr-city": "İstanbul",
           "addr-country_code": "TR", "addr-name": "Bob Norman", "addr-zip": "34710"}  # fmt: skip
    client.post(reverse("channels:fix_address", args=[first.pk]), fix)
    second.refresh_from_db()
    assert second.status == EventStatus.EXCEPTION and second.error_code == "unmapped-skus"
