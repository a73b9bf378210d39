"""The order import screen in Debian's Chromium on a phone: a manager goes from the queue to the
import, uploads a file with a bad row and sees the row report, fixes it, uploads again over htmx
and sees the orders created and reserved.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep phone screenshots of the report and the result.
"""

import os
from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.tests.import_support import csv_bytes

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def test_a_manager_imports_a_file_sees_the_bad_row_fixes_it_and_sees_the_orders(browser, live_server, store, tmp_path):
    from playwright.sync_api import expect

    bad, good = tmp_path / "bad.csv", tmp_path / "orders.csv"
    bad.write_bytes(
        csv_bytes([["X-1", "TRY", "Ali", "TR", "5", "TEA-1", 2, "10"], ["X-2", "TRY", "", "", "", "NOPE", 1, "1"]])
    )
    good.write_bytes(
        csv_bytes([["X-1", "TRY", "Ali", "TR", "5", "TEA-1", 2, "10"], ["X-2", "TRY", "", "", "", "MUG-1", 1, "1"]])
    )
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server)
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")

    page.goto(f"{live_server.url}/orders/")
    page.locator("#import-orders-link").click()
    expect(page.locator("#id_file")).to_be_attached()  # the import page has loaded, not the queue unloading
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("#import-errors")).to_contain_text("unknown SKU NOPE")
    expect(page.locator("#import-errors")).to_contain_text("3")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if shots:
        page.screenshot(path=f"{shots}/order-import-rejected-phone.png", full_page=True)
    assert not SalesOrder.objects.exists()

    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator('[data-kpi="created"] .kpi-value')).to_have_text("2")
    expect(page.locator('[data-kpi="reserved"] .kpi-value')).to_have_text("2")
    expect(page.locator("#import-errors")).to_have_count(0)
    if shots:
        page.screenshot(path=f"{shots}/order-import-done-phone.png", full_page=True)
    assert set(SalesOrder.objects.values_list("status", flat=True)) == {"reserved"}


def test_a_large_file_goes_to_its_own_page_whose_progress_follows_the_worker(
    browser, live_server, store, tmp_path, settings
):
    from playwright.sync_api import expect

    from arkaofis.orders.services.import_jobs import run_next_import

    settings.ORDER_IMPORT_INLINE_ORDERS = 1  # three orders are "large" here
    big = tmp_path / "big.csv"
    big.write_bytes(csv_bytes([[f"L-{n}", "TRY", "Ali", "TR", "5", "TEA-1", 1, "10"] for n in range(1, 4)]))
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/orders/import/")
    page.set_input_files("#id_file", str(big))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("#import-job")).to_have_attribute("data-status", "queued")
    expect(page.locator("#import-job")).to_contain_text("0 of 3 orders handled")
    assert not SalesOrder.objects.exists()

    run_next_import()  # the worker's turn; the open page learns of it by itself
    expect(page.locator("#import-job")).to_have_attribute("data-status", "done", timeout=10_000)
    expect(page.locator("#import-job")).to_contain_text("big.csv imported.")
    expect(page.locator("#import-job progress")).to_have_attribute("value", "100")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if os.environ.get("ARKAOFIS_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['ARKAOFIS_SCREENSHOTS']}/order-import-job-phone.png", full_page=True)
    assert SalesOrder.objects.count() == 3
