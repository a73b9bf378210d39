"""The shipments screen, without a browser: list, filter, ship, deliver, and who may."""

import pytest
from django.urls import reverse

from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor(client):
    client.force_login(user_with_role("warehouse"))
    return client


def listed(response):
    return [shipment.number for shipment in response.context["page"].object_list]


def test_the_list_puts_pending_first_and_filters_by_warehouse(floor):
    a, bin_a = stocked(5)
    b, bin_b = stocked(5)
    first = Shipment.objects.get(order=released_order((a.sku, 1)))
    second = Shipment.objects.get(order=released_order((b.sku, 1)))
    url = reverse("fulfilment:shipments")
    floor.post(reverse("fulfilment:ship", args=[first.number]), {"carrier": "Aras"})
    response = floor.get(url)
    assert listed(response) == [second.number, first.number]
    assert b"Ship</button>" in response.content and b"Delivered</button>" in response.content
    assert listed(floor.get(url, {"warehouse": bin_a.warehouse.code})) == [first.number]
    assert listed(floor.get(url, {"status": "pending"})) == [second.number]


def test_shipping_and_delivering_from_the_screen_updates_the_order(floor):
    a, _ = stocked(5)
    order = released_order((a.sku, 2))
    shipment = Shipment.objects.get(order=order)
    response = floor.post(
        reverse("fulfilment:ship", args=[shipment.number]), {"carrier": "PTT", "tracking_number": "KP1"}, follow=True
    )
    assert f"{shipment.number} shipped." in response.content.decode()
    shipment.refresh_from_db()
    assert (shipment.status, shipment.carrier, shipment.tracking_number) == ("shipped", "PTT", "KP1")
    floor.post(reverse("fulfilment:deliver", args=[shipment.number]))
    order.refresh_from_db()
    assert order.status == "delivered"


def test_shipping_without_a_carrier_is_refused_with_a_message(floor):
    a, _ = stocked(5)
    shipment = Shipment.objects.get(order=released_order((a.sku, 2)))
    response = floor.post(reverse("fulfilment:ship", args=[shipment.number]), {"carrier": ""}, follow=True)
    assert "carrier" in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.status == "pending"


def test_a_viewer_sees_the_list_without_buttons_and_cannot_ship(client):
    a, _ = stocked(5)
    shipment = Shipment.objects.get(order=released_order((a.sku, 2)))
    client.force_login(user_with_role("viewer"))
    response = client.get(reverse("fulfilment:shipments"))
    assert response.status_code == 200 and b"Ship</button>" not in response.content
    assert client.post(reverse("fulfilment:ship", args=[shipment.number]), {"carrier": "X"}).status_code == 403
    shipment.refresh_from_db()
    assert shipment.status == "pending"


def test_the_order_page_shows_its_shipments_and_their_status(floor, client):
    a, _ = stocked(5)
    order = released_order((a.sku, 2))
    shipment = Shipment.objects.get(order=order)
    page = floor.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert f'id="order-shipment-{shipment.number}"' in page and "Pending" in page


def test_shipping_a_cancelled_shipment_shows_why_and_changes_nothing(floor):
    from arkaofis.orders.services.cancellation import cancel_order

    a, _ = stocked(5)
    order = released_order((a.sku, 2))
    cancel_order(order_id=order.pk, user=None, source="ui")
    shipment = Shipment.objects.get(order=order)
    response = floor.post(reverse("fulfilment:ship", args=[shipment.number]), {"carrier": "Aras"}, follow=True)
    assert f"{shipment.number} is Cancelled; it cannot be shipped." in response.content.decode()
    turkish = floor.post(
        reverse("fulfilment:ship", args=[shipment.number]), {"carrier": "Aras"}, follow=True, HTTP_ACCEPT_LANGUAGE="tr"
    ).content.decode()
    assert f"{shipment.number} " in turkish and "durumunda; gönderilemez." in turkish  # not the English detail
    shipment.refresh_from_db()
    assert shipment.status == "cancelled"


def test_a_shipped_order_line_shows_what_shipped_and_is_not_marked_short(client):
    from arkaofis.fulfilment.services.shipping import ship_shipment

    product, _ = stocked(5)
    order = released_order((product.sku, 2))
    shipment = Shipment.objects.get(order=order)
    ship_shipment(shipment_id=shipment.pk, carrier="Aras", tracking_number="A1", user=None, source="ui")
    client.force_login(user_with_role("manager"))
    html = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    line = html[html.index('id="line-1"') : html.index("</tr>", html.index('id="line-1"'))]
    assert 'class="num neg"' not in line  # reserved 0 is no shortage once the units have left
    assert 'data-label="Shipped" class="num">2<' in line
