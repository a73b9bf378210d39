"""Random input never gets a 500: every answer is a success or a 4xx problem+json, and a refused
write changes nothing.

A light stand-in for schema-driven fuzzing: values of every JSON type (with NULs, control
characters, huge numbers, odd unicode) in every field of every write, and in the query and path of
every read; any method, unknown hosts, charsets other than UTF-8, bodies over the upload limit,
broken and hostile workbooks, quantities that add up past the columns; and values drawn from the
OpenAPI document itself, which must say exactly what validation accepts.
"""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arkaofis.api import api
from arkaofis.catalog.models import Product
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.catalog.tests.import_support import hostile_xlsx
from arkaofis.core.tests.api_support import PROBLEM, as_role
from arkaofis.core.tests.schema_strategies import allowed, objects, refused, resolve
from arkaofis.inventory.models import Location, Quant, ReorderRule, Reservation, StockMove, Warehouse
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.models import SalesOrder

FIELDS = {
    "/inventory/adjustments": ["sku", "location", "delta", "reason_code", "lot", "note"],
    "/inventory/transfers": ["sku", "quantity", "from_location", "to_location", "lot", "reference"],
    "/inventory/reservations": ["sku", "quantity", "demand_ref", "warehouse"],
    "/inventory/reservations/release-demand": ["demand_ref"],
    "/catalog/products": ["sku", "name", "barcode", "uom", "sale_price", "currency", "components", "tracking"],
    "/inventory/setup/warehouses": ["code", "name", "country", "postal_code"],
    "/inventory/setup/locations": ["parent", "code", "name"],
    "/inventory/setup/locations/BIN-1/negative-policy": ["allow_negative"],
    "/inventory/setup/reorder-rules": ["sku", "warehouse", "min_quantity", "reorder_quantity"],
    "/orders": ["external_id", "currency", "lines", "shipping", "shipping_charge", "payment_status", "tags"],
    "/orders/bulk": ["orders"],
    "/orders/import": ["file", "reserve", "dry_run"],  # multipart; JSON bodies must still get a clean 4xx
    "/orders/SO-000001/edit": ["lines", "remove", "add", "shipping", "shipping_method", "shipping_charge", "tags"],
    "/fulfilment/shipments/SH-000001/ship": ["carrier", "tracking_number"],
    "/returns": ["order", "reason", "lines", "warehouse"],
    "/returns/RMA-000001/receive": ["lines"],
    "/returns/RMA-000001/inspect": ["lines"],
    "/webhook-subscriptions": ["name", "url", "topics", "secret"],
    "/webhook-subscriptions/1": ["url", "topics", "active"],
}
READS = [
    "/inventory/moves", "/inventory/locations", "/inventory/low-stock", "/inventory/reservations", "/catalog/products",
    "/inventory/stock/{}", "/inventory/availability/{}", "/catalog/products/{}", "/inventory/setup/reorder-rules",
    "/webhook-subscriptions",
    "/orders", "/orders/{}", "/fulfilment/shipments", "/fulfilment/shipments/{}",
    "/returns", "/returns/{}",
]  # fmt: skip
QUERY_NAMES = ["sku", "location", "since", "until", "limit", "offset", "q", "warehouse", "usage", "status",
               "is_kit", "active", "parent", "demand_ref", "category", "channel", "on_hold", "placed_from",
               "placed_to", "at"]  # fmt: skip

odd_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.sampled_from(
    ["", "\x00", "a\x00b", "SKU-1", "BIN-1", "found", "damaged", "../../etc", "%00", "9" * 40, "🦆" * 70,
     "SKU\x01", "BIN-1\t", "12345", "-1", "2026-02-30", "=HYPERLINK(\"x\")", "2026-12-07T10:00:00Z"]
)  # fmt: skip
scalars = (
    odd_text
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, 1, -1, 2**31, 2**63, 1.5, -0.0, 1e308, True, False, None])
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
                      max_leaves=6)  # fmt: skip


@pytest.fixture
def world(db):
    product, shelf = ProductFactory(sku="SKU-1"), LocationFactory(code="BIN-1")
    receive(product, shelf, 50)
    return as_role("admin")


def assert_clean(response):
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response["Content-Type"].startswith(PROBLEM), (response.status_code, response.content[:200])
        json.loads(response.content)


def rows_written():
    """What a refused request must not change."""
    tables = (StockMove, Quant, Reservation, Product, SalesOrder, Warehouse, Location, ReorderRule)
    return tuple(model.objects.count() for model in tables), sorted(Quant.objects.values_list("pk", "on_hand"))


def assert_refused_cleanly(response, before):
    assert_clean(response)
    if response.status_code >= 400:
        assert rows_written() == before, response.content[:300]


