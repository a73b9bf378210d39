"""`{{ amount|money:currency }}`: an amount as a person reads it, in its currency's minor unit.

Rounded by core.money (one rule) and written with the decimals the currency has (1.235 JPY,
12,50 TRY, 1,235 KWD: three decimals) and the grouping of the user's language.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat

from arkaofis.core.money import minor_units, round_money

register = template.Library()


@register.filter(name="money")
def money(amount: object, currency: str | None) -> str:
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    if not currency:  # an amount without its currency: two decimals, the most common minor unit
        return floatformat(value, "2g")
    return floatformat(round_money(value, currency), f"{minor_units(currency)}g")
