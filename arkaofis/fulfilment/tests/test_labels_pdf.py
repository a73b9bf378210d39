"""The PDF label scans: rendered to an image, both barcodes decode with zbar exactly, and Turkish prints."""

import shutil
import subprocess
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from defusedxml import ElementTree as ET
from django.utils import translation
from reportlab.graphics.barcode.code128 import Code128

from arkaofis.fulfilment.labels import render_label_pdf
from arkaofis.fulfilment.labels.barcodes import gs1_128_sscc_data
from arkaofis.fulfilment.labels.samples import sample_label

ZBARIMG = shutil.which("zbarimg") or ""
needs_zbar = pytest.mark.skipif(not ZBARIMG, reason="zbarimg not installed (Debian zbar-tools; CI installs it)")
ZBAR_NS = {"z": "http://zbar.sourceforge.net/2008/barcode"}


def pages_as_png(pdf: bytes, tmp_path, dpi: int = 300) -> list:
    document = pdfium.PdfDocument(pdf)
    paths = []
    try:
        for number in range(len(document)):
            path = tmp_path / f"page-{number}.png"
            document[number].render(scale=dpi / 72).to_pil().convert("L").save(path)
            paths.append(path)
    finally:
        document.close()
    return paths


def decoded(path) -> list[tuple[str, str, str]]:
    """(type, GS1 modifier or "", data) of each symbol zbar finds. --xml tells a GS1-128 symbol (Code 128
    starting with FNC1) by modifiers='GS1' and gives its data without the FNC1: "00" + the SSCC."""
    result = subprocess.run(  # noqa: S603 (our own binary found on PATH, arguments a list, no shell)
        [ZBARIMG, "--xml", "--nodbus", "-q", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(result.stdout)
    return sorted(
        (symbol.get("type", ""), symbol.get("modifiers", ""), symbol.findtext("z:data", "", ZBAR_NS))
        for symbol in root.iter("{http://zbar.sourceforge.net/2008/barcode}symbol")
    )


def page_text(pdf: bytes, number: int = 0) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[number]
        text = page.get_textpage().get_text_range()
        return text
    finally:
        document.close()


@needs_zbar
def test_both_barcodes_of_a_label_read_back_exactly(tmp_path):
    label = sample_label(1)
    [png] = pages_as_png(render_label_pdf([label]), tmp_path)
    assert decoded(png) == [
        ("CODE-128", "", label.tracking_number),
        ("CODE-128", "GS1", "00" + label.sscc),
    ]


@needs_zbar
def test_a_batch_prints_one_page_per_label_each_scanning_as_its_own(tmp_path):
    labels = [sample_label(number, parcels=3) for number in (101, 102, 103)]
    pngs = pages_as_png(render_label_pdf(labels), tmp_path, dpi=203)  # the thermal printer's resolution
    assert len(pngs) == 3
    for label, png in zip(labels, pngs, strict=True):
        assert {data for _type, _gs1, data in decoded(png)} == {label.tracking_number, "00" + label.sscc}


@needs_zbar
def test_a_long_tracking_number_still_fits_and_scans(tmp_path):
    label = replace(sample_label(5), tracking_number="JD014600006281234567890123456789")
    [png] = pages_as_png(render_label_pdf([label]), tmp_path)
    assert ("CODE-128", "", label.tracking_number) in decoded(png)


def test_the_sscc_symbol_is_gs1_128_start_c_then_fnc1():
    # GS1 General Specifications §5.4.3: a GS1-128 symbol is Start (here C, value 105) followed by FNC1 (102).
    symbol = Code128(gs1_128_sscc_data("106141411234567897"))
    symbol.validate()
    assert symbol.encode()[:5] == [105, 102, 0, 10, 61]


def test_turkish_letters_print_and_extract_from_the_pdf():
    base = sample_label(1)
    ship_to = replace(base.ship_to, line2="İstanbul Şişli Ğ ç ö ü ı", district="Şişli", city="İstanbul")
    text = page_text(render_label_pdf([replace(base, ship_to=ship_to)]))
    assert "İstanbul Şişli Ğ ç ö ü ı" in text
    assert "Şişli / İstanbul" in text
    assert "(00) 0 0614141 000000001 2" in text


def test_the_label_prints_every_reference_the_courier_and_the_packer_read():
    label = sample_label(42)
    text = page_text(render_label_pdf([label]))
    for expected in (
        label.ship_to.name,
        label.ship_from.name,
        label.carrier,
        label.service,
        label.tracking_number,
        label.order_number,
        label.shipment_number,
        "Parcel 1 of 1",
        "Weight: 6.004 kg",
    ):
        assert expected in text


def test_a_label_is_a_4_by_6_inch_page():
    document = pdfium.PdfDocument(render_label_pdf([sample_label(1), sample_label(2)]))
    try:
        assert [tuple(round(side) for side in document[n].get_size()) for n in range(2)] == [(288, 432)] * 2
    finally:
        document.close()


def test_a_label_printed_for_a_turkish_reader_has_turkish_captions():
    with translation.override("tr"):
        text = page_text(render_label_pdf([sample_label(3)]))
    # Turkish capitals: the dotted i stays dotted (TESLİMAT, TAKİP), and kilograms take a decimal comma.
    for caption in ("GÖNDEREN", "TESLİMAT ADRESİ", "TAKİP NUMARASI", "Koli 1 / 1", "Ağırlık: 0,661 kg", "Sipariş: "):
        assert caption in text
