"""A bad file is rejected whole: every bad cell is reported with its line and column, and
nothing is written."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arkaofis.catalog.models import Product
from arkaofis.catalog.tests.factories import ProductFactory, make_ean13
from arkaofis.catalog.tests.import_support import csv_bytes, errors_of, run_import, xlsx_bytes
from arkaofis.core.models import AuditLog
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db

EAN_A, EAN_B = make_ean13(901), make_ean13(902)


def assert_rejected(report, expected: set[tuple[int, str]]):
    assert not report.ok
    assert errors_of(report) == expected, [str(e) for e in report.errors]
    assert report.created == report.updated == 0
    assert not Product.objects.filter(sku__startswith="NEW").exists()
    assert not AuditLog.objects.filter(action="catalog.products_imported").exists()


def test_every_bad_cell_is_reported_and_nothing_is_written():
    bad_check_digit = EAN_A[:-1] + str((int(EAN_A[-1]) + 1) % 10)
    content = csv_bytes(
        "NEW-1,Good row,,pcs,1,1,no,,,",
        f"NEW-2,Bad barcode,{bad_check_digit},pcs,1,1,no,,,",
        "NEW-3,Bad price,,pcs,abc,1,no,,,",
        "NEW-4,Negative cost,,pcs,1,-5,no,,,",
        "NEW-5,Unknown unit,,kgs,1,1,no,,,",
        "bad sku,Space in SKU,,pcs,1,1,no,,,",
        "NEW-7,,,pcs,1,1,no,,,",
        "NEW-8,Bad flag,,pcs,1,1,maybe,,,",
        "NEW-9,Bad options,,pcs,1,1,no,,,Size",
        "NEW-10,Too precise,,pcs,1.23456,1,no,,,",
    )
    assert_rejected(
        run_import(content),
        {
            (3, "barcode"), (4, "sale_price"), (5, "standard_cost"), (6, "uom"), (7, "sku"), (8, "name"),
            (9, "is_kit"), (10, "options"), (11, "sale_price"),
        },
    )  # fmt: skip


def test_duplicate_sku_and_barcode_in_the_file_point_at_the_first_line():
    report = run_import(
        csv_bytes(f"NEW-1,One,{EAN_A}", "NEW-1,Again,", f"NEW-3,Three,{EAN_A}", header="sku,name,barcode")
    )
    assert_rejected(report, {(3, "sku"), (4, "barcode")})
    assert "line 2" in report.errors[0].reason


def test_barcode_of_another_product_is_refused():
    ProductFactory(sku="OLD-1", barcode=EAN_A)
    report = run_import(csv_bytes(f"NEW-1,One,{EAN_A}", header="sku,name,barcode"))
    assert_rejected(report, {(2, "barcode")})
    assert "OLD-1" in report.errors[0].reason


def test_unknown_kit_component_and_kit_without_components_are_refused():
    report = run_import(
        csv_bytes(
            "NEW-1,Kit,,pcs,1,1,yes,NOPE:1,,", "NEW-2,Empty kit,,pcs,1,1,yes,,,", "NEW-3,Not kit,,pcs,1,1,no,NEW-1:1,,"
        )
    )
    assert_rejected(report, {(2, "kit_components"), (3, "kit_components"), (4, "kit_components")})


def test_components_may_appear_later_in_the_file():
    report = run_import(csv_bytes("NEW-K,Kit,,pcs,1,1,yes,NEW-C:2,,", "NEW-C,Part,,pcs,1,1,no,,,"))
    assert report.ok, report.errors


def test_kit_cycles_are_refused():
    report = run_import(
        csv_bytes(
            "NEW-A,A,,pcs,1,1,yes,NEW-B:1,,", "NEW-B,B,,pcs,1,1,yes,NEW-A:1,,", "NEW-S,Self,,pcs,1,1,yes,NEW-S:1,,"
        )
    )
    assert_rejected(report, {(2, "kit_components"), (3, "kit_components"), (4, "kit_components")})
    assert "cycle" in report.errors[0].reason


def test_kit_cycle_through_a_stored_kit_is_refused():
    run_import(csv_bytes("P-1,Part,,pcs,1,1,no,,,", "K-1,Kit,,pcs,1,1,yes,P-1:1,,"))
    report = run_import(csv_bytes("P-1,Part,,pcs,1,1,yes,K-1:1,,"))
    assert errors_of(report) == {(2, "kit_components")}


def test_unit_of_a_product_with_stock_cannot_change():
    product = ProductFactory(sku="OLD-1")
    receive(product, LocationFactory(), 5)
    report = run_import(csv_bytes("OLD-1,Same,g", header="sku,name,uom"))
    assert errors_of(report) == {(2, "uom")}
    assert Product.objects.get(sku="OLD-1").uom.code == "pcs"


@pytest.mark.parametrize(
    ("content", "file_name"),
    [
        (b"", "empty.csv"),
        (b"   \n\n", "blank.csv"),
        (bytes(range(256)) * 8, "garbage.csv"),
        (b"PK\x03\x04 definitely not a zip", "broken.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "old.xls"),
        (b"not a workbook", "renamed.xlsx"),
    ],
)
def test_unreadable_files_get_one_clear_error(content, file_name):
    report = run_import(content, file_name=file_name)
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(1, "")]
    assert report.errors[0].reason


def test_missing_unknown_and_repeated_columns_are_reported_on_line_1():
    report = run_import(csv_bytes("A-1,x,y,z", header="sku,colour,barcode,barcode"))
    assert errors_of(report) == {(1, "colour"), (1, "barcode"), (1, "name")}


def test_header_without_rows_is_refused():
    report = run_import(csv_bytes(header="sku,name"))
    assert errors_of(report) == {(2, "")}


def test_xlsx_errors_use_the_spreadsheet_row_numbers():
    rows = [["sku", "name", "barcode"], ["NEW-1", "One", EAN_A], [None, None, None], ["NEW-3", "Three", "123"]]
    report = run_import(xlsx_bytes(rows), file_name="p.xlsx")
    assert_rejected(report, {(4, "barcode")})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda text: ("sku,name,barcode,sale_price,kit_components\n" + text).encode()),
    ),
    file_name=st.sampled_from(["p.csv", "p.xlsx", "p.txt"]),
)
def test_random_input_never_raises_and_never_writes_a_rejected_file(content, file_name):
    before = (Product.objects.count(), AuditLog.objects.count())
    report = run_import(content, file_name=file_name)
    if not report.ok:
        assert report.errors and all(error.line >= 1 for error in report.errors)
        assert (Product.objects.count(), AuditLog.objects.count()) == before
