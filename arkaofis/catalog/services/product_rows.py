"""One spreadsheet row of products, parsed and checked on its own (no database).

Each cell becomes a typed value or a `RowError` naming the line and column, so a user fixing a
file sees every problem at once. Rules that need other rows or the database (duplicates,
existing barcodes, kit components) live in `product_plan`.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from arkaofis.catalog.domain import IMAGE_URL_MAX_LENGTH, is_image_url, is_valid_gtin, is_valid_sku
from arkaofis.catalog.services.tables import CellError, RowError, cell_text, parse_money
from arkaofis.core.money import is_currency

COLUMNS = (
    "sku", "name", "barcode", "uom", "category", "description", "sale_price", "standard_cost", "currency",
    "cost_method", "tracking", "is_kit", "kit_components", "family", "options", "active", "weight_g", "volume_ml",
    "image_url",
)  # fmt: skip
REQUIRED_COLUMNS = ("sku", "name")

# What a new product gets for a column the file leaves out (or a cell it leaves empty).
DEFAULTS: dict[str, Any] = {
    "barcode": None, "uom": "pcs", "category": "", "description": "", "sale_price": Decimal(0),
    "standard_cost": Decimal(0), "currency": "TRY", "cost_method": "fifo", "tracking": "none", "is_kit": False,
    "components": (), "family": "", "options": {}, "active": True, "weight_g": None, "volume_ml": None,
    "image_url": "",
}  # fmt: skip

TRUE_WORDS = frozenset({"1", "true", "yes", "y", "x", "evet", "e", "doğru", "dogru"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "hayır", "hayir", "h", "yanlış", "yanlis"})
COST_METHODS = {"fifo": "fifo", "average": "average", "avg": "average", "moving average": "average"}
TRACKINGS = ("none", "lot", "serial")
MAX_KIT_QUANTITY = 1_000_000
MAX_SIZE = 1_000_000_000  # grams or millilitres of one base unit: a tonne, a thousand cubic metres


@dataclass
class ProductRow:
    """A parsed row. `values` holds only the columns the file has, keyed by product field:
    a column left out keeps an existing product's value (new products get DEFAULTS)."""

    line: int
    sku: str
    values: dict[str, Any] = field(default_factory=dict)


def parse_bool(text: str) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(gettext_noop("expected yes/no (true/false, 1/0), got %(text)r"), text=text)


def parse_barcode(text: str) -> str | None:
    code = text.replace(" ", "")
    if not code:
        return None
    if not code.isdigit():
        raise CellError(gettext_noop("a GTIN/EAN has digits only, got %(text)r"), text=text)
    if not is_valid_gtin(code):
        raise CellError(
            gettext_noop("%(code)s is not a valid GTIN/EAN (8, 12, 13 or 14 digits with a correct check digit)"),
            code=code,
        )
    return code


def parse_components(text: str) -> tuple[tuple[str, int], ...]:
    """'SKU-A:2;SKU-B:1' → (('SKU-A', 2), ('SKU-B', 1)); a bare SKU means one of it."""
    bill: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        sku, _, quantity_text = (s.strip() for s in part.partition(":"))
        if not is_valid_sku(sku):
            raise CellError(gettext_noop("%(sku)r is not a valid SKU (write components as SKU-A:2;SKU-B:1)"), sku=sku)
        quantity = int(quantity_text) if quantity_text.isdigit() else -1 if quantity_text else 1
        if not 0 < quantity <= MAX_KIT_QUANTITY:
            raise CellError(
                gettext_noop("quantity of %(sku)s must be a whole number from 1 to %(most)s"),
                sku=sku,
                most=MAX_KIT_QUANTITY,
            )
        if sku in bill:
            raise CellError(gettext_noop("component %(sku)s is listed twice"), sku=sku)
        bill[sku] = quantity
    return tuple(bill.items())


