"""POST /api/orders/{number}/edit: one call, one edit; refusals are problems and change nothing."""

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.models import Quant
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return as_role("manager")


@pytest.fixture
def stock():
    shelf = LocationFactory()
    tea, cup = ProductFactory(sku="TEA-1"), ProductFactory(sku="CUP-1")
    receive(tea, shelf, 5)
    receive(cup, shelf, 5)
    return tea, cup


def reserved(order_lines):
    order = make_order(*order_lines)
    return reserve_order(order_id=order.pk, user=None, source="system")


def units_reserved(product):
    return sum(Quant.objects.filter(product=product).values_list("reserved", flat=True))


def test_an_edit_answers_200_with_the_order_as_it_now_is(manager, stock):
    tea, cup = stock
    order = reserved([("TEA-1", 1), ("CUP-1", 1)])
    edit = {
        "lines": [{"line_no": 1, "quantity": 3}],
        "remove": [2],
        "add": [{"sku": "CUP-1", "quantity": 2, "unit_price": "4.00"}],
        "shipping_method": "express",
        "shipping": {"name": "Ayşe Yılmaz", "line1": "Moda Cd. 5", "city": "İstanbul", "country": "TR"},
    }
    response = manager.post(f"/orders/{order.number}/edit", edit, key="e1")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(ln["line_no"], ln["sku"], ln["quantity"], ln["reserved_quantity"]) for ln in body["lines"]] == [
        (1, "TEA-1", 3, 3),
        (3, "CUP-1", 2, 2),
    ]
    assert body["status"] == "reserved" and body["shipping_method"] == "express"
    assert body["shipping"]["line1"] == "Moda Cd. 5"
    assert float(body["grand_total"]) == 38
    assert (units_reserved(tea), units_reserved(cup)) == (3, 2)
    assert AuditLog.objects.get(action="order.edited").source == "api"


def test_a_replay_with_the_same_key_edits_once(manager, stock):
    order = reserved([("TEA-1", 1)])
    edit = {"add": [{"sku": "CUP-1", "quantity": 1, "unit_price": "4.00"}]}
    first = manager.post(f"/orders/{order.number}/edit", edit, key="same")
    again = manager.post(f"/orders/{order.number}/edit", edit, key="same")
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert order.lines.count() == 2
    assert AuditLog.objects.filter(action="order.edited").count() == 1


def test_an_edit_that_would_oversell_is_a_409_with_the_available_quantity_and_changes_nothing(manager, stock):
    tea, _ = stock
    order = reserved([("TEA-1", 2)])
    response = manager.post(f"/orders/{order.number}/edit", {"lines": [{"line_no": 1, "quantity": 9}]})
    problem = assert_problem(response, 409, "edit-would-oversell")
    assert (problem["sku"], problem["wanted"], problem["available"], problem["line"]) == ("TEA-1", 9, 5, 1)
    assert order.lines.get().quantity == 2 and units_reserved(tea) == 2
    assert not AuditLog.objects.filter(action="order.edited").exists()


def test_a_released_order_is_a_409_and_a_bad_edit_a_422(manager, stock):
    order = reserved([("TEA-1", 1)])
    assert_problem(manager.post(f"/orders/{order.number}/edit", {"remove": [1]}), 422)
    assert_problem(manager.post(f"/orders/{order.number}/edit", {"lines": [{"line_no": 7, "quantity": 1}]}), 422)
    assert_problem(manager.post(f"/orders/{order.number}/edit", {"lines": [{"line_no": 1, "quantity": 0}]}), 422)
    assert_problem(manager.post(f"/orders/{order.number}/edit", {"add": [{"sku": "NOPE", "quantity": 1}]}), 404)
    release_order(order_id=order.pk, user=None, source="system")
    problem = assert_problem(manager.post(f"/orders/{order.number}/edit", {"notes": "late"}), 409)
    assert problem["status"] == 409 and problem["type"].endswith("order-not-editable")
    assert problem["order_status"] == "released" and "context" not in problem  # its own member, no clash
    assert_problem(manager.post("/orders/SO-999999/edit", {"notes": "x"}), 404, "unknown-order")


def test_a_viewer_may_not_edit(stock):
    order = reserved([("TEA-1", 1)])
    response = as_role("viewer").post(f"/orders/{order.number}/edit", {"lines": [{"line_no": 1, "quantity": 2}]})
    assert_problem(response, 403, "forbidden")
    assert order.lines.get().quantity == 1
