"""The counts API: ask, record blind, finish, approve or reject; refusals as problem+json, nothing moved."""

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.fulfilment.counts.models import CountDoc
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import StockMove
from arkaofis.inventory.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def test_a_blind_count_through_the_api_hides_the_expected_from_the_counter_and_posts_on_approval():
    tea, shelf = stocked(10)
    counter, manager = as_role("warehouse"), as_role("manager")
    asked = counter.post("/counts", {"warehouse": shelf.warehouse.code, "bins": [shelf.code]}, key="ask-1")
    assert asked.status_code == 201, asked.content
    number = asked.json()["number"]
    again = counter.post("/counts", {"warehouse": shelf.warehouse.code, "bins": [shelf.code]}, key="ask-1")
    assert again.json()["number"] == number and CountDoc.objects.count() == 1
    body = counter.get(f"/counts/{number}").json()
    assert body["blind"] and body["lines"][0]["expected"] is None and body["lines"][0]["sku"] == tea.sku
    recorded = counter.post(f"/counts/{number}/record", {"bin": shelf.code, "item": tea.sku, "quantity": 4})
    assert recorded.status_code == 200 and recorded.json()["status"] == "counted"
    assert recorded.json()["lines"][0]["expected"] is None and recorded.json()["lines"][0]["counted"] == 4
    finished = counter.post(f"/counts/{number}/finish")
    assert finished.status_code == 200 and finished.json()["status"] == "awaiting_approval"
    assert_problem(counter.post(f"/counts/{number}/approve"), 403)
    seen = manager.get(f"/counts/{number}").json()["lines"][0]
    assert (seen["expected"], seen["variance"], seen["needs_approval"]) == (10, -6, True)
    approved = manager.post(f"/counts/{number}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "posted"
    assert StockMove.objects.filter(source_document=number, reason_code="count_loss").get().quantity == 6
    listed = counter.get("/counts", warehouse=shelf.warehouse.code).json()
    assert [row["number"] for row in listed["items"]] == [number]


def test_a_rejected_count_opens_again_and_a_manager_may_cancel_it():
    tea, shelf = stocked(10)
    counter, manager = as_role("warehouse"), as_role("manager")
    number = counter.post("/counts", {"warehouse": shelf.warehouse.code, "sku": tea.sku}).json()["number"]
    counter.post(f"/counts/{number}/record", {"bin": shelf.code, "item": tea.sku, "quantity": 0})
    counter.post(f"/counts/{number}/finish")
    rejected = manager.post(f"/counts/{number}/reject", {"reason": "again, please"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "open" and rejected.json()["recounts"] == 1
    cancelled = manager.post(f"/counts/{number}/cancel", {"reason": "stock taken next week"})
    assert cancelled.json()["status"] == "cancelled"
    assert_problem(counter.post(f"/counts/{number}/finish"), 409, "count-closed")


def test_refusals_are_problems_and_change_nothing():
    tea, shelf = stocked(5)
    other = LocationFactory(warehouse=shelf.warehouse)
    counter = as_role("warehouse")
    number = counter.post("/counts", {"warehouse": shelf.warehouse.code, "bins": [shelf.code]}).json()["number"]
    assert_problem(
        counter.post(f"/counts/{number}/record", {"bin": "NOPE", "item": tea.sku, "quantity": 1}),
        404,
        "unknown-barcode",
    )
    assert_problem(
        counter.post(f"/counts/{number}/record", {"bin": other.code, "item": tea.sku, "quantity": 1}),
        409,
        "bin-not-in-count",
    )
    assert_problem(counter.post(f"/counts/{number}/finish"), 409, "count-incomplete")
    released_order((tea.sku, 1))
    counter_planner = as_role("warehouse")
    assert counter_planner.post("/floor/waves", {"warehouse": shelf.warehouse.code}).status_code == 201
    busy = assert_problem(
        counter.post(f"/counts/{number}/record", {"bin": shelf.code, "item": tea.sku, "quantity": 5}),
        409,
        "bin-being-picked",
    )
    assert busy["bin"] == shelf.code and busy["batch"].startswith("PB-")
    assert_problem(counter.post(f"/counts/{number}/record", {"bin": shelf.code, "item": tea.sku, "quantity": -1}), 422)
    assert_problem(counter.post("/counts", {"warehouse": shelf.warehouse.code}), 422)
    assert_problem(
        counter.post("/counts", {"warehouse": shelf.warehouse.code, "sku": ProductFactory().sku}),
        409,
        "nothing-to-count",
    )
    assert_problem(counter.get("/counts/CC-999999"), 404, "unknown-count")
    assert_problem(as_role("viewer").get(f"/counts/{number}"), 403)
    assert not StockMove.objects.filter(source_document=number).exists()
    assert CountDoc.objects.get().lines.get().counted is None
