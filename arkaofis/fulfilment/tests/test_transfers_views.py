"""The transfer and kitting screens without a browser: request, pick, receive, put away, kitting; who may; Turkish."""

import pytest
from django.urls import reverse

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.kitting.models import KittingOrder
from arkaofis.fulfilment.tests.transfer_factories import stocked_at, warehouse_with_bins
from arkaofis.fulfilment.transfers.models import Transfer
from arkaofis.inventory.models import StockMove

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    origin, (a1,) = warehouse_with_bins("A-01")
    destination, (b1,) = warehouse_with_bins("B-01")
    tea = stocked_at(a1, 10, unit_cost="4")
    return origin, destination, a1, b1, tea


def _request(client, world, quantity=4):
    origin, destination, _, _, tea = world
    return client.post(
        reverse("floor:transfers:create"),
        {"from_warehouse": origin.code, "to_warehouse": destination.code, "lines": f"{tea.sku} {quantity}"},
    )


def test_a_manager_requests_and_the_floor_picks_receives_and_puts_away_from_the_screens(client, world):
    origin, destination, a1, b1, tea = world
    client.force_login(user_with_role("manager"))
    response = _request(client, world)
    transfer = Transfer.objects.get()
    assert response.url == reverse("floor:transfers:detail", args=[transfer.number])
    client.force_login(user_with_role("warehouse"))
    pick_url = reverse("floor:transfers:pick", args=[transfer.number])
    page = client.get(pick_url)
    assert a1.code.encode() in page.content and b"Take 4 units" in page.content
    wrong = client.post(pick_url, {"line": 1, "bin": "NOPE", "item": tea.sku, "quantity": 4}, follow=True)
    assert b"data-beep" in wrong.content and b"Nothing here has the barcode NOPE" in wrong.content
    assert not StockMove.objects.filter(source_document=transfer.number).exists()
    client.post(pick_url, {"line": 1, "bin": a1.code, "item": tea.sku, "quantity": 4}, HTTP_HX_REQUEST="true")
    transfer.refresh_from_db()
    assert transfer.status == "in_transit"
    receive_url = reverse("floor:transfers:receive", args=[transfer.number])
    over = client.post(receive_url, {"item": tea.sku, "quantity": 5}, follow=True)
    assert b"data-beep" in over.content and b"on the road" in over.content
    client.post(receive_url, {"item": tea.barcode, "quantity": 4})
    put_url = reverse("floor:transfers:put_away", args=[transfer.number])
    assert b"4 on the dock" in client.get(put_url).content
    done = client.post(put_url, {"item": tea.sku, "bin": b1.code, "quantity": 4}, follow=True)
    assert b"put away on" in done.content
    transfer.refresh_from_db()
    assert transfer.status == "closed"


def test_the_list_values_the_road_only_for_those_who_see_costs(client, world):
    client.force_login(user_with_role("manager"))
    _request(client, world)
    transfer = Transfer.objects.get()
    _, _, a1, _, tea = world
    client.post(
        reverse("floor:transfers:pick", args=[transfer.number]), {"line": 1, "bin": a1.code, "item": tea.sku,
                                                                   "quantity": 4}
    )  # fmt: skip
    manager_page = client.get(reverse("floor:transfers:list"))
    assert b"16.00" in manager_page.content and transfer.number.encode() in manager_page.content
    client.force_login(user_with_role("warehouse"))
    floor_page = client.get(reverse("floor:transfers:list"))
    assert transfer.number.encode() in floor_page.content and b"16.00" not in floor_page.content
    assert b"transfer-form" not in floor_page.content
    assert _request(client, world).status_code == 403
    client.force_login(user_with_role("viewer"))
    assert client.post(reverse("floor:transfers:pick", args=[transfer.number]), {}).status_code == 403


def test_the_transfer_screens_speak_turkish(client, world):
    client.force_login(user_with_role("manager"))
    _request(client, world)
    transfer = Transfer.objects.get()
    client.cookies["django_language"] = "tr"
    listing = client.get(reverse("floor:transfers:list"), HTTP_ACCEPT_LANGUAGE="tr")
    assert b"Yoldaki stok" in listing.content
    pick = client.get(reverse("floor:transfers:pick", args=[transfer.number]), HTTP_ACCEPT_LANGUAGE="tr")
    assert b"Rafa git" in pick.content or b"Adrese git" in pick.content
    wrong = client.post(
        reverse("floor:transfers:receive", args=[transfer.number]), {"item": "X", "quantity": 1}, follow=True
    )
    assert b"Yolda" in wrong.content or b"yolda" in wrong.content


def test_kitting_is_planned_and_completed_from_the_screens(client, world):
    origin, _, a1, _, tea = world
    kit = ProductFactory(is_kit=True)
    KitComponentFactory(kit=kit, component=tea, quantity=2)
    client.force_login(user_with_role("manager"))
    planned = client.post(reverse("floor:kitting:list"), {"warehouse": origin.code, "kit": kit.sku, "quantity": 2,
                                                          "kind": "assemble"})  # fmt: skip
    order = KittingOrder.objects.get()
    assert planned.url == reverse("floor:kitting:detail", args=[order.number])
    client.force_login(user_with_role("warehouse"))
    page = client.get(planned.url)
    assert a1.code.encode() in page.content and b"4 \xc3\x97 " + tea.sku.encode() in page.content
    wrong = client.post(planned.url, {"bin": "NOPE", "quantity": 2}, HTTP_HX_REQUEST="true", follow=True)
    assert b"data-beep" in wrong.content
    client.post(planned.url, {"bin": a1.code, "quantity": 2})
    order.refresh_from_db()
    assert order.status == "done"
    assert client.post(reverse("floor:kitting:cancel", args=[order.number])).status_code == 403
    client.cookies["django_language"] = "tr"
    assert "Set hazırlama".encode() in client.get(reverse("floor:kitting:list")).content
