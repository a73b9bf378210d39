"""The typeface every label, slip and manifest prints in: DejaVu Sans, embedded, so Turkish (İ ı Ş ş Ğ ğ) prints.

The PDF standard fonts (Helvetica…) carry only Latin-1: "Şişli" would print with holes. DejaVu is free and
packaged everywhere (Debian: fonts-dejavu-core, which CI installs). Registered once per process.
"""

import os
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "ArkaofisSans"
BOLD = "ArkaofisSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
# ARKAOFIS_FONT_DIR overrides where the files are looked up (a system that ships them elsewhere).
_DIRECTORIES = (
    os.environ.get("ARKAOFIS_FONT_DIR", ""),
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
)


class FontMissing(RuntimeError):
    """The server has no DejaVu Sans: an installation problem (install fonts-dejavu-core), not the user's."""


def _find(filename: str) -> Path:
    for directory in _DIRECTORIES:
        if directory and (path := Path(directory) / filename).is_file():
            return path
    raise FontMissing(f"{filename} not found in {[d for d in _DIRECTORIES if d]}; install fonts-dejavu-core")


@cache
def register_fonts() -> tuple[str, str]:
    """Register the label fonts with reportlab (once per process) and return their names (regular, bold)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(_find(filename))))
    return REGULAR, BOLD


ELLIPSIS = "…"


def fit_text(text: str, font: str, size: float, width: float, min_size: float = 7.0) -> tuple[str, float]:
    """`text` and a font size at which it fits `width`: the size shrinks down to `min_size`, then the text is
    cut with an ellipsis (a long street name must not run off the label or over the next block)."""
    measured = pdfmetrics.stringWidth(text, font, size)
    if measured <= width:
        return text, size
    size = max(min_size, size * width / measured)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text, size
    while text and pdfmetrics.stringWidth(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS, size
