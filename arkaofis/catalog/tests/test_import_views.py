import json
from dataclasses import asdict

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from arkaofis.catalog.forms import MAX_UPLOAD_BYTES
from arkaofis.catalog.models import Product
from arkaofis.catalog.services.tables import RowError, told_reason
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.catalog.tests.import_support import csv_bytes, xlsx_bytes
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.users import user_with_role

pytestmark = pytest.mark.django_db

GOOD = csv_bytes("MUG-1,Mug,,pcs,45,20,no,,,", "TEA-1,Black tea,,pcs,120,60,no,,,")
# Line 3 has a price that is not a number, line 4 a kit made of a product that does not exist.
BAD = csv_bytes("MUG-1,Mug,,pcs,45,20,no,,,", "TEA-1,Black tea,,pcs,lots,60,no,,,", "KIT-1,Kit,,pcs,1,1,yes,NOPE:1,,")


@pytest.fixture
def manager(client):
    client.force_login(user_with_role("manager"))
    return client


def upload(client, content: bytes, name: str = "products.csv", **data):
    file = SimpleUploadedFile(name, content)
    return client.post(reverse("catalog:product_import"), {"file": file, **data})


@pytest.mark.parametrize("role", ["viewer", "warehouse", "accountant"])
def test_import_and_export_are_refused_to_roles_without_the_import_permission(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("catalog:product_import")).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert client.get(reverse("catalog:product_export", args=["csv"])).status_code == 403
    assert not Product.objects.exists()


def test_import_page_is_linked_from_the_products_list_and_the_menu_for_a_manager(manager):
    content = manager.get(reverse("catalog:product_list")).content.decode()
    assert content.count(f'href="{reverse("catalog:product_import")}"') == 2


def test_the_import_link_is_hidden_from_a_viewer(client):
    client.force_login(user_with_role("viewer"))
    assert reverse("catalog:product_import") not in client.get(reverse("catalog:product_list")).content.decode()


def test_a_good_file_imports_and_shows_the_counts(manager):
    response = upload(manager, GOOD)
    assert response.status_code == 200
    assert sorted(Product.objects.values_list("sku", flat=True)) == ["MUG-1", "TEA-1"]
    report = response.context["report"]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    content = response.content.decode()
    assert "products.csv imported." in content
    assert "2 created, 0 updated, 0 unchanged." in content
    assert AuditLog.objects.get(action="catalog.products_imported").data["via"] == "ui"


def test_an_xlsx_file_imports_too(manager):
    content = xlsx_bytes([["sku", "name", "sale_price"], ["MUG-1", "Mug", 45]])
    response = upload(manager, content, name="products.xlsx")
    assert response.status_code == 200
    assert Product.objects.get(sku="MUG-1").name == "Mug"


def test_a_dry_run_checks_the_file_and_writes_nothing(manager):
    ProductFactory(sku="MUG-1", name="Old mug")
    response = upload(manager, GOOD, dry_run="on")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run and (report.created, report.updated) == (1, 1)
    assert Product.objects.get().name == "Old mug"
    assert not AuditLog.objects.filter(action="catalog.products_imported").exists()
    assert "Nothing was written." in response.content.decode()


def test_a_bad_file_lists_every_problem_by_line_and_writes_nothing(manager):
    response = upload(manager, BAD)
    assert response.status_code == 422
    assert not Product.objects.exists()
    content = response.content.decode()
    assert "Nothing was imported." in content
    assert 'id="import-errors"' in content
    errors = response.context["errors_shown"]
    assert [(e.line, e.column) for e in errors] == [(3, "sale_price"), (4, "kit_components")]
    for error in errors:
        assert f'data-label="Line" class="num">{error.line}</td>' in content
        assert escape(error.reason) in content


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_reason(manager):
    response = upload(manager, b"\x00\x01\x02 binary junk", name="photo.jpg")
    assert response.status_code == 422
    assert response.context["report"].errors[0].line == 1
    assert "Nothing was imported." in response.content.decode()


def test_a_missing_file_is_a_form_error(manager):
    response = manager.post(reverse("catalog:product_import"), {})
    assert response.status_code == 422
    assert response.context["report"] is None
    assert 'id="form-errors"' in response.content.decode()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(manager, monkeypatch):
    monkeypatch.setattr("arkaofis.catalog.forms.MAX_UPLOAD_BYTES", len(GOOD) - 1)
    response = upload(manager, GOOD)
    assert response.status_code == 422
    assert response.context["report"] is None
    assert "the limit is" in response.content.decode()
    assert not Product.objects.exists()


def test_the_size_limit_is_ten_megabytes():
    assert MAX_UPLOAD_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("csv", "text/csv; charset=utf-8"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")],
)
def test_an_export_downloads_a_file_that_imports_back_unchanged(manager, fmt, content_type):
    upload(manager, GOOD)
    response = manager.get(reverse("catalog:product_export", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    stamp = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == f'attachment; filename="products-{stamp}.{fmt}"'
    again = upload(manager, response.content, name=f"products-{stamp}.{fmt}")
    report = again.context["report"]
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_an_unknown_export_format_is_not_found(manager):
    assert manager.get(reverse("catalog:product_export", args=["pdf"])).status_code == 404


def test_the_import_result_speaks_turkish(manager):
    manager.post(reverse("set_language"), {"language": "tr", "next": "/"})
    content = upload(manager, BAD).content.decode()
    assert "Ürünleri içe / dışa aktar" in content
    assert "Hiçbir şey içe aktarılmadı." in content
    assert 'data-label="Satır"' in content
    assert "2 oluşturuldu" in upload(manager, GOOD).content.decode()


def test_row_errors_are_told_in_turkish_and_read_back_from_a_stored_report(manager):
    manager.post(reverse("set_language"), {"language": "tr", "next": "/"})
    content = upload(manager, BAD).content.decode()
    assert escape("sayı değil: 'lots'") in content
    assert escape("bilinmeyen bileşen SKU'su: NOPE") in content
    assert "not a number" not in content
    stored = json.loads(json.dumps(asdict(RowError.of(3, "sale_price", "not a number: %(text)r", text="lots"))))
    with translation.override("tr"):
        assert told_reason(stored) == "sayı değil: 'lots'"
    assert stored["reason"] == "not a number: 'lots'"  # English for the API, the command line and logs
