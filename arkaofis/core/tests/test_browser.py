"""Drive Debian's Chromium through the back office like a person: log in, adjust stock, see the
move in the product's history; then the same screens on a phone-sized viewport.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep screenshots of the phone views for a look.
"""

import os
import re
from pathlib import Path

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.users import PASSWORD, user_with_role
from arkaofis.inventory.models import ReorderRule, StockMove
from arkaofis.inventory.services.low_stock import evaluate_rule
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    """Playwright's sync API keeps an event loop in this thread; the ORM calls these tests make
    are still plain synchronous calls, so Django's async guard would be a false alarm. Set per
    test (not at import) so no other test, nor a subprocess it starts, inherits it."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


@pytest.fixture
def store(transactional_db):
    """A small shop: two warehouses with stock, one product below its reorder level."""
    istanbul, ankara = WarehouseFactory(code="IST", name="İstanbul"), WarehouseFactory(code="ANK", name="Ankara")
    shelf = LocationFactory(code="IST/A/01", warehouse=istanbul)
    tea = ProductFactory(sku="TEA-1", name="Black tea 500 g", category="Tea")
    receive(tea, shelf, 40, unit_cost=12)
    mug, ankara_shelf = ProductFactory(sku="MUG-1", name="Mug"), LocationFactory(code="ANK/A/01", warehouse=ankara)
    receive(mug, ankara_shelf, 15, unit_cost=30)
    evaluate_rule(ReorderRule.objects.create(product=tea, warehouse=istanbul, min_quantity=50))
    user_with_role("manager", username="ayse")
    return tea


def log_in(page, live_server, username="ayse"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_log_in_adjust_stock_and_see_the_move_in_history(browser, live_server, store):
    from playwright.sync_api import expect

    page = browser.new_page()
    log_in(page, live_server)
    assert page.locator("[data-kpi=units]").inner_text() == "55"

    page.goto(f"{live_server.url}/catalog/products/")
    page.fill("input[name=q]", "tea")
    # Live search: htmx swaps in the matching rows without a page load.
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert "q=tea" in page.url
    page.locator("#results a", has_text="TEA-1").click()
    page.get_by_role("link", name="Adjust stock").click()
    assert page.input_value("#id_sku") == "TEA-1"
    # The stock hint lists where the product is; tapping a location fills it in.
    page.click("[data-fill-location='IST/A/01']")
    assert page.input_value("#id_location") == "IST/A/01"
    page.fill("#id_delta", "-3")
    page.select_option("#id_reason_code", "damaged")
    page.fill("#id_note", "dropped a box")
    page.click("form.form button[type=submit]")

    page.wait_for_url(re.compile(r"/catalog/products/\d+/#history$"))
    history = page.locator("#history")
    assert "Damaged" in history.inner_text()
    assert "dropped a box" in history.inner_text()
    assert "ayse" in history.inner_text()
    assert StockMove.objects.filter(reason_code="damaged", source="ui", user__username="ayse").count() == 1
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=f"{shots}/product-desktop.png", full_page=True)
        page.goto(f"{live_server.url}/")
        page.screenshot(path=f"{shots}/dashboard-desktop.png", full_page=True)


def test_a_refused_adjustment_shows_the_reason_and_changes_nothing(browser, live_server, store):
    page = browser.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/inventory/adjust/?sku=TEA-1")
    page.fill("#id_location", "IST/A/01")
    page.fill("#id_delta", "-41")
    page.select_option("#id_reason_code", "lost")
    page.click("form.form button[type=submit]")
    assert "only 40 available" in page.locator("#form-errors").inner_text()
    assert not StockMove.objects.filter(reason="adjustment").exists()


def test_phone_layout_has_a_collapsible_menu_and_speaks_turkish(browser, live_server, store):
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server)
    nav = page.locator("#nav")
    assert not nav.is_visible()
    page.click("[data-toggle-nav]")
    assert nav.is_visible()
    page.click("[data-toggle-nav]")
    # No page may scroll sideways on a phone: wide tables scroll inside their own box.
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/dashboard-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.click(".lang-switch button[value=tr]")
    page.wait_for_load_state()
    assert "Pano" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}/catalog/products/{store.pk}/")
    assert "Hareket geçmişi" in page.inner_text("#history")
    if shots:
        page.screenshot(path=f"{shots}/product-phone-tr.png", full_page=True)
        page.click("[data-toggle-nav]")
        page.screenshot(path=f"{shots}/menu-phone-tr.png")
        page.click("[data-toggle-nav]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"{live_server.url}/inventory/adjust/?sku=TEA-1")
    page.fill("#id_location", "IST/A/01")
    page.fill("#id_delta", "5")
    page.select_option("#id_reason_code", "lost")
    page.click("form.form button[type=submit]")
    assert "negatif" in page.inner_text("form.form")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if shots:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=f"{shots}/adjust-error-phone-tr.png", full_page=True)
        page.goto(f"{live_server.url}/catalog/products/")
        page.screenshot(path=f"{shots}/products-phone-tr.png", full_page=True)


def test_import_a_file_with_a_bad_row_see_the_errors_fix_it_and_import(browser, live_server, store):
    from playwright.sync_api import expect

    from arkaofis.catalog.models import Product

    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/catalog/products/")
    page.get_by_role("link", name="Import / export").click()
    header = "sku,name,sale_price\n"

    def upload(text: str) -> None:
        page.set_input_files("#id_file", files=[{"name": "new.csv", "mimeType": "text/csv", "buffer": text.encode()}])
        page.click("form.form button[type=submit]")
        page.wait_for_load_state()

    upload(header + "CUP-1,Cup,25\nCUP-2,Saucer,cheap\n")
    assert "Nothing was imported" in page.inner_text("#import-result")
    rows = page.locator("#import-errors tbody tr")
    assert rows.count() == 1
    assert "3" in rows.first.locator("td").first.inner_text()
    assert "sale_price" in rows.first.inner_text()
    assert not Product.objects.filter(sku__startswith="CUP-").exists()
    # A stacked table on a phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/import-errors-phone.png", full_page=True)

    upload(header + "CUP-1,Cup,25\nCUP-2,Saucer,12.5\n")
    assert "2 created, 0 updated, 0 unchanged" in page.inner_text("#import-result")
    assert page.locator("[data-kpi=created] .kpi-value").inner_text() == "2"
    assert Product.objects.filter(sku__startswith="CUP-").count() == 2
    if shots:
        page.screenshot(path=f"{shots}/import-done-phone.png", full_page=True)
        page.goto(f"{live_server.url}/account/tokens/")
        page.fill("#id_name", "Shopify sync")
        page.click("form.form button[type=submit]")
        page.wait_for_load_state()
        page.click("[data-copy]")
        expect(page.locator("[data-copy]")).to_have_text("Copied")
        page.locator("#tokens summary").first.click()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=f"{shots}/tokens-phone.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.set_viewport_size({"width": 1280, "height": 900})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=f"{shots}/tokens-desktop.png", full_page=True)
        page.goto(f"{live_server.url}/catalog/products/import/")
        page.screenshot(path=f"{shots}/import-desktop.png", full_page=True)
