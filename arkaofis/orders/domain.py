"""The order lifecycle as data, and the pure rules around it (no Django here).

draft → confirmed → reserved | backordered → released → partially_shipped → shipped → delivered.
An order may be cancelled until it is released or earlier; once any unit has left a warehouse
(partially_shipped and after) cancelling would lose track of goods, so those orders go through
returns instead. Holds never change the status: they only block release.
"""

import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

from arkaofis.core.money import round_money
from arkaofis.orders.exceptions import IllegalTransition, OrderOnHold


class OrderStatus(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    RESERVED = "reserved"
    BACKORDERED = "backordered"
    RELEASED = "released"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(status.value, status.value.replace("_", " ").capitalize()) for status in cls]


S = OrderStatus
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.DRAFT: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.RESERVED, S.BACKORDERED, S.CANCELLED}),
    # A backordered order is reserved again when stock arrives (or stays backordered).
    S.BACKORDERED: frozenset({S.RESERVED, S.BACKORDERED, S.CANCELLED}),
    S.RESERVED: frozenset({S.RELEASED, S.CANCELLED}),
    S.RELEASED: frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED, S.CANCELLED}),
    S.PARTIALLY_SHIPPED: frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}
OPEN = frozenset(status for status, targets in TRANSITIONS.items() if S.CANCELLED in targets)
RESERVABLE = frozenset({S.CONFIRMED, S.BACKORDERED})


def can_transition(from_status: str, to_status: str) -> bool:
    return OrderStatus(to_status) in TRANSITIONS[OrderStatus(from_status)]


def check_transition(from_status: str, to_status: str) -> OrderStatus:
    """Return the target status, or raise IllegalTransition."""
    if not can_transition(from_status, to_status):
        raise IllegalTransition(str(OrderStatus(from_status).value), str(OrderStatus(to_status).value))
    return OrderStatus(to_status)


def next_statuses(status: str) -> frozenset[OrderStatus]:
    return TRANSITIONS[OrderStatus(status)]


def status_after_reserving(*, lines_short: int) -> OrderStatus:
    """Full lines are reserved; any line that could not be reserved in full backorders the order."""
    return S.BACKORDERED if lines_short else S.RESERVED


def check_release(*, number: str, status: str, active_hold_kinds: Iterable[str]) -> None:
    """An order is released only when reserved and free of holds."""
    kinds = sorted(set(active_hold_kinds))
    if kinds:
        raise OrderOnHold(number, kinds)
    check_transition(status, S.RELEASED)


# ---- numbers and references -------------------------------------------------------------------

_NUMBER = re.compile(r"^SO-(\d{1,18})$", re.IGNORECASE)


def format_number(pk: int | None) -> str:
    return f"SO-{pk:06d}" if pk else ""


def parse_number(number: str) -> int | None:
    """The primary key behind SO-000123, or None when the text is not an order number."""
    match = _NUMBER.match(number.strip())
    return int(match.group(1)) if match else None


# Demand references under this prefix belong to sales orders: only orders' services change their
# reservations (registered with inventory in OrdersConfig.ready).
DEMAND_PREFIX = "SO-"
DEMAND_OWNER = "sales_order"


def demand_ref(number: str, line_no: int, component_sku: str = "") -> str:
    """A line's demand, or one component's of a kit line."""
    return component_demand_ref(number, line_no, component_sku) if component_sku else line_demand_ref(number, line_no)


def line_demand_ref(number: str, line_no: int) -> str:
    return f"{number}/L{line_no}"


def component_demand_ref(number: str, line_no: int, component_sku: str) -> str:
    """Each component of a kit line is a demand of its own, so it is released on its own."""
    return f"{number}/L{line_no}/{component_sku}"


def demand_line_no(number: str, demand_ref: str) -> int | None:
    """The line number behind "SO-000123/L1" or "SO-000123/L1/<SKU>", None if not this order's."""
    prefix = f"{number}/L"
    if not demand_ref.startswith(prefix):
        return None
    digits = demand_ref[len(prefix) :].split("/", 1)[0]
    return int(digits) if digits.isdigit() else None


# ---- money ------------------------------------------------------------------------------------


def line_total(*, quantity: int, unit_price: Decimal, discount: Decimal, tax: Decimal) -> Decimal:
    return quantity * unit_price - discount + tax


def order_totals(
    lines: Iterable[tuple[int, Decimal, Decimal, Decimal]], shipping_charge: Decimal
) -> dict[str, Decimal]:
    """(quantity, unit price, discount, tax) per line → subtotal, discount, tax and grand totals."""
    subtotal = discount = tax = Decimal("0")
    for quantity, unit_price, line_discount, line_tax in lines:
        subtotal += quantity * unit_price
        discount += line_discount
        tax += line_tax
    return {
        "subtotal": subtotal,
        "discount_total": discount,
        "tax_total": tax,
        "grand_total": subtotal - discount + tax + shipping_charge,
    }


# ---- returns ----------------------------------------------------------------------------------

RETURNABLE = frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED})


def returnable_quantity(*, shipped: int, returned: int, on_open_returns: int) -> int:
    """Units of a line the customer may still send back: shipped, not yet returned nor on an open return."""
    return max(0, shipped - returned - on_open_returns)


def _line_share(
    units: int, *, quantity: int, unit_price: Decimal, discount: Decimal, tax: Decimal, currency: str
) -> Decimal:
    """What `units` of a line cost the customer: price less its share of the line's discount, plus
    its share of the line's tax, in the currency's minor unit (core.money: yen whole, dinars to 0.001)."""
    share = units * unit_price - discount * units / quantity + tax * units / quantity
    return round_money(share, currency)


def line_refund(
    *,
    units: int,
    already_refunded: int,
    quantity: int,
    unit_price: Decimal,
    discount: Decimal,
    tax: Decimal,
    currency: str,
) -> Decimal:
    """The refund for `units` more units of a line of which `already_refunded` were refunded before.

    The difference of two cumulative shares, so refunds of one line returned in several parts
    add up to exactly what returning it at once would give (no cent lost or gained to rounding).
    """

    def share(units: int) -> Decimal:
        return _line_share(
            units, quantity=quantity, unit_price=unit_price, discount=discount, tax=tax, currency=currency
        )

    return share(already_refunded + units) - share(already_refunded)
