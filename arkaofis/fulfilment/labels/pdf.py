"""Shipping labels as PDF: 4×6 inches, one page per parcel, for a laser or a thermal printer's PDF driver.

From top to bottom, as carriers lay theirs out: ship-from and the carrier, ship-to in large type, the
tracking number's Code 128, the order and shipment references with the weight, and the SSCC's GS1-128
with its human-readable text ("(00) 1 0614141 123456789 7"). Sizes are chosen to stay readable at 203 dpi:
no text under 7 pt, bars in whole printer dots (barcodes.py).
"""

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from arkaofis.fulfilment.labels.barcodes import code128_symbol, draw_centered, gs1_128_sscc_data
from arkaofis.fulfilment.labels.data import LabelData, address_lines, check_label, printable
from arkaofis.fulfilment.labels.exceptions import NothingToPrint
from arkaofis.fulfilment.labels.fonts import fit_text, register_fonts
from arkaofis.fulfilment.labels.localize import caption, weight
from arkaofis.fulfilment.labels.sscc import sscc_human_readable

PAGE = (4 * inch, 6 * inch)
MARGIN = 8.0
CONTENT = PAGE[0] - 2 * MARGIN
# The bands' top edges, in points from the bottom of the page (432 pt high).
TOP = PAGE[1] - MARGIN
SHIP_TO_TOP = 354.0
TRACKING_TOP = 260.0
REFERENCES_TOP = 182.0
SSCC_TOP = 150.0
# GS1 logistic label guideline: GS1-128 bars at least 32 mm high (91 pt); the tracking symbol is shorter.
SSCC_BAR_HEIGHT = 92.0
TRACKING_BAR_HEIGHT = 46.0


def render_label_pdf(labels: Sequence[LabelData]) -> bytes:
    """One PDF with a 4×6 inch page per label, in order. Each label is checked first (check_label): a label
    for an incomplete address raises LabelAddressIncomplete naming the fields, and nothing is rendered."""
    if not labels:
        raise NothingToPrint("labels")
    for label in labels:
        check_label(label)
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(pgettext("shipping document", "Shipping labels"))
    canvas.setCreator("Arkaofis")
    for label in labels:
        _draw_label(canvas, label, regular, bold)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_label(canvas: Canvas, label: LabelData, regular: str, bold: str) -> None:
    canvas.setLineWidth(1.5)
    for y in (SHIP_TO_TOP, TRACKING_TOP, REFERENCES_TOP, SSCC_TOP):
        canvas.line(MARGIN, y, PAGE[0] - MARGIN, y)
    canvas.rect(MARGIN, MARGIN, CONTENT, TOP - MARGIN)
    _draw_header(canvas, label, regular, bold)
    _draw_ship_to(canvas, label, regular, bold)
    _draw_tracking(canvas, label, regular, bold)
    _draw_references(canvas, label, regular, bold)
    _draw_sscc(canvas, label, regular, bold)


def _text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, width: float) -> None:
    fitted, fitted_size = fit_text(printable(text), font, size, width)
    canvas.setFont(font, fitted_size)
    canvas.drawString(x, y, fitted)


def _caption(canvas: Canvas, x: float, y: float, text: str, regular: str) -> None:
    canvas.setFont(regular, 7)
    canvas.drawString(x, y, caption(text))


def _draw_header(canvas: Canvas, label: LabelData, regular: str, bold: str) -> None:
    """Ship-from on the left (small: it matters only for returns); the carrier and service on the right."""
    left, half = MARGIN + 4, CONTENT / 2 - 6
    _caption(canvas, left, TOP - 10, pgettext("shipping document", "Ship from"), regular)
    _text(canvas, left, TOP - 20, label.ship_from.name, bold, 8, half)
    y = TOP - 29
    for line in address_lines(label.ship_from)[:5]:
        _text(canvas, left, y, line, regular, 7, half)
        y -= 8
    right = MARGIN + CONTENT / 2 + 4
    _text(canvas, right, TOP - 20, label.carrier, bold, 14, half)
    _text(canvas, right, TOP - 34, label.service, regular, 10, half)
    if label.ship_date:
        _text(canvas, right, TOP - 47, label.ship_date.isoformat(), regular, 8, half)
    parcel = _("Parcel %(index)s of %(count)s") % {"index": label.parcel_index, "count": label.parcel_count}
    _text(canvas, right, TOP - 59, parcel, bold, 9, half)


def _draw_ship_to(canvas: Canvas, label: LabelData, regular: str, bold: str) -> None:
    """The address the courier reads from arm's length: the name large, up to five lines, the phone beside."""
    left, width = MARGIN + 4, CONTENT - 8
    _caption(canvas, left, SHIP_TO_TOP - 10, _("Ship to"), regular)
    if label.ship_to.phone:
        canvas.setFont(regular, 9)
        canvas.drawRightString(left + width, SHIP_TO_TOP - 11, printable(label.ship_to.phone)[:24])
    _text(canvas, left, SHIP_TO_TOP - 26, label.ship_to.name, bold, 15, width)
    y = SHIP_TO_TOP - 39
    for line in address_lines(label.ship_to)[:5]:
        _text(canvas, left, y, line, regular, 11, width)
        y -= 12


def _draw_tracking(canvas: Canvas, label: LabelData, regular: str, bold: str) -> None:
    _caption(canvas, MARGIN + 4, TRACKING_TOP - 10, _("Tracking number"), regular)
    symbol = code128_symbol(label.tracking_number, max_width=CONTENT, height=TRACKING_BAR_HEIGHT, max_module_dots=3)
    bars_bottom = TRACKING_TOP - 14 - TRACKING_BAR_HEIGHT
    draw_centered(canvas, symbol, center_x=PAGE[0] / 2, y=bars_bottom)
    canvas.setFont(bold, 11)
    canvas.drawCentredString(PAGE[0] / 2, bars_bottom - 12, label.tracking_number)


def _draw_references(canvas: Canvas, label: LabelData, regular: str, bold: str) -> None:
    left, half = MARGIN + 4, CONTENT / 2 - 6
    right = MARGIN + CONTENT / 2 + 4
    _text(canvas, left, REFERENCES_TOP - 13, f"{_('Order')}: {label.order_number}", bold, 9, half)
    _text(canvas, right, REFERENCES_TOP - 13, f"{_('Shipment')}: {label.shipment_number}", regular, 9, half)
    _text(
        canvas,
        left,
        REFERENCES_TOP - 26,
        f"{pgettext('shipping document', 'Weight')}: {weight(label.weight_g)}",
        bold,
        9,
        half,
    )


def _draw_sscc(canvas: Canvas, label: LabelData, regular: str, bold: str) -> None:
    _caption(canvas, MARGIN + 4, SSCC_TOP - 10, "SSCC", regular)
    symbol = code128_symbol(gs1_128_sscc_data(label.sscc), max_width=CONTENT, height=SSCC_BAR_HEIGHT)
    bars_bottom = SSCC_TOP - 14 - SSCC_BAR_HEIGHT
    draw_centered(canvas, symbol, center_x=PAGE[0] / 2, y=bars_bottom)
    canvas.setFont(bold, 11)
    canvas.drawCentredString(PAGE[0] / 2, bars_bottom - 13, sscc_human_readable(label.sscc, label.sscc_prefix_length))