def parse_options(text: str) -> dict[str, str]:
    """'Size=M;Colour=Red' → {'Size': 'M', 'Colour': 'Red'}."""
    options: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, equals, value = (s.strip() for s in part.partition("="))
        if not equals or not name or not value:
            raise CellError(gettext_noop("write options as Name=Value;Name=Value, got %(part)r"), part=part)
        if len(name) > 50 or len(value) > 100:
            raise CellError(gettext_noop("option %(name)r is too long (name 50, value 100 characters)"), name=name[:50])
        if name in options:
            raise CellError(gettext_noop("option %(name)r is given twice"), name=name)
        options[name] = value
    return options


def parse_size(text: str) -> int:
    """A weight in grams or a volume in millilitres: a whole number, 0 to MAX_SIZE."""
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_SIZE:
        raise CellError(
            gettext_noop("expected a whole number from 0 to %(most)s, got %(text)r"), most=MAX_SIZE, text=text
        )
    return int(text)


def parse_image_url(text: str) -> str:
    if not is_image_url(text):
        raise CellError(
            gettext_noop("expected an https:// address of at most %(most)s characters, got %(text)r"),
            most=IMAGE_URL_MAX_LENGTH,
            text=text[:100],
        )
    return text


def parse_currency(text: str) -> str:
    code = text.upper() or DEFAULTS["currency"]
    if not is_currency(code):
        raise CellError(gettext_noop("%(text)r is not an ISO 4217 currency code (e.g. TRY, EUR, USD)"), text=text)
    return code


def parse_cost_method(text: str) -> str:
    method = COST_METHODS.get(text.lower() or "fifo")
    if method is None:
        raise CellError(gettext_noop("expected fifo or average, got %(text)r"), text=text)
    return method


def parse_tracking(text: str) -> str:
    tracking = text.lower() or "none"
    if tracking not in TRACKINGS:
        raise CellError(gettext_noop("expected none, lot or serial, got %(text)r"), text=text)
    return tracking


def limited(max_length: int):
    def parse(text: str) -> str:
        if len(text) > max_length:
            raise CellError(
                gettext_noop("at most %(max_length)s characters, got %(length)s"),
                max_length=max_length,
                length=len(text),
            )
        return text

    return parse


def optional(parser):
    """Empty cell → the default; otherwise the parser's value."""

    def parse(text: str, *, default: Any) -> Any:
        return default if text == "" else parser(text)

    return parse


# column → (product field, parser). Parsers get the stripped cell text.
PARSERS = {
    "name": ("name", limited(200)),
    "barcode": ("barcode", parse_barcode),
    "uom": ("uom", limited(16)),
    "category": ("category", limited(100)),
    "description": ("description", limited(10_000)),
    "sale_price": ("sale_price", parse_money),
    "standard_cost": ("standard_cost", parse_money),
    "currency": ("currency", parse_currency),
    "cost_method": ("cost_method", parse_cost_method),
    "tracking": ("tracking", parse_tracking),
    "is_kit": ("is_kit", parse_bool),
    "kit_components": ("components", parse_components),
    "family": ("family", limited(200)),
    "options": ("options", parse_options),
    "active": ("active", parse_bool),
    "weight_g": ("weight_g", parse_size),
    "volume_ml": ("volume_ml", parse_size),
    "image_url": ("image_url", parse_image_url),
}


def parse_row(line: int, cells: dict[str, object]) -> tuple[ProductRow | None, list[RowError]]:
    """Parse the cells of one row (column → raw cell). Returns the row, or None with its errors."""
    errors: list[RowError] = []
    sku = cell_text(cells.get("sku"))
    if not sku:
        errors.append(RowError.of(line, "sku", gettext_noop("required")))
    elif not is_valid_sku(sku):
        errors.append(RowError.of(line, "sku", gettext_noop("1-64 letters, digits, '.', '_', '/' or '-' (no spaces)")))
    values: dict[str, Any] = {}
    for column, (field_name, parser) in PARSERS.items():
        if column not in cells:
            continue
        text = cell_text(cells[column])
        if column == "name" and not text:
            errors.append(RowError.of(line, "name", gettext_noop("required")))
            continue
        try:
            values[field_name] = optional(parser)(text, default=DEFAULTS.get(field_name))
        except CellError as problem:
            errors.append(RowError.of(line, column, problem.template, **problem.params))
    if errors:
        return None, errors
    return ProductRow(line=line, sku=sku, values=values), []
