"""Channel settings in Debian's Chromium on a phone: a manager opens a channel, tests its
connection against a local Shopify stand-in, turns stock sync on, and subscribes a webhook
(its secret shown once). No horizontal scroll at 390 px."""

from pathlib import Path

import pytest

from arkaofis.channels.models import Channel, WebhookSubscription
from arkaofis.channels.secrets import open_secret
from arkaofis.channels.tests.servers import TOKEN, fake_shopify, shop_channel
from arkaofis.core.tests import test_browser as shared

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_manager_tests_a_channel_turns_sync_on_and_subscribes_a_webhook(browser, live_server, store):
    from playwright.sync_api import expect

    with fake_shopify() as shop:
        channel = shop_channel(shop, code="shop-main")
        page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        log_in(page, live_server)
        page.locator("[data-toggle-nav]").click()
        page.locator("#nav").get_by_role("link", name="Sales channels").click()
        page.get_by_role("link", name=channel.name).click()
        assert fits(page)

        page.get_by_role("button", name="Test connection").click()
        expect(page.locator("#connection-result")).to_contain_text("Connected: Shopify shop Super Toys")
        assert TOKEN not in page.content()

        page.get_by_label("Sync stock to the channel").check()
        page.get_by_label("İstanbul").check()
        page.fill("#id_stock_buffer", "2")
        page.get_by_role("button", name="Save settings").click()
        expect(page.locator(".message-success")).to_contain_text("Settings of shop-main saved.")
        assert fits(page)
    saved = Channel.objects.get(pk=channel.pk)
    assert saved.sync_stock and saved.stock_buffer == 2 and [w.code for w in saved.warehouses.all()] == ["IST"]

    page.get_by_role("link", name="← Sales channels").click()
    page.get_by_role("link", name="Our webhooks (subscriptions to Arkaofis events)").click()
    page.fill("#id_name", "ERP")
    page.fill("#id_url", "https://erp.example.com/hooks")
    page.get_by_label("stock.changed").check()
    page.get_by_role("button", name="Subscribe").click()
    secret = open_secret(WebhookSubscription.objects.get().secret_sealed)
    expect(page.locator("#secret-value")).to_have_text(secret)
    assert fits(page)
    page.reload()
    assert secret not in page.content()
