"""A cancelled order's picked units go back to a shelf on a phone (390×844) in Debian's Chromium: the
worker takes the put-away task from the queue, opens the put-away screen from it, scans the item, a bin
of another warehouse (refused, with a sound), then the right bin, in Turkish."""

from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.tests.factories import cancelled_after_picking
from arkaofis.work.models import Task

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def _settled(page) -> None:
    """Scripts have run and htmx is idle, so a scan goes to the form on the page, not one being replaced."""
    page.wait_for_function(
        "() => document.readyState === 'complete' && window.htmx"
        " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def test_a_cancelled_orders_units_go_back_to_the_shelf_on_a_phone(browser, live_server, store):
    from playwright.sync_api import expect

    _, shipment = cancelled_after_picking(("TEA-1", 2))
    user_with_role("warehouse", username="mehmet")
    phone = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(phone, live_server, username="mehmet")
    phone.click(".lang-switch button[value=tr]")
    phone.wait_for_load_state()
    phone.goto(f"{live_server.url}/work/")
    phone.get_by_role("button", name="Sıradaki görevimi ver").click()
    phone.get_by_role("link", name=shipment.number).first.click()
    expect(phone.locator("h1")).to_contain_text(shipment.number)
    expect(phone.locator(".put-away-left")).to_contain_text("TEA-1")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    _settled(phone)
    phone.fill("#put-item", "TEA-1")
    phone.press("#put-item", "Enter")  # a scanner's Enter moves on to the bin, it does not send
    expect(phone.locator("#put-bin")).to_be_focused()
    phone.fill("#put-bin", "ANK/A/01")
    phone.press("#put-bin", "Enter")
    expect(phone.locator("#put-quantity")).to_be_focused()
    phone.get_by_role("button", name="Yerleştir").click()
    expect(phone.locator("[data-beep]")).to_contain_text("ANK/A/01")
    expect(phone.locator("body")).to_have_attribute("data-beeped", "1")

    _settled(phone)
    phone.fill("#put-item", "TEA-1")
    phone.fill("#put-bin", "IST/A/01")
    phone.fill("#put-quantity", "2")
    phone.get_by_role("button", name="Yerleştir").click()
    expect(phone.locator(".stop-done")).to_contain_text("Bu sevkiyattan paketlemede bekleyen ürün yok.")
    expect(phone.locator(".message-success")).to_contain_text("IST/A/01")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert Task.objects.get(kind="put_away", document_ref=shipment.number).status == "done"
