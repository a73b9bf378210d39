from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.models import AuditLog, IdempotencyKey
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.models import Location, Quant, ReorderRule, Reservation, StockMove
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return as_role("warehouse")


@pytest.fixture
def stocked():
    """A product with 5 units on a shelf, and a second shelf in the same warehouse."""
    product, shelf = ProductFactory(sku="MUG/RED-1"), LocationFactory()
    other = LocationFactory(warehouse=shelf.warehouse)
    receive(product, shelf, 5)
    return product, shelf, other


def snapshot():
    """Every row an API write could add or change."""
    quants = Quant.objects.aggregate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    return (
        StockMove.objects.count(),
        Reservation.objects.filter(status="active").count(),
        AuditLog.objects.count(),
        IdempotencyKey.objects.count(),
        quants["on_hand"],
        quants["reserved"],
    )


def test_warehouses_and_locations_are_listed_with_their_tree(clerk):
    warehouse = WarehouseFactory(code="IST")
    root = Location.objects.create(code="IST", name="Istanbul", warehouse=warehouse, kind="warehouse")
    zone = Location.objects.create(code="IST/A", name="A", warehouse=warehouse, kind="zone", parent=root)
    Location.objects.create(code="IST/A/01", name="01", warehouse=warehouse, kind="bin", parent=zone)
    assert "IST" in [w["code"] for w in clerk.get("/inventory/warehouses").json()]
    page = clerk.get("/inventory/locations", parent="IST/A").json()
    assert page["count"] == 1
    assert (page["items"][0]["code"], page["items"][0]["parent"], page["items"][0]["warehouse"]) == (
        "IST/A/01",
        "IST/A",
        "IST",
    )
    virtual = clerk.get("/inventory/locations", usage="customer").json()["items"]
    assert virtual and all(row["is_virtual"] for row in virtual)


def test_stock_levels_show_quants_and_availability_per_warehouse(clerk, stocked):
    product, shelf, _ = stocked
    body = clerk.get(f"/inventory/stock/{product.sku}").json()
    assert [(q["location"], q["on_hand"], q["available"]) for q in body["quants"]] == [(shelf.code, 5, 5)]
    assert {"warehouse": shelf.warehouse.code, "available": 5} in body["availability"]["warehouses"]
    assert body["availability"]["total"] == 5


def test_kit_availability_comes_from_components(clerk):
    bolt = ProductFactory()
    kit = KitComponentFactory(component=bolt, quantity=4).kit
    shelf = LocationFactory()
    receive(bolt, shelf, 10)
    assert clerk.get(f"/inventory/availability/{kit.sku}").json()["total"] == 2


def test_a_removal_below_the_threshold_shows_in_the_low_stock_list(clerk, stocked):
    product, shelf, _ = stocked
    ReorderRule.objects.create(product=product, warehouse=shelf.warehouse, min_quantity=3)
    assert clerk.get("/inventory/low-stock").json()["count"] == 0
    body = {"sku": product.sku, "location": shelf.code, "delta": -3, "reason_code": "lost"}
    assert clerk.post("/inventory/adjustments", body).status_code == 201
    [alert] = clerk.get("/inventory/low-stock", warehouse=shelf.warehouse.code).json()["items"]
    assert (alert["sku"], alert["available"], alert["threshold"]) == (product.sku, 2, 3)


def test_moves_filter_by_sku_location_and_date_and_page(clerk, stocked):
    product, shelf, other = stocked
    for _ in range(3):
        clerk.post(
            "/inventory/transfers",
            {"sku": product.sku, "quantity": 1, "from_location": shelf.code, "to_location": other.code},
        )
    ProductFactory()  # another product's moves stay out
    page = clerk.get("/inventory/moves", sku=product.sku, limit=2).json()
    assert (page["count"], len(page["items"])) == (4, 2)
    assert clerk.get("/inventory/moves", location=other.code).json()["count"] == 3
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    assert clerk.get("/inventory/moves", since=later).json()["count"] == 0


def test_adjustment_writes_one_move_and_an_audit_row_from_the_api(clerk, stocked):
    product, shelf, _ = stocked
    response = clerk.post(
        "/inventory/adjustments",
        {"sku": product.sku, "location": shelf.code, "delta": -2, "reason_code": "damaged", "note": "dropped"},
    )
    assert response.status_code == 201, response.content
    [move] = response.json()["moves"]
    assert (move["quantity"], move["from_location"], move["source"], move["user"]) == (
        2,
        shelf.code,
        "api",
        clerk.user.username,
    )
    audit = AuditLog.objects.get(action="stock.adjusted")
    assert (audit.source, audit.user) == ("api", clerk.user)
    assert Quant.objects.get(product=product, location=shelf).on_hand == 3


def test_transfer_moves_stock_between_shelves(clerk, stocked):
    product, shelf, other = stocked
    response = clerk.post(
        "/inventory/transfers",
        {
            "sku": product.sku,
            "quantity": 4,
            "from_location": shelf.code,
            "to_location": other.code,
            "reference": "TR-1",
        },
    )
    assert response.status_code == 201, response.content
    assert Quant.objects.get(product=product, location=other).on_hand == 4


def test_reserve_release_and_release_again(clerk, stocked):
    product, shelf, _ = stocked
    response = clerk.post(
        "/inventory/reservations",
        {"sku": product.sku, "quantity": 2, "demand_ref": "DEM-1", "warehouse": shelf.warehouse.code},
    )
    assert response.status_code == 201, response.content
    [held] = response.json()["reservations"]
    assert (held["quantity"], held["status"], held["location"]) == (2, "active", shelf.code)
    assert Reservation.objects.get(pk=held["id"]).source == "api"
    released = clerk.post(f"/inventory/reservations/{held['id']}/release")
    assert released.json()["status"] == "released"
    assert_problem(clerk.post(f"/inventory/reservations/{held['id']}/release"), 409, "reservation-not-active")


