"""Receive an order from any path (API, import, a channel adapter), exactly once.

`receive_order` is idempotent on (channel, external_id): the second call returns the order
the first one made and writes nothing. Every SKU is looked up before anything is written, so
an unknown SKU raises UnknownSku with the database untouched (channels route such a payload to
their exception queue). Two concurrent calls with the same key race on the unique constraint;
the loser's savepoint rolls back and its retry returns the winner's order.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.money import is_currency
from arkaofis.inventory.models import MAX_QUANTITY
from arkaofis.orders import domain
from arkaofis.orders.models import Address, PaymentStatus, SalesOrder

ZERO = Decimal("0")
MAX_MONEY = Decimal(10) ** 10  # the money columns hold 10 integer digits


@dataclass(frozen=True)
class AddressIn:
    name: str = ""
    company: str = ""
    line1: str = ""
    line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class OrderLineIn:
    sku: str
    quantity: int
    unit_price: Decimal
    discount: Decimal = ZERO  # for the whole line
    tax: Decimal = ZERO  # for the whole line
    external_id: str = ""


@dataclass(frozen=True)
class OrderIn:
    channel: str  # "api", "import", "shopify", …
    external_id: str
    currency: str
    lines: tuple[OrderLineIn, ...]
    customer_email: str = ""
    billing: AddressIn | None = None
    shipping: AddressIn | None = None
    shipping_charge: Decimal = ZERO
    payment_status: str = PaymentStatus.PENDING  # "pending" | "paid" | "refunded"
    notes: str = ""
    tags: tuple[str, ...] = ()
    placed_at: datetime | None = None
    priority: int = 0  # higher is served first
    draft: bool = False  # staff still putting it together: a draft holds no stock until confirmed
    shipping_method: str = ""  # as the customer chose it, e.g. "Standard" or "Express" (up to 64 characters)


def receive_order(*, order: OrderIn, user: Any, source: str, reserve: bool = False) -> tuple[SalesOrder, bool]:
    """Create a confirmed order from `order` (with `reserve`: routed and reserved in the same
    transaction, or backordered where stock is short); return (order, created).

    A repeat of an already received (channel, external_id) returns the existing order with
    created=False and changes nothing. Raises UnknownSku or InvalidInput and writes nothing.
    A batch of one for receive_orders (services/batch_intake.py), which writes every order.
    """
    from arkaofis.orders.services.batch_intake import receive_orders  # it builds on this module's types

    [outcome] = receive_orders([order], user=user, source=source, reserve=reserve)
    if outcome.error is not None:
        raise outcome.error
    return outcome.order or SalesOrder.objects.get(pk=outcome.order_id or 0), outcome.created


def validate_order(order: OrderIn) -> None:
    """The checks `receive_order` makes before writing (no database): raises InvalidInput.
    A batch importer runs them on every order first, so a bad one rejects the file untouched."""
    _validate(order)


def _validate(order: OrderIn) -> None:
    if not order.channel or not order.external_id:
        raise InvalidInput(gettext("An order needs a channel and an external id"), field="external_id")
    if len(order.channel) > 32 or len(order.external_id) > 100:
        raise InvalidInput(gettext("Channel (32) or external id (100 characters) too long"), field="external_id")
    if not is_currency(order.currency):
        raise InvalidInput(
            gettext("Currency must be an ISO 4217 code, got %(currency)r") % {"currency": order.currency},
            field="currency",
        )
    if order.payment_status not in PaymentStatus.values:
        raise InvalidInput(
            gettext("Unknown payment status %(payment_status)r") % {"payment_status": order.payment_status},
            field="payment_status",
        )
    if not order.lines:
        raise InvalidInput(gettext("An order needs at least one line"), field="lines")
    if order.shipping_charge < 0:
        raise InvalidInput(gettext("Shipping charge cannot be negative"), field="shipping_charge")
    if len(order.shipping_method) > 64:
        raise InvalidInput(gettext("Shipping method is longer than 64 characters"), field="shipping_method")
    if not -32768 <= order.priority <= 32767:
        raise InvalidInput(
            gettext("Priority must be from -32768 to 32767, got %(priority)s") % {"priority": order.priority},
            field="priority",
        )
    for index, line in enumerate(order.lines, start=1):
        if (
            isinstance(line.quantity, bool)
            or not isinstance(line.quantity, int)
            or not 0 < line.quantity <= MAX_QUANTITY
        ):
            raise InvalidInput(
                gettext("Line %(index)s: quantity must be a whole number from 1 to %(max)s")
                % {"index": index, "max": f"{MAX_QUANTITY:,}"},
                field="quantity",
                line=index,
            )
        if line.unit_price < 0 or line.discount < 0 or line.tax < 0:
            raise InvalidInput(
                gettext("Line %(index)s: price, discount and tax cannot be negative") % {"index": index},
                field="unit_price",
                line=index,
            )
    totals = domain.order_totals(((ln.quantity, ln.unit_price, ln.discount, ln.tax) for ln in order.lines), ZERO)
    if max(abs(total) for total in (*totals.values(), order.shipping_charge)) >= MAX_MONEY:
        raise InvalidInput(gettext("Order totals are too large to store"), field="lines")
    for address in (order.billing, order.shipping):
        if address:
            _check_address(address)
    if len(order.customer_email) > 254 or any(len(line.external_id) > 100 for line in order.lines):
        raise InvalidInput(
            gettext("Customer email (254) or line external id (100 characters) too long"), field="customer_email"
        )


def _check_address(address: AddressIn) -> None:
    if address.country and not re.match(r"^[A-Z]{2}$", address.country):
        raise InvalidInput(
            gettext("Country must be an ISO 3166 alpha-2 code, got %(country)r") % {"country": address.country},
            field="country",
        )
    for name in AddressIn.__dataclass_fields__:
        limit = getattr(Address._meta.get_field(name), "max_length", 0) or 0
        if len(getattr(address, name)) > limit:
            raise InvalidInput(
                gettext("Address %(name)s is longer than %(limit)s characters") % {"name": name, "limit": limit},
                field=name,
            )
