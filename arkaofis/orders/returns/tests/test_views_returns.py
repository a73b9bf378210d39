"""Return screens without a browser: open from a shipped order, receive, inspect, refund shown."""

import pytest
from django.urls import reverse

from arkaofis.core.tests.users import user_with_role
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.orders.models import SalesReturn

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    client.force_login(user_with_role("manager"))
    return client


def shipped_order(*lines):
    order = released_order(*lines)
    for shipment in Shipment.objects.filter(order=order):
        ship_shipment(shipment_id=shipment.pk, carrier="Aras", tracking_number="", user=None, source="system")
    return order


def test_a_shipped_orders_page_offers_a_return_and_an_unshipped_one_does_not(manager):
    a, _ = stocked(5)
    shipped = shipped_order((a.sku, 2))
    waiting = released_order((a.sku, 1))
    assert 'id="open-return"' in manager.get(reverse("orders:detail", args=[shipped.number])).content.decode()
    assert 'id="open-return"' not in manager.get(reverse("orders:detail", args=[waiting.number])).content.decode()


def test_open_receive_and_inspect_from_the_screens(manager):
    a, _ = stocked(5)
    b, _ = stocked(5)
    order = shipped_order((a.sku, 2), (b.sku, 1))
    la, lb = order.lines.order_by("line_no")
    response = manager.post(
        reverse("returns:open", args=[order.number]),
        {"reason": "damaged box", f"qty_{la.pk}": 2, f"why_{la.pk}": "dented", f"qty_{lb.pk}": 1},
        follow=True,
    )
    sales_return = SalesReturn.objects.get()
    assert response.redirect_chain[-1][0] == reverse("returns:detail", args=[sales_return.number])
    assert 'id="receive-form"' in response.content.decode()
    ids = {line.order_line_id: line.pk for line in sales_return.lines.all()}
    manager.post(
        reverse("returns:receive", args=[sales_return.number]),
        {f"received_{ids[la.pk]}": 2, f"received_{ids[lb.pk]}": 1},
    )
    page = manager.get(reverse("returns:detail", args=[sales_return.number])).content.decode()
    assert 'id="inspect-form"' in page
    decisions = {f"decision_{ids[la.pk]}": "restock", f"decision_{ids[lb.pk]}": "scrap"}
    page = manager.post(reverse("returns:inspect", args=[sales_return.number]), decisions, follow=True).content.decode()
    assert 'id="refund-amount">30.00 TRY' in page or 'id="refund-amount">30,00 TRY' in page
    sales_return.refresh_from_db()
    assert sales_return.status == "closed"
    listing = manager.get(reverse("returns:list")).content.decode()
    assert f'id="return-{sales_return.number}"' in listing


def test_asking_back_more_than_returnable_is_refused_by_the_form_and_changes_nothing(manager):
    a, _ = stocked(5)
    order = shipped_order((a.sku, 1))
    line = order.lines.get()
    response = manager.post(reverse("returns:open", args=[order.number]), {"reason": "x", f"qty_{line.pk}": 3})
    assert response.status_code == 200 and not SalesReturn.objects.exists()


def test_warehouse_staff_cannot_open_but_can_receive(client):
    a, _ = stocked(5)
    order = shipped_order((a.sku, 1))
    client.force_login(user_with_role("warehouse"))
    assert client.get(reverse("returns:open", args=[order.number])).status_code == 403
    assert client.get(reverse("returns:list")).status_code == 200


def test_an_open_return_is_cancelled_from_its_page_and_the_form_goes_once_received(manager):
    a, _ = stocked(5)
    order = shipped_order((a.sku, 2))
    la = order.lines.get()
    manager.post(reverse("returns:open", args=[order.number]), {"reason": "too big", f"qty_{la.pk}": 2})
    sales_return = SalesReturn.objects.get()
    page = manager.get(reverse("returns:detail", args=[sales_return.number])).content.decode()
    assert 'id="cancel-return-form"' in page
    refused = manager.post(reverse("returns:cancel", args=[sales_return.number]), {"reason": ""}, follow=True)
    assert "Say why the return is cancelled." in refused.content.decode()
    done = manager.post(reverse("returns:cancel", args=[sales_return.number]), {"reason": "kept it"}, follow=True)
    page = done.content.decode()
    assert 'id="cancel-return-form"' not in page and 'id="receive-form"' not in page
    sales_return.refresh_from_db()
    assert sales_return.status == "cancelled"
