"""Helpers for the import/export tests: build CSV and XLSX files from rows of cells."""

import io

from arkaofis.catalog.services.importing import import_products

HEADER = "sku,name,barcode,uom,sale_price,standard_cost,is_kit,kit_components,family,options"


def csv_bytes(*lines: str, header: str = HEADER, delimiter: str = ",", bom: bool = False) -> bytes:
    text = "\n".join([header, *lines]).replace(",", delimiter) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(content: bytes, file_name: str = "products.csv", **kwargs):
    return import_products(file_name=file_name, content=content, user=None, source="cli", **kwargs)


def errors_of(report) -> set[tuple[int, str]]:
    return {(error.line, error.column) for error in report.errors}
