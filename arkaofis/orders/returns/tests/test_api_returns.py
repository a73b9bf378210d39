import pytest

from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import StockMove
from arkaofis.orders.models import SalesReturn

pytestmark = pytest.mark.django_db


def shipped_order(*lines):
    order = released_order(*lines)
    for shipment in Shipment.objects.filter(order=order):
        ship_shipment(shipment_id=shipment.pk, carrier="Aras", tracking_number="", user=None, source="system")
    return order


@pytest.fixture
def manager():
    return as_role("manager")


def test_open_receive_inspect_over_the_api(manager):
    a, _ = stocked(5)
    b, _ = stocked(5)
    order = shipped_order((a.sku, 2), (b.sku, 1))
    body = {
        "order": order.number,
        "reason": "wrong size",
        "lines": [{"line_no": 1, "quantity": 2}, {"line_no": 2, "quantity": 1}],
    }
    opened = manager.post("/returns", body, key="rma-1")
    assert opened.status_code == 201, opened.content
    number = opened.json()["number"]
    assert opened.json()["status"] == "open" and opened.json()["order"] == order.number
    assert manager.post("/returns", body, key="rma-1").json() == opened.json()  # a replay opens nothing new
    assert SalesReturn.objects.count() == 1
    received = manager.post(
        f"/returns/{number}/receive", {"lines": [{"line_no": 1, "quantity": 2}, {"line_no": 2, "quantity": 1}]}
    )
    assert received.json()["status"] == "received", received.content
    decisions = {"lines": [{"line_no": 1, "decision": "restock"}, {"line_no": 2, "decision": "scrap"}]}
    closed = manager.post(f"/returns/{number}/inspect", decisions)
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    assert float(closed.json()["refund_amount"]) == 30.0
    assert [line["decision"] for line in closed.json()["lines"]] == ["restock", "scrap"]
    again = manager.get(f"/returns/{number}").json()
    assert (again["status"], again["refund_amount"], again["lines"]) == (
        "closed",
        *[closed.json()[k] for k in ("refund_amount", "lines")],
    )
    assert [row["number"] for row in manager.get("/returns", order=order.number).json()["items"]] == [number]
    assert StockMove.objects.filter(reason="return").count() == 4


def test_returning_more_than_shipped_is_a_409_with_the_numbers(manager):
    a, _ = stocked(5)
    order = shipped_order((a.sku, 1))
    body = {"order": order.number, "reason": "x", "lines": [{"line_no": 1, "quantity": 2}]}
    problem = assert_problem(manager.post("/returns", body), 409, "return-exceeds-shipped")
    assert (problem["wanted"], problem["returnable"], problem["shipped"]) == (2, 1, 1)


def test_unknown_line_numbers_and_orders_are_refused(manager):
    a, _ = stocked(5)
    order = shipped_order((a.sku, 1))
    assert_problem(
        manager.post("/returns", {"order": order.number, "reason": "x", "lines": [{"line_no": 9, "quantity": 1}]}), 422
    )
    assert_problem(
        manager.post("/returns", {"order": "SO-999999", "reason": "x", "lines": [{"line_no": 1, "quantity": 1}]}), 404
    )
    assert_problem(manager.post("/returns/RMA-999999/receive", {"lines": [{"line_no": 1, "quantity": 1}]}), 404)


def test_warehouse_staff_receive_and_inspect_but_do_not_open_returns():
    floor = as_role("warehouse")
    assert_problem(floor.post("/returns", {}), 403, "forbidden")
    assert floor.get("/returns").status_code == 200


def test_a_return_not_received_is_cancelled_over_the_api_and_a_second_cancel_is_409(manager):
    a, _ = stocked(5)
    order = shipped_order((a.sku, 2))
    body = {"order": order.number, "reason": "wrong size", "lines": [{"line_no": 1, "quantity": 2}]}
    number = manager.post("/returns", body).json()["number"]
    cancelled = manager.post(f"/returns/{number}/cancel", {"reason": "customer kept it"})
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled"
    again = manager.post(f"/returns/{number}/cancel", {"reason": "again"})
    closed = assert_problem(again, 409, "return-closed")
    assert (closed["action"], closed["return_status"]) == ("cancelled", "cancelled")
    assert_problem(manager.post(f"/returns/{number}/cancel", {"reason": ""}), 422)
