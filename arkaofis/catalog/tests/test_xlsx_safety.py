"""A broken or hostile workbook is a clear import error everywhere (API, screen, command), never a
500, and writes nothing: truncated sheet XML, entity expansion, external entities."""

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from arkaofis.catalog.models import Product
from arkaofis.catalog.tests.import_support import hostile_xlsx, run_import, xlsx_bytes
from arkaofis.core.models import AuditLog
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.core.tests.users import user_with_role

pytestmark = pytest.mark.django_db

KINDS = ["truncated_sheet", "truncated_after_header", "truncated_workbook", "billion_laughs", "external_entity"]
PRODUCTS = [["sku", "name"], ["NEW-1", "One"], ["NEW-2", "Two"]]


def test_openpyxl_parses_workbooks_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_workbook_is_one_clear_error_and_writes_nothing(kind):
    report = run_import(hostile_xlsx(PRODUCTS, kind), file_name="products.xlsx")
    assert not report.ok
    [error] = report.errors
    assert "XLSX" in error.reason and "root:" not in error.reason
    assert not Product.objects.exists() and not AuditLog.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_the_product_import_api_answers_a_hostile_workbook_with_a_422_problem(kind):
    upload = SimpleUploadedFile("products.xlsx", hostile_xlsx(PRODUCTS, kind))
    response = as_role("manager").client.post("/api/catalog/products/import", {"file": upload})
    problem = assert_problem(response, 422, "import-rejected")
    assert "XLSX" in problem["errors"][0]["reason"]
    assert not Product.objects.exists()


def test_the_import_screen_shows_the_error_of_a_hostile_workbook(client):
    client.force_login(user_with_role("manager"))
    upload = SimpleUploadedFile("products.xlsx", hostile_xlsx(PRODUCTS, "billion_laughs"))
    response = client.post(reverse("catalog:product_import"), {"file": upload})
    assert response.status_code == 422  # the form's answer to a rejected file
    assert "not a readable XLSX workbook" in response.content.decode()
    assert not Product.objects.exists()


def test_the_import_command_fails_on_a_hostile_workbook(tmp_path, capsys):
    path = tmp_path / "products.xlsx"
    path.write_bytes(hostile_xlsx(PRODUCTS, "truncated_sheet"))
    with pytest.raises(CommandError):
        call_command("import_products", str(path))
    assert "not a readable XLSX workbook" in capsys.readouterr().out
    assert not Product.objects.exists()


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read():
    """A zip bomb: the central directory says what each part unpacks to; 300 MB is refused unread."""
    content = bytearray(xlsx_bytes(PRODUCTS))
    entry = content.index(b"PK\x01\x02")  # the first part's central directory entry
    content[entry + 24 : entry + 28] = (300 * 2**20).to_bytes(4, "little")  # its uncompressed size
    report = run_import(bytes(content), file_name="bomb.xlsx")
    assert [error.reason for error in report.errors] == ["the workbook unpacks to more than 256 MB: split it"]
    assert not Product.objects.exists()
