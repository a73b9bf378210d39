"""Helpers for the import/export tests: build CSV and XLSX files from rows of cells."""

import io
import zipfile

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


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10) for i in range(8))
    + b"]>"
)
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def hostile_xlsx(rows: list[list[object]], kind: str) -> bytes:
    """A real workbook of `rows` whose first sheet (or workbook part) is then made hostile or broken:
    cut off mid-header, cut off after the header, an entity bomb, an external entity."""
    sheet = "xl/worksheets/sheet1.xml"
    first = str(rows[0][0]).encode()
    damage = {
        "truncated_sheet": (sheet, lambda xml: xml[: xml.index(b"<sheetData>") + 40]),
        "truncated_after_header": (sheet, lambda xml: xml[: xml.index(b'<row r="2"') + 30]),
        "truncated_workbook": ("xl/workbook.xml", lambda xml: xml[: len(xml) // 2]),
        "billion_laughs": (sheet, lambda xml: LAUGHS + xml.replace(first, b"&i;", 1)),
        "external_entity": (sheet, lambda xml: EXTERNAL + xml.replace(first, b"&xxe;", 1)),
    }
    part, change = damage[kind]
    good, out = io.BytesIO(xlsx_bytes(rows)), io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == part else data)
    return out.getvalue()
