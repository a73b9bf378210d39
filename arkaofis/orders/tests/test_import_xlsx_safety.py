"""A broken or hostile order workbook is a 422 problem on the API and a failing command, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from arkaofis.catalog.tests.import_support import hostile_xlsx
from arkaofis.core.tests.api_support import as_role, assert_problem
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.tests.import_support import HEADER, stocked_products

pytestmark = pytest.mark.django_db

ORDERS = [list(HEADER), ["X-1", "TRY", "Ali", "TR", "5", "IMP-1", 2, "10"]]
KINDS = ["truncated_sheet", "truncated_after_header", "truncated_workbook", "billion_laughs", "external_entity"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_order_import_api_answers_a_hostile_workbook_with_a_422_problem(kind):
    stocked_products(1)
    upload = SimpleUploadedFile("orders.xlsx", hostile_xlsx(ORDERS, kind))
    response = as_role("manager").client.post("/api/orders/import", {"file": upload})
    problem = assert_problem(response, 422, "import-rejected")
    assert "XLSX" in problem["errors"][0]["reason"]
    assert not SalesOrder.objects.exists()


def test_the_order_import_command_fails_on_a_hostile_workbook(tmp_path, capsys):
    stocked_products(1)
    path = tmp_path / "orders.xlsx"
    path.write_bytes(hostile_xlsx(ORDERS, "external_entity"))
    with pytest.raises(CommandError):
        call_command("import_orders", str(path))
    assert "not a readable XLSX workbook" in capsys.readouterr().out
    assert not SalesOrder.objects.exists()
