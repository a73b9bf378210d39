"""Reading helpers shared by the WooCommerce and BigCommerce adapters: money, lists, quantities, addresses.

Every helper turns a wrong value into a typed error naming the field (BadOrderPayload, BadAddress),
so a refused order reaches the exception queue with a reason a person can act on.
"""

import json
from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.utils.translation import gettext_noop

from arkaofis.channels import domain
from arkaofis.channels.exceptions import BadAddress, BadOrderPayload, MalformedPayload
from arkaofis.core.money import allocate, round_unit
from arkaofis.orders.services.intake import AddressIn, OrderLineIn


def read_object(body: bytes) -> dict[str, Any]:
    """A JSON object body with decimals kept as Decimal (never float), or MalformedPayload saying why."""
    try:
        payload = json.loads(body.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise MalformedPayload(gettext_noop("Body is not UTF-8 text")) from None
    except ValueError as error:
        raise MalformedPayload(gettext_noop("Body is not valid JSON: %(error)s"), error=str(error)) from None
    if not isinstance(payload, dict):
        raise MalformedPayload(
            gettext_noop("Body is JSON but not an object (got %(kind)s)"),
            kind=type(payload).__name__,
        )
    return payload


def try_object(body: bytes) -> dict[str, Any] | None:
    try:
        return read_object(body)
    except MalformedPayload:
        return None


def money(value: object, field: str) -> Decimal:
    try:
        return domain.money(value, field=field)
    except ValueError:
        raise BadOrderPayload(gettext_noop("%(field)s: %(value)r is not an amount"), field=field, value=value) from None


def objects(payload: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = payload.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise BadOrderPayload(gettext_noop("%(key)s must be a list of objects"), field=key, key=key)
    return value


def quantity(value: object, index: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise BadOrderPayload(
            gettext_noop("Line %(index)s: quantity %(value)r is not a positive whole number"),
            field="quantity",
            index=index,
            value=value,
        )
    return value


def unit_price_and_discount(*, gross: Decimal, net: Decimal, quantity: int) -> tuple[Decimal, Decimal]:
    """A unit price (rounded up to core.money's four unit decimals) and a line discount so that
    qty × unit − discount == net.

    Channels give line totals (before and after discounts), not always a unit price that divides
    them exactly; rounding the unit up keeps the discount non-negative and the line total exact.
    Every adapter derives its unit prices here.
    """
    unit = round_unit(gross / quantity, rounding=ROUND_CEILING)
    return unit, max(unit * quantity - net, Decimal("0"))


def with_order_tax(lines: tuple[OrderLineIn, ...], tax: Decimal, *, currency: str) -> tuple[OrderLineIn, ...]:
    """Lines carrying a tax the channel gives for the whole order (the shipping's, a handling fee's),
    spread by what each line costs (core.money.allocate): our shipping charge carries no tax."""
    if not tax:
        return lines
    weights = [line.quantity * line.unit_price - line.discount for line in lines]
    shares = allocate(tax, weights, currency)
    return tuple(replace(line, tax=line.tax + share) for line, share in zip(lines, shares, strict=True))


def id_of(value: object, field: str) -> str:
    if value in (None, "") or isinstance(value, bool):
        raise BadOrderPayload(gettext_noop("The order has no %(field)s"), field=field)
    return str(value)


def address(raw: Mapping[str, Any], *, which: str, keys: Mapping[str, str], strict: bool) -> AddressIn:
    """An AddressIn from a channel address whose field names `keys` maps (ours → the channel's).

    A strict (shipping) address must say where: street, city and an ISO 3166 alpha-2 country.
    """
    value = {ours: str(raw.get(theirs) or "").strip() for ours, theirs in keys.items()}
    country = value.get("country", "").upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise BadAddress(
            gettext_noop("%(which)s: country code %(country)r is not ISO 3166 alpha-2"), which=which, country=country
        )
    missing = [keys[field] for field in ("line1", "city") if not value.get(field)]
    if not country:
        missing.append(keys["country"])
    if strict and missing:
        raise BadAddress(gettext_noop("%(which)s lacks %(missing)s"), which=which, missing=", ".join(missing))
    name = value.get("name") or " ".join(part for part in (value.get("first"), value.get("last")) if part)
    return AddressIn(
        name=name[:200],
        company=value.get("company", "")[:200],
        line1=value.get("line1", "")[:200],
        line2=value.get("line2", "")[:200],
        city=value.get("city", "")[:100],
        region=value.get("region", "")[:100],
        postal_code=value.get("postal_code", "")[:32],
        country=country,
        phone=value.get("phone", "")[:50],
        email=value.get("email", "")[:254],
    )


# The exception queue's address form stores a correction under "shipping_address" /
# "billing_address" in these field names (channels/services/fixes.py), whatever the channel.
FIX_KEYS = {
    "name": "name",
    "company": "company",
    "line1": "address1",
    "line2": "address2",
    "city": "city",
    "region": "province_code",
    "postal_code": "zip",
    "country": "country_code",
    "phone": "phone",
}


def fixed_address(payload: Mapping[str, Any], which: str) -> AddressIn | None:
    """Staff's correction of an address from the exception queue, when there is one."""
    raw = payload.get(which)
    # BigCommerce's own order has a "billing_address" too; a correction is told by its field names.
    if not isinstance(raw, dict) or not {"address1", "country_code"} & set(raw):
        return None
    return address(raw, which=which, keys=FIX_KEYS, strict=which == "shipping_address")
