import time

import pytest

from arkaofis.catalog.models import KitComponent, Product
from arkaofis.catalog.services.exporting import export_products
from arkaofis.catalog.tests.factories import make_ean13
from arkaofis.catalog.tests.import_support import csv_bytes, run_import

pytestmark = pytest.mark.django_db

CATALOG = csv_bytes(
    f"TSH-M-RED,Tişört M kırmızı,{make_ean13(1)},pcs,199.90,80.125,no,,Basic T-shirt,Size=M;Colour=Red",
    f'TSH-L-RED,"T-shirt, L, red",{make_ean13(2)},pcs,199.9,80,no,,Basic T-shirt,Size=L;Colour=Red',
    "BEANS,Coffee beans,,g,0.45,0.2,no,,,",
    "GIFT,Gift set,,pcs,349,150,yes,TSH-M-RED:2;BEANS:250,,",
)


def snapshot():
    products = {
        p.sku: (p.name, p.barcode, p.uom.code, p.sale_price, p.standard_cost, p.is_kit, p.options, p.active)
        for p in Product.objects.select_related("uom")
    }
    bills = set(KitComponent.objects.values_list("kit__sku", "component__sku", "quantity"))
    return products, bills


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(fmt):
    assert run_import(CATALOG).ok
    before = snapshot()
    exported = export_products(fmt=fmt)
    report = run_import(exported, file_name=f"export.{fmt}")
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert snapshot() == before
    assert export_products(fmt=fmt) == exported or fmt == "xlsx"  # xlsx embeds a timestamp


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_recreates_the_catalog_in_an_empty_database(fmt):
    assert run_import(CATALOG).ok
    before = snapshot()
    exported = export_products(fmt=fmt)
    KitComponent.objects.all().delete()
    Product.objects.all().delete()
    report = run_import(exported, file_name=f"export.{fmt}")
    assert report.ok, report.errors
    assert report.created == 4
    assert snapshot() == before


def test_csv_export_is_excel_friendly_utf8_with_the_import_columns():
    assert run_import(CATALOG).ok
    text = export_products(fmt="csv").decode("utf-8")
    assert text.startswith("\ufeffsku,name,barcode,uom,category,description,sale_price,standard_cost,currency")
    assert "Tişört M kırmızı" in text
    assert "BEANS:250;TSH-M-RED:2" in text
    assert ",199.90," in text and ",80.125," in text


def test_ten_thousand_rows_import_in_seconds():
    lines = [
        f"BULK-{n:05d},Product {n},{make_ean13(100_000 + n)},pcs,{n % 500}.90,{n % 300}.5,no,,," for n in range(10_000)
    ]
    content = csv_bytes(*lines)
    started = time.perf_counter()
    report = run_import(content)
    created_in = time.perf_counter() - started
    assert report.ok and report.created == 10_000
    started = time.perf_counter()
    again = run_import(content)
    unchanged_in = time.perf_counter() - started
    assert again.unchanged == 10_000
    print(f"10k rows: create {created_in:.2f}s, re-import {unchanged_in:.2f}s")
    assert created_in < 20 and unchanged_in < 20
