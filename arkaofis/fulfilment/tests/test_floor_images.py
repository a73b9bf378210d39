"""Product photos and the camera scanner on the floor's screens, without a browser: the pick stop and
the pack lines show a product's photo when it has one (small, lazy, a fixed size, its name as alt
text, escaped), nothing when it has none; the camera button is there but hidden until app.js finds a
browser that reads barcodes."""

import re

import pytest
from django.urls import reverse

from arkaofis.core.tests.api_support import as_role
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import PickBatch, Shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked

pytestmark = pytest.mark.django_db

PHOTO = "https://cdn.example.com/tea.jpg?v=2&w=200"
NAME = 'Tea "<script>alert(1)</script>"'
ESCAPED_NAME = "Tea &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"


@pytest.fixture
def floor(client):
    client.force_login(user_with_role("warehouse"))
    return client


def planned(floor, **product_fields):
    product, shelf = stocked(5, **product_fields)
    order = released_order((product.sku, 2))
    floor.post(reverse("floor:waves"), {"warehouse": shelf.warehouse.code, "cart_orders": 4})
    return product, shelf, order, PickBatch.objects.get()


def images(page: str, css_class: str) -> list[str]:
    return re.findall(rf'<img class="{css_class}"[^>]*>', page)


def test_the_pick_stop_shows_the_photo_small_lazy_and_with_the_escaped_name(floor):
    _, _, _, batch = planned(floor, name=NAME, image_url=PHOTO)
    page = floor.get(reverse("floor:pick", args=[batch.number])).content.decode()
    [image] = images(page, "stop-image")
    assert 'src="https://cdn.example.com/tea.jpg?v=2&amp;w=200"' in image
    assert f'alt="{ESCAPED_NAME}"' in image
    assert 'width="96" height="96"' in image and 'loading="lazy"' in image
    assert "<script>alert(1)" not in page


def test_the_pick_stop_shows_no_image_when_the_product_has_none(floor):
    _, _, _, batch = planned(floor)
    page = floor.get(reverse("floor:pick", args=[batch.number]), HTTP_HX_REQUEST="true").content.decode()
    assert "data-stop-bin" in page and "<img" not in page


def test_the_pack_lines_show_each_photo_beside_the_line(floor):
    product, shelf, order, batch = planned(floor, name=NAME, image_url=PHOTO)
    floor.post(
        reverse("floor:pick", args=[batch.number]),
        {"bin": shelf.code, "item": product.sku, "quantity": 2, "action": "pick"},
    )
    shipment = Shipment.objects.get(order=order)
    page = floor.get(reverse("floor:pack", args=[shipment.number])).content.decode()
    [image] = images(page, "line-image")
    assert f'alt="{ESCAPED_NAME}"' in image and 'width="48" height="48"' in image and 'loading="lazy"' in image


def test_the_camera_button_is_on_the_pick_and_pack_forms_hidden_until_the_browser_can_read_codes(floor):
    product, shelf, order, batch = planned(floor)
    pick = floor.get(reverse("floor:pick", args=[batch.number]))
    assert pick["Permissions-Policy"].startswith("camera=(self)")
    floor.post(
        reverse("floor:pick", args=[batch.number]),
        {"bin": shelf.code, "item": product.sku, "quantity": 2, "action": "pick"},
    )
    pack = floor.get(reverse("floor:pack", args=[Shipment.objects.get(order=order).number]))
    for page in (pick.content.decode(), pack.content.decode()):
        [button] = re.findall(r"<button[^>]*data-camera-toggle[^>]*>", page)
        assert " hidden " in button and 'type="button"' in button
        assert "Scan with camera" in page


def test_the_camera_button_speaks_turkish(floor):
    _, _, _, batch = planned(floor)
    page = floor.get(reverse("floor:pick", args=[batch.number]), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Kamerayla okut" in page and "Kamerayı kapat" in page


def test_the_floor_api_gives_each_stop_its_photo(floor):
    _, _, _, batch = planned(floor, image_url=PHOTO)
    stop = as_role("warehouse").get(f"/floor/batches/{batch.number}").json()["stops"][0]
    assert stop["image_url"] == PHOTO
