"""A whole order on the floor in Debian's Chromium: a manager plans the wave at a desk; a picker on a
phone (390×844) opens the pick task from the queue, scans a wrong bin (refused, with a sound), scans the
right bin and item, packs with scans, issues the label and ships, in Turkish for the picker."""

from pathlib import Path

import pytest

from arkaofis.core.tests import test_browser as shared
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import CarrierAccount, PickBatch, Shipment
from arkaofis.inventory.models import Warehouse
from arkaofis.orders.services.intake import AddressIn
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]
RATES = {"rates": {"currency": "TRY", "services": [{"code": "standard", "bands": [[30000, "60.00"]]}]}}


def _settled(page) -> None:
    """The page's scripts have run and htmx has no request, swap or settle under way: a scan typed
    earlier could otherwise go to a form about to be replaced (or be sent before htmx listens)."""
    page.wait_for_function(
        "() => document.readyState === 'complete' && window.htmx"
        " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def test_an_order_goes_from_wave_to_shipped_on_a_phone(browser, live_server, store):
    from playwright.sync_api import expect

    Warehouse.objects.filter(code="IST").update(
        address_line1="Tepeören Cd. 12", city="İstanbul", postal_code="34956", district="Tuzla"
    )
    CarrierAccount.objects.create(
        code="own", name="Arkaofis Lojistik", tracking_prefix="AO", is_default=True, default_service="standard",
        options=RATES,
    )  # fmt: skip
    customer = AddressIn(name="Ayşe Yılmaz", line1="Bağdat Cd. 1", city="İstanbul", postal_code="34710", country="TR")
    order = make_order(("TEA-1", 2), shipping=customer)
    reserve_order(order_id=order.pk, user=None, source="system")
    release_order(order_id=order.pk, user=None, source="system")
    shipment = Shipment.objects.get(order=order)

    desk = browser.new_page()
    log_in(desk, live_server)  # ayşe, a manager
    desk.goto(f"{live_server.url}/floor/waves/")
    desk.select_option("#id_warehouse", "IST")
    desk.get_by_role("button", name="Plan the wave").click()
    expect(desk.locator(".message-success")).to_contain_text("1 wave(s) planned")

    user_with_role("warehouse", username="mehmet")
    phone = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(phone, live_server, username="mehmet")
    phone.click(".lang-switch button[value=tr]")
    phone.wait_for_load_state()
    expect(phone.locator("h1")).to_contain_text("Pano")
    phone.goto(f"{live_server.url}/work/")  # the pick is the picker's next task, and opens the batch
    phone.get_by_role("button", name="Sıradaki görevimi ver").click()
    expect(phone.locator("main")).to_contain_text(PickBatch.objects.get().number)
    phone.goto(f"{live_server.url}/floor/")
    phone.locator(".batch a.button").first.click()
    expect(phone.locator("[data-stop-bin]")).to_have_text("IST/A/01")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    _settled(phone)
    phone.fill("#pick-bin", "ANK/A/01")
    phone.press("#pick-bin", "Enter")  # a scanner's Enter moves on to the item, it does not send
    expect(phone.locator("#pick-item")).to_be_focused()
    phone.fill("#pick-item", "TEA-1")
    phone.get_by_role("button", name="Toplamayı onayla").click()
    expect(phone.locator("[data-beep]")).to_contain_text("IST/A/01 gözünden alın")
    expect(phone.locator("body")).to_have_attribute("data-beeped", "1")

    _settled(phone)
    phone.fill("#pick-bin", "IST/A/01")
    phone.press("#pick-bin", "Enter")
    phone.fill("#pick-item", "TEA-1")
    phone.get_by_role("button", name="Toplamayı onayla").click()
    expect(phone.locator(".stop-done")).to_be_visible()

    phone.get_by_role("link", name="Paketle").click()
    phone.fill("#pack-shipment", order.number)
    phone.press("#pack-shipment", "Enter")
    for packed in (1, 2):
        _settled(phone)
        phone.fill("#pack-item", "TEA-1")
        phone.press("#pack-item", "Enter")
        expect(phone.locator(".pack-lines")).to_contain_text(f"{packed} / 2")
    _settled(phone)
    phone.fill("#pack-weight", "1100")
    with phone.expect_response(lambda answer: answer.request.method == "POST") as closing:
        phone.get_by_role("button", name="Kutuyu kapat").click()
    assert closing.value.status in (200, 302), closing.value.status
    _settled(phone)
    expect(phone.locator("main")).not_to_contain_text("Bir ürün okutun")
    expect(phone.locator("h1 .pill")).to_have_text("Paketlendi")
    phone.get_by_role("button", name="Etiketi oluştur").click()
    expect(phone.locator(".message-success")).to_contain_text("Etiket hazır")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("button", name="Kargoya teslim et (sevk)").click()
    shipment.refresh_from_db()
    assert shipment.status == "shipped" and shipment.tracking_number.startswith("AO")
