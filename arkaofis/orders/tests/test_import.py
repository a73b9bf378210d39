"""Order import: every row checked first (nothing written from a bad file), then orders received
once each through the intake, in batches, reserved by default."""

from decimal import Decimal

import pytest

from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.orders.models import SalesOrder, SalesOrderLine
from arkaofis.orders.services.importing import order_template
from arkaofis.orders.services.order_rows import COLUMNS
from arkaofis.orders.tests.factories import make_order
from arkaofis.orders.tests.import_support import (
    csv_bytes,
    errors_of,
    run_import,
    stocked_products,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

FULL = (
    "order_id", "channel", "placed_at", "currency", "customer_email", "payment_status", "shipping_charge",
    "ship_name", "ship_city", "ship_country", "tags", "priority", "notes", "sku", "quantity", "unit_price",
    "discount", "tax",
)  # fmt: skip


def _two_line_order() -> list[list[object]]:
    return [
        ["W-1", "web", "2026-11-20 14:30", "usd", "a@example.com", "paid", "7.50", "Ayşe", "İzmir", "tr",
         "vip; gift", "5", "ring first", "IMP-1", "2", "10.00", "1.00", "1.80"],
        ["W-1", "", "", "", "", "", "", "", "", "", "", "", "", "IMP-2", "1", "20.00", "", "2.00"],
    ]  # fmt: skip


def test_a_csv_file_creates_each_order_with_its_lines_address_and_totals_and_reserves_it():
    stocked_products(2)
    report = run_import(csv_bytes(_two_line_order(), header=FULL))
    assert report.ok, report.errors
    assert (report.rows, report.orders, report.created, report.existing, report.reserved) == (2, 1, 1, 0, 1)
    order = SalesOrder.objects.get()
    assert (order.channel, order.external_id, order.currency, order.status) == ("web", "W-1", "USD", "reserved")
    assert (order.payment_status, order.priority, order.tags, order.notes) == ("paid", 5, ["vip", "gift"], "ring first")
    assert order.placed_at.isoformat() == "2026-11-20T11:30:00+00:00"  # 14:30 in the shop's zone (Istanbul)
    assert (order.shipping.name, order.shipping.city, order.shipping.country) == ("Ayşe", "İzmir", "TR")
    assert order.shipping_charge == Decimal("7.50")
    assert order.grand_total == Decimal("20") - 1 + Decimal("1.80") + 20 + 2 + Decimal("7.50")
    assert [(line.sku, line.quantity, line.reserved_quantity) for line in order.lines.all()] == [
        ("IMP-1", 2, 2),
        ("IMP-2", 1, 1),
    ]
    assert AuditLog.objects.filter(action="order.created", source="import").count() == 1
    assert AuditLog.objects.get(action="orders.imported").data["created"] == 1
    assert OutboxEvent.objects.filter(topic="order.created").count() == 1


def test_an_xlsx_file_with_typed_cells_imports_like_the_csv():
    stocked_products(2)
    rows = [["X-1", "EUR", "Hans", "DE", 4.5, "IMP-1", 3, 9.99], ["X-1", None, None, None, None, "IMP-2", 1.0, 5]]
    report = run_import(xlsx_bytes(rows), file_name="orders.xlsx")
    assert report.ok, report.errors
    order = SalesOrder.objects.get(external_id="X-1")
    assert (order.channel, order.currency, order.shipping_charge) == ("import", "EUR", Decimal("4.5"))
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines.all()] == [
        ("IMP-1", 3, Decimal("9.99")),
        ("IMP-2", 1, Decimal("5")),
    ]


def test_rows_of_one_order_need_not_be_next_to_each_other():
    stocked_products(2)
    rows = [
        ["A", "TRY", "", "", "", "IMP-1", 1, 1],
        ["B", "TRY", "", "", "", "IMP-1", 1, 1],
        ["A", "", "", "", "", "IMP-2", 1, 1],
    ]
    report = run_import(csv_bytes(rows))
    assert report.ok and report.orders == 2
    assert SalesOrder.objects.get(external_id="A").lines.count() == 2


BAD_ROWS = [
    # (cells by column, column blamed)
    ({"sku": "NOPE-1"}, "sku"),
    ({"quantity": "0"}, "quantity"),
    ({"quantity": "1.5"}, "quantity"),
    ({"quantity": ""}, "quantity"),
    ({"unit_price": "ten"}, "unit_price"),
    ({"unit_price": "-1"}, "unit_price"),
    ({"discount": "1.00001"}, "discount"),
    ({"tax": "99999999999"}, "tax"),
    ({"currency": "XYZ"}, "currency"),
    ({"ship_country": "UK"}, "ship_country"),
    ({"channel": "my shop"}, "channel"),
    ({"channel": "c" * 33}, "channel"),
    ({"placed_at": "20/11/2026"}, "placed_at"),
    ({"customer_email": "not-an-email"}, "customer_email"),
    ({"payment_status": "maybe"}, "payment_status"),
    ({"priority": "high"}, "priority"),
    ({"order_id": ""}, "order_id"),
    ({"sku": "has space"}, "sku"),
    ({"ship_postal_code": "9" * 40}, "ship_postal_code"),
]


