"""A return in Debian's Chromium on a phone: a manager opens a return on a shipped order,
receives the parcel, restocks one line and scraps the other, sees the refund, and the restocked
units are for sale again.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep phone screenshots of the return page.
"""

import os
from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.inventory.selectors import available_by_warehouse
from arkaofis.orders.models import SalesReturn
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def _shipped_order():
    order = make_order(("TEA-1", 3), ("MUG-1", 1), channel="shopify", external_id="#2001")
    reserve_order(order_id=order.pk, user=None, source="system")
    release_order(order_id=order.pk, user=None, source="system")
    for shipment in Shipment.objects.filter(order=order):
        ship_shipment(shipment_id=shipment.pk, carrier="Aras", tracking_number="A1", user=None, source="system")
    return order


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_manager_returns_a_shipped_order_restocks_one_line_scraps_the_other_and_sees_the_refund(
    browser, live_server, store
):
    from playwright.sync_api import expect

    order = _shipped_order()
    tea, mug = order.lines.order_by("line_no")
    istanbul = Shipment.objects.filter(order=order, lines__order_line=tea).values_list("warehouse_id", flat=True)[0]
    assert available_by_warehouse(store.pk)[istanbul] == 37
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server)
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")

    page.goto(f"{live_server.url}/orders/{order.number}/")
    expect(page.locator("#order-shipments")).to_contain_text("Shipped")
    page.locator("#open-return").click()
    _no_sideways_scroll(page)
    page.fill("#id_reason", "arrived damaged")
    page.fill(f"#id_qty_{tea.pk}", "2")
    page.fill(f"#id_qty_{mug.pk}", "1")
    page.fill(f"#id_why_{mug.pk}", "cracked")
    page.get_by_role("button", name="Open the return").click()

    sales_return = SalesReturn.objects.get(order=order)
    expect(page.locator("#return-status")).to_have_text("Open")
    ids = {line.order_line_id: line.pk for line in sales_return.lines.all()}
    expect(page.locator(f"#id_received_{ids[tea.pk]}")).to_have_value("2")
    page.get_by_role("button", name="Receive").click()
    expect(page.locator("#return-status")).to_have_text("Received")
    _no_sideways_scroll(page)

    page.locator(f"#id_decision_{ids[tea.pk]}_0").check()  # restock
    page.locator(f"#id_decision_{ids[mug.pk]}_2").check()  # scrap
    page.get_by_role("button", name="Confirm decisions and refund").click()

    expect(page.locator("#return-status")).to_have_text("Closed")
    expect(page.locator("#refund-amount")).to_contain_text("30")
    expect(page.locator("#return-line-1")).to_contain_text("Restock")
    expect(page.locator("#return-line-2")).to_contain_text("Scrap")
    _no_sideways_scroll(page)
    if shots:
        page.screenshot(path=f"{shots}/return-closed-phone.png", full_page=True)
    assert available_by_warehouse(store.pk)[istanbul] == 39  # 40 − 3 shipped + 2 restocked
    sales_return.refresh_from_db()
    assert (sales_return.status, str(sales_return.refund_amount)) == ("closed", "30.0000")