HOSTILE = ["truncated_sheet", "truncated_after_header", "truncated_workbook", "billion_laughs", "external_entity"]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_random_writes_never_crash(world, data):
    path = data.draw(st.sampled_from(sorted(FIELDS)))
    body = data.draw(st.fixed_dictionaries({}, optional={name: values for name in FIELDS[path]}))
    before = rows_written()
    assert_refused_cleanly(world.post(path, body, key=data.draw(st.none() | st.text(max_size=20))), before)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_any_method_host_charset_or_size_is_answered_with_a_problem(world, data, settings):
    """405, unknown hosts, non-UTF-8 charsets and bodies over the limit: problem+json, nothing written."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    path = "/api" + data.draw(st.sampled_from(sorted(FIELDS) + [r.replace("{}", "SKU-1") for r in READS]))
    method = data.draw(st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]))
    host = data.draw(st.sampled_from(["testserver", "evil.example", "testserver:99999", "[::1", "a b"]))
    charset = data.draw(st.sampled_from(["", "; charset=utf-8", "; charset=utf-16", "; charset=cp500", "; charset=x"]))
    body = json.dumps(data.draw(st.fixed_dictionaries({"note": st.sampled_from(["x", "x" * 3000])})))
    before = rows_written()
    response = world.client.generic(
        method, path, body.encode(), content_type="application/json" + charset, HTTP_HOST=host
    )
    assert_refused_cleanly(response, before)


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(HOSTILE), path=st.sampled_from(["/api/catalog/products/import", "/api/orders/import"]))
def test_broken_or_hostile_workbooks_are_refused_cleanly(world, kind, path):
    before = rows_written()
    content = hostile_xlsx([["sku", "name"], ["NEW-1", "One"]], kind)
    response = world.client.post(path, {"file": SimpleUploadedFile("file.xlsx", content)})
    assert response.status_code == 422
    assert_refused_cleanly(response, before)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deltas=st.lists(st.sampled_from([10**9, -(10**9), 2**31 - 1, 7]), min_size=1, max_size=5))
def test_quantities_that_add_up_past_the_columns_are_refused_cleanly(world, deltas):
    for delta in deltas:
        body = {"sku": "SKU-1", "location": "BIN-1", "delta": delta, "reason_code": "found" if delta > 0 else "lost"}
        before = rows_written()
        assert_refused_cleanly(world.post("/inventory/adjustments", body), before)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_random_reads_never_crash(world, data):
    path = data.draw(st.sampled_from(READS)).format(data.draw(odd_text.filter(lambda t: t and "/" not in t[:1])))
    query = data.draw(st.dictionaries(st.sampled_from(QUERY_NAMES), odd_text, max_size=4))
    assert_clean(world.client.get("/api" + path.replace("?", "%3F").replace("#", "%23"), query))


@pytest.mark.django_db
@FUZZ
@given(body=st.binary(max_size=200) | odd_text.map(str.encode))
def test_bytes_that_are_not_json_never_crash(world, body):
    response = world.client.post("/api/inventory/reservations", data=body, content_type="application/json")
    assert_clean(response)


# --- The document says what validation accepts --------------------------------------------------
# A request the OpenAPI document allows is never refused as malformed (`validation-error`): it is
# served or refused by a business rule with its own problem type (unknown SKU, not enough stock…).
# A value the document refuses is a `validation-error`.

DOCUMENT = api.get_openapi_schema(path_prefix="/api/")
PATH_VALUES = {"stop_id": "1", "sku": "SKU-1", "number": "SO-000001", "job_id": "1", "code": "BIN-1", "rule_id": "1",
               "reservation_id": "1", "subscription_id": "1", "task_id": "1"}  # fmt: skip
VALIDATION_ERROR = "/validation-error"


def _operations(method: str):
    for path, operations in DOCUMENT["paths"].items():
        if method in operations:
            yield path, operations[method]


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)


GETS = [(path, op) for path, op in _operations("get") if any(p["in"] == "query" for p in op.get("parameters", []))]
JSON_POSTS = [
    (path, op) for path, op in _operations("post") if "application/json" in op.get("requestBody", {}).get("content", {})
]
QUERY_REFUSALS = [
    (path, p["name"], value)
    for path, op in GETS
    for p in op["parameters"]
    if p["in"] == "query"
    for value in refused(p["schema"], DOCUMENT)
]
BODY_REFUSALS = [
    (path, name, value)
    for path, op in JSON_POSTS
    for name, sub in resolve(op["requestBody"]["content"]["application/json"]["schema"], DOCUMENT)
    .get("properties", {})
    .items()
    for value in refused(sub, DOCUMENT)
]


def assert_not_malformed(response):
    assert_clean(response)
    if response.status_code == 422:
        assert not response.json()["type"].endswith(VALIDATION_ERROR), response.content


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_query_values_the_document_allows_are_never_malformed(world, data):
    path, operation = data.draw(st.sampled_from(GETS))
    query = [p for p in operation["parameters"] if p["in"] == "query"]
    required = {p["name"]: allowed(p["schema"], DOCUMENT) for p in query if p.get("required")}
    optional = {p["name"]: allowed(p["schema"], DOCUMENT) for p in query if not p.get("required")}
    params = data.draw(st.fixed_dictionaries(required, optional=optional))
    assert_not_malformed(world.client.get(_url(path), {k: str(v).lower() if isinstance(v, bool) else v
                                                        for k, v in params.items()}))  # fmt: skip


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_bodies_the_document_allows_are_never_malformed(world, data):
    path, operation = data.draw(st.sampled_from(JSON_POSTS))
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    body = data.draw(allowed(schema, DOCUMENT))
    assert_not_malformed(world.post(_url(path).removeprefix("/api"), body))


@pytest.mark.django_db
@FUZZ
@given(case=st.sampled_from(QUERY_REFUSALS))
def test_query_values_the_document_refuses_are_malformed(world, case):
    path, name, value = case
    response = world.client.get(_url(path), {name: value})
    assert response.status_code == 422 and response.json()["type"].endswith(VALIDATION_ERROR), response.content


@pytest.mark.django_db
@FUZZ
@given(case=st.sampled_from(BODY_REFUSALS), data=st.data())
def test_body_values_the_document_refuses_are_malformed(world, case, data):
    path, name, value = case
    operation = DOCUMENT["paths"][path]["post"]
    schema = resolve(operation["requestBody"]["content"]["application/json"]["schema"], DOCUMENT)
    body = {**data.draw(objects(schema, DOCUMENT)), name: value}
    response = world.post(_url(path).removeprefix("/api"), body)
    assert response.status_code == 422 and response.json()["type"].endswith(VALIDATION_ERROR), response.content