@pytest.mark.parametrize(("cells", "column"), BAD_ROWS, ids=[f"{c}-{i}" for i, (_, c) in enumerate(BAD_ROWS)])
def test_every_kind_of_bad_cell_is_reported_with_line_and_column_and_nothing_is_written(cells, column):
    stocked_products(1)
    good = {"order_id": "G-1", "currency": "TRY", "sku": "IMP-1", "quantity": "1", "unit_price": "5"}
    bad = {**good, "order_id": "B-1", **cells}
    report = run_import(csv_bytes([[row.get(c, "") for c in COLUMNS] for row in (good, bad)], header=COLUMNS))
    assert not report.ok
    assert (3, column) in errors_of(report), report.errors
    assert not SalesOrder.objects.exists() and not AuditLog.objects.filter(action__startswith="order").exists()


def test_order_level_cells_that_disagree_across_rows_of_one_order_are_errors_on_the_later_row():
    stocked_products(1)
    rows = [
        ["D-1", "TRY", "Ali", "TR", "5", "IMP-1", 1, 1],
        ["D-1", "", "", "", "5", "IMP-1", 1, 1],  # the same charge repeated: fine
        ["D-1", "EUR", "Veli", "DE", "6", "IMP-1", 1, 1],
    ]
    report = run_import(csv_bytes(rows))
    assert errors_of(report) == {(4, "currency"), (4, "ship_name"), (4, "ship_country"), (4, "shipping_charge")}
    assert "line 2" in report.errors[0].reason
    assert not SalesOrder.objects.exists()


def test_an_order_without_a_currency_on_any_row_is_reported_on_its_first_line():
    stocked_products(1)
    report = run_import(csv_bytes([["N-1", "", "", "", "", "IMP-1", 1, 1]]))
    assert errors_of(report) == {(2, "currency")}


def test_every_bad_row_of_a_file_is_reported_in_one_go():
    stocked_products(1)
    rows = [["E-1", "TRY", "", "", "", "IMP-1", "x", 1], ["E-2", "TRY", "", "", "", "NOPE", 1, "y"]]
    report = run_import(csv_bytes(rows))
    assert errors_of(report) == {(2, "quantity"), (3, "sku"), (3, "unit_price")}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", {(1, "")}),
        (b"order_id,currency,sku,quantity\n", {(1, "unit_price")}),
        (b"order_id,currency,sku,quantity,unit_price,colour\nA,TRY,IMP-1,1,1,red\n", {(1, "colour")}),
        (b"order_id,currency,sku,quantity,unit_price\n", {(2, "")}),
        (b"order_id,currency,sku,quantity,unit_price\nA,TRY,IMP-1,1,1,extra\n", {(2, "")}),
    ],
    ids=["empty", "missing-column", "unknown-column", "no-rows", "too-many-cells"],
)
def test_files_that_are_not_order_tables_are_refused_whole(content, expected):
    stocked_products(1)
    report = run_import(content)
    assert errors_of(report) == expected
    assert not SalesOrder.objects.exists()


def test_totals_too_large_to_store_are_refused_by_the_intake_rules_before_anything_is_written():
    stocked_products(1)
    rows = [["T-1", "TRY", "", "", "", "IMP-1", 1_000_000, "9999999"], ["T-2", "TRY", "", "", "", "IMP-1", 1, 1]]
    report = run_import(csv_bytes(rows))
    assert errors_of(report) == {(2, "unit_price")}
    assert not SalesOrder.objects.exists()


def test_importing_the_same_file_again_creates_nothing_and_reports_every_order_already_there():
    stocked_products(2)
    content = csv_bytes(_two_line_order(), header=FULL)
    run_import(content)
    counts = (SalesOrder.objects.count(), SalesOrderLine.objects.count(), OutboxEvent.objects.count())
    again = run_import(content)
    assert again.ok and (again.created, again.existing, again.reserved) == (0, 1, 0)
    assert (SalesOrder.objects.count(), SalesOrderLine.objects.count(), OutboxEvent.objects.count()) == counts


