"""Shipping labels as ZPL II, the language of Zebra-compatible thermal printers: 4×6 inches at 203 dpi
(812 × 1218 dots), the same content and layout as the PDF label (pdf.py).

References: Zebra "ZPL II Programming Guide" (45541L-004): ^CI28 selects UTF-8; ^FH lets field data carry
bytes as _XX hex, which is how a "^" or "~" in an address is printed rather than read as a command; ^BC is
Code 128, whose field data spells the start, the subset switches and FNC1 as invocation codes (">:" Start B,
">;" Start C, ">5" to subset C, ">8" FNC1: Table 6, "Code 128 Invocation Characters"), so the SSCC's symbol
is GS1-128 (">;>800…"); ^BY sets the module width in dots.

Turkish letters: the resident font 0 is made for the Latin-1 code pages, which have ç ö ü but not ğ ı İ ş Ş;
the text is therefore printed in Zebra's resident Unicode font Swiss 721 (E:TT0003M_.FNT, the font Zebra
documents for ^CI28), mapped to font letter T with ^CW. `font=""` prints in font 0 instead.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.barcode.code128 import Code128

from arkaofis.fulfilment.labels.barcodes import QUIET_MODULES, gs1_128_sscc_data
from arkaofis.fulfilment.labels.data import LabelData, address_lines, check_label, printable
from arkaofis.fulfilment.labels.exceptions import NothingToPrint
from arkaofis.fulfilment.labels.fonts import fit_text, register_fonts
from arkaofis.fulfilment.labels.localize import caption, weight
from arkaofis.fulfilment.labels.sscc import sscc_human_readable

WIDTH, HEIGHT = 812, 1218
MARGIN = 22
CONTENT = WIDTH - 2 * MARGIN
UNICODE_FONT = "E:TT0003M_.FNT"
# Band tops in dots from the top edge (the PDF's, scaled by 203/72).
SHIP_TO_TOP, TRACKING_TOP, REFERENCES_TOP, SSCC_TOP = 219, 484, 704, 795
TRACKING_BAR_HEIGHT, SSCC_BAR_HEIGHT = 130, 259
_ESCAPES = {"_": "_5F", "^": "_5E", "~": "_7E"}


def zpl_escape(text: str) -> str:
    """Field data for ^FH^FD: the hex indicator "_" and the command prefixes "^" and "~" as hex bytes."""
    return "".join(_ESCAPES.get(char, char) for char in text)


def render_label_zpl(labels: Sequence[LabelData], *, font: str = UNICODE_FONT) -> str:
    """One ^XA…^XZ format per label, in order, as text to send (UTF-8 encoded) to the printer. Each label
    is checked first (check_label), as for the PDF."""
    if not labels:
        raise NothingToPrint("labels")
    for label in labels:
        check_label(label)
    register_fonts()  # text is fitted to its width with DejaVu's metrics, a little wider than Swiss 721's
    return "".join(_ZplLabel(label, font).render() for label in labels)


class _ZplLabel:
    def __init__(self, label: LabelData, font: str) -> None:
        self.label = label
        self.font_command = "^AT" if font else "^A0"
        self.commands: list[str] = ["^XA", "^CI28", f"^PW{WIDTH}", f"^LL{HEIGHT}", "^LH0,0"]
        if font:
            self.commands.append(f"^CWT,{font}")

    def render(self) -> str:
        self._frame()
        self._header()
        self._ship_to()
        self._tracking()
        self._references()
        self._sscc()
        self.commands.append("^XZ")
        return "\n".join(self.commands) + "\n"

    def text(self, x: int, y: int, text: str, height: int, width: int) -> None:
        """Text with its top-left corner at (x, y), cut or shrunk to fit `width` dots."""
        fitted, size = fit_text(printable(text), "ArkaofisSans", height, width, min_size=18)
        size = int(size)
        self.commands.append(f"^FO{x},{y}{self.font_command}N,{size},{size}^FH^FD{zpl_escape(fitted)}^FS")

    def _frame(self) -> None:
        self.commands.append(f"^FO{MARGIN},{MARGIN}^GB{CONTENT},{HEIGHT - 2 * MARGIN},4^FS")
        for y in (SHIP_TO_TOP, TRACKING_TOP, REFERENCES_TOP, SSCC_TOP):
            self.commands.append(f"^FO{MARGIN},{y}^GB{CONTENT},0,4^FS")

    def _header(self) -> None:
        label, left, half = self.label, MARGIN + 12, CONTENT // 2 - 18
        right = MARGIN + CONTENT // 2 + 12
        self.text(left, MARGIN + 10, caption(pgettext("shipping document", "Ship from")), 20, half)
        self.text(left, MARGIN + 36, label.ship_from.name, 24, half)
        for row, line in enumerate(address_lines(label.ship_from)[:5]):
            self.text(left, MARGIN + 64 + 22 * row, line, 20, half)
        self.text(right, MARGIN + 16, label.carrier, 44, half)
        self.text(right, MARGIN + 66, label.service, 30, half)
        if label.ship_date:
            self.text(right, MARGIN + 104, label.ship_date.isoformat(), 24, half)
        parcel = _("Parcel %(index)s of %(count)s") % {"index": label.parcel_index, "count": label.parcel_count}
        self.text(right, MARGIN + 136, parcel, 28, half)

    def _ship_to(self) -> None:
        label, left, width = self.label, MARGIN + 12, CONTENT - 24
        self.text(left, SHIP_TO_TOP + 12, caption(_("Ship to")), 20, width // 2)
        if label.ship_to.phone:
            self.text(MARGIN + CONTENT // 2, SHIP_TO_TOP + 10, label.ship_to.phone[:24], 26, width // 2)
        self.text(left, SHIP_TO_TOP + 40, label.ship_to.name, 46, width)
        for row, line in enumerate(address_lines(label.ship_to)[:5]):
            self.text(left, SHIP_TO_TOP + 92 + 34 * row, line, 32, width)

    def _barcode(self, y: int, data: str, height: int, max_dots: int) -> int:
        """The Code 128 of `data` ("\xf1" for FNC1) as a ^BC centred at `y`, modules as wide as fit; returns its
        bottom edge."""
        field_data, modules = code128_field_data(data)
        dots = next((d for d in range(max_dots, 0, -1) if (modules + 2 * QUIET_MODULES) * d <= CONTENT), 1)
        x = (WIDTH - modules * dots) // 2
        self.commands.append(f"^FO{x},{y}^BY{dots}^BCN,{height},N,N,N,N^FD{field_data}^FS")
        return y + height

    def _tracking(self) -> None:
        label = self.label
        self.text(MARGIN + 12, TRACKING_TOP + 12, caption(_("Tracking number")), 20, CONTENT // 2)
        bottom = self._barcode(TRACKING_TOP + 40, label.tracking_number, TRACKING_BAR_HEIGHT, 3)
        self.text(MARGIN + 12, bottom + 8, label.tracking_number, 34, CONTENT - 24)

    def _references(self) -> None:
        label, left, half = self.label, MARGIN + 12, CONTENT // 2 - 18
        right = MARGIN + CONTENT // 2 + 12
        self.text(left, REFERENCES_TOP + 12, f"{_('Order')}: {label.order_number}", 28, half)
        self.text(right, REFERENCES_TOP + 12, f"{_('Shipment')}: {label.shipment_number}", 28, half)
        self.text(
            left,
            REFERENCES_TOP + 48,
            f"{pgettext('shipping document', 'Weight')}: {weight(label.weight_g)}",
            28,
            half,
        )

    def _sscc(self) -> None:
        label = self.label
        self.text(MARGIN + 12, SSCC_TOP + 12, "SSCC", 20, CONTENT // 2)
        # GS1-128: FNC1, AI (00), the 18 digits; as ZPL ">;>800…", Start C, FNC1, ten pairs of digits.
        bottom = self._barcode(SSCC_TOP + 40, gs1_128_sscc_data(label.sscc), SSCC_BAR_HEIGHT, 4)
        human = sscc_human_readable(label.sscc, label.sscc_prefix_length)
        self.text(MARGIN + 12, bottom + 10, human, 36, CONTENT - 24)


# Code 128 symbol values and the ZPL invocation codes that write them (^BC, Table 6): the starts, the subset
# switches, FNC1. Subset A is never needed: label data holds no control characters.
_START_SUBSET = {103: "A", 104: "B", 105: "C"}
_INVOCATION = {99: ">5", 100: ">6", 101: ">7", 102: ">8", 103: ">9", 104: ">:", 105: ">;"}
_SWITCH = {99: "C", 100: "B", 101: "A"}


def code128_field_data(data: str) -> tuple[str, int]:
    """^BC field data spelling out the symbol reportlab draws on the PDF label (the same start, the same
    switches to subset C for runs of digits), and its width in modules.

    Writing the invocation codes ourselves, rather than leaving the choice to the printer's automatic mode,
    keeps the two labels' symbols identical and lets us size the modules to fit the label.
    """
    widget = Code128(data)
    widget.validate()
    encoded = widget.encode()
    values = encoded[:-2]  # the printer adds the check character and Stop
    subset = _START_SUBSET[values[0]]
    if subset == "A":
        raise ValueError(f"{data!r} needs Code 128 subset A, which labels never print")
    parts = [_INVOCATION[values[0]]]
    for value in values[1:]:
        if subset == "C" and value < 100:
            parts.append(f"{value:02d}")
        elif subset == "B" and value < 95 and chr(value + 32) not in "^~>":
            parts.append(chr(value + 32))
        elif value in (99, 100, 101, 102) and not (subset == "B" and value == 100):
            parts.append(_INVOCATION[value])
            subset = _SWITCH.get(value, subset)
        else:
            raise ValueError(f"{data!r}: Code 128 value {value} in subset {subset} has no ZPL spelling here")
    return "".join(parts), 11 * (len(encoded) - 1) + 13
