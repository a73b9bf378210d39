"""Product photos and the camera scanner on a phone (390×844) in Debian's Chromium.

The pick stop shows the product's photo (from an https host, allowed by the Content-Security-Policy)
at its fixed size. Linux Chromium has no BarcodeDetector, so there the camera button stays hidden; a
fake BarcodeDetector and a fake camera (a canvas stream) injected before the page loads then prove the
whole flow: the code read fills the focused scan field and moves on as a wedge scanner's Enter does,
the last scan field sends the form, and the camera stops when its work is done or the page swaps."""

import base64
from pathlib import Path

import pytest
from django.urls import reverse

from arkaofis.catalog.models import Product
from arkaofis.core.tests import test_browser as shared
from arkaofis.core.tests.test_browser_csp import watch_for_csp_violations
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import PickBatch
from arkaofis.fulfilment.services.waves import plan_waves
from arkaofis.inventory.models import Warehouse
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

CHROMIUM, PHONE, log_in = shared.CHROMIUM, shared.PHONE, shared.log_in
store, browser, _allow_orm_beside_playwright = shared.store, shared.browser, shared._allow_orm_beside_playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]
PHOTO = "https://images.example.test/tea.png"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

NO_DETECTOR = "delete window.BarcodeDetector;"
# A browser that reads barcodes, with a camera: the detector answers the codes the test queues in
# window.codesToRead, one per frame; the camera is a canvas stream, its tracks kept to see them stopped.
FAKE_CAMERA = """
window.codesToRead = [];
window.cameraStreams = [];
window.BarcodeDetector = class {
  constructor(options) { window.detectorFormats = options.formats; }
  static getSupportedFormats() { return Promise.resolve(["code_128", "ean_13", "ean_8", "qr_code", "upc_a"]); }
  detect(source) {
    const code = source.srcObject && window.codesToRead.shift();
    return Promise.resolve(code ? [{ rawValue: code, format: "code_128" }] : []);
  }
};
navigator.mediaDevices.getUserMedia = (constraints) => {
  window.cameraAsked = constraints;
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 48;
  canvas.getContext("2d").fillRect(0, 0, 64, 48);
  const stream = canvas.captureStream(10);
  window.cameraStreams.push(stream);
  return Promise.resolve(stream);
};
"""
CAMERAS_STOPPED = "window.cameraStreams.every(s => s.getTracks().every(t => t.readyState === 'ended'))"


def batch_of_two_teas() -> tuple[str, str]:
    """An order for two TEA-1 (on IST/A/01) in a planned batch: the batch's and the order's numbers."""
    Product.objects.filter(sku="TEA-1").update(image_url=PHOTO)
    order = make_order(("TEA-1", 2))
    reserve_order(order_id=order.pk, user=None, source="system")
    release_order(order_id=order.pk, user=None, source="system")
    plan_waves(warehouse=Warehouse.objects.get(code="IST"), user=None, source="system")
    return PickBatch.objects.get().number, order.number


def phone_page(browser, live_server, script: str):
    user_with_role("warehouse", username="mehmet")
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.add_init_script(script)
    page.route(f"{PHOTO}*", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))
    log_in(page, live_server, username="mehmet")
    return page


def test_the_pick_stop_shows_the_photo_and_no_camera_button_without_a_barcode_reader(browser, live_server, store):
    from playwright.sync_api import expect

    batch, _ = batch_of_two_teas()
    page = phone_page(browser, live_server, NO_DETECTOR)
    violations = watch_for_csp_violations(page)
    page.goto(live_server.url + reverse("floor:pick", args=[batch]))
    photo = page.locator(".stop-image")
    expect(photo).to_be_visible()
    expect(photo).to_have_attribute("alt", "Black tea 500 g")
    page.wait_for_function("document.querySelector('.stop-image').complete")
    assert photo.evaluate("image => image.naturalWidth") == 1  # loaded from the https host, not refused
    box = photo.bounding_box()
    assert box is not None and (box["width"], box["height"]) == (96, 96)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator("[data-camera-toggle]")).to_be_hidden()
    assert violations == []


def test_a_camera_scan_fills_the_bin_and_item_then_sends_a_pack_scan(browser, live_server, store):
    from playwright.sync_api import expect

    batch, order = batch_of_two_teas()
    page = phone_page(browser, live_server, FAKE_CAMERA)
    violations = watch_for_csp_violations(page)
    page.goto(live_server.url + reverse("floor:pick", args=[batch]))
    camera = page.get_by_role("button", name="Scan with camera")
    expect(camera).to_be_visible()

    camera.click()  # nothing in view: the camera runs until tapped again
    expect(page.locator("[data-camera-view]")).to_be_visible()
    assert page.evaluate("window.cameraAsked.video.facingMode.ideal") == "environment"
    assert page.evaluate("window.detectorFormats") == ["code_128", "ean_13", "ean_8", "qr_code", "upc_a"]
    page.get_by_role("button", name="Stop the camera").click()
    expect(page.locator("[data-camera-view]")).to_be_hidden()
    assert page.evaluate(CAMERAS_STOPPED)

    page.focus("#pick-bin")
    page.evaluate("window.codesToRead.push('IST/A/01', 'TEA-1')")
    camera.click()
    # The bin's code moves on to the item (data-scan-next); the item's to the quantity, which is typed.
    expect(page.locator("#pick-item")).to_have_value("TEA-1")
    expect(page.locator("#pick-bin")).to_have_value("IST/A/01")
    expect(page.locator("#pick-quantity")).to_be_focused()
    expect(page.locator("[data-camera-view]")).to_be_hidden()
    assert page.evaluate(CAMERAS_STOPPED)
    page.get_by_role("button", name="Confirm pick").click()
    expect(page.locator(".stop-done")).to_be_visible()

    page.goto(live_server.url + reverse("floor:pack_find") + f"?shipment={order}")
    expect(page.locator(".line-image")).to_be_visible()
    for packed in (1, 2):
        page.evaluate("window.codesToRead.push('TEA-1')")
        page.get_by_role("button", name="Scan with camera").click()  # the last scan field: the form is sent
        expect(page.locator(".pack-lines")).to_contain_text(f"{packed} / 2")
        expect(page.locator("[data-camera-view]")).to_be_hidden()
        assert page.evaluate(CAMERAS_STOPPED)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert violations == []
