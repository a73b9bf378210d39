"""Requests Django refuses before a route runs still get a problem+json answer on /api/, and write nothing."""

import json

import pytest
from django.test import Client

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import AuditLog, IdempotencyKey
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.inventory.models import Location, StockMove
from arkaofis.inventory.services.locations import create_child_location, create_warehouse
from arkaofis.inventory.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def test_a_json_body_over_the_upload_limit_is_a_413_problem_and_writes_nothing(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    product, shelf = ProductFactory(), LocationFactory()
    body = {"sku": product.sku, "location": shelf.code, "delta": 1, "reason_code": "found", "note": "x" * 2000}
    problem = assert_problem(as_role("warehouse").post("/inventory/adjustments", body, key="k1"), 413)
    assert problem["type"].endswith("/request-too-large") and problem["limit"] == 1000
    assert not StockMove.objects.exists() and not AuditLog.objects.filter(action="stock.adjusted").exists()
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_a_method_an_api_path_does_not_take_is_a_405_problem_that_says_what_it_takes(method):
    response = getattr(as_role("warehouse").client, method)("/api/inventory/adjustments")
    problem = assert_problem(response, 405, "method-not-allowed")
    assert response["Allow"] == "POST" and "POST" in problem["detail"]


def test_an_unknown_host_is_a_400_problem_on_the_api_and_a_page_on_the_screens():
    problem = assert_problem(Client().get("/api/orders", HTTP_HOST="evil.example"), 400, "unknown-host")
    assert "evil.example" not in problem["detail"]
    page = Client().get("/orders/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_a_problem_is_in_the_language_the_client_asks_for():
    response = Client().get("/api/orders", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="tr")
    assert assert_problem(response, 400)["title"] == "Hatalı istek"


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "cp500", "latin-1", "no-such-charset"])
def test_a_request_in_a_charset_other_than_utf8_is_refused_not_misread(charset):
    """Django would decode `?sku=…` with the declared charset: the filter would be dropped and
    every move listed. The request is refused instead."""
    clerk = as_role("admin")
    response = clerk.client.get(
        "/api/inventory/moves", {"sku": "NO-SUCH"}, headers={"Content-Type": f"application/json; charset={charset}"}
    )
    assert_problem(response, 415, "unsupported-charset")
    body = json.dumps({"code": "W9", "name": "Nine"}).encode()
    write = clerk.client.generic(
        "POST", "/api/inventory/setup/warehouses", body, content_type=f"application/json; charset={charset}"
    )
    assert_problem(write, 415)
    assert not AuditLog.objects.filter(action="warehouse.created").exists()


@pytest.mark.parametrize("charset", ["utf-8", "UTF8", "us-ascii"])
def test_a_request_in_utf8_or_ascii_is_read(charset):
    response = as_role("admin").client.get(
        "/api/inventory/moves", {"sku": "NO-SUCH"}, headers={"Content-Type": f"application/json; charset={charset}"}
    )
    assert_problem(response, 404)  # the SKU was read, and is unknown


def test_a_query_string_that_is_not_utf8_is_refused():
    clerk = as_role("admin")
    assert_problem(clerk.client.get("/api/inventory/moves?sku=%FF%FE"), 400, "bad-query-encoding")
    assert_problem(clerk.client.get("/api/inventory/moves?sku=%C5%9F"), 404)  # "ş" in UTF-8: read, unknown SKU


@pytest.mark.parametrize(
    ("path", "name"),
    [("/inventory/moves", "since"), ("/inventory/moves", "until"), ("/orders", "placed_from"),
     ("/inventory/valuation", "at")],
)  # fmt: skip
@pytest.mark.parametrize("value", ["12345", "1e9", "-1", "2026-02-30", "2026-13-01", "07.12.2026"])
def test_a_date_query_parameter_takes_an_iso_date_not_a_bare_number(path, name, value):
    problem = assert_problem(as_role("admin").get(path, **{name: value}), 422, "validation-error")
    assert problem["errors"][0]["loc"][-1] == name


@pytest.mark.parametrize(
    "value", ["2026-12-07", "2026-12-07T10:00", "2026-12-07T10:00:00Z", "2024-02-29T23:59:59+03:00"]
)
def test_an_iso_date_query_parameter_is_read(value):
    admin = as_role("admin")
    assert admin.get("/inventory/moves", since=value).status_code == 200
    assert admin.get("/orders", placed_from=value[:10]).status_code == 200


@pytest.mark.parametrize("code", ["W\x01", "W\t1", "W\x7f", "W\x85", "W\n"])
def test_control_characters_in_codes_are_refused_and_nothing_is_written(code):
    admin = as_role("admin")
    assert_problem(admin.post("/inventory/setup/warehouses", {"code": code, "name": "N"}), 422)
    shelf = LocationFactory(code="IST")
    assert_problem(admin.post("/inventory/setup/locations", {"parent": shelf.code, "code": code}), 422)
    product = ProductFactory()
    adjust = {"sku": product.sku + code, "location": shelf.code, "delta": 1, "reason_code": "found"}
    assert_problem(admin.post("/inventory/adjustments", adjust), 422)
    assert_problem(admin.get("/inventory/locations", warehouse=code), 422)
    assert not AuditLog.objects.filter(action__in=["warehouse.created", "location.created"]).exists()
    assert not StockMove.objects.exists()


@pytest.mark.parametrize("code", ["W\x01", "W\t1", " W1", "W 1", "W/1", "W\u3000", ""])
def test_the_location_services_refuse_a_code_with_control_characters(code):
    with pytest.raises(InvalidInput):
        create_warehouse(code=code, name="N", user=None, source="ui")
    root = Location.objects.get(code=create_warehouse(code="IST", name="Istanbul", user=None, source="ui").code)
    with pytest.raises(InvalidInput):
        create_child_location(parent=root, code=code, user=None, source="ui")
    assert list(Location.objects.filter(warehouse__isnull=False).values_list("code", flat=True)) == ["IST"]


def test_the_document_lists_the_413_and_415_problems(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "415" in operation["responses"], (method, path)
            assert ("413" in operation["responses"]) == (method == "post"), (method, path)
