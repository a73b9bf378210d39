"""The layout screen in Debian's Chromium: the floor plan scrolls inside its card on a phone
(390×844) without widening the page, fits the screen when asked, and a tapped bin opens its
contents; on a desktop the whole plan shows. The page runs under the strict CSP (no inline
script or style): colours come from classes in app.css.

Set ARKAOFIS_SCREENSHOTS=/some/dir to keep screenshots.
"""

import os
from decimal import Decimal as D
from pathlib import Path

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests import test_browser as shared
from arkaofis.inventory.layout.services import Aisle, BinPlace, lay_out_aisle, set_warehouse_layout
from arkaofis.inventory.models import Location, Warehouse
from arkaofis.inventory.services.locations import create_child_location
from arkaofis.inventory.tests.factories import receive

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


@pytest.fixture
def floor(store):
    """IST laid out like the demo's: 10 aisles of 12 bays a side, 3 levels; one bin 80 % full."""
    warehouse = Warehouse.objects.get(code="IST")
    set_warehouse_layout(warehouse=warehouse, kind="single_block", aisle_length=D("14.4"), depot_x=D("15.5"),
                         depot_y=D(0), user=None, source="cli")  # fmt: skip
    root = Location.objects.create(code="IST", name="İstanbul", warehouse=warehouse, kind="warehouse")
    zone = create_child_location(parent=root, code="A", name="Picking", user=None, source="cli")
    for number in range(1, 11):
        aisle = Aisle(number, D(2) + 3 * (number - 1), 12, 3, limits=BinPlace(capacity_volume_l=100))
        lay_out_aisle(zone=zone, aisle=aisle, user=None, source="cli")
    bin_ = Location.objects.get(code="IST/A/A-03-05-2")
    receive(ProductFactory(sku="PAN-1", name="Frying pan", volume_ml=4000), bin_, 20)
    return bin_


def _shots(page, name):
    shots = os.environ.get("ARKAOFIS_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def test_on_a_phone_the_plan_scrolls_in_its_card_and_a_tapped_bin_shows_its_contents(browser, live_server, floor):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/inventory/layout/IST/")
    plan = page.locator("svg.floor-plan")
    expect(plan).to_be_visible()
    assert page.locator("svg.floor-plan rect.bin").count() == 720
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # the page never widens
    scroller = page.locator(".plan-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")  # the plan scrolls inside its card
    _shots(page, "layout-phone")
    page.get_by_role("link", name="Fit to screen").click()
    assert page.locator("svg.floor-plan").bounding_box()["width"] <= PHONE["width"]
    _shots(page, "layout-phone-fit")
    full = page.locator(f"a[data-bin='{floor.code}'] rect")
    assert "fill-high" in full.get_attribute("class")
    assert (
        page.locator("svg.floor-plan rect.fill-high").evaluate("el => getComputedStyle(el).fill") == "rgb(244, 162, 97)"
    )
    full.tap()
    page.wait_for_url(f"{live_server.url}/inventory/bins/{floor.pk}/")
    expect(page.locator("#bin-contents")).to_contain_text("PAN-1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_on_a_desktop_the_whole_plan_shows_and_reads_in_turkish(browser, live_server, floor):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server)
    page.click(".lang-switch button[value=tr]")
    page.goto(f"{live_server.url}/inventory/layout/IST/")
    box = page.locator("svg.floor-plan").bounding_box()
    scroller = page.locator(".plan-scroll")
    assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth")  # 31 m of floor fit a desktop card
    assert box["width"] > 700
    assert "Kat planı" in page.content() and "Bölgelere göre doluluk" in page.content()
    _shots(page, "layout-desktop-tr")
