"""Channel settings and webhook subscription screens: permissions, write-only secrets, the
connection test against a local Shopify stand-in, sync status, listing ids."""

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.channels.models import Channel, ChannelSkuMap, WebhookSubscription
from arkaofis.channels.secrets import open_credentials, open_secret, seal_credentials
from arkaofis.channels.tests.factories import SECRET, ChannelFactory
from arkaofis.channels.tests.servers import LOCATION_ID, TOKEN, fake_shopify, shop_channel
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.core.services.outbox import deliver_pending
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    with fake_shopify() as server:
        yield server


@pytest.fixture
def channel(shop):
    return shop_channel(shop, code="shop-main")


def signed_in(client, role):
    client.force_login(user_with_role(role))
    return client


def settings_post(channel, **changes):
    data = {
        "name": channel.name,
        "active": "on",
        "api_base_url": channel.api_base_url,
        "options": f'{{"location_id": {LOCATION_ID}}}',
        "split_policy": "split",
        "stock_buffer": "0",
        "webhook_secret": "",
        "credential_access_token": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_manager_sees_channels_and_a_settings_page_without_any_secret(client, channel):
    signed_in(client, "manager")
    listing = client.get(reverse("channels:settings_list"))
    assert listing.status_code == 200 and "shop-main" in listing.content.decode()
    html = client.get(reverse("channels:settings", args=[channel.code])).content.decode()
    assert "Test connection" in html and "Credentials are stored" in html
    for secret in (TOKEN, SECRET, channel.credentials_sealed, channel.webhook_secret_sealed):
        assert secret not in html


@pytest.mark.parametrize("role", ["viewer", "warehouse", "accountant"])
def test_other_roles_may_not_see_or_change_channel_settings(client, channel, role):
    signed_in(client, role)
    assert client.get(reverse("channels:settings_list")).status_code == 403
    assert (
        client.post(reverse("channels:settings", args=[channel.code]), settings_post(channel, name="x")).status_code
        == 403
    )
    assert client.post(reverse("channels:test_connection", args=[channel.code])).status_code == 403
    assert Channel.objects.get().name == channel.name


def test_saving_with_blank_secrets_keeps_them_and_new_ones_replace_them(client, channel):
    signed_in(client, "manager")
    warehouse = WarehouseFactory()
    url = reverse("channels:settings", args=[channel.code])
    response = client.post(
        url, settings_post(channel, name="Main shop", sync_stock="on", stock_buffer="3", warehouses=[warehouse.pk])
    )
    assert response.status_code == 302
    saved = Channel.objects.get()
    assert (saved.name, saved.sync_stock, saved.stock_buffer) == ("Main shop", True, 3)
    assert list(saved.warehouses.all()) == [warehouse]
    assert open_credentials(saved.credentials_sealed) == {"access_token": TOKEN}
    assert open_secret(saved.webhook_secret_sealed) == SECRET

    client.post(url, settings_post(saved, credential_access_token="shpat_new", webhook_secret="whsec-new"))
    saved.refresh_from_db()
    assert open_credentials(saved.credentials_sealed) == {"access_token": "shpat_new"}
    assert open_secret(saved.webhook_secret_sealed) == "whsec-new"
    audits = AuditLog.objects.filter(action="channel.settings_changed")
    assert audits.count() == 2
    assert "credentials.access_token" in audits.first().data["changed"]
    assert all("shpat_new" not in str(a.data) and "whsec-new" not in str(a.data) for a in audits)
    html = client.get(url).content.decode()
    assert "shpat_new" not in html and "whsec-new" not in html


def test_bad_options_are_refused_and_change_nothing(client, channel):
    signed_in(client, "manager")
    url = reverse("channels:settings", args=[channel.code])
    page = client.post(url, settings_post(channel, name="Renamed", options="[1, 2", credential_access_token="x"))
    assert page.status_code == 200 and "Not valid JSON" in page.content.decode()
    assert open_credentials(Channel.objects.get().credentials_sealed)["access_token"] == TOKEN
    assert Channel.objects.get().name == channel.name and not AuditLog.objects.exists()


def test_connection_test_reports_the_shop_that_answered(client, channel):
    signed_in(client, "manager")
    url = reverse("channels:test_connection", args=[channel.code])
    page = client.post(url, follow=True).content.decode()
    assert "Connected: Shopify shop Super Toys (apple.myshopify.com)" in page
    partial = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="connection-result"' in partial and "Super Toys" in partial and "<html" not in partial


def test_connection_test_with_a_wrong_token_fails_without_showing_it(client, channel):
    channel.credentials_sealed = seal_credentials({"access_token": "shpat_wrong-token"})
    channel.save()
    signed_in(client, "manager")
    page = client.post(reverse("channels:test_connection", args=[channel.code]), follow=True).content.decode()
    assert "Connection failed" in page and "401" in page
    assert "shpat_wrong-token" not in page


def test_connection_test_of_an_unconfigured_channel_says_what_is_missing(client):
    bare = ChannelFactory(code="bare")
    signed_in(client, "manager")
    page = client.post(reverse("channels:test_connection", args=[bare.code]), follow=True).content.decode()
    assert "Connection failed" in page and "API base URL" in page


def test_sync_now_queues_a_push_and_the_page_shows_it_waiting(client, channel):
    product = ProductFactory(sku="MUG")
    receive(product, LocationFactory(), 4)
    mapping = ChannelSkuMap.objects.create(channel=channel, external_sku="shop-mug", product=product, listing_ref="")
    channel.sync_stock = True
    channel.save()
    signed_in(client, "manager")
    client.post(reverse("channels:listing_ref", args=[channel.code, mapping.pk]), {"listing_ref": " 4242 "})
    assert ChannelSkuMap.objects.get().listing_ref == "4242"
    page = client.post(reverse("channels:sync_now", args=[channel.code]), follow=True).content.decode()
    assert "1 of 1 listing queued for a push." in page
    assert OutboxEvent.objects.filter(topic="channel.stock_push").count() == 1
    assert 'id="waiting-push"' in page


def test_a_listing_the_shop_refused_is_shown_first_with_the_shops_reason_in_english_and_turkish(client, channel, shop):
    for sku, ref in (("AAA-MUG", "4241"), ("ZZZ-CAP", "4242")):
        product = ProductFactory(sku=sku)
        receive(product, LocationFactory(), 4)
        ChannelSkuMap.objects.create(channel=channel, external_sku=f"shop-{sku}", product=product, listing_ref=ref)
    channel.sync_stock = True
    channel.save()
    shop.unstocked = {4242}
    signed_in(client, "manager")
    client.post(reverse("channels:sync_now", args=[channel.code]))
    deliver_pending()
    html = client.get(reverse("channels:settings", args=[channel.code])).content.decode()
    assert "The channel refused 1 listing" in html and 'id="refused-levels"' in html
    table = html[html.index('id="pushed-levels"') :]
    assert table.index("ZZZ-CAP") < table.index("AAA-MUG")  # the refused one first
    assert "Inventory item does not have inventory tracking enabled" in table
    turkish = client.get(reverse("channels:settings", args=[channel.code]), HTTP_ACCEPT_LANGUAGE="tr")
    assert "Kanal 1 ilanı reddetti" in turkish.content.decode() and "Reddedildi" in turkish.content.decode()


def test_a_manager_subscribes_and_sees_the_secret_exactly_once(client):
    signed_in(client, "manager")
    page = client.post(
        reverse("channels:subscription_create"),
        {"name": "ERP", "url": "https://erp.example.com/hooks", "topics": ["order.created", "stock.changed"]},
    )
    subscription = WebhookSubscription.objects.get()
    secret = open_secret(subscription.secret_sealed)
    assert secret in page.content.decode()
    assert subscription.topics == ["order.created", "stock.changed"]
    later = client.get(reverse("channels:subscriptions")).content.decode()
    assert "erp.example.com" in later and secret not in later and subscription.secret_sealed not in later

    client.post(reverse("channels:subscription_toggle", args=[subscription.pk]))
    assert not WebhookSubscription.objects.get().active
    client.post(reverse("channels:subscription_delete", args=[subscription.pk]))
    assert not WebhookSubscription.objects.exists()


def test_a_subscription_without_events_is_refused(client):
    signed_in(client, "manager")
    page = client.post(reverse("channels:subscription_create"), {"name": "ERP", "url": "https://erp.example.com/h"})
    assert page.status_code == 200 and "Nothing was changed." in page.content.decode()
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "warehouse", "accountant"])
def test_other_roles_may_not_manage_subscriptions(client, role):
    existing = WebhookSubscription.objects.create(name="x", url="https://x.example.com", topics=["*"], secret_sealed="")
    signed_in(client, role)
    assert client.get(reverse("channels:subscriptions")).status_code == 403
    body = {"name": "ERP", "url": "https://erp.example.com/h", "topics": ["*"]}
    assert client.post(reverse("channels:subscription_create"), body).status_code == 403
    assert client.post(reverse("channels:subscription_delete", args=[existing.pk])).status_code == 403
    assert WebhookSubscription.objects.count() == 1


