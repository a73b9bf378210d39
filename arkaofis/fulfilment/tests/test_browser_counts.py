"""Counts in Debian's Chromium: a warehouse worker counts a bin blind on a phone (390×844) with a
scanner, a wrong bin beeps; a manager reviews a count beyond the tolerance on a desktop and approves it."""

import os
from pathlib import Path

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests import test_browser as shared
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.counts.models import CountDoc
from arkaofis.fulfilment.counts.services.finishing import finish_count
from arkaofis.fulfilment.counts.services.recording import record_count
from arkaofis.fulfilment.counts.services.requesting import request_count
from arkaofis.inventory.models import Location, Quant, StockMove

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright
DESKTOP = {"width": 1280, "height": 800}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def scan(page, field, code):
    """A keyboard-wedge scanner: the code typed, then Enter."""
    page.locator(field).fill(code)
    page.locator(field).press("Enter")


def test_a_worker_counts_a_bin_blind_on_a_phone(browser, live_server, store):
    from playwright.sync_api import expect

    tea = store
    shelf = Location.objects.get(code="IST/A/01")
    honey = ProductFactory(sku="HONEY-1", name="Honey", barcode="8690000000040")
    user_with_role("warehouse", username="mehmet")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server, username="mehmet")
    page.goto(f"{live_server.url}/floor/")
    page.get_by_role("link", name="Counts").click()
    page.select_option("#id_warehouse", "IST")
    page.fill("#id_bins", shelf.code)
    page.get_by_role("button", name="Ask for the count").click()
    count = CountDoc.objects.get()
    expect(page.locator(".floor-title")).to_contain_text(count.number)
    expect(page.locator("#count-body")).not_to_contain_text("40")  # blind: the ledger's 40 is never shown
    scan(page, "#count-bin", "IST/B/99")
    scan(page, "#count-item", tea.sku)
    page.fill("#count-quantity", "38")
    page.get_by_role("button", name="Record count").click()
    expect(page.locator("#count-body .message-error")).to_contain_text("Nothing here has the barcode IST/B/99")
    assert page.evaluate("document.body.dataset.beeped") == "1"
    scan(page, "#count-bin", shelf.code)
    scan(page, "#count-item", tea.sku)
    page.fill("#count-quantity", "39")
    page.get_by_role("button", name="Record count").click()
    expect(page.locator("#count-body .message-success")).to_contain_text("TEA-1 in IST/A/01: 39 counted")
    scan(page, "#count-bin", shelf.code)
    scan(page, "#count-item", "8690000000040")  # found on the shelf, not expected there
    page.fill("#count-quantity", "1")
    page.get_by_role("button", name="Record count").click()
    expect(page.locator(f"[data-bin='{shelf.code}']")).to_contain_text("HONEY-1: 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/count-phone.png", full_page=True)
    page.get_by_role("button", name="Finish count").click()
    expect(page.locator("#count-body .message-success")).to_contain_text(f"{count.number} posted")
    moves = StockMove.objects.filter(source_document=count.number)
    assert sorted((m.product.sku, m.reason_code, m.quantity) for m in moves) == [
        ("HONEY-1", "count_gain", 1),
        ("TEA-1", "count_loss", 1),
    ]
    assert Quant.objects.get(product=honey, location=shelf).on_hand == 1


def test_a_manager_approves_a_count_beyond_the_tolerance_on_a_desktop(browser, live_server, store):
    from playwright.sync_api import expect

    tea = store
    shelf = Location.objects.get(code="IST/A/01")
    count = request_count(warehouse=shelf.warehouse, locations=[shelf], origin="manual", user=None, source="ui")
    record_count(count_id=count.pk, location_scan=shelf.code, item_scan=tea.sku, quantity=30, user=None, source="ui")
    finish_count(count_id=count.pk, user=None, source="ui")
    assert CountDoc.objects.get().status == "awaiting_approval"
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, live_server)  # ayse, a manager
    page.goto(f"{live_server.url}/floor/counts/")
    page.get_by_role("link", name=count.number).click()
    row = page.locator(f"[data-line='{shelf.code}/{tea.sku}']")
    expect(row).to_contain_text("40")
    expect(row).to_contain_text("30")
    expect(row).to_contain_text("-10")
    expect(row).to_contain_text("-120.00 TRY")  # ten units at 12: the manager sees costs
    expect(row).to_contain_text("Beyond tolerance")
    if shots := os.environ.get("ARKAOFIS_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/count-review.png", full_page=True)
    page.get_by_role("button", name="Approve and post").click()
    expect(page.locator(".message-success")).to_contain_text(f"{count.number} approved")
    assert StockMove.objects.get(source_document=count.number).quantity == 10