def test_a_file_overlapping_an_earlier_one_creates_only_the_new_orders():
    stocked_products(1)
    row = lambda n: [f"O-{n}", "TRY", "", "", "", "IMP-1", 1, 1]  # noqa: E731
    run_import(csv_bytes([row(1), row(2)]))
    report = run_import(csv_bytes([row(2), row(3)]), batch_size=1)
    assert (report.created, report.existing) == (1, 1)
    assert sorted(SalesOrder.objects.values_list("external_id", flat=True)) == ["O-1", "O-2", "O-3"]


def test_an_order_that_came_by_another_path_on_the_same_channel_is_already_there_and_left_unchanged():
    (product,) = stocked_products(1)
    earlier = make_order((product.sku, 1), channel="import", external_id="K-1")
    report = run_import(csv_bytes([["K-1", "TRY", "", "", "", "IMP-1", 5, 1]]))
    assert (report.created, report.existing) == (0, 1)
    assert SalesOrder.objects.get().lines.get().quantity == 1 and earlier.status == "confirmed"


def test_without_reserve_orders_stay_confirmed_and_short_stock_backorders_with_reserve():
    stocked_products(1, quantity=1)
    rows = [["R-1", "TRY", "", "", "", "IMP-1", 1, 1], ["R-2", "TRY", "", "", "", "IMP-1", 1, 1]]
    report = run_import(csv_bytes(rows))
    assert (report.reserved, report.backordered) == (1, 1)
    assert dict(SalesOrder.objects.values_list("external_id", "status")) == {"R-1": "reserved", "R-2": "backordered"}
    report = run_import(csv_bytes([["R-3", "TRY", "", "", "", "IMP-1", 1, 1]]), reserve=False)
    assert report.ok and report.reserved == 0
    assert SalesOrder.objects.get(external_id="R-3").status == "confirmed"


def test_a_dry_run_counts_what_would_be_created_and_writes_nothing():
    stocked_products(1)
    report = run_import(csv_bytes([["Y-1", "TRY", "", "", "", "IMP-1", 1, 1]]), dry_run=True)
    assert report.ok and (report.created, report.existing) == (1, 0)
    assert not SalesOrder.objects.exists()


def test_progress_is_reported_after_each_committed_batch():
    stocked_products(1)
    seen = []
    rows = [[f"P-{n}", "TRY", "", "", "", "IMP-1", 1, 1] for n in range(5)]
    run_import(csv_bytes(rows), batch_size=2, on_progress=lambda report: seen.append(report.done))
    assert seen == [2, 4, 5]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_in_an_empty_shop_fails_only_on_its_placeholder_skus(fmt):
    report = run_import(order_template(fmt=fmt), file_name=f"template.{fmt}")
    assert errors_of(report) == {(2, "sku"), (3, "sku")}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_imports_as_downloaded_with_skus_of_the_catalog_stocked_first(fmt):
    from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory

    ProductFactory(sku="A-UNSTOCKED"), ProductFactory(sku="Z-RETIRED", active=False)
    KitComponentFactory(kit=ProductFactory(sku="B-KIT", is_kit=True), component__sku="C-PART")
    stocked = stocked_products(2)
    report = run_import(order_template(fmt=fmt), file_name=f"template.{fmt}")
    assert report.ok, report.errors
    order = SalesOrder.objects.get()
    assert (order.shipping_charge, order.payment_status, order.status) == (Decimal("29.90"), "paid", "reserved")
    assert sorted(order.lines.values_list("sku", flat=True)) == sorted(p.sku for p in stocked)


def test_a_sku_deleted_between_the_check_and_the_write_stops_the_import_naming_the_order_and_a_rerun_resumes():
    from arkaofis.catalog.models import Product
    from arkaofis.catalog.tests.factories import ProductFactory

    stocked_products(1)
    ProductFactory(sku="GONE-1")
    rows = [["Z-1", "TRY", "", "", "", "IMP-1", 1, 1], ["Z-2", "TRY", "", "", "", "GONE-1", 1, 1]]
    delete_after_first_batch = lambda report: Product.objects.filter(sku="GONE-1").delete()  # noqa: E731
    report = run_import(csv_bytes(rows), batch_size=1, on_progress=delete_after_first_batch)
    assert not report.ok and (report.done, report.created) == (1, 1)
    assert "order Z-2" in report.errors[0].reason and "GONE-1" in report.errors[0].reason
    assert "stopped after 1 order(s)" in report.summary()
    assert list(SalesOrder.objects.values_list("external_id", flat=True)) == ["Z-1"]
    ProductFactory(sku="GONE-1")
    again = run_import(csv_bytes(rows))
    assert (again.created, again.existing) == (1, 1)
