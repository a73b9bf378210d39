"""Read and write spreadsheets: CSV (UTF-8, comma, semicolon or tab) and XLSX.

The reader decides the format from the bytes, not the file name, so a renamed file still
reads and a random file gets a clear message instead of a stack trace. Line numbers are the
row numbers a spreadsheet program shows (the header is line 1, blank rows still count).

Every importer (products, orders) shares the row report: a `RowError` per bad cell, cells read
with `cell_text`, money with `parse_money`, the header checked by `header_errors`.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext, gettext_noop

from arkaofis.core.money import fits_unit_places, round_unit
from arkaofis.core.spreadsheets import safe_cell, unquoted_cell

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls)
DELIMITERS = (",", ";", "\t")
MAX_ROWS = 100_000
MAX_XLSX_UNPACKED = 256 * 1024 * 1024  # a workbook whose parts unpack to more is a zip bomb, not an upload
# What a broken or hostile workbook raises while it is read: a bad zip, missing parts, XML cut off
# (ParseError, a SyntaxError), entities refused by defusedxml (ValueError subclasses).
XLSX_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, IndexError, TypeError,
               ParseError, EOFError, NotImplementedError)  # fmt: skip


MAX_MONEY = Decimal("9999999999.9999")  # max_digits=14, decimal_places=4


class TableError(ValueError):
    """The file as a whole cannot be read as a table. `template` (a message id) and `params` let
    the report say it in the reader's language."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


@dataclass(frozen=True)
class RowError:
    """A problem with one cell (or one line, when `column` is empty) of an imported file.

    `line` is the row number the user sees in the spreadsheet; the header is line 1. `reason` is
    English (API, command line, logs); a screen says it in the reader's language from `template`
    (a message id of the catalogue) and `params`, which a stored report keeps too (`told_reason`).
    """

    line: int
    column: str
    reason: str
    template: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, line: int, column: str, template: str, **params: Any) -> "RowError":
        return cls(line, column, template % params if params else template, template, params)

    def __str__(self) -> str:
        where = f"line {self.line}, {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.reason}"


def told_reason(error: "RowError | Mapping[str, Any]") -> str:
    """A row error's reason in the active language (a RowError, or one read back from a stored report)."""
    found = asdict(error) if isinstance(error, RowError) else error
    template, params = found.get("template") or found.get("reason", ""), found.get("params") or {}
    try:
        text = gettext(template) if template else ""
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return str(found.get("reason", ""))


class CellError(ValueError):
    """Raised by a cell parser; the row parser turns it into a RowError for that column.
    `template` (a message id) and `params` let the report say it in the reader's language."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


def cell_text(value: object) -> str:
    """A cell as text. XLSX cells arrive typed: keep integers integral (barcodes, SKUs)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return unquoted_cell(str(value).strip())


def parse_money(text: str) -> Decimal:
    """'1234.5', '1234,5', '1.234,50' or '1,234.50' (the last separator is the decimal mark)."""
    compact = text.replace(" ", "").replace("\u00a0", "")
    if "," in compact and "." in compact:
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        compact = compact.replace("." if decimal_mark == "," else ",", "")
    compact = compact.replace(",", ".")
    try:
        amount = Decimal(compact)
    except InvalidOperation:
        raise CellError(gettext_noop("not a number: %(text)r"), text=text) from None
    if not amount.is_finite():
        raise CellError(gettext_noop("not a number: %(text)r"), text=text)
    if amount < 0:
        raise CellError(gettext_noop("must be zero or more, got %(text)s"), text=text)
    if amount > MAX_MONEY:
        raise CellError(gettext_noop("too large: %(text)s"), text=text)
    if not fits_unit_places(amount):
        raise CellError(gettext_noop("at most 4 decimal places, got %(text)s"), text=text)
    return round_unit(amount)


def header_errors(header: list[str], *, columns: Sequence[str], required: Sequence[str]) -> list[RowError]:
    """Unknown, repeated and missing required columns of a header line."""
    errors = []
    for index, name in enumerate(header):
        if name and name not in columns:
            errors.append(
                RowError.of(
                    1, name, gettext_noop("unknown column; the columns are: %(columns)s"), columns=", ".join(columns)
                )
            )
        elif name and name in header[:index]:
            errors.append(RowError.of(1, name, gettext_noop("column appears twice")))
    missing = gettext_noop("required column is missing")
    errors.extend(RowError.of(1, name, missing) for name in required if name not in header)
    return errors


def table_records(table: "Table", errors: list[RowError]) -> Iterator[tuple[int, dict[str, object]]]:
    """The non-blank rows as (line, column → cell); a row wider than the header is reported
    in `errors` and skipped. Raises TableError for a file that breaks off or is too large."""
    width = len(table.header)
    for line, cells in limit_rows(table.rows):
        if is_blank(cells):
            continue
        if len(cells) > width and not is_blank(cells[width:]):
            errors.append(
                RowError.of(
                    line,
                    "",
                    gettext_noop("%(cells)s cells but the header has %(width)s columns"),
                    cells=len(cells),
                    width=width,
                )
            )
            continue
        yield line, {name: cells[i] if i < len(cells) else None for i, name in enumerate(table.header) if name}


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, Sequence[object]]]  # (line number, cells)


