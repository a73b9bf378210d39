"""The packing slip: the paper in the box that tells the customer (and the packer) what is in it.

A4, one slip per shipment (a batch prints several, each on its own pages): the shop's and the customer's
addresses, the order and shipment numbers (the shipment's as a Code 128 the packing station can scan), the
box, and each line's SKU, name and quantity. Long orders flow onto further pages with the header repeated.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Spacer, Table
from reportlab.platypus.flowables import Flowable

from arkaofis.fulfilment.domain.parcels import Address
from arkaofis.fulfilment.labels import localize
from arkaofis.fulfilment.labels.barcodes import code128_symbol
from arkaofis.fulfilment.labels.data import address_lines, printable
from arkaofis.fulfilment.labels.exceptions import NothingToPrint
from arkaofis.fulfilment.labels.styles import para, table_style


@dataclass(frozen=True)
class SlipLine:
    sku: str
    name: str
    quantity: int


@dataclass(frozen=True)
class PackingSlip:
    order_number: str
    shipment_number: str
    ship_from: Address
    ship_to: Address
    lines: Sequence[SlipLine]
    box: str = ""  # the box packed into ("B2 30×20×15 cm")
    order_date: date | None = None
    channel_reference: str = ""  # the order's number at the channel, the one the customer knows
    notes: Sequence[str] = field(default_factory=tuple)


def render_packing_slip(slips: Sequence[PackingSlip]) -> bytes:
    """One A4 PDF holding every slip, each starting on a new page."""
    if not slips:
        raise NothingToPrint("slips")
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=A4, title=pgettext("shipping document", "Packing slip"), creator="Arkaofis"
    )
    frame = Frame(15 * mm, 15 * mm, A4[0] - 30 * mm, A4[1] - 30 * mm, id="body")
    document.addPageTemplates([PageTemplate(id="slip", frames=[frame])])
    story: list[Flowable] = []
    for index, slip in enumerate(slips):
        if index:
            story.append(PageBreak())
        story += _slip_story(slip, frame._width)
    document.build(story)
    return buffer.getvalue()


def _slip_story(slip: PackingSlip, width: float) -> list[Flowable]:
    header = Table(
        [
            [
                _address_block(pgettext("shipping document", "Ship from"), slip.ship_from),
                _address_block(_("Ship to"), slip.ship_to),
            ]
        ],
        colWidths=[width / 2, width / 2],
    )
    story: list[Flowable] = [
        para(pgettext("shipping document", "Packing slip"), "title"),
        _references(slip, width),
        Spacer(1, 6 * mm),
        header,
    ]
    story += [Spacer(1, 6 * mm), _lines_table(slip, width)]
    for note in slip.notes:
        story += [Spacer(1, 3 * mm), para(note, "small")]
    return story


def _references(slip: PackingSlip, width: float) -> Table:
    rows = [[para(f"{_('Order')}: {slip.order_number}", "strong")], [para(f"{_('Shipment')}: {slip.shipment_number}")]]
    if slip.channel_reference:
        rows.append([para(f"{pgettext('shipping document', 'Channel reference')}: {slip.channel_reference}")])
    if slip.order_date:
        rows.append([para(f"{pgettext('shipping document', 'Order date')}: {slip.order_date.isoformat()}")])
    if slip.box:
        rows.append([para(f"{pgettext('shipping document', 'Box')}: {slip.box}")])
    barcode: Flowable | str = ""
    number = printable(slip.shipment_number)
    if number and number.isascii():
        barcode = code128_symbol(number, max_width=width / 2, height=12 * mm, max_module_dots=3).widget
    return Table([[Table(rows), barcode]], colWidths=[width / 2, width / 2], style=[("ALIGN", (1, 0), (1, 0), "RIGHT")])


def _address_block(caption: str, address: Address) -> list[Flowable]:
    return [para(localize.caption(caption), "heading"), para(address.name, "strong")] + [
        para(line) for line in address_lines(address)
    ]


def _lines_table(slip: PackingSlip, width: float) -> Table:
    rows: list[list[object]] = [[_("SKU"), _("Product"), _("Quantity")]]
    rows += [[para(line.sku, "cell"), para(line.name, "cell"), str(line.quantity)] for line in slip.lines]
    rows.append(["", _("Total"), str(sum(line.quantity for line in slip.lines))])
    table = Table(rows, colWidths=[width * 0.25, width * 0.6, width * 0.15], repeatRows=1)
    table.setStyle(table_style(footer_rows=1))
    table.setStyle([("ALIGN", (2, 0), (2, -1), "RIGHT")])
    return table
