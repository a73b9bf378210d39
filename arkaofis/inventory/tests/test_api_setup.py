import pytest
from django.db.models import Sum

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import AuditLog, IdempotencyKey
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.models import Location, LowStockAlert, Quant, ReorderRule, Warehouse
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.locations import create_child_location, create_warehouse, set_negative_stock_policy
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return as_role("manager")


@pytest.fixture
def warehouse():
    return create_warehouse(code="IST", name="İstanbul", user=None, source="cli")


def snapshot():
    quants = Quant.objects.aggregate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    return (
        Warehouse.objects.count(),
        list(Location.objects.values_list("code", "allow_negative").order_by("code")),
        list(ReorderRule.objects.values_list("min_quantity", "reorder_quantity").order_by("pk")),
        LowStockAlert.objects.count(),
        AuditLog.objects.count(),
        IdempotencyKey.objects.count(),
        quants["on_hand"],
    )


# --- permissions: the warehouse role may reserve and move stock, not shape the warehouse ---

WRITES = [
    ("/inventory/setup/warehouses", {"code": "ANK", "name": "Ankara"}),
    ("/inventory/setup/locations", {"parent": "IST", "code": "A"}),
    ("/inventory/setup/locations/IST/negative-policy", {"allow_negative": True}),
    ("/inventory/setup/reorder-rules", {"sku": "TEA-1", "warehouse": "IST", "min_quantity": 5}),
]


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_the_warehouse_role_may_not_change_the_set_up_and_nothing_is_written(warehouse, path, body):
    ProductFactory(sku="TEA-1")
    clerk = as_role("warehouse")
    before = snapshot()
    assert_problem(clerk.post(path, body, key="k1"), 403, "forbidden")
    assert snapshot() == before


def test_a_viewer_may_list_rules_but_not_delete_one(warehouse):
    rule = ReorderRule.objects.create(product=ProductFactory(), warehouse=warehouse, min_quantity=1)
    viewer = as_role("viewer")
    assert viewer.get("/inventory/setup/reorder-rules").status_code == 200
    assert_problem(viewer.client.delete(f"/api/inventory/setup/reorder-rules/{rule.pk}"), 403, "forbidden")
    assert ReorderRule.objects.filter(pk=rule.pk).exists()


# --- warehouses and locations ---


def test_creating_a_warehouse_makes_its_root_location_and_a_replay_creates_nothing_more(manager):
    first = manager.post("/inventory/setup/warehouses", {"code": "ANK", "name": "Ankara"}, key="w-1")
    assert first.status_code == 201, first.content
    assert first.json()["code"] == "ANK"
    assert Location.objects.get(code="ANK").kind == "warehouse"
    before = snapshot()
    again = manager.post("/inventory/setup/warehouses", {"code": "ANK", "name": "Ankara"}, key="w-1")
    assert (again.status_code, again["Idempotent-Replayed"], again.json()) == (201, "true", first.json())
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "status"),
    [({"code": "IST", "name": "Again"}, 409), ({"code": "A/B", "name": "Slash"}, 422), ({"code": "X"}, 422),
     ({"code": "X", "name": "x", "country": "turkey"}, 422), ({"code": "X\x00", "name": "x"}, 422)],
)  # fmt: skip
def test_a_bad_warehouse_is_refused_as_a_problem_and_nothing_is_written(manager, warehouse, body, status):
    before = snapshot()
    assert_problem(manager.post("/inventory/setup/warehouses", body, key="w-bad"), status)
    assert snapshot() == before


def test_adding_a_zone_then_a_bin_builds_the_path_and_replays(manager, warehouse):
    zone = manager.post("/inventory/setup/locations", {"parent": "IST", "code": "A"}, key="z")
    assert (zone.status_code, zone.json()["kind"], zone.json()["parent"]) == (201, "zone", "IST")
    bin_ = manager.post("/inventory/setup/locations", {"parent": "IST/A", "code": "A-01", "name": "Shelf 1"}, key="b")
    assert bin_.status_code == 201
    assert (bin_.json()["code"], bin_.json()["kind"], bin_.json()["warehouse"]) == ("IST/A/A-01", "bin", "IST")
    before = snapshot()
    again = manager.post("/inventory/setup/locations", {"parent": "IST/A", "code": "A-01", "name": "Shelf 1"}, key="b")
    assert again.json() == bin_.json() and snapshot() == before


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [({"parent": "NOPE", "code": "A"}, 404, "unknown-location"), ({"parent": "IST/A", "code": "A-01"}, 409, "conflict"),
     ({"parent": "IST/A/A-01", "code": "X"}, 422, "invalid-input"), ({"parent": "IST", "code": ""}, 422, None),
     ({"parent": "IST", "code": "a b"}, 422, None)],
)  # fmt: skip
def test_a_bad_location_is_refused_as_a_problem_and_nothing_is_written(manager, warehouse, body, status, code):
    zone = create_child_location(parent=Location.objects.get(code="IST"), code="A", user=None, source="cli")
    create_child_location(parent=zone, code="A-01", user=None, source="cli")
    before = snapshot()
    assert_problem(manager.post("/inventory/setup/locations", body, key="l-bad"), status, code)
    assert snapshot() == before