def normalise_header(name: object) -> str:
    return str(name or "").strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def read_table(*, file_name: str, content: bytes, known_columns: Sequence[str]) -> Table:
    """The header (normalised) and the rows of the first sheet, or TableError."""
    if not content or not content.strip():
        raise TableError(gettext_noop("the file is empty"))
    if content.startswith(ZIP_MAGIC):
        return _read_xlsx(content)
    if content.startswith(OLE_MAGIC):
        raise TableError(gettext_noop("old Excel files (.xls) are not supported: save it as .xlsx or CSV UTF-8"))
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise TableError(gettext_noop("%(file_name)s is not a valid XLSX workbook"), file_name=file_name)
    return _read_csv(content, known_columns)


def _read_csv(content: bytes, known_columns: Sequence[str]) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(
            gettext_noop("the file is neither an XLSX workbook nor UTF-8 text; save it as .xlsx or 'CSV UTF-8'")
        ) from None
    if "\x00" in text:
        raise TableError(gettext_noop("the file is neither an XLSX workbook nor a CSV text file"))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: (_known_count(first_line, d, known_columns), -DELIMITERS.index(d)))
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(records)
    except (StopIteration, csv.Error) as problem:
        raise TableError(gettext_noop("cannot read the header line: %(problem)s"), problem=str(problem)) from None
    return Table([normalise_header(h) for h in header], _csv_rows(records))


def _known_count(line: str, delimiter: str, known_columns: Sequence[str]) -> int:
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return sum(normalise_header(cell) in known_columns for cell in cells)


def _csv_rows(records: Iterator[list[str]]) -> Iterator[tuple[int, Sequence[object]]]:
    line = 1
    try:
        for line, record in enumerate(records, start=2):
            yield line, record
    except csv.Error as problem:
        raise TableError(gettext_noop("line %(line)s: %(problem)s"), line=line + 1, problem=str(problem)) from None


def _read_xlsx(content: bytes) -> Table:
    _check_unpacked_size(content)
    load_workbook = _entity_safe_openpyxl()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store wrong sheet sizes
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
    except XLSX_ERRORS:
        raise TableError(UNREADABLE) from None
    if header is None:
        raise TableError(gettext_noop("the first sheet is empty"))
    return Table([normalise_header(h) for h in header], _xlsx_rows(rows))


def _entity_safe_openpyxl() -> Callable[..., Any]:
    """openpyxl's `load_workbook`, refusing to run unless openpyxl parses with defusedxml: a
    workbook is XML from a stranger, and entity expansion ("billion laughs") or external entities
    (a file of this server) must be refused, not resolved. openpyxl uses defusedxml whenever it is
    installed (it is pinned) unless OPENPYXL_DEFUSEDXML=False turns it off."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("openpyxl must parse workbooks with defusedxml: unset OPENPYXL_DEFUSEDXML")
    return openpyxl.load_workbook


def _check_unpacked_size(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except XLSX_ERRORS:
        raise TableError(UNREADABLE) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise TableError(
            gettext_noop("the workbook unpacks to more than %(limit)s MB: split it"), limit=MAX_XLSX_UNPACKED >> 20
        )


UNREADABLE = gettext_noop(
    "not a readable XLSX workbook: the file is damaged or holds XML that is not allowed; save it again as .xlsx"
)
UNREADABLE_AT = gettext_noop(
    "line %(row)s: not a readable XLSX workbook: the file is damaged or holds XML that is not allowed;"
    " save it again as .xlsx"
)


def _xlsx_rows(rows: Iterator[tuple]) -> Iterator[tuple[int, Sequence[object]]]:
    line = 1
    try:
        for line, cells in enumerate(rows, start=2):
            yield line, cells
    except XLSX_ERRORS:
        raise TableError(UNREADABLE_AT, row=line + 1) from None


def is_blank(cells: Sequence[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def limit_rows(rows: Iterator[tuple[int, Sequence[object]]]) -> Iterator[tuple[int, Sequence[object]]]:
    """Refuse absurdly large files before they fill the memory."""
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise TableError(
                gettext_noop("the file has more than %(max_rows)s rows: split it into smaller files"),
                max_rows=f"{MAX_ROWS:,}",
            )
        yield row


def write_csv(header: Sequence[str], rows: Iterator[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Turkish letters correctly. No cell is a live
    formula (core.spreadsheets)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(
    header: Sequence[str],
    rows: Iterator[Sequence[object]],
    *,
    text_columns: Sequence[str],
    sheet_name: str = "products",
) -> bytes:
    """One sheet; `text_columns` are stored as text so Excel keeps leading zeros of barcodes. No
    cell is a live formula (core.spreadsheets): openpyxl would store text starting with "=" as one."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    text_indexes = {header.index(name) for name in text_columns}
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if index in text_indexes:
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
