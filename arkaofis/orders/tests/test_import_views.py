"""The order import screen: upload, the row report of a rejected file, the result, the template."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arkaofis.core.tests.users import user_with_role
from arkaofis.orders.forms_import import MAX_UPLOAD_BYTES
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.tests.import_support import csv_bytes, stocked_products, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [["S-1", "TRY", "Ali", "TR", "5", "IMP-1", 2, "10"], ["S-2", "TRY", "Veli", "TR", "", "IMP-1", 1, "10"]]


@pytest.fixture
def manager(client):
    client.force_login(user_with_role("manager"))
    return client


def upload(client, content: bytes, name: str = "orders.csv", **data):
    return client.post(reverse("orders:import"), {"file": SimpleUploadedFile(name, content), **data})


@pytest.mark.parametrize("role", ["viewer", "warehouse", "accountant"])
def test_the_import_screen_and_template_are_refused_to_roles_that_cannot_add_orders(client, role):
    stocked_products(1)
    client.force_login(user_with_role(role))
    assert client.get(reverse("orders:import")).status_code == 403
    assert upload(client, csv_bytes(GOOD), reserve="on").status_code == 403
    assert client.get(reverse("orders:import_template", args=["csv"])).status_code == 403
    assert not SalesOrder.objects.exists()
    assert b"import-orders-link" not in client.get(reverse("orders:queue")).content


def test_the_queue_links_to_the_import_and_the_page_documents_every_column(manager):
    assert reverse("orders:import").encode() in manager.get(reverse("orders:queue")).content
    page = manager.get(reverse("orders:import")).content.decode()
    for column in ("order_id", "channel", "placed_at", "currency", "shipping_charge", "ship_country", "priority"):
        assert f"<code>{column}</code>" in page or column in page
    assert reverse("orders:import_template", args=["xlsx"]) in page


def test_a_good_file_imports_reserves_and_shows_the_counts(manager):
    stocked_products(1)
    response = upload(manager, csv_bytes(GOOD), reserve="on")
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.existing, report.reserved) == (2, 0, 2)
    assert b'data-kpi="reserved"' in response.content
    assert set(SalesOrder.objects.values_list("status", flat=True)) == {"reserved"}
    again = upload(manager, xlsx_bytes(GOOD), name="orders.xlsx")
    assert (again.context["report"].created, again.context["report"].existing) == (0, 2)


def test_a_rejected_file_lists_each_problem_by_line_and_column_and_writes_nothing(manager):
    stocked_products(1)
    bad = [*GOOD, ["S-3", "TRY", "", "XX", "", "NOPE", "two", "10"]]
    response = upload(manager, csv_bytes(bad), reserve="on")
    assert response.status_code == 422
    table = response.content.decode()
    assert 'id="import-errors"' in table and "unknown SKU NOPE" in table and "<code>ship_country</code>" in table
    assert {(e.line, e.column) for e in response.context["errors_shown"]} == {
        (4, "sku"),
        (4, "quantity"),
        (4, "ship_country"),
    }
    assert not SalesOrder.objects.exists()


def test_over_htmx_a_rejected_file_still_answers_200_so_the_report_is_swapped_in(manager):
    stocked_products(1)
    response = manager.post(
        reverse("orders:import"),
        {"file": SimpleUploadedFile("o.csv", csv_bytes([["S-9", "TRY", "", "", "", "NOPE", 1, 1]]))},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and b'id="import-result-slot"' in response.content
    assert b"unknown SKU NOPE" in response.content


def test_a_dry_run_writes_nothing_and_a_too_large_file_is_refused(manager):
    stocked_products(1)
    response = upload(manager, csv_bytes(GOOD), dry_run="on")
    assert response.context["report"].created == 2 and not SalesOrder.objects.exists()
    big = upload(manager, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert big.status_code == 422 and b"form-errors" in big.content


@pytest.mark.parametrize(("fmt", "starts"), [("csv", b"\xef\xbb\xbforder_id"), ("xlsx", b"PK")])
def test_the_template_downloads_in_both_formats(manager, fmt, starts):
    response = manager.get(reverse("orders:import_template", args=[fmt]))
    assert response.status_code == 200 and response.content.startswith(starts)
    assert manager.get(reverse("orders:import_template", args=["pdf"])).status_code == 404


def test_one_order_in_a_file_is_counted_in_the_singular(manager):
    stocked_products(1)
    page = upload(manager, csv_bytes(GOOD[:1]), reserve="on").content.decode()
    assert "1 order in the file: 1 new, 0 already there" in page
    assert "1 orders" not in page
