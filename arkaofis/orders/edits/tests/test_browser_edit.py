"""Editing an order in Debian's Chromium on a phone: a manager opens a reserved order, asks for
more than is in stock and is told how many are available, then sets a quantity that fits, adds a
line by SKU and sees the new quantities reserved.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep phone screenshots of the edit form and the result.
"""

import os
from pathlib import Path

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests import test_browser as shared
from arkaofis.inventory.models import Location, Quant
from arkaofis.inventory.tests.factories import receive
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def reserved_units(sku: str) -> int:
    return sum(Quant.objects.filter(product__sku=sku).values_list("reserved", flat=True))


def test_a_manager_edits_an_order_on_a_phone_and_sees_the_new_quantity_reserved(browser, live_server, store):
    from playwright.sync_api import expect

    receive(ProductFactory(sku="CUP-1", name="Tea cup"), Location.objects.get(code="IST/A/01"), 10)
    order = make_order(("TEA-1", 3), channel="shopify", external_id="#1002")
    reserve_order(order_id=order.pk, user=None, source="system")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server)
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")

    page.goto(f"{live_server.url}/orders/{order.number}/")
    page.locator("#edit-order").click()
    expect(page.locator("#edit-line-1")).to_contain_text("TEA-1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.fill("#id_qty_1", "50")  # 40 on the shelf
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#edit-line-1")).to_contain_text("Only 40 of TEA-1 available")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if shots:
        page.screenshot(path=f"{shots}/order-edit-refused-phone.png", full_page=True)
    assert reserved_units("TEA-1") == 3

    page.fill("#id_qty_1", "5")
    page.fill("#id_add_sku", "cup-1")  # typed in lower case, as a phone keyboard might
    page.fill("#id_add_quantity", "2")
    page.fill("#id_add_unit_price", "30")
    page.fill("#id_shipping_method", "express")
    page.get_by_role("button", name="Save changes").click()

    expect(page.locator(".message-success")).to_contain_text(f"{order.number} changed")
    expect(page.locator("#line-1")).to_contain_text("5")
    expect(page.locator("#line-2")).to_contain_text("CUP-1")
    expect(page.locator("#order-status")).to_have_text("Reserved")
    expect(page.locator("#timeline")).to_contain_text("Order edited")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if shots:
        page.screenshot(path=f"{shots}/order-edited-phone.png", full_page=True)
    assert (reserved_units("TEA-1"), reserved_units("CUP-1")) == (5, 2)
