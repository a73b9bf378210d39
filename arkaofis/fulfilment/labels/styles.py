"""Paragraph and table styles of the A4 documents (packing slip, manifest), all in the embedded DejaVu Sans."""

from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle

from arkaofis.fulfilment.labels.data import printable
from arkaofis.fulfilment.labels.fonts import register_fonts


@cache
def paragraph_styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, spaceAfter=6),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=9, leading=12, textColor=colors.grey),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13),
        "strong": ParagraphStyle("strong", fontName=bold, fontSize=11, leading=14),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10),
    }


def para(text: object, style: str = "body") -> Paragraph:
    """A paragraph of user text: escaped, since reportlab reads "<" and "&" as markup."""
    return Paragraph(escape(printable(str(text))), paragraph_styles()[style])


def table_style(*, header_rows: int = 1, footer_rows: int = 0) -> TableStyle:
    regular, bold = register_fonts()
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), regular, 9),
        ("FONT", (0, 0), (-1, header_rows - 1), bold, 9),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 1, colors.black),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1 - footer_rows), [colors.white, colors.HexColor("#f2f2f2")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if footer_rows:
        commands += [
            ("LINEABOVE", (0, -footer_rows), (-1, -footer_rows), 1, colors.black),
            ("FONT", (0, -footer_rows), (-1, -1), bold, 9),
        ]
    return TableStyle(commands)
