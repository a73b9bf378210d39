"""The shipments screen in Debian's Chromium on a phone: warehouse staff find the pending
shipment of their warehouse, ship it with carrier and tracking, then mark it delivered."""

from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import Shipment
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def test_warehouse_staff_ship_and_deliver_from_a_phone(browser, live_server, store):
    from playwright.sync_api import expect

    order = make_order(("TEA-1", 2), channel="shopify", external_id="#3001")
    reserve_order(order_id=order.pk, user=None, source="system")
    release_order(order_id=order.pk, user=None, source="system")
    shipment = Shipment.objects.get(order=order)
    user_with_role("warehouse", username="mehmet")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server, username="mehmet")

    page.locator("[data-toggle-nav]").click()
    page.locator("#nav").get_by_role("link", name="Shipments").click()
    page.select_option("#id_warehouse", "IST")
    page.get_by_role("button", name="Filter").click()
    card = page.locator(f"#shipment-{shipment.number}")
    expect(card).to_contain_text("Pending")
    expect(card).to_contain_text("2 × TEA-1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card.get_by_label("Carrier").fill("Yurtiçi")
    card.get_by_label("Tracking number").fill("YK-778")
    card.get_by_role("button", name="Ship").click()
    expect(page.locator(".message-success")).to_contain_text(f"{shipment.number} shipped")
    expect(card).to_contain_text("YK-778")
    card.get_by_role("button", name="Delivered").click()
    expect(card).to_contain_text("Delivered")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert SalesOrder.objects.get(pk=order.pk).status == "delivered"