def test_release_demand_releases_every_line(clerk, stocked):
    product, _, _ = stocked
    for quantity in (1, 2):
        clerk.post("/inventory/reservations", {"sku": product.sku, "quantity": quantity, "demand_ref": "DEM-9"})
    body = clerk.post("/inventory/reservations/release-demand", {"demand_ref": "DEM-9"}).json()
    assert body == {"demand_ref": "DEM-9", "released": 3}
    assert clerk.get("/inventory/reservations", demand_ref="DEM-9", status="released").json()["count"] == 2


BAD_INPUT = [
    # (path, body with placeholders, status, problem code)
    (
        "/inventory/adjustments",
        {"sku": "NOPE", "location": "{shelf}", "delta": 1, "reason_code": "found"},
        404,
        "unknown-sku",
    ),
    (
        "/inventory/adjustments",
        {"sku": "{sku}", "location": "NOWHERE", "delta": 1, "reason_code": "found"},
        404,
        "unknown-location",
    ),
    (
        "/inventory/adjustments",
        {"sku": "{sku}", "location": "{shelf}", "delta": 0, "reason_code": "found"},
        422,
        "invalid-input",
    ),
    (
        "/inventory/adjustments",
        {"sku": "{sku}", "location": "{shelf}", "delta": -9, "reason_code": "lost"},
        409,
        "insufficient-stock",
    ),
    (
        "/inventory/adjustments",
        {"sku": "{sku}", "location": "{shelf}", "delta": 1, "reason_code": "damaged"},
        422,
        "invalid-input",
    ),
    (
        "/inventory/adjustments",
        {"sku": "{sku}", "location": "{shelf}", "delta": "3", "reason_code": "found"},
        422,
        "validation-error",
    ),
    (
        "/inventory/adjustments",
        {"sku": "{sku}", "location": "{shelf}", "delta": 1, "reason_code": "found", "lot": "L-404"},
        404,
        "not-found",
    ),
    (
        "/inventory/transfers",
        {"sku": "{sku}", "quantity": 0, "from_location": "{shelf}", "to_location": "{other}"},
        422,
        "validation-error",
    ),
    (
        "/inventory/transfers",
        {"sku": "{sku}", "quantity": -1, "from_location": "{shelf}", "to_location": "{other}"},
        422,
        "validation-error",
    ),
    (
        "/inventory/transfers",
        {"sku": "{sku}", "quantity": 1.5, "from_location": "{shelf}", "to_location": "{other}"},
        422,
        "validation-error",
    ),
    (
        "/inventory/transfers",
        {"sku": "{sku}", "quantity": 6, "from_location": "{shelf}", "to_location": "{other}"},
        409,
        "insufficient-stock",
    ),
    (
        "/inventory/transfers",
        {"sku": "{sku}", "quantity": 1, "from_location": "{shelf}", "to_location": "{customer}"},
        422,
        "forbidden-flow",
    ),
    (
        "/inventory/transfers",
        {"sku": "{sku}", "quantity": 1, "from_location": "{shelf}", "to_location": "{supplier}"},
        422,
        "forbidden-flow",
    ),
    (
        "/inventory/adjustments",
        {"sku": "{sku}", "location": "{customer}", "delta": 1, "reason_code": "found"},
        422,
        "invalid-input",
    ),
    (
        "/inventory/transfers",
        {"sku": "{sku}", "quantity": 1, "from_location": "{shelf}", "to_location": "GONE"},
        404,
        "unknown-location",
    ),
    (
        "/inventory/transfers",
        {"sku": "{sku}", "quantity": 1, "from_location": "{shelf}", "to_location": "{shelf}"},
        422,
        None,
    ),
    ("/inventory/reservations", {"sku": "{sku}", "quantity": 6, "demand_ref": "DEM-1"}, 409, "insufficient-stock"),
    ("/inventory/reservations", {"sku": "{sku}", "quantity": 0, "demand_ref": "DEM-1"}, 422, "validation-error"),
    ("/inventory/reservations", {"sku": "NOPE", "quantity": 1, "demand_ref": "DEM-1"}, 404, "unknown-sku"),
    (
        "/inventory/reservations",
        {"sku": "{sku}", "quantity": 1, "demand_ref": "DEM-1", "warehouse": "XX"},
        404,
        "unknown-warehouse",
    ),
    ("/inventory/reservations", {"sku": "{sku}", "quantity": 1, "demand_ref": "bad\u0000ref"}, 422, "validation-error"),
    ("/inventory/reservations", {"sku": "{sku}", "quantity": 1}, 422, "validation-error"),
    ("/inventory/reservations", "{not json", 400, "bad-request"),
    ("/inventory/reservations/999999/release", {}, 404, "not-found"),
]


@pytest.mark.parametrize(("path", "body", "status", "code"), BAD_INPUT)
def test_bad_input_gets_a_problem_and_writes_nothing(clerk, stocked, path, body, status, code):
    product, shelf, other = stocked
    names = {
        "{sku}": product.sku,
        "{shelf}": shelf.code,
        "{other}": other.code,
        "{customer}": virtual_location("customer").code,
        "{supplier}": virtual_location("supplier").code,
    }
    if isinstance(body, dict):
        body = {k: names.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    before = snapshot()
    problem = assert_problem(clerk.post(path, body, key="k-1"), status, code)
    assert snapshot() == before
    if code == "insufficient-stock":
        assert problem["available"] == 5
    if code == "validation-error":
        assert problem["errors"] and "loc" in problem["errors"][0]
