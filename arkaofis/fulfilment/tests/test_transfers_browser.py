"""Receiving and putting away a transfer in Debian's Chromium on a phone (390×844): the warehouse worker at
the destination scans what arrived, a wrong scan beeps and changes nothing, then puts it onto a bin."""

from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.transfers.services.requesting import create_transfer
from arkaofis.fulfilment.transfers.services.shipping import pick_transfer_line
from arkaofis.inventory.models import Location, Quant, Warehouse
from arkaofis.inventory.tests.factories import LocationFactory

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def test_a_worker_receives_and_puts_away_a_transfer_from_a_phone(browser, live_server, store):
    from playwright.sync_api import expect

    tea = store
    istanbul, ankara = Warehouse.objects.get(code="IST"), Warehouse.objects.get(code="ANK")
    LocationFactory(code="ANK/A/02", warehouse=ankara)
    transfer = create_transfer(from_warehouse=istanbul, to_warehouse=ankara, lines=[(tea, 6)], user=None, source="ui")
    pick_transfer_line(
        transfer_id=transfer.pk, line_no=1, bin_scan="IST/A/01", item_scan=tea.sku, quantity=6, user=None, source="ui"
    )
    user_with_role("warehouse", username="mehmet")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server, username="mehmet")

    page.goto(f"{live_server.url}/floor/transfers/{transfer.number}/receive/")
    expect(page.locator("#receive-1")).to_contain_text("0 of 6 received")
    page.get_by_label("Scan the item").fill(tea.sku)
    page.get_by_label("Quantity").fill("7")
    page.get_by_role("button", name="Receive").click()
    expect(page.locator(".message-error")).to_contain_text("Only 6 of TEA-1 are on the road")
    expect(page.locator(".message-error[data-beep]")).to_have_count(1)
    page.get_by_label("Scan the item").fill(tea.sku)
    page.get_by_label("Quantity").fill("6")
    page.get_by_role("button", name="Receive").click()
    expect(page.locator("#receive-1")).to_contain_text("6 of 6 received")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Put away").click()
    expect(page.locator("#put-away-1")).to_contain_text("6 on the dock")
    page.get_by_label("Scan the item").fill(tea.sku)
    page.get_by_label("Scan the bin to put it on").fill("IST/A/01")
    page.get_by_label("Quantity").fill("6")
    page.get_by_role("button", name="Put away").click()
    expect(page.locator(".message-error")).to_contain_text("IST/A/01 is not a bin of ANK")
    page.get_by_label("Scan the item").fill(tea.sku)
    page.get_by_label("Scan the bin to put it on").fill("ANK/A/02")
    page.get_by_label("Quantity").fill("6")
    page.get_by_role("button", name="Put away").click()
    expect(page.locator(".message-success")).to_contain_text("6 put away on ANK/A/02")
    expect(page.locator("#put-away-1")).to_contain_text("6 put away")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    transfer.refresh_from_db()
    assert transfer.status == "closed"
    assert Quant.objects.get(product=tea, location=Location.objects.get(code="ANK/A/02")).on_hand == 6
