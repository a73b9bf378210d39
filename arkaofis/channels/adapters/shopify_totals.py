"""The money of a Shopify order as our lines carry it: discounts, taxes and shipping, allocated.

Shopify's REST Order (the webhook body) gives per line item `price` (before discounts), `quantity`
(and `current_quantity` after edits), `discount_allocations` (each discount application's amount
on that line: line-level and order-level discounts alike, when Shopify has allocated them) and
`tax_lines`; per shipping line its `price`, `discount_allocations` and `tax_lines`; per order
`total_discounts`, `tax_lines` (every tax of the order, lines' and shipping's together),
`taxes_included` and its own grand total `total_price` (`current_total_price` after edits).

Our order has no order-level discount nor tax, and a shipping charge without tax. So:
- a discount in `total_discounts` that no line nor shipping line carries (an order-level discount
  application not allocated in the payload) is spread across the lines in proportion to what each
  costs after its own discounts, as Shopify's "across" allocation does;
- an order tax (`tax_lines`) beyond what lines and shipping carry, and the shipping's tax, go on
  the lines the same way (our shipping charge carries no tax, as with Amazon's adapter);
- with `taxes_included` the prices hold the tax: the unit price is taken net of the line's tax.
Parts are whole minor units that add up exactly (core.money.allocate); the result is checked
against the channel's total by the pipeline (channels/services/processing.py).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from arkaofis.channels.adapters.common import unit_price_and_discount
from arkaofis.core.money import allocate
from arkaofis.orders.services.intake import OrderLineIn

ZERO = Decimal("0")
Money = Callable[[object, str], Decimal]


@dataclass(frozen=True)
class ShopifyLine:
    """A line item as Shopify states it, before any order-level allocation."""

    sku: str
    quantity: int
    price: Decimal  # per unit, before discounts (tax included when the order's taxes_included)
    discount: Decimal  # the line's discount_allocations (or total_discount)
    tax: Decimal  # the line's tax_lines
    external_id: str

    @property
    def after_discount(self) -> Decimal:
        return self.price * self.quantity - self.discount


@dataclass(frozen=True)
class ShippingMoney:
    price: Decimal
    discount: Decimal
    tax: Decimal


def shipping_money(shipping_lines: Sequence[Mapping[str, Any]], money: Money) -> ShippingMoney:
    def each(key: str, amount: str) -> Decimal:
        return sum(
            (money(part.get(amount), f"shipping_lines.{key}") for line in shipping_lines for part in _parts(line, key)),
            ZERO,
        )

    price = sum((money(line.get("price"), "shipping_lines.price") for line in shipping_lines), ZERO)
    return ShippingMoney(price=price, discount=each("discount_allocations", "amount"), tax=each("tax_lines", "price"))


def shipping_charge(payload: Mapping[str, Any], shipping: ShippingMoney) -> Decimal:
    """What the customer pays for shipping, without its tax (which goes on the lines)."""
    charge = shipping.price - shipping.discount
    return charge - shipping.tax if payload.get("taxes_included") else charge


def allocated_lines(
    payload: Mapping[str, Any], lines: Sequence[ShopifyLine], shipping: ShippingMoney, *, currency: str, money: Money
) -> tuple[OrderLineIn, ...]:
    """Our lines, carrying every discount and tax of the order (see the module's docstring)."""
    weights = [max(line.after_discount, ZERO) for line in lines]
    total_discounts = money(payload.get("total_discounts"), "total_discounts")
    loose_discount = total_discounts - sum((line.discount for line in lines), ZERO) - shipping.discount
    discounts = allocate(max(loose_discount, ZERO), weights, currency)
    weights = [max(weight - extra, ZERO) for weight, extra in zip(weights, discounts, strict=True)]
    order_tax = sum((money(tax.get("price"), "tax_lines.price") for tax in _parts(payload, "tax_lines")), ZERO)
    loose_tax = order_tax - sum((line.tax for line in lines), ZERO) - shipping.tax
    taxes = allocate(max(loose_tax, ZERO), weights, currency)
    shipping_tax = allocate(shipping.tax, weights, currency)
    included = bool(payload.get("taxes_included"))
    return tuple(
        _line(line, extra_discount=discount, inside_tax=line.tax + loose, added_tax=ship, included=included)
        for line, discount, loose, ship in zip(lines, discounts, taxes, shipping_tax, strict=True)
    )


def _line(
    line: ShopifyLine, *, extra_discount: Decimal, inside_tax: Decimal, added_tax: Decimal, included: bool
) -> OrderLineIn:
    """`inside_tax` is the line's own tax (in its price when taxes are included); `added_tax` is the
    share of the shipping's tax, which the line's price never holds."""
    discount = line.discount + extra_discount
    unit_price = line.price
    if included:  # the price holds the tax: our unit price is net, the tax is added back below
        gross = line.price * line.quantity - inside_tax
        unit_price, discount = unit_price_and_discount(gross=gross, net=gross - discount, quantity=line.quantity)
    return OrderLineIn(
        sku=line.sku,
        quantity=line.quantity,
        unit_price=unit_price,
        discount=discount,
        tax=inside_tax + added_tax,
        external_id=line.external_id,
    )


def _parts(owner: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = owner.get(key) or []
    return [part for part in value if isinstance(part, dict)] if isinstance(value, list) else []
