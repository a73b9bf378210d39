"""The layout API: the floor plan fulfilment walks, setting it, placing bins, laying out aisles,
and fill; every refusal a problem that changes nothing."""

from decimal import Decimal as D

import pytest

from arkaofis.api import api
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.layout.services import Aisle, BinPlace, lay_out_aisle, set_warehouse_layout
from arkaofis.inventory.models import Location, Warehouse
from arkaofis.inventory.services.locations import create_child_location, create_warehouse
from arkaofis.inventory.tests.factories import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone():
    warehouse = create_warehouse(code="IST", name="İstanbul", user=None, source="cli")
    set_warehouse_layout(warehouse=warehouse, kind="single_block", aisle_length=D("9.6"), depot_x=D(2),
                         depot_y=D(0), user=None, source="cli")  # fmt: skip
    return create_child_location(parent=Location.objects.get(code="IST"), code="A", user=None, source="cli")


def test_the_plan_lists_aisles_depot_and_bins_in_walking_order(zone):
    lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), 4, 2), user=None, source="cli")
    body = as_role("viewer").get("/inventory/layout/warehouses/IST").json()
    assert body["mapped"] is True and body["kind"] == "single_block"
    assert body["depot"] == [2.0, 0.0] and body["aisle_length"] == 9.6
    assert body["aisles"] == [{"number": 1, "x": 2.0, "length": 9.6}]
    assert len(body["bins"]) == 16
    assert body["bins"][0] == {"code": "IST/A/A-01-01-1", "aisle": 1, "bay": 1, "level": 1, "x": 2.0, "y": 0.6,
                               "pick_sequence": 10101}  # fmt: skip


def test_a_manager_sets_a_multi_block_plan_and_the_warehouse_shows_it(zone):
    response = as_role("manager").post(
        "/inventory/layout/warehouses/IST",
        {
            "layout_kind": "multi_block",
            "aisle_length": "20",
            "middle_cross_aisles": ["10"],
            "depot_x": 0,
            "depot_y": "-2.5",
        },
        key="k1",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["layout_kind"], body["aisle_length"], body["middle_cross_aisles"], body["depot_y"]) == (
        "multi_block", "20.00", ["10.00"], "-2.50",
    )  # fmt: skip


def test_a_broken_plan_is_a_problem_listing_each_rule_and_nothing_changes(zone):
    response = as_role("manager").post(
        "/inventory/layout/warehouses/IST",
        {"layout_kind": "single_block", "aisle_length": "10", "middle_cross_aisles": ["5"], "depot_x": 3},
        key="k2",
    )
    body = assert_problem(response, 422, "invalid-layout")
    assert {e["problem"] for e in body["errors"]} == {"single-block-has-no-middle-aisles", "depot-x-with-y"}
    assert Warehouse.objects.get(code="IST").aisle_length == D("9.60")


def test_out_of_range_metres_are_refused_at_the_door(zone):
    manager = as_role("manager")
    for body in ({"depot_x": 1, "depot_y": "0.5"}, {"aisle_length": "1.234"}, {"aisle_length": -1}):
        assert_problem(manager.post("/inventory/layout/warehouses/IST", body), 422)


def test_placing_a_bin_beyond_the_aisles_is_refused_and_a_good_place_is_kept(zone):
    bin_ = create_child_location(parent=zone, code="X-1", user=None, source="cli")
    manager = as_role("manager")
    refused = manager.post("/inventory/layout/bins/IST/A/X-1", {"aisle": 1, "x": "2", "y": "9.7"})
    body = assert_problem(refused, 422, "invalid-layout")
    reason = "y must lie along the aisle: from 0 (front cross aisle) to 9.60 m (back cross aisle)."
    assert body["errors"] == [{"field": "y", "problem": "y-outside-aisle", "reason": reason}]
    placed = manager.post(
        "/inventory/layout/bins/IST/A/X-1", {"aisle": 1, "x": "2", "y": "9.6", "capacity_volume_l": 200}
    )
    assert placed.status_code == 200, placed.content
    assert placed.json()["y"] == "9.60" and placed.json()["capacity_volume_l"] == 200
    bin_.refresh_from_db()
    assert bin_.aisle == 1


def test_an_aisle_of_bins_is_created_placed_and_a_second_time_is_a_conflict(zone):
    manager = as_role("manager")
    body = {"number": 3, "x": "8", "bays_per_side": 2, "levels": 3, "capacity_units": 50}
    created = manager.post("/inventory/layout/zones/IST/A/aisles", body, key="a1")
    assert created.status_code == 201, created.content
    rows = created.json()
    assert len(rows) == 12 and rows[0]["code"] == "IST/A/A-03-01-1"  # an odd aisle is walked front to back
    assert all(row["capacity_units"] == 50 and row["x"] == "8.00" for row in rows)
    assert_problem(manager.post("/inventory/layout/zones/IST/A/aisles", body, key="a2"), 409)
    assert_problem(manager.post("/inventory/layout/zones/IST/aisles", body, key="a3"), 422, "invalid-layout")


def test_fill_reports_the_warehouse_its_zones_and_bins(zone):
    lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), 1, 1, limits=BinPlace(capacity_volume_l=50)), user=None, source="cli")
    receive(ProductFactory(volume_ml=1000, weight_g=400), Location.objects.get(code="IST/A/A-01-01-1"), 20)
    body = as_role("viewer").get("/inventory/layout/warehouses/IST/fill").json()
    assert (body["bins"], body["occupied"], body["volume_fill"], body["units"]) == (2, 1, 0.2, 20)
    assert body["zones"][0]["zone"] == "IST/A" and body["weight_kg"] == 8.0
    by_code = {row["code"]: row for row in body["bin_fills"]}
    assert by_code["IST/A/A-01-01-1"]["fill"] == 0.4 and by_code["IST/A/A-01-01-1"]["band"] == "low"
    assert by_code["IST/A/A-01-02-1"]["band"] == "empty" and by_code["IST/A/A-01-02-1"]["fill"] == 0.0


def test_the_warehouse_role_may_read_the_plan_but_not_change_it(zone):
    clerk = as_role("warehouse")
    assert clerk.get("/inventory/layout/warehouses/IST").status_code == 200
    assert_problem(clerk.post("/inventory/layout/warehouses/IST", {"aisle_length": "5"}), 403, "forbidden")
    assert_problem(
        clerk.post("/inventory/layout/zones/IST/A/aisles", {"number": 1, "x": 1, "bays_per_side": 1, "levels": 1}), 403
    )


def test_unknown_warehouses_and_bins_are_404_problems(zone):
    assert_problem(as_role("viewer").get("/inventory/layout/warehouses/NOPE"), 404)
    assert_problem(as_role("manager").post("/inventory/layout/bins/IST/A/NOPE", {}), 404)


def test_the_openapi_document_states_the_limits():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    place = schemas["BinPlaceIn"]["properties"]
    assert place["aisle"]["anyOf"][0]["maximum"] == 32767
    assert "pattern" in place["y"]["anyOf"][0]["anyOf"][0]
    assert schemas["LocationOut"]["properties"]["capacity_volume_l"]["description"].startswith("litres")
    assert "weight_g" in schemas["ProductIn"]["properties"] and "volume_ml" in schemas["ProductOut"]["properties"]
