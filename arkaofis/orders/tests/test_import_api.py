"""POST /api/orders/import (multipart) and GET /api/orders/import/template."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.tests.import_support import csv_bytes, stocked_products

pytestmark = pytest.mark.django_db

GOOD = [["A-1", "TRY", "Ali", "TR", "5", "IMP-1", 2, "10"], ["A-1", "", "", "", "", "IMP-1", 1, "10"]]


def _upload(client, content: bytes, name: str = "orders.csv", key: str | None = None, **form):
    headers = {"Idempotency-Key": key} if key else {}
    return client.client.post(
        "/api/orders/import", {"file": SimpleUploadedFile(name, content), **form}, headers=headers
    )


def test_a_good_file_creates_and_reserves_its_orders_and_a_second_upload_finds_them_there():
    stocked_products(1)
    manager = as_role("manager")
    response = _upload(manager, csv_bytes(GOOD))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["ok"], body["orders"], body["created"], body["existing"], body["reserved"]) == (True, 1, 1, 0, 1)
    again = _upload(manager, csv_bytes(GOOD), reserve="false").json()
    assert (again["created"], again["existing"], again["reserve"]) == (0, 1, False)
    assert SalesOrder.objects.get().status == "reserved"


def test_a_rejected_file_is_a_problem_listing_every_bad_cell_and_writes_nothing():
    stocked_products(1)
    bad = [["B-1", "TRY", "", "", "", "NOPE", 1, "1"], ["B-2", "XXX", "", "", "", "IMP-1", 0, "1"]]
    problem = assert_problem(_upload(as_role("manager"), csv_bytes(bad)), 422, "import-rejected")
    assert {(e["line"], e["column"]) for e in problem["errors"]} == {(2, "sku"), (3, "currency"), (3, "quantity")}
    assert not SalesOrder.objects.exists()


def test_a_dry_run_writes_nothing_and_the_same_key_replays_the_answer():
    stocked_products(1)
    manager = as_role("manager")
    dry = _upload(manager, csv_bytes(GOOD), dry_run="true").json()
    assert (dry["dry_run"], dry["created"]) == (True, 1) and not SalesOrder.objects.exists()
    first = _upload(manager, csv_bytes(GOOD), key="orders-file-1")
    replay = _upload(manager, csv_bytes(GOOD), key="orders-file-1")
    assert (replay.content, replay["Idempotent-Replayed"]) == (first.content, "true")
    assert SalesOrder.objects.count() == 1


def test_importing_and_the_template_need_the_add_order_permission():
    stocked_products(1)
    for role in ("warehouse", "viewer"):
        client = as_role(role)
        assert_problem(_upload(client, csv_bytes(GOOD)), 403)
        assert_problem(client.client.get("/api/orders/import/template"), 403)
    assert not SalesOrder.objects.exists()


@pytest.mark.parametrize(("fmt", "starts"), [("csv", b"\xef\xbb\xbforder_id,channel"), ("xlsx", b"PK")])
def test_the_template_downloads_as_csv_or_xlsx(fmt, starts):
    response = as_role("manager").client.get("/api/orders/import/template", {"format": fmt})
    assert response.status_code == 200 and response.content.startswith(starts)
    assert f"orders-template.{fmt}" in response["Content-Disposition"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes_as_a_file_never_crash_and_never_write(content):
    response = _upload(as_role("manager"), content)
    assert response.status_code in (200, 422), response.content
    assert not SalesOrder.objects.exists()