def test_the_negative_policy_of_a_bin_is_set_through_its_path(manager):
    product, shelf = ProductFactory(), LocationFactory(code="IST/A/01")
    receive(product, shelf, 3)
    response = manager.post("/inventory/setup/locations/IST/A/01/negative-policy", {"allow_negative": True}, key="n")
    assert (response.status_code, response.json()["allow_negative"]) == (200, True)
    assert Quant.objects.get(location=shelf).negative_allowed is True
    assert AuditLog.objects.filter(action="location.negative_policy", source="api").count() == 1
    again = manager.post("/inventory/setup/locations/IST/A/01/negative-policy", {"allow_negative": True}, key="n")
    assert again["Idempotent-Replayed"] == "true"
    assert AuditLog.objects.filter(action="location.negative_policy").count() == 1


def test_forbidding_negatives_while_stock_is_negative_is_a_409_and_changes_nothing(manager):
    product, shelf = ProductFactory(), LocationFactory(code="IST/A/02")
    set_negative_stock_policy(location=shelf, allow=True, user=None, source="cli")
    post_move(product=product, quantity=2, from_location=shelf, to_location=virtual_location("customer"),
              reason="shipment")  # fmt: skip
    before = snapshot()
    response = manager.post("/inventory/setup/locations/IST/A/02/negative-policy", {"allow_negative": False}, key="f")
    assert_problem(response, 409, "conflict")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "status"), [({"allow_negative": "yes"}, 422), ({"allow_negative": 1}, 422), ({}, 422), ("not json", 400)]
)
def test_a_bad_policy_body_is_refused(manager, body, status):
    LocationFactory(code="IST/A/03")
    before = snapshot()
    assert_problem(manager.post("/inventory/setup/locations/IST/A/03/negative-policy", body, key="p"), status)
    assert_problem(manager.post("/inventory/setup/locations/NO/SUCH/negative-policy", {"allow_negative": True}), 404)
    assert snapshot() == before


# --- reorder rules ---


def test_setting_a_rule_answers_with_available_stock_and_the_alert_state(manager, warehouse):
    product = ProductFactory(sku="TEA-1")
    receive(product, create_child_location(parent=Location.objects.get(code="IST"), code="A", user=None,
                                           source="cli"), 4)  # fmt: skip
    body = {"sku": "TEA-1", "warehouse": "IST", "min_quantity": 10, "reorder_quantity": 24}
    response = manager.post("/inventory/setup/reorder-rules", body, key="r")
    assert response.status_code == 200, response.content
    assert {k: response.json()[k] for k in ("sku", "warehouse", "available", "low")} == {
        "sku": "TEA-1", "warehouse": "IST", "available": 4, "low": True}  # fmt: skip
    assert LowStockAlert.objects.filter(resolved_at__isnull=True).count() == 1
    before = snapshot()
    assert manager.post("/inventory/setup/reorder-rules", body, key="r").json() == response.json()
    assert snapshot() == before
    listed = manager.get("/inventory/setup/reorder-rules", warehouse="IST").json()
    assert listed["count"] == 1 and listed["items"][0] == response.json()


@pytest.mark.parametrize(
    ("body", "status"),
    [({"sku": "NOPE", "warehouse": "IST", "min_quantity": 1}, 404), ({"sku": "TEA-1", "warehouse": "NOPE",
      "min_quantity": 1}, 404), ({"sku": "TEA-1", "warehouse": "IST", "min_quantity": -1}, 422),
     ({"sku": "TEA-1", "warehouse": "IST", "min_quantity": "5"}, 422), ({"sku": "TEA-1", "warehouse": "IST"}, 422)],
)  # fmt: skip
def test_a_bad_rule_is_refused_as_a_problem_and_nothing_is_written(manager, warehouse, body, status):
    ProductFactory(sku="TEA-1")
    before = snapshot()
    assert_problem(manager.post("/inventory/setup/reorder-rules", body, key="bad"), status)
    assert snapshot() == before


def test_deleting_a_rule_answers_204_then_404(manager, warehouse):
    rule = ReorderRule.objects.create(product=ProductFactory(), warehouse=warehouse, min_quantity=1)
    assert manager.client.delete(f"/api/inventory/setup/reorder-rules/{rule.pk}").status_code == 204
    assert not ReorderRule.objects.exists()
    assert AuditLog.objects.filter(action="reorder_rule.deleted", source="api").count() == 1
    assert_problem(manager.client.delete(f"/api/inventory/setup/reorder-rules/{rule.pk}"), 404)
