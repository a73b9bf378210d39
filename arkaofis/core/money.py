"""Money: which currencies exist, how many decimals each has, and the one rounding rule.

Amounts are Decimal with an ISO 4217 code, never float. The currency data is CLDR's, through babel
(kept up to date with each babel release), not a hand list:

- `currencies()` is every code that is legal tender somewhere today. A plain three-letter check
  would take TRL (the lira before 2005) or a typo such as "TRU"; an amount in a code no bank
  knows is worse than a clear error at the door. The same list checks the API (its OpenAPI
  document names it as an enum), imports, screens and every channel's orders.
- `minor_units(code)` is the currency's decimals as CLDR gives them: JPY 0, TRY 2, KWD 3. CLDR
  follows ISO 4217 except where everyday use differs (IQD: ISO 3, CLDR 0), which is what a
  customer's receipt shows.
- `round_money(amount, code)` rounds an amount a customer or an accountant sees (order totals,
  refunds, valuation totals, channel totals, exports) to that currency's minor unit, by ROUNDING.

Pure: no Django import, so pure domain rules (orders/domain.py) use it too.
"""

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache
from typing import Annotated

from babel.core import get_global
from babel.numbers import get_currency_precision, get_territory_currencies
from pydantic import AfterValidator, Field

# Half up, not banker's (half even): it is what a customer computes by hand, what Shopify and the
# marketplaces show, and what invoice rules (Turkish VAT included) expect. Banker's rounding only
# pays off when many rounded values are summed; we round each shown total once, and a refund is
# the difference of two rounded cumulative shares (orders/domain.py), so no bias adds up.
ROUNDING = ROUND_HALF_UP

# Internal precision, on purpose finer than the minor unit of any currency in use (three at most):
# unit costs (valuation layers, moving averages), unit prices derived from a channel's line total
# (10.00 / 3 = 3.3334) and every money column keep four decimals, so that quantity × unit cost
# and averages lose far less than a minor unit. Such amounts are rounded to the currency only when
# someone is shown them.
UNIT_PLACES = 4
UNIT_QUANTUM = Decimal(1).scaleb(-UNIT_PLACES)  # Decimal("0.0001")


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 codes that are legal tender in some territory today (CLDR), e.g. TRY, EUR, USD."""
    today = date.today()
    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, start_date=today, end_date=today, tender=True))
    return frozenset(codes)


def is_currency(code: object) -> bool:
    return isinstance(code, str) and code in currencies()


def currency_choices() -> list[tuple[str, str]]:
    """currencies() for a form's choice field, in code order: a screen offers the list the API takes."""
    return [(code, code) for code in sorted(currencies())]


def minor_units(currency: str) -> int:
    """Decimals of the currency's minor unit: 0 for JPY, 2 for TRY, 3 for KWD (CLDR's default of 2
    for a code it does not know; such a code never passes is_currency at the door)."""
    return get_currency_precision(currency)


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of the currency: Decimal("1") for JPY, ("0.01") for TRY, ("0.001") for KWD."""
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """An amount as a customer or an accountant sees it: to the currency's minor unit, by ROUNDING."""
    return amount.quantize(minor_unit(currency), rounding=ROUNDING)


def round_unit(amount: Decimal, *, rounding: str = ROUNDING) -> Decimal:
    """An internal unit cost or unit price, to UNIT_PLACES decimals (see UNIT_PLACES for why)."""
    return amount.quantize(UNIT_QUANTUM, rounding=rounding)


def fits_unit_places(amount: Decimal) -> bool:
    """Is the amount already at UNIT_PLACES decimals or fewer (nothing lost by storing it)?"""
    return amount == amount.quantize(UNIT_QUANTUM)


def _checked_currency(code: str) -> str:
    if not is_currency(code):
        raise ValueError(f"{code!r} is not an ISO 4217 currency code in use (e.g. TRY, EUR, USD)")
    return code


# A currency field of an API schema: validated against currencies(), and the OpenAPI document says
# so with the enum (a client or a fuzzer generating from the schema sends only codes we take).
CurrencyCode = Annotated[
    str,
    AfterValidator(_checked_currency),
    Field(
        description="ISO 4217 currency code in use today (e.g. TRY, EUR, USD)",
        json_schema_extra=lambda schema: schema.update(enum=sorted(currencies())),
    ),
]


def allocate(amount: Decimal, weights: Sequence[Decimal], currency: str) -> list[Decimal]:
    """Split `amount` over lines in proportion to `weights`, so the parts add up to it exactly.

    Each part is a whole number of minor units (of UNIT_QUANTUM when the amount itself is finer,
    e.g. BigCommerce's four-decimal taxes); the units left by rounding down go one each to the
    largest remainders (earlier lines first on a tie), the way Shopify spreads an order-level
    discount across its lines. Equal weights when they are all zero.
    """
    if not weights:
        return []
    if amount < 0:
        return [-part for part in allocate(-amount, weights, currency)]
    step = minor_unit(currency)
    if amount % step:
        step = UNIT_QUANTUM
    total = sum(weights, Decimal(0))
    shares = [amount * w / total for w in weights] if total else [amount / len(weights)] * len(weights)
    parts = [(share / step).to_integral_value(rounding=ROUND_FLOOR) * step for share in shares]
    left = int((amount - sum(parts, Decimal(0))) / step)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(shares[i] - parts[i]), i))
    for index in by_remainder[:left]:
        parts[index] += step
    return parts
