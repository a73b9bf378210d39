"""Rows of an order spreadsheet, parsed and grouped into orders (no database).

One row per order line; the rows of one order share its `order_id` (they need not be next to
each other). Order-level columns (channel, currency, address, shipping charge…) may be filled
on every row of the order or only on one of them (usually the first): an empty cell takes the
order's value, and a different value on another row of the same order is an error, so a
shipping charge is never counted twice and two orders never merge by accident.

Each cell becomes a typed value or a `RowError` naming its line and column; checks that need
the database (unknown SKUs, orders already there) live in `importing`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_noop

from arkaofis.catalog.domain import is_valid_sku
from arkaofis.catalog.services.tables import CellError, RowError, cell_text, parse_money
from arkaofis.core.countries import is_country_code
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.money import is_currency
from arkaofis.orders.models import Address, PaymentStatus
from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn, validate_order

DEFAULT_CHANNEL = "import"
LINE_COLUMNS = ("sku", "quantity", "unit_price", "discount", "tax")
ADDRESS_COLUMNS = {
    "ship_name": "name", "ship_company": "company", "ship_line1": "line1", "ship_line2": "line2",
    "ship_city": "city", "ship_region": "region", "ship_postal_code": "postal_code", "ship_country": "country",
    "ship_phone": "phone",
}  # fmt: skip
ORDER_COLUMNS = (
    "channel", "placed_at", "currency", "customer_email", "payment_status", "shipping_charge",
    *ADDRESS_COLUMNS, "notes", "tags", "priority",
)  # fmt: skip
COLUMNS = ("order_id", *ORDER_COLUMNS, *LINE_COLUMNS)
REQUIRED_COLUMNS = ("order_id", "currency", "sku", "quantity", "unit_price")
MAX_QUANTITY = 1_000_000
MAX_TAGS, MAX_TAG_LENGTH = 20, 50
_CHANNEL = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@dataclass
class OrderRow:
    """One parsed line. `order` holds the order-level cells this row fills (empty ones are absent)."""

    line: int
    order_id: str
    sku: str
    quantity: int
    unit_price: Decimal
    discount: Decimal
    tax: Decimal
    order: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedOrder:
    """The rows of one order, in file order, and the order-level values they agree on."""

    order_id: str
    rows: list[OrderRow] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    value_lines: dict[str, int] = field(default_factory=dict)  # column → line that set it

    @property
    def first_line(self) -> int:
        return self.rows[0].line

    @property
    def channel(self) -> str:
        return self.values.get("channel", DEFAULT_CHANNEL)


def parse_channel(text: str) -> str:
    code = text.lower()
    if not _CHANNEL.match(code):
        raise CellError(
            gettext_noop("a channel code is 1-32 letters, digits, '-' or '_' (no spaces), got %(text)r"), text=text
        )
    return code


def parse_placed_at(text: str) -> datetime:
    """ISO 8601 date or date and time; without a zone it is the shop's local time."""
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
    except ValueError:
        raise CellError(
            f"expected an ISO date or date and time (2026-11-20 or 2026-11-20T14:30), got {text!r}"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_currency(text: str) -> str:
    code = text.upper()
    if not is_currency(code):
        raise CellError(gettext_noop("%(text)r is not an ISO 4217 currency code (e.g. TRY, EUR, USD)"), text=text)
    return code


def parse_email(text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(gettext_noop("not an email address: %(text)r"), text=text[:100]) from None
    return text


def parse_payment_status(text: str) -> str:
    status = text.lower()
    if status not in PaymentStatus.values:
        raise CellError(
            gettext_noop("expected %(allowed)s, got %(text)r"), allowed=", ".join(PaymentStatus.values), text=text
        )
    return status


def parse_country(text: str) -> str:
    code = text.upper()
    if not is_country_code(code):
        raise CellError(gettext_noop("%(text)r is not an ISO 3166 alpha-2 country code (e.g. TR, DE, GB)"), text=text)
    return code


def parse_tags(text: str) -> tuple[str, ...]:
    """'vip, gift; rush' → ('vip', 'gift', 'rush'): commas or semicolons, repeats dropped."""
    tags = tuple(dict.fromkeys(tag.strip() for tag in re.split(r"[,;]", text) if tag.strip()))
    if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG_LENGTH for tag in tags):
        raise CellError(
            gettext_noop("at most %(tags)s tags of at most %(length)s characters each"),
            tags=MAX_TAGS,
            length=MAX_TAG_LENGTH,
        )
    return tags


def parse_whole(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise CellError(gettext_noop("expected a whole number, got %(text)r"), text=text) from None
        if not low <= number <= high:
            raise CellError(
                gettext_noop("must be from %(low)s to %(high)s, got %(number)s"),
                low=low,
                high=f"{high:,}",
                number=number,
            )
        return number

    return parse


def limited(max_length: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > max_length:
            raise CellError(
                gettext_noop("at most %(max_length)s characters, got %(length)s"),
                max_length=max_length,
                length=len(text),
            )
        return text

    return parse


def _address_parser(column: str) -> Callable[[str], str]:
    if column == "ship_country":
        return parse_country
    return limited(getattr(Address._meta.get_field(ADDRESS_COLUMNS[column]), "max_length", 0) or 0)


ORDER_PARSERS: dict[str, Callable[[str], Any]] = {
    "channel": parse_channel,
    "placed_at": parse_placed_at,
    "currency": parse_currency,
    "customer_email": parse_email,
    "payment_status": parse_payment_status,
    "shipping_charge": parse_money,
    **{column: _address_parser(column) for column in ADDRESS_COLUMNS},
    "notes": limited(10_000),
    "tags": parse_tags,
    "priority": parse_whole(-32768, 32767),
}
LINE_PARSERS: dict[str, tuple[Callable[[str], Any], Any]] = {  # column → (parser, value of an empty cell)
    "quantity": (parse_whole(1, MAX_QUANTITY), None),
    "unit_price": (parse_money, None),
    "discount": (parse_money, Decimal("0.0000")),
    "tax": (parse_money, Decimal("0.0000")),
}


def parse_row(line: int, cells: dict[str, object]) -> tuple[OrderRow | None, list[RowError]]:
    """Parse one row (column → raw cell). Returns the row, or None with every error in it."""
    errors: list[RowError] = []
    order_id = cell_text(cells.get("order_id"))
    if not order_id:
        errors.append(RowError.of(line, "order_id", gettext_noop("required: the rows of one order share its order id")))
    elif len(order_id) > 100:
        errors.append(
            RowError.of(line, "order_id", gettext_noop("at most 100 characters, got %(length)s"), length=len(order_id))
        )
    sku = cell_text(cells.get("sku"))
    if not sku:
        errors.append(RowError.of(line, "sku", gettext_noop("required")))
    elif not is_valid_sku(sku):
        errors.append(RowError.of(line, "sku", gettext_noop("1-64 letters, digits, '.', '_', '/' or '-' (no spaces)")))
    values: dict[str, Any] = {}
    for column, (parser, empty) in LINE_PARSERS.items():
        text = cell_text(cells.get(column))
        if not text and empty is None:
            errors.append(RowError.of(line, column, gettext_noop("required")))
            continue
        try:
            values[column] = parser(text) if text else empty
        except CellError as problem:
            errors.append(RowError.of(line, column, problem.template, **problem.params))
    order: dict[str, Any] = {}
    for column, parser in ORDER_PARSERS.items():
        text = cell_text(cells.get(column))
        if not text:
            continue
        try:
            order[column] = parser(text)
        except CellError as problem:
            errors.append(RowError.of(line, column, problem.template, **problem.params))
    if errors:
        return None, errors
    return OrderRow(line=line, order_id=order_id, sku=sku, order=order, **values), []


def group_orders(rows: list[OrderRow]) -> tuple[list[ParsedOrder], list[RowError]]:
    """Group rows by order id (in order of first appearance) and report order-level cells that
    disagree with an earlier row of the same order."""
    orders: dict[str, ParsedOrder] = {}
    errors = []
    for row in rows:
        parsed = orders.setdefault(row.order_id, ParsedOrder(order_id=row.order_id))
        parsed.rows.append(row)
        for column, value in row.order.items():
            if column not in parsed.values:
                parsed.values[column] = value
                parsed.value_lines[column] = row.line
            elif parsed.values[column] != value:
                first = parsed.value_lines[column]
                errors.append(
                    RowError.of(
                        row.line,
                        column,
                        gettext_noop(
                            "order %(order)s has %(value)s on line %(first)s: leave the cell empty or repeat that value"
                        ),
                        order=row.order_id,
                        value=_shown(parsed.values[column]),
                        first=first,
                    )
                )
    return list(orders.values()), errors


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return repr(", ".join(value))
    if isinstance(value, datetime):
        return value.isoformat()
    return repr(str(value))


def to_order_in(parsed: ParsedOrder) -> tuple[OrderIn | None, list[RowError]]:
    """The intake's OrderIn for a parsed order, checked by the intake's own rules."""
    values = parsed.values
    if "currency" not in values:
        return None, [
            RowError.of(
                parsed.first_line,
                "currency",
                gettext_noop("order %(order)s has no currency on any row"),
                order=parsed.order_id,
            )
        ]
    address = {ADDRESS_COLUMNS[column]: values[column] for column in ADDRESS_COLUMNS if column in values}
    order = OrderIn(
        channel=parsed.channel,
        external_id=parsed.order_id,
        currency=values["currency"],
        lines=tuple(
            OrderLineIn(
                sku=row.sku, quantity=row.quantity, unit_price=row.unit_price, discount=row.discount, tax=row.tax
            )
            for row in parsed.rows
        ),
        customer_email=values.get("customer_email", ""),
        shipping=AddressIn(**address) if address else None,
        shipping_charge=values.get("shipping_charge", Decimal("0.0000")),
        payment_status=values.get("payment_status", PaymentStatus.PENDING),
        notes=values.get("notes", ""),
        tags=values.get("tags", ()),
        placed_at=values.get("placed_at"),
        priority=values.get("priority", 0),
    )
    try:
        validate_order(order)
    except InvalidInput as problem:
        column = _column_of(str(problem.data.get("field", "")))
        return None, [RowError(parsed.value_lines.get(column, parsed.first_line), column, problem.localized())]
    return order, []


def _column_of(field_name: str) -> str:
    """The spreadsheet column behind an intake field name."""
    if field_name in COLUMNS:
        return field_name
    if f"ship_{field_name}" in ADDRESS_COLUMNS:
        return f"ship_{field_name}"
    if field_name == "external_id":
        return "order_id"
    return "unit_price" if field_name == "lines" else ""
