"""The stock valuation screen in Debian's Chromium on a phone: reached from the menu, no sideways
scrolling, a past day and the CSV download work like a person would use them.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep a screenshot of the phone view for a look.
"""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.test_browser import CHROMIUM, PHONE, browser, log_in  # noqa: F401 (fixture)
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def books(transactional_db):
    """Tea in Istanbul for two weeks, a long-named kettle in Ankara since today; an accountant."""
    ist, ank = WarehouseFactory(code="IST", name="İstanbul"), WarehouseFactory(code="ANK", name="Ankara")
    tea = ProductFactory(sku="TEA-1", name="Black tea 500 g")
    kettle = ProductFactory(sku="KETTLE-STEEL-2L-BRUSHED", name="Brushed steel kettle, 2 litres, with a whistle")
    receive(tea, LocationFactory(warehouse=ist), 1200, unit_cost=Decimal("2.5"), at=timezone.now() - timedelta(days=14))
    receive(kettle, LocationFactory(warehouse=ank), 3, unit_cost=Decimal("1234.5"))
    user_with_role("accountant", username="deniz")


def test_an_accountant_values_the_stock_on_a_phone(browser, live_server, books):  # noqa: F811
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, live_server, username="deniz")
    page.click("[data-toggle-nav]")
    page.get_by_role("link", name="Stock valuation").click()
    page.wait_for_url(f"{live_server.url}/inventory/valuation/")
    assert "6,703.50" in page.locator(".kpis").inner_text()  # 1200 × 2.5 + 3 × 1234.5
    assert page.locator(".line-chart polyline").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/valuation-phone.png", full_page=True)

    page.fill("#id_as_of", (timezone.localdate() - timedelta(days=7)).isoformat())
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "3,000.00" in page.locator(".kpis").inner_text()
    assert "KETTLE-STEEL-2L-BRUSHED" not in page.locator("#products").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("stock-valuation-")
    assert "TEA-1" in Path(download.value.path()).read_text(encoding="utf-8-sig")
