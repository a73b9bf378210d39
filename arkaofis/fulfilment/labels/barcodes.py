"""Code 128 and GS1-128 symbols drawn on a reportlab canvas, sized in whole printer dots.

A thermal printer has 203 dots per inch; a bar that is not a whole number of dots is rounded by the driver,
some bars one dot wider than others, which is what makes a label scan badly. Each module (the narrowest bar)
is therefore a whole number of dots, as wide as fits, and the quiet zones are the 10 modules Code 128 asks.

GS1-128 is Code 128 starting with FNC1. reportlab's Code128 takes FNC1 as the character "\\xf1" and, for a
run of digits after it, chooses Start C: "\\xf1" + "00" + SSCC encodes as [105 (Start C), 102 (FNC1), 00, …],
which is what GS1 General Specifications §5.4 asks (checked in the tests against the symbol values).
"""

from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

from arkaofis.fulfilment.labels.sscc import AI_SSCC

PRINTER_DPI = 203
DOT = 72 / PRINTER_DPI  # one printer dot, in PDF points
FNC1 = "\xf1"
QUIET_MODULES = 10


class BarcodeTooWide(ValueError):
    """The data does not fit the width even at one dot per module (a caller's layout problem)."""


@dataclass(frozen=True)
class Symbol:
    widget: Code128
    width: float  # with quiet zones, in points
    module_dots: int


def code128_symbol(data: str, *, max_width: float, height: float, max_module_dots: int = 4) -> Symbol:
    """The widest Code 128 symbol of `data` (modules of `max_module_dots` dots at most) that fits `max_width`."""
    for dots in range(max_module_dots, 0, -1):
        module = dots * DOT
        widget = Code128(
            data,
            barWidth=module,
            barHeight=height,
            humanReadable=0,
            quiet=1,
            lquiet=QUIET_MODULES * module,
            rquiet=QUIET_MODULES * module,
        )
        if widget.width <= max_width:
            return Symbol(widget=widget, width=widget.width, module_dots=dots)
    raise BarcodeTooWide(f"{data!r} does not fit {max_width:.0f} pt even at one dot per module")


def gs1_128_sscc_data(sscc: str) -> str:
    """What the GS1-128 symbol of an SSCC encodes: FNC1, AI 00, the 18 digits."""
    return FNC1 + AI_SSCC + sscc


def draw_centered(canvas: Canvas, symbol: Symbol, *, center_x: float, y: float) -> None:
    """Draw `symbol` with its bars' bottom at `y`, centred on `center_x`."""
    symbol.widget.drawOn(canvas, center_x - symbol.width / 2, y)
