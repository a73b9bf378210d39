import pytest

from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import StockMove

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    return as_role("warehouse")


def test_the_list_shows_pending_shipments_first_and_filters_by_warehouse(floor):
    a, bin_a = stocked(5)
    b, bin_b = stocked(5)
    first = released_order((a.sku, 1))
    released_order((b.sku, 1))
    number = Shipment.objects.get(order=first).number
    assert floor.post(f"/fulfilment/shipments/{number}/ship", {"carrier": "Aras"}, key="s1").status_code == 200
    rows = floor.get("/fulfilment/shipments").json()["items"]
    assert [row["status"] for row in rows] == ["pending", "shipped"]
    only_b = floor.get("/fulfilment/shipments", warehouse=bin_b.warehouse.code).json()["items"]
    assert [row["order"] for row in only_b] != [first.number] and len(only_b) == 1
    shipped = floor.get("/fulfilment/shipments", status="shipped").json()["items"]
    assert [row["number"] for row in shipped] == [number]


def test_ship_then_deliver_over_the_api(floor):
    a, _ = stocked(5)
    order = released_order((a.sku, 2))
    number = Shipment.objects.get(order=order).number
    shipped = floor.post(
        f"/fulfilment/shipments/{number}/ship", {"carrier": "MNG", "tracking_number": "T-1"}, key="ship-1"
    )
    assert shipped.status_code == 200, shipped.content
    assert shipped.json() | {"status": "shipped", "carrier": "MNG", "tracking_number": "T-1"} == shipped.json()
    line = {"line_no": 1, "sku": a.sku, "quantity": 2, "picked_quantity": 0, "packed_quantity": 0, "short_quantity": 0}
    assert shipped.json()["lines"] == [line]
    replay = floor.post(
        f"/fulfilment/shipments/{number}/ship", {"carrier": "MNG", "tracking_number": "T-1"}, key="ship-1"
    )
    assert replay.json() == shipped.json()
    line = floor.get(f"/orders/{order.number}").json()["lines"][0]
    assert (line["shipped_quantity"], line["reserved_quantity"], line["returned_quantity"]) == (2, 0, 0)
    delivered = floor.post(f"/fulfilment/shipments/{number}/deliver", key="d-1")
    assert delivered.json()["status"] == "delivered"
    assert StockMove.objects.filter(reason="shipment").count() == 1
    order.refresh_from_db()
    assert order.status == "delivered"


def test_delivering_a_pending_shipment_is_a_409_problem(floor):
    a, _ = stocked(5)
    number = Shipment.objects.get(order=released_order((a.sku, 1))).number
    assert_problem(floor.post(f"/fulfilment/shipments/{number}/deliver"), 409, "shipment-closed")


def test_an_unknown_shipment_is_a_404_problem(floor):
    assert_problem(floor.post("/fulfilment/shipments/SH-999999/ship", {"carrier": "X"}), 404, "unknown-shipment")
    assert_problem(floor.get("/fulfilment/shipments/nonsense"), 404, "unknown-shipment")


def test_a_viewer_may_list_but_not_ship():
    viewer = as_role("viewer")
    assert viewer.get("/fulfilment/shipments").status_code == 200
    assert_problem(viewer.post("/fulfilment/shipments/SH-000001/ship", {"carrier": "X"}), 403, "forbidden")
