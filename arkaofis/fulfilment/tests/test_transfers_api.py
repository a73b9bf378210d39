"""Transfers and kitting through the API: a whole transfer, costs only for those who may see them, refusals
as problem+json with nothing moved."""

import pytest

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.fulfilment.tests.transfer_factories import stocked_at, warehouse_with_bins
from arkaofis.inventory.models import StockMove
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    origin, (a1,) = warehouse_with_bins("A-01")
    destination, (b1,) = warehouse_with_bins("B-01")
    tea = stocked_at(a1, 10, unit_cost="4")
    return origin, destination, a1, b1, tea


def test_a_transfer_from_request_to_put_away_through_the_api(world):
    origin, destination, a1, b1, tea = world
    manager, floor = as_role("manager"), as_role("warehouse")
    created = manager.post(
        "/transfers", {"from_warehouse": origin.code, "to_warehouse": destination.code, "lines": [{"sku": tea.sku,
                                                                                                  "quantity": 5}]}
    )  # fmt: skip
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    assert created.json()["status"] == "requested"
    wrong = floor.post(f"/transfers/{number}/pick", {"line": 1, "bin": b1.code, "item": tea.sku, "quantity": 5})
    assert_problem(wrong, 409, "wrong-bin")
    picked = floor.post(f"/transfers/{number}/pick", {"line": 1, "bin": a1.code, "item": tea.sku, "quantity": 5})
    assert picked.status_code == 200 and picked.json()["status"] == "in_transit"
    road = manager.get("/transfers/in-transit").json()
    assert [(row["transfer"], row["units"], row["value"]) for row in road] == [(number, 5, "20.0000")]
    assert floor.get("/transfers/in-transit").json()[0]["value"] is None  # the floor sees no costs
    over = floor.post(f"/transfers/{number}/receive", {"item": tea.sku, "quantity": 6})
    assert_problem(over, 409, "over-receipt")
    received = floor.post(f"/transfers/{number}/receive", {"item": tea.barcode, "quantity": 5})
    assert received.json()["lines"][0]["at_dock"] == 5 and received.json()["status"] == "received"
    away = floor.post(f"/transfers/{number}/put-away", {"item": tea.sku, "bin": b1.code, "quantity": 5})
    assert away.status_code == 200 and away.json()["status"] == "closed"
    assert set(Task.objects.filter(document_ref=number).values_list("kind", "status")) == {
        ("transfer", "done"),
        ("put_away", "done"),
    }
    assert floor.get(f"/transfers/{number}").json()["lines"][0]["put_away_quantity"] == 5


def test_only_managers_request_and_cancel_and_bad_input_changes_nothing(world):
    origin, destination, a1, b1, tea = world
    body = {"from_warehouse": origin.code, "to_warehouse": destination.code, "lines": [{"sku": tea.sku, "quantity": 1}]}
    assert_problem(as_role("warehouse").post("/transfers", body), 403)
    manager = as_role("manager")
    assert_problem(manager.post("/transfers", {**body, "to_warehouse": origin.code}), 422)
    assert_problem(manager.post("/transfers", {**body, "lines": [{"sku": tea.sku, "quantity": 11}]}), 409)
    assert_problem(manager.post("/transfers", {**body, "lines": [{"sku": "NOPE", "quantity": 1}]}), 404, "unknown-sku")
    assert_problem(manager.post("/transfers", {**body, "from_warehouse": "NOWHERE"}), 404, "unknown-warehouse")
    assert_problem(manager.post("/transfers", {**body, "lines": []}), 422)
    assert not StockMove.objects.filter(source_document__startswith="TR-").exists()
    number = manager.post("/transfers", body).json()["number"]
    assert_problem(manager.get("/transfers/TR-999999"), 404, "unknown-transfer")
    assert_problem(as_role("warehouse").post(f"/transfers/{number}/receive", {"item": tea.sku, "quantity": 1}), 409)
    cancelled = manager.post(f"/transfers/{number}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert manager.get("/transfers", status="cancelled").json()["items"][0]["number"] == number


def test_a_kitting_order_through_the_api(world):
    origin, _, a1, _, tea = world
    kit = ProductFactory(is_kit=True)
    KitComponentFactory(kit=kit, component=tea, quantity=2)
    planned = as_role("manager").post("/kitting", {"warehouse": origin.code, "kit": kit.sku, "quantity": 3})
    assert planned.status_code == 201, planned.content
    number = planned.json()["number"]
    floor = as_role("warehouse")
    assert_problem(floor.post(f"/kitting/{number}/complete", {"bin": "NOPE"}), 404, "unknown-barcode")
    done = floor.post(f"/kitting/{number}/complete", {"bin": a1.code})
    assert done.status_code == 200 and (done.json()["status"], done.json()["done_quantity"]) == ("done", 3)
    assert_problem(floor.post(f"/kitting/{number}/complete", {"bin": a1.code}), 409, "kitting-closed")
    assert_problem(
        as_role("manager").post("/kitting", {"warehouse": origin.code, "kit": tea.sku, "quantity": 1}), 422, "not-a-kit"
    )
    assert_problem(as_role("viewer").post(f"/kitting/{number}/cancel"), 403)
