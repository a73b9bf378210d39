"""The distance table screen, the route on the order page and the queue's warehouse filter."""

import pytest
from django.urls import reverse
from django.utils import translation

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.users import user_with_role
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.orders.models import RouteDistance, SalesOrder
from arkaofis.orders.services.intake import AddressIn
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db

KADIKOY = AddressIn(name="Ayşe", city="İstanbul", postal_code="34710", country="TR")


@pytest.fixture
def manager(client):
    client.force_login(user_with_role("manager"))
    return client


@pytest.fixture
def ist():
    return WarehouseFactory(code="IST", priority=10)


def test_a_manager_adds_changes_and_deletes_a_distance(manager, ist):
    url = reverse("routing:save_distance")
    response = manager.post(url, {"warehouse": "IST", "country": "tr", "postal_prefix": "34", "distance_km": 15})
    assert response.status_code == 302
    row = RouteDistance.objects.get()
    assert (row.country, row.postal_prefix, row.distance_km) == ("TR", "34", 15)
    manager.post(
        url, {"distance_id": row.pk, "warehouse": "IST", "country": "TR", "postal_prefix": "347", "distance_km": 9}
    )
    row.refresh_from_db()
    assert (row.postal_prefix, row.distance_km) == ("347", 9)
    page = manager.get(reverse("routing:distances"))
    assert page.status_code == 200 and "347" in page.content.decode()
    manager.post(reverse("routing:delete_distance", args=[row.pk]))
    assert not RouteDistance.objects.exists()
    actions = list(
        AuditLog.objects.filter(object_type="orders.routedistance").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["route_distance.created", "route_distance.changed", "route_distance.deleted"]


def test_a_bad_distance_row_is_refused_with_a_reason_and_stores_nothing(manager, ist):
    response = manager.post(
        reverse("routing:save_distance"),
        {"warehouse": "IST", "country": "T1", "postal_prefix": "3 4", "distance_km": 5},
    )
    assert response.status_code == 422
    assert "two-letter" in response.content.decode()
    assert not RouteDistance.objects.exists()


def test_a_viewer_cannot_see_or_change_the_distance_table(client, ist):
    client.force_login(user_with_role("viewer"))
    assert client.get(reverse("routing:distances")).status_code == 403
    data = {"warehouse": "IST", "country": "TR", "postal_prefix": "", "distance_km": 1}
    assert client.post(reverse("routing:save_distance"), data).status_code == 403
    assert not RouteDistance.objects.exists()


def test_the_nav_links_to_the_distance_table_for_managers(manager):
    assert reverse("routing:distances").encode() in manager.get(reverse("orders:queue")).content


def split_order():
    ist = LocationFactory(warehouse=WarehouseFactory(code="IST", priority=10))
    ank = LocationFactory(warehouse=WarehouseFactory(code="ANK", priority=20))
    RouteDistance.objects.create(warehouse=ist.warehouse, country="TR", postal_prefix="34", distance_km=12)
    a, b = ProductFactory(), ProductFactory()
    receive(a, ist, 3), receive(b, ank, 3)
    order = reserve_order(order_id=make_order((a.sku, 1), (b.sku, 1), shipping=KADIKOY).pk, user=None, source="system")
    return order, ist.warehouse, ank.warehouse


def test_the_order_page_shows_the_route_reason_lines_and_candidates(manager):
    order, _, _ = split_order()
    html = manager.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert 'id="route-reason"' in html and order.route_reason in html
    assert "L1 → IST" in html and "L2 → ANK" in html
    assert 'id="route-IST"' in html and 'id="route-ANK"' in html
    assert "TR-34" in html


def test_the_route_reason_is_said_in_turkish_and_an_old_route_keeps_its_stored_sentence(manager):
    order, _, _ = split_order()
    assert order.route_reason == "No warehouse ships all 2 lines; split into 2 shipments: IST (L1), ANK (L2)"
    with translation.override("tr"):
        html = manager.get(reverse("orders:detail", args=[order.number]), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    reason = html[html.index('id="route-reason"') :].split("</p>", 1)[0]
    assert "Hiçbir depo 2 satırın hepsini gönderemiyor; 2 gönderiye bölündü: IST (L1), ANK (L2)" in reason
    # A route stored before its clauses were kept is shown as it was stored.
    SalesOrder.objects.filter(pk=order.pk).update(route={**order.route, "why": None})
    with translation.override("tr"):
        html = manager.get(reverse("orders:detail", args=[order.number]), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert order.route_reason in html[html.index('id="route-reason"') :].split("</p>", 1)[0]


def test_the_queue_filters_by_the_routed_warehouse_including_split_orders(manager):
    order, ist, ank = split_order()
    whole = make_order((ProductFactory().sku, 1))
    url = reverse("orders:queue")
    numbers = lambda code: [o.number for o in manager.get(url, {"warehouse": code}).context["page"].object_list]  # noqa: E731
    assert numbers("IST") == [order.number]
    assert numbers("ANK") == [order.number]
    assert whole.number not in numbers("IST")


def test_the_order_api_carries_the_route(client):
    order, _, _ = split_order()
    client.force_login(user_with_role("manager"))
    body = client.get(f"/api/orders/{order.number}").json()
    assert body["route_reason"] == order.route_reason
    assert body["route"]["lines"] == {"1": "IST", "2": "ANK"}