def test_a_channel_heading_names_it_once_and_adds_only_what_its_name_does_not_say(client):
    amazon = ChannelFactory(code="amazon", kind="amazon", name="Amazon")
    shop = ChannelFactory(code="shop-tr", kind="shopify", name="Toy shop")
    signed_in(client, "manager")
    page = client.get(reverse("channels:settings", args=[amazon.code])).content.decode()
    heading = page.split("<h1>")[1].split("</h1>")[0]
    assert heading == "Amazon"
    heading = client.get(reverse("channels:settings", args=[shop.code])).content.decode().split("<h1>")[1]
    assert heading.split("</h1>")[0] == 'Toy shop <span class="muted">shop-tr</span> <span class="muted">Shopify</span>'
    listing = client.get(reverse("channels:settings_list")).content.decode()
    assert "amazon</a>" not in listing and ">Amazon</a>" in listing


def test_connection_test_details_are_told_in_turkish(client, channel):
    signed_in(client, "manager")
    url = reverse("channels:test_connection", args=[channel.code])
    page = client.post(url, follow=True, headers={"Accept-Language": "tr"}).content.decode()
    assert "Bağlantı kuruldu: Shopify mağazası Super Toys (apple.myshopify.com)" in page
    bare = ChannelFactory(code="bare")
    url = reverse("channels:test_connection", args=[bare.code])
    page = client.post(url, follow=True, headers={"Accept-Language": "tr"}).content.decode()
    assert "Mağazanın API taban adresini girin" in page
