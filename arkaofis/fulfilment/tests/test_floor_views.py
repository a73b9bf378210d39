"""The floor's screens without a browser: hub, plan a wave, pick with scans, pack, and who may."""

import pytest
from django.urls import reverse

from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import PickBatch, PickLine, Shipment, Wave
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import StockMove

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor(client):
    client.force_login(user_with_role("warehouse"))
    return client


def test_the_hub_lists_batches_and_what_waits_and_a_viewer_may_not_plan(client, floor):
    a, bin_a = stocked(5)
    released_order((a.sku, 1))
    response = floor.get(reverse("floor:hub"))
    assert response.status_code == 200 and bin_a.warehouse.code.encode() in response.content
    client.force_login(user_with_role("viewer"))
    assert client.post(reverse("floor:waves"), {"warehouse": bin_a.warehouse.code}).status_code == 403


def test_a_picker_plans_picks_and_packs_from_the_screens(floor):
    a, bin_a = stocked(5, barcode="8690000000026")
    order = released_order((a.sku, 2))
    floor.post(reverse("floor:waves"), {"warehouse": bin_a.warehouse.code, "cart_orders": 4})
    batch = PickBatch.objects.get()
    page = floor.get(reverse("floor:pick", args=[batch.number]))
    assert bin_a.code.encode() in page.content and b"Take 2 units" in page.content
    wrong = floor.post(
        reverse("floor:pick", args=[batch.number]), {"bin": "NOPE", "item": a.sku, "quantity": 2}, follow=True
    )
    assert b"data-beep" in wrong.content and b"Nothing here has the barcode NOPE" in wrong.content
    assert not StockMove.objects.filter(source_document=Shipment.objects.get().number).exists()
    floor.post(
        reverse("floor:pick", args=[batch.number]),
        {"bin": bin_a.code, "item": "8690000000026", "quantity": 2, "action": "pick"},
        HTTP_HX_REQUEST="true",
    )
    assert PickLine.objects.get().status == "picked"
    shipment = Shipment.objects.get(order=order)
    found = floor.get(reverse("floor:pack_find"), {"shipment": order.number})
    assert found.url == reverse("floor:pack", args=[shipment.number])
    for _ in range(2):
        floor.post(reverse("floor:pack", args=[shipment.number]), {"item": a.sku, "action": "scan"})
    floor.post(reverse("floor:pack", args=[shipment.number]), {"action": "close", "box": "", "weight_g": 900})
    shipment.refresh_from_db()
    assert (shipment.status, shipment.weight_g) == ("packed", 900)


def test_the_pick_screen_speaks_turkish(floor):
    a, bin_a = stocked(5)
    released_order((a.sku, 1))
    floor.post(reverse("floor:waves"), {"warehouse": bin_a.warehouse.code, "cart_orders": 4})
    batch = PickBatch.objects.get()
    page = floor.get(reverse("floor:pick", args=[batch.number]), HTTP_ACCEPT_LANGUAGE="tr")
    assert b"Rafa git" in page.content or "Göz".encode() in page.content


def test_a_waves_rule_is_stored_in_no_ones_language_and_read_in_the_readers(floor):
    a, bin_a = stocked(5)
    released_order((a.sku, 1))
    floor.post(reverse("floor:waves"), {"warehouse": bin_a.warehouse.code, "cart_orders": 4}, HTTP_ACCEPT_LANGUAGE="tr")
    wave = Wave.objects.get()
    assert "single-line" in wave.rule and "tek" not in wave.rule
    turkish = floor.get(reverse("floor:waves"), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    english = floor.get(reverse("floor:waves"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "tek satırlı" in turkish and "single-line" not in turkish
    assert "single-line" in english


def test_the_pack_screen_shows_a_kit_lines_components_as_they_are_scanned(floor):
    from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
    from arkaofis.fulfilment.services.picking import confirm_pick

    kit = ProductFactory(is_kit=True, sku="GIFT-BOX")
    tea, bin_a = stocked(10)
    KitComponentFactory(kit=kit, component=tea, quantity=2)
    order = released_order((kit.sku, 1))
    floor.post(reverse("floor:waves"), {"warehouse": bin_a.warehouse.code, "cart_orders": 4})
    stop = PickLine.objects.get()
    confirm_pick(
        pick_line_id=stop.pk, bin_scan=bin_a.code, item_scan=tea.sku, quantity=2, user=None, source="ui"
    )  # fmt: skip
    shipment = Shipment.objects.get(order=order)
    page = floor.post(
        reverse("floor:pack", args=[shipment.number]), {"item": tea.sku, "action": "scan"}, follow=True
    ).content.decode()
    assert f"1 / 2 × {tea.sku}" in page and "0 / 1</strong> × GIFT-BOX" in page
