"""Creating a product and then an order of it on the screens, in Debian's Chromium on a phone:
the catalog's New product form, then the queue's New order form with a line added on the way.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep phone screenshots of both forms.
"""

import os
from pathlib import Path

import pytest

from arkaofis.catalog.models import Product
from arkaofis.catalog.tests.factories import UnitFactory
from arkaofis.core.tests import test_browser as shared
from arkaofis.inventory.models import Location
from arkaofis.inventory.tests.factories import receive
from arkaofis.orders.models import SalesOrder

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_manager_creates_a_product_then_orders_it_on_a_phone(browser, live_server, store):
    from playwright.sync_api import expect

    UnitFactory(code="pcs", name="Pieces")
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server)

    page.goto(f"{live_server.url}/catalog/products/")
    page.get_by_role("link", name="New product").click()
    page.fill("#id_sku", "HONEY-1")
    page.fill("#id_name", "Pine honey 450 g")
    page.fill("#id_sale_price", "240")
    assert fits(page)
    if shots:
        page.screenshot(path=f"{shots}/new-product-phone.png", full_page=True)
    page.get_by_role("button", name="Create product").click()
    expect(page.locator("h1")).to_contain_text("Pine honey 450 g")
    honey = Product.objects.get(sku="HONEY-1")
    receive(honey, Location.objects.get(code="IST/A/01"), 5)  # beside the tea: one warehouse ships both

    page.goto(f"{live_server.url}/orders/")
    page.get_by_role("link", name="New order").click()
    page.fill("#id_sku_1", "honey-1")
    page.fill("#id_qty_1", "2")
    page.fill("#id_price_1", "240")
    page.fill("#id_sku_3", "TEA-1")
    page.get_by_role("button", name="Add a line").click()
    expect(page.locator("#id_sku_4")).to_be_visible()
    expect(page.locator("#id_sku_1")).to_have_value("honey-1")  # what was typed survives
    page.fill("#id_qty_3", "1")
    page.fill("#id_price_3", "95.5")
    page.fill("#id_ship_name", "Zeynep Kaya")
    page.fill("#id_ship_line1", "İnönü Cd. 12")
    page.fill("#id_ship_city", "İzmir")
    page.fill("#id_ship_country", "TR")
    assert fits(page)
    if shots:
        page.screenshot(path=f"{shots}/new-order-phone.png", full_page=True)
    page.get_by_role("button", name="Create order").click()
    expect(page.locator("#line-2")).to_contain_text("TEA-1")
    order = SalesOrder.objects.get(channel="manual")
    assert page.url.endswith(f"/orders/{order.number}/")
    assert (order.status, [ln.sku for ln in order.lines.order_by("line_no")]) == ("reserved", ["HONEY-1", "TEA-1"])
    assert fits(page)
