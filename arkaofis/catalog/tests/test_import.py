from decimal import Decimal

import pytest

from arkaofis.catalog.models import KitComponent, Product, ProductFamily
from arkaofis.catalog.tests.factories import ProductFactory, make_ean13
from arkaofis.catalog.tests.import_support import csv_bytes, run_import, xlsx_bytes
from arkaofis.core.models import AuditLog

pytestmark = pytest.mark.django_db

EAN_A, EAN_B, EAN_C = make_ean13(901), make_ean13(902), make_ean13(903)


def test_good_csv_creates_products_families_and_kits():
    content = csv_bytes(
        f"TSH-M-RED,T-shirt M red,{EAN_A},pcs,199.90,80,no,,Basic T-shirt,Size=M;Colour=Red",
        f'TSH-L-RED,T-shirt L red,{EAN_B},pcs,"199,90",80,no,,Basic T-shirt,Size=L;Colour=Red',
        "GIFT-1,Gift set,,pcs,349,150,yes,TSH-M-RED:2;COFFEE:1,,",
        "COFFEE,Türk kahvesi 100 g,,g,45.5,20,no,,,",
    )
    report = run_import(content)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    shirt = Product.objects.get(sku="TSH-L-RED")
    assert shirt.sale_price == Decimal("199.90")
    assert shirt.options == {"Size": "L", "Colour": "Red"}
    assert ProductFamily.objects.get(name="Basic T-shirt").option_names == ["Size", "Colour"]
    assert Product.objects.get(sku="COFFEE").uom.code == "g"
    bill = dict(KitComponent.objects.filter(kit__sku="GIFT-1").values_list("component__sku", "quantity"))
    assert bill == {"TSH-M-RED": 2, "COFFEE": 1}


def test_import_writes_one_audit_row_with_the_counts():
    run_import(csv_bytes("A-1,One,,pcs,1,1,no,,,", "A-2,Two,,pcs,1,1,no,,,"))
    audit = AuditLog.objects.get(action="catalog.products_imported")
    assert audit.source == "import"
    assert (audit.data["created"], audit.data["updated"], audit.data["rows"]) == (2, 0, 2)


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [True, False])
def test_semicolon_and_comma_files_with_or_without_bom_import(delimiter, bom):
    content = csv_bytes("A-1,Çay bardağı,,pcs,12,5,no,,,", delimiter=delimiter, bom=bom)
    report = run_import(content)
    assert report.ok, report.errors
    assert Product.objects.get(sku="A-1").name == "Çay bardağı"


def test_good_xlsx_imports_typed_cells():
    rows = [
        ["sku", "name", "barcode", "sale_price", "is_kit", "active"],
        ["X-1", "Mug", int(EAN_A), 79.9, False, True],
        [None, None, None, None, None, None],  # a blank row still counts as a line
        ["X-2", "Plate", EAN_B, "64,50", "no", "evet"],
    ]
    report = run_import(xlsx_bytes(rows), file_name="products.xlsx")
    assert report.ok, report.errors
    assert report.rows == 2
    mug = Product.objects.get(sku="X-1")
    assert (mug.barcode, mug.sale_price) == (EAN_A, Decimal("79.9"))
    assert Product.objects.get(sku="X-2").sale_price == Decimal("64.5")


def test_existing_sku_is_updated_and_same_file_twice_changes_nothing():
    ProductFactory(sku="A-1", name="Old name", barcode=None)
    content = csv_bytes("A-1,New name,,pcs,10,4,no,,,", "A-2,Two,,pcs,1,1,no,,,")
    first = run_import(content)
    assert (first.created, first.updated) == (1, 1)
    assert Product.objects.get(sku="A-1").name == "New name"
    second = run_import(content)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)


def test_column_left_out_keeps_the_existing_value():
    ProductFactory(sku="A-1", category="Kitchen", sale_price=Decimal("42"))
    report = run_import(csv_bytes("A-1,Renamed", header="sku,name"))
    assert report.ok, report.errors
    product = Product.objects.get(sku="A-1")
    assert (product.name, product.category, product.sale_price) == ("Renamed", "Kitchen", Decimal("42"))


def test_barcode_may_pass_to_another_product_in_the_same_file():
    ProductFactory(sku="A-1", barcode=EAN_A)
    ProductFactory(sku="A-2", barcode=EAN_B)
    report = run_import(csv_bytes(f"A-1,One,{EAN_B}", f"A-2,Two,{EAN_A}", header="sku,name,barcode"))
    assert report.ok, report.errors
    assert Product.objects.get(sku="A-1").barcode == EAN_B


def test_kit_components_replace_the_old_bill():
    report = run_import(csv_bytes("C-1,One,,pcs,1,1,no,,,", "C-2,Two,,pcs,1,1,no,,,", "K-1,Kit,,pcs,5,2,yes,C-1:1,,"))
    assert report.ok, report.errors
    report = run_import(csv_bytes("K-1,Kit,,pcs,5,2,yes,C-2:3,,"))
    assert report.ok, report.errors
    assert list(KitComponent.objects.filter(kit__sku="K-1").values_list("component__sku", "quantity")) == [("C-2", 3)]


def test_dry_run_reports_counts_and_writes_nothing():
    report = run_import(csv_bytes("A-1,One,,pcs,1,1,no,,,"), dry_run=True)
    assert report.ok and report.created == 1
    assert not Product.objects.exists()
