"""The reservations, reorder rules and locations screens in Debian's Chromium: a manager reserves
and releases stock; each screen fits a phone without sideways scrolling.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep phone screenshots of the three screens.
"""

import os
from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.inventory.models import Location, Reservation
from arkaofis.inventory.services.locations import create_child_location, set_negative_stock_policy

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
# The shop, the browser and the async-guard switch of the main browser tests, as fixtures here too.
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def phone_page(browser):
    return browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)


def test_a_manager_reserves_two_units_sees_them_listed_and_releases_them(browser, live_server, store):
    from playwright.sync_api import expect

    page = phone_page(browser)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/inventory/reservations/")
    page.fill("#id_sku", "TEA-1")
    page.fill("#id_quantity", "2")
    page.fill("#id_demand_ref", "DEM-1001")
    page.click("form.form button[type=submit]")
    expect(page.locator(".message-success")).to_contain_text("2 × TEA-1 reserved for DEM-1001.")
    reservation = Reservation.objects.get()
    row = page.locator(f"#reservation-{reservation.pk}")
    expect(row).to_contain_text("DEM-1001")
    expect(row).to_contain_text("IST/A/01")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/reservations-phone.png", full_page=True)

    row.get_by_role("button", name="Release").click()
    expect(page.locator(".message-success")).to_contain_text("2 × TEA-1 released from DEM-1001.")
    expect(page.locator(f"#reservation-{reservation.pk}")).to_contain_text("Released")
    reservation.refresh_from_db()
    assert reservation.status == "released" and reservation.quant.reserved == 0


def test_the_set_up_screens_fit_a_phone(browser, live_server, store):
    istanbul = Location.objects.get(code="IST/A/01").warehouse
    root = Location.objects.create(code="IST", name="İstanbul", warehouse=istanbul, kind="warehouse")
    zone = create_child_location(parent=root, code="B", name="Cold room", user=None, source="cli")
    bin_ = create_child_location(parent=zone, code="B-01-02", user=None, source="cli")
    set_negative_stock_policy(location=bin_, allow=True, user=None, source="cli")
    page = phone_page(browser)
    log_in(page, live_server)
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    page.goto(f"{live_server.url}/inventory/locations/?at={bin_.pk}")
    assert page.locator(f"#loc-{bin_.pk}").get_by_role("button", name="Forbid negative stock").is_visible()
    if shots:
        page.screenshot(path=f"{shots}/locations-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{live_server.url}/inventory/reorder-rules/")
    assert page.locator("#reorder-rules").is_visible()
    if shots:
        page.screenshot(path=f"{shots}/reorder-rules-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click(".lang-switch button[value=tr]")
    for name in ("locations", "reorder-rules", "reservations"):
        page.goto(f"{live_server.url}/inventory/{name}/")
        if shots:
            page.screenshot(path=f"{shots}/{name}-phone-tr.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
