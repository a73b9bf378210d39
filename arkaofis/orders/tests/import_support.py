"""Helpers for the order import tests: order files as CSV or XLSX, and products with stock."""

import io
from collections.abc import Iterable

from arkaofis.catalog.services.tables import write_csv
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.services.importing import import_orders
from arkaofis.orders.services.order_rows import COLUMNS

HEADER = ("order_id", "currency", "ship_name", "ship_country", "shipping_charge", "sku", "quantity", "unit_price")


def csv_bytes(rows: Iterable[Iterable[object]], header: Iterable[str] = HEADER) -> bytes:
    return write_csv(list(header), iter([list(row) for row in rows]))


def xlsx_bytes(rows: Iterable[Iterable[object]], header: Iterable[str] = HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(content: bytes, file_name: str = "orders.csv", **kwargs):
    return import_orders(file_name=file_name, content=content, user=None, source="cli", **kwargs)


def errors_of(report) -> set[tuple[int, str]]:
    return {(error.line, error.column) for error in report.errors}


def stocked_products(count: int, *, quantity: int = 1000, prefix: str = "IMP"):
    """`count` products named PREFIX-1… each with `quantity` units in one bin."""
    location = LocationFactory()
    products = [ProductFactory(sku=f"{prefix}-{n}") for n in range(1, count + 1)]
    for product in products:
        if quantity:
            receive(product, location, quantity)
    return products


def big_order_file(orders: int, *, lines_per_order: int = 3, skus: int = 20, prefix: str = "IMP") -> bytes:
    """`orders` orders of `lines_per_order` one-unit lines, with the full column set."""
    rows = []
    for n in range(1, orders + 1):
        for line in range(lines_per_order):
            cells = {
                "order_id": f"BULK-{n}",
                "sku": f"{prefix}-{(n + line) % skus + 1}",
                "quantity": "1",
                "unit_price": "10.50",
                "tax": "1.89",
            }
            if line == 0:
                cells |= {"currency": "TRY", "ship_name": f"Customer {n}", "ship_country": "TR", "shipping_charge": "5"}
            rows.append([cells.get(column, "") for column in COLUMNS])
    return csv_bytes(rows, header=COLUMNS)
