"""What a polling adapter hands the poll pipeline (channels/services/polling.py), and helpers they share.

A polling adapter's `poll(http, channel, cursor, now)` yields PollPages. Each page carries the
orders read from the channel (each becomes one InboundEvent) and the cursor to save once every
event of the page is committed, so a poll killed anywhere re-reads at most that page.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from arkaofis.channels.exceptions import BadAddress, MalformedPayload
from arkaofis.orders.services.intake import AddressIn


@dataclass(frozen=True)
class PolledOrder:
    """One order as the channel returned it (with its lines), ready to be stored as an event."""

    delivery_id: str  # the order's id and its last-update stamp: unchanged re-reads are duplicates
    topic: str
    payload: dict[str, Any]

    def body(self) -> bytes:
        return json.dumps(self.payload, sort_keys=True, ensure_ascii=False).encode()


@dataclass(frozen=True)
class PollPage:
    orders: list[PolledOrder]
    cursor: dict[str, str] = field(default_factory=dict)  # every cursor value, as it stands after this page


def read_json(body: bytes) -> dict[str, Any]:
    """The stored order object, or MalformedPayload saying why it cannot be read."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise MalformedPayload(
            gettext_noop("Body is not a JSON document: %(problem)s"), problem=type(error).__name__
        ) from None
    if not isinstance(payload, dict):
        raise MalformedPayload(
            gettext_noop("Body is JSON but not an object (got %(kind)s)"),
            kind=type(payload).__name__,
        )
    return payload


def fixed_address(payload: Mapping[str, Any], which: str) -> AddressIn | None:
    """An address corrected in the exception queue (channels/services/fixes.py keys), if there is one."""
    raw = payload.get(which)
    if not isinstance(raw, dict):
        return None
    return address_in(
        which,
        name=raw.get("name"),
        company=raw.get("company"),
        line1=raw.get("address1"),
        line2=raw.get("address2"),
        city=raw.get("city"),
        region=raw.get("province_code"),
        postal_code=raw.get("zip"),
        country=raw.get("country_code"),
        phone=raw.get("phone"),
    )


def address_in(which: str, *, strict: bool = True, **parts: object) -> AddressIn:
    """An AddressIn from a channel's parts; a shipping address must say street, city and country."""
    clean = {key: str(value or "").strip() for key, value in parts.items()}
    clean["country"] = clean.get("country", "").upper()
    country = clean["country"]
    if country and (len(country) != 2 or not country.isalpha()):
        raise BadAddress(
            gettext_noop("%(which)s: country code %(country)r is not ISO 3166 alpha-2"), which=which, country=country
        )
    missing = [key for key in ("line1", "city", "country") if not clean.get(key)]
    if strict and missing:
        raise BadAddress(gettext_noop("%(which)s lacks %(missing)s"), which=which, missing=", ".join(missing))
    limits = {"city": 100, "region": 100, "postal_code": 32, "country": 2, "phone": 50}
    return AddressIn(**{key: value[: limits.get(key, 200)] for key, value in clean.items()})
