import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from arkaofis.catalog.models import Product
from arkaofis.catalog.tests.import_support import csv_bytes

pytestmark = pytest.mark.django_db


def test_import_command_prints_the_report(tmp_path, capsys):
    path = tmp_path / "products.csv"
    path.write_bytes(csv_bytes("A-1,One,,pcs,1,1,no,,,"))
    call_command("import_products", str(path))
    assert "1 created" in capsys.readouterr().out
    assert Product.objects.filter(sku="A-1").exists()


def test_import_command_fails_with_every_error_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "products.csv"
    path.write_bytes(csv_bytes("A-1,One,,pcs,abc,1,no,,,", "A-2,Two,123,pcs,1,1,no,,,"))
    with pytest.raises(CommandError, match="rejected, 2 error"):
        call_command("import_products", str(path))
    out = capsys.readouterr().out
    assert "line 2, sale_price" in out and "line 3, barcode" in out
    assert not Product.objects.exists()


def test_import_command_dry_run_writes_nothing(tmp_path, capsys):
    path = tmp_path / "products.csv"
    path.write_bytes(csv_bytes("A-1,One,,pcs,1,1,no,,,"))
    call_command("import_products", str(path), "--dry-run")
    assert "dry run: nothing written" in capsys.readouterr().out
    assert not Product.objects.exists()


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_products", "/nonexistent/products.csv")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_command_writes_a_file_that_imports_back(tmp_path, fmt, capsys):
    call_command("import_products", _write(tmp_path, csv_bytes("A-1,One,,pcs,1,1,no,,,")))
    target = tmp_path / f"export.{fmt}"
    call_command("export_products", "--format", fmt, "-o", str(target))
    call_command("import_products", str(target))
    assert "1 unchanged" in capsys.readouterr().out


def _write(tmp_path, content: bytes) -> str:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    return str(path)
