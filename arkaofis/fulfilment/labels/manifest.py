"""The end-of-day manifest: the list of parcels a carrier's driver takes, signed at hand-over.

One manifest per carrier per day and warehouse, as PDF (printed, signed by the packer and the driver) and
as CSV (mailed or uploaded to the carrier). Each row is a shipment with its tracking number, parcels and
weight; the totals close the list. CSV cells pass through core.spreadsheets.safe_cell: a customer named
"=HYPERLINK(…)" stays text in the carrier's spreadsheet.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table
from reportlab.platypus.flowables import Flowable

from arkaofis.core.spreadsheets import safe_cell
from arkaofis.fulfilment.domain.parcels import Address
from arkaofis.fulfilment.labels.data import address_lines, format_weight, printable
from arkaofis.fulfilment.labels.localize import weight
from arkaofis.fulfilment.labels.styles import para, table_style


@dataclass(frozen=True)
class ManifestRow:
    shipment_number: str
    order_number: str
    tracking_number: str
    ship_to: Address
    weight_g: int
    parcels: int = 1
    service: str = ""


@dataclass(frozen=True)
class Manifest:
    carrier: str
    ship_date: date
    ship_from: Address  # the warehouse the driver collects from
    rows: Sequence[ManifestRow]
    number: str = ""  # the manifest's own reference, when the carrier or the warehouse gives one
    account: str = ""  # the shipper's account number with the carrier


@dataclass(frozen=True)
class ManifestTotals:
    shipments: int
    parcels: int
    weight_g: int


def manifest_totals(manifest: Manifest) -> ManifestTotals:
    return ManifestTotals(
        shipments=len(manifest.rows),
        parcels=sum(row.parcels for row in manifest.rows),
        weight_g=sum(row.weight_g for row in manifest.rows),
    )


def _header() -> list[str]:
    return [
        _("Shipment"),
        _("Order"),
        _("Tracking number"),
        pgettext("shipping document", "Recipient"),
        _("City"),
        _("Country"),
        pgettext("shipping document", "Service"),
        pgettext("shipping document", "Parcels"),
        pgettext("shipping document", "Weight (kg)"),
    ]


def _cells(row: ManifestRow) -> list[str | int]:
    city = " / ".join(part for part in (row.ship_to.district, row.ship_to.city) if part.strip())
    return [
        row.shipment_number,
        row.order_number,
        row.tracking_number,
        row.ship_to.name,
        city,
        row.ship_to.country,
        row.service,
        row.parcels,
        format_weight(row.weight_g).removesuffix(" kg"),
    ]


def render_manifest_csv(manifest: Manifest) -> bytes:
    """The manifest as CSV: UTF-8 with a byte-order mark (Excel then shows Turkish letters), CRLF, a header,
    one row per shipment, and a last row of totals. No cell is a live formula."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in _header()])
    for row in manifest.rows:
        writer.writerow([safe_cell(printable(cell) if isinstance(cell, str) else cell) for cell in _cells(row)])
    totals = manifest_totals(manifest)
    weight = format_weight(totals.weight_g).removesuffix(" kg")
    writer.writerow([safe_cell(_("Total")), totals.shipments, "", "", "", "", "", totals.parcels, weight])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_manifest_pdf(manifest: Manifest) -> bytes:
    """The manifest as an A4 landscape PDF: carrier, date, warehouse, the shipments (header repeated on each
    page), totals, and lines for the packer's and the driver's signatures."""
    buffer = io.BytesIO()
    page = landscape(A4)
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=pgettext("shipping document", "Manifest"),
        creator="Arkaofis",
    )
    width = page[0] - 24 * mm
    totals = manifest_totals(manifest)
    story: list[Flowable] = [
        para(f"{pgettext('shipping document', 'Manifest')}: {manifest.carrier}", "title"),
        _summary(manifest, totals),
    ]
    story += [Spacer(1, 5 * mm), _rows_table(manifest, totals, width), Spacer(1, 14 * mm), _signatures(width)]
    document.build(story)
    return buffer.getvalue()


def _summary(manifest: Manifest, totals: ManifestTotals) -> Table:
    facts = [
        (pgettext("shipping document", "Date"), manifest.ship_date.isoformat()),
        (
            pgettext("shipping document", "Ship from"),
            ", ".join([manifest.ship_from.name, *address_lines(manifest.ship_from)]),
        ),
        (pgettext("shipping document", "Manifest number"), manifest.number),
        (_("Account"), manifest.account),
        (_("Shipments"), str(totals.shipments)),
        (pgettext("shipping document", "Parcels"), str(totals.parcels)),
        (pgettext("shipping document", "Total weight"), weight(totals.weight_g)),
    ]
    rows = [[para(label, "heading"), para(value)] for label, value in facts if value]
    return Table(rows, colWidths=[40 * mm, 160 * mm], hAlign="LEFT")


def _rows_table(manifest: Manifest, totals: ManifestTotals, width: float) -> Table:
    rows: list[list[object]] = [list(_header())]
    for row in manifest.rows:
        cells = _cells(row)  # the text columns wrap; the last two (parcels, weight) are figures, right-aligned
        kilograms = weight(row.weight_g).removesuffix(" kg")  # on paper, with the reader's decimal separator
        rows.append([para(cell, "cell") for cell in cells[:-2]] + [str(row.parcels), kilograms])
    total = weight(totals.weight_g).removesuffix(" kg")
    rows.append([_("Total"), str(totals.shipments), "", "", "", "", "", str(totals.parcels), total])
    shares = (0.11, 0.11, 0.16, 0.18, 0.13, 0.06, 0.09, 0.07, 0.09)
    table = Table(rows, colWidths=[width * share for share in shares], repeatRows=1)
    table.setStyle(table_style(footer_rows=1))
    table.setStyle([("ALIGN", (7, 0), (8, -1), "RIGHT")])
    return table


def _signatures(width: float) -> Table:
    line = "_" * 40
    cells = [
        [
            para(_("Handed over by (name, signature)"), "small"),
            para(_("Received by the driver (name, signature, time)"), "small"),
        ],
        [line, line],
    ]
    return Table(cells, colWidths=[width / 2, width / 2], hAlign="LEFT")
