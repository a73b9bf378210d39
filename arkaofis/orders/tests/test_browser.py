"""The order screens in Debian's Chromium on a phone: a manager opens the queue, opens an order,
cancels it and sees it cancelled, its stock given back.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep phone screenshots of the queue and the detail.
"""

import os
from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.inventory.models import Quant
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def test_a_manager_opens_the_queue_opens_an_order_cancels_it_and_sees_it_cancelled(browser, live_server, store):
    from playwright.sync_api import expect

    order = make_order(("TEA-1", 3), channel="shopify", external_id="#1001")
    reserve_order(order_id=order.pk, user=None, source="system")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server)
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")

    page.locator("[data-toggle-nav]").click()
    page.locator("#nav").get_by_role("link", name="Orders").click()
    row = page.locator(f"#order-{order.pk}")
    expect(row).to_contain_text("Reserved")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if shots:
        page.screenshot(path=f"{shots}/orders-queue-phone.png", full_page=True)

    row.get_by_role("link", name=order.number).click()
    expect(page.locator("#line-1")).to_contain_text("TEA-1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_text("Cancel order").click()
    page.fill("#cancel_reason", "customer called")
    page.get_by_role("button", name="Yes, cancel the order").click()

    expect(page.locator(".message-success")).to_contain_text(f"{order.number} cancelled")
    expect(page.locator("#order-status")).to_have_text("Cancelled")
    expect(page.locator("#timeline")).to_contain_text("customer called")
    if shots:
        page.screenshot(path=f"{shots}/order-cancelled-phone.png", full_page=True)
    assert SalesOrder.objects.get(pk=order.pk).status == "cancelled"
    assert sum(Quant.objects.filter(product=store).values_list("reserved", flat=True)) == 0
