import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.models import StockMove
from arkaofis.inventory.tests.factories import LocationFactory, receive


def test_the_openapi_document_and_the_docs_page_load(client):
    document = client.get("/api/openapi.json")
    assert document.status_code == 200
    schema = document.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/inventory/adjustments" in schema["paths"]
    assert {"BearerToken", "SessionCookie"} <= schema["components"]["securitySchemes"].keys()
    assert client.get("/api/docs").status_code == 200


@pytest.mark.django_db
def test_an_unexpected_error_is_a_bare_500_problem_that_leaks_nothing(monkeypatch, settings):
    settings.DEBUG = True  # even in development the client sees no internals

    def broken(**_):
        raise RuntimeError("db password is hunter2")

    monkeypatch.setattr("arkaofis.inventory.api.adjust_stock", broken)
    product, shelf = ProductFactory(), LocationFactory()
    response = as_role("warehouse").post(
        "/inventory/adjustments", {"sku": product.sku, "location": shelf.code, "delta": 1, "reason_code": "found"}
    )
    problem = assert_problem(response, 500, "internal-error")
    assert "hunter2" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert problem["instance"] == "/api/inventory/adjustments"
    assert not StockMove.objects.filter(reason="adjustment").exists()
    assert not AuditLog.objects.filter(action="stock.adjusted").exists()


@pytest.mark.django_db
def test_validation_errors_name_each_bad_field():
    problem = assert_problem(
        as_role("warehouse").post("/inventory/transfers", {"quantity": 0}), 422, "validation-error"
    )
    fields = {tuple(error["loc"][-1:]) for error in problem["errors"]}
    assert {("sku",), ("quantity",), ("from_location",), ("to_location",)} <= fields


@pytest.mark.django_db
def test_an_errors_own_status_field_does_not_replace_the_http_status():
    """ReservationNotActive carries the reservation's own status apart from the problem's 409."""
    clerk = as_role("warehouse")
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 1)
    [held] = clerk.post("/inventory/reservations", {"sku": product.sku, "quantity": 1, "demand_ref": "DEM-1"}).json()[
        "reservations"
    ]
    clerk.post(f"/inventory/reservations/{held['id']}/release")
    problem = assert_problem(clerk.post(f"/inventory/reservations/{held['id']}/release"), 409)
    assert problem["reservation_status"] == "released"


def test_the_document_lists_problem_answers_and_the_idempotency_header(client):
    schema = client.get("/api/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "application/problem+json" in operation["responses"]["403"]["content"], (method, path)
            headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
            assert (method == "post") == ("Idempotency-Key" in headers), (method, path)


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_api_path_is_a_404_problem(client, method):
    response = getattr(client, method)("/api/inventory/no-such-thing/")
    assert_problem(response, 404, "unknown-endpoint")
