"""The put-away screen on the floor: reached from the task, scans with htmx, refusals that beep and move
nothing, Turkish, and who may."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.tests.factories import cancelled_after_picking, picked, stocked
from arkaofis.inventory.models import StockMove
from arkaofis.inventory.tests.factories import LocationFactory
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order
from arkaofis.work.links import document_url
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor(client):
    client.force_login(user_with_role("warehouse"))
    return client


def task_of(shipment):
    return Task.objects.get(kind="put_away", document_ref=shipment.number)


def test_the_put_away_task_opens_the_put_away_screen_and_the_pack_task_still_the_pack_screen(floor):
    a, shelf = stocked(5)
    _, shipment = cancelled_after_picking((a.sku, 2))
    screen = reverse("floor:put_away", args=[shipment.number])
    assert document_url(shipment.number, "put_away") == screen
    assert (
        document_url(shipment.number, "pack")
        == document_url(shipment.number)
        == reverse("floor:pack", args=[shipment.number])
    )
    task_row = Template("{% load work_ui %}{% document_link task %}").render(Context({"task": task_of(shipment)}))
    assert f'href="{screen}"' in task_row
    assert f'href="{screen}"'.encode() in floor.get(reverse("floor:hub")).content
    assert f'href="{screen}"'.encode() in floor.get(reverse("floor:pack", args=[shipment.number])).content


def test_a_worker_puts_the_units_back_from_the_screen(floor):
    a, shelf = stocked(5, barcode="8690000000033")
    _, shipment = cancelled_after_picking((a.sku, 3))
    other_bin = LocationFactory(warehouse=shelf.warehouse)
    screen = reverse("floor:put_away", args=[shipment.number])
    page = floor.get(screen)
    assert page.status_code == 200
    assert a.sku.encode() in page.content and b"<strong>3</strong>" in page.content
    assert f"usually on {shelf.code}".encode() in page.content  # the rest of its units are there
    assert b'data-scan-next="put-bin"' in page.content and b'name="viewport"' in page.content
    wrong = floor.post(screen, {"item": a.sku, "bin": "NOPE", "quantity": 1, "action": "put"}, follow=True)
    assert b"data-beep" in wrong.content and b"Nothing here has the barcode NOPE" in wrong.content
    too_many = floor.post(screen, {"item": a.sku, "bin": other_bin.code, "quantity": 4}, follow=True)
    assert b"Only 3 of" in too_many.content
    assert not StockMove.objects.filter(reason_code="put_away").exists()
    swapped = floor.post(
        screen, {"item": "8690000000033", "bin": other_bin.code, "quantity": 2, "action": "put"},
        HTTP_HX_REQUEST="true", follow=True,
    )  # fmt: skip
    assert swapped.templates[0].name == "fulfilment/floor/_put_away_body.html"
    assert f"{a.sku}: 2 put away on {other_bin.code}.".encode() in swapped.content
    assert task_of(shipment).status == "open"
    floor.post(screen, {"item": a.sku, "bin": shelf.code, "quantity": 1, "action": "put"})
    assert task_of(shipment).status == "done"
    done = floor.get(screen)
    assert b"Nothing of this shipment waits at packing." in done.content and b'value="finish"' not in done.content


def test_the_screen_speaks_turkish(floor):
    a, shelf = stocked(5)
    _, shipment = cancelled_after_picking((a.sku, 2))
    screen = reverse("floor:put_away", args=[shipment.number])
    page = floor.get(screen, HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Yerleştirme" in page and "Ürünü okutun" in page and "Konacağı gözü okutun" in page
    assert "Yerleştir</button>" in page and "paketlemeden" in page
    refused = floor.post(
        screen, {"item": a.sku, "bin": "YOK", "quantity": 1}, HTTP_ACCEPT_LANGUAGE="tr", follow=True
    ).content.decode()
    assert "YOK" in refused and "Nothing here" not in refused
    hub = floor.get(reverse("floor:hub"), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Rafa geri dönecekler" in hub and "toplandıktan sonra iptal edildi" in hub


def test_a_shipment_not_cancelled_shows_no_scan_form(floor):
    a, _ = stocked(5)
    _, shipment = picked((a.sku, 1))
    page = floor.get(reverse("floor:put_away", args=[shipment.number]))
    assert b"this one is not cancelled" in page.content and b'name="item"' not in page.content
    assert floor.get(reverse("floor:put_away", args=["SH-999999"])).url == reverse("floor:hub")


def test_the_task_is_closed_from_the_screen_when_another_order_took_the_units(floor):
    a, _ = stocked(2)
    _, shipment = cancelled_after_picking((a.sku, 2))
    reserve_order(order_id=make_order((a.sku, 2)).pk, user=None, source="system")
    screen = reverse("floor:put_away", args=[shipment.number])
    assert b'value="finish"' in floor.get(screen).content
    floor.post(screen, {"action": "finish"})
    assert task_of(shipment).status == "done"


def test_a_viewer_sees_nothing_and_may_not_put_away(client):
    a, shelf = stocked(5)
    _, shipment = cancelled_after_picking((a.sku, 2))
    client.force_login(user_with_role("viewer"))
    screen = reverse("floor:put_away", args=[shipment.number])
    assert client.get(screen).status_code == 403
    assert client.post(screen, {"item": a.sku, "bin": shelf.code, "quantity": 1}).status_code == 403
    assert not StockMove.objects.filter(reason_code="put_away").exists()
