"""The shapes of input every context shares: codes, date-times and days.

One rule each, used by the API schemas (so the OpenAPI document states exactly what is accepted,
and a fuzzer generating from it meets no surprise) and by the services (so a screen or a file
meets the same rule).

- A code (SKU, warehouse, location, lot, channel…) holds no control character: C0 (NUL, tab,
  newline…), DEL or C1. They are invisible on a screen, break CSV and labels, and PostgreSQL
  refuses NUL.
- A date-time in a query is ISO 8601 (`2026-12-07T10:00:00+03:00`, `…Z`; without an offset, the
  shop's time zone; a day alone, its first moment), a day is `2026-12-07`; years 1000 to 2999.
  A bare number (`?since=12345`) is refused: pydantic would read it as seconds since 1970, which
  nobody who typed it meant.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils import timezone
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

# Patterns are written for every regex dialect that reads them (ECMA-262 in the OpenAPI document,
# Rust in pydantic, Python here): explicit ranges, no \d or \s, whose meaning differs between them.
CONTROL = r"\x00-\x1f\x7f-\x9f"
SPACE = r"\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
CODE_PATTERN = rf"^[^{CONTROL}]+$"
# One part of a location path ("A-01" of "IST/A/A-01"), and a warehouse code: no "/", no space.
SEGMENT_PATTERN = rf"^[^{CONTROL}{SPACE}/]+$"
TEXT_PATTERN = r"^[^\x00]*$"  # free text (names, notes) may hold tabs and newlines, never NUL
_CONTROL = re.compile(rf"[{CONTROL}]")
_SEGMENT = re.compile(SEGMENT_PATTERN)

# Exactly the real days of the years 1000-2999 (no 30 February), so the pattern a client reads in
# the OpenAPI document accepts what the server accepts and nothing else.
_MONTH_DAY = r"((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
_LEAP_YEAR = r"([12][0-9](0[48]|[2468][048]|[13579][26])|(12|16|20|24|28)00)"
_DAY = rf"([12][0-9]{{3}}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
_OFFSET = r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
DAY_PATTERN = rf"^{_DAY}$"
INSTANT_PATTERN = rf"^{_DAY}(T{_TIME}{_OFFSET}?)?$"


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def is_path_segment(text: str) -> bool:
    return bool(_SEGMENT.fullmatch(text))


def _iso(pattern: str, example: str) -> Any:
    compiled = re.compile(pattern)

    def check(value: object) -> object:
        if isinstance(value, date | datetime):
            return value
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise ValueError(f"use the ISO 8601 form, e.g. {example}")
        return value

    return BeforeValidator(check)


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


# Query parameters: ISO strings only (pydantic alone would also take 12345 as a Unix time).
# "date-time" in OpenAPI requires an offset; ours is optional, so the schema states the pattern.
Instant = Annotated[
    datetime,
    _iso(INSTANT_PATTERN, "2026-12-07T10:00:00+03:00"),
    AfterValidator(_aware),
    WithJsonSchema({"type": "string", "pattern": INSTANT_PATTERN}),
    Field(description="ISO 8601, e.g. 2026-12-07T10:00:00+03:00 or …Z; no offset: the shop's time zone"),
]
Day = Annotated[
    date,
    _iso(DAY_PATTERN, "2026-12-07"),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
    Field(description="a day, e.g. 2026-12-07"),
]


# An amount of money or a unit cost as the API takes it: zero or more, at most 10 whole digits and
# 4 decimals (the columns are max_digits=14, decimal_places=4). The document offers a decimal
# string or a whole number: a fractional JSON number is a binary float (0.1 is not 0.1) that a
# generator multiplying 0.0001 would send with 20 decimals.
AMOUNT_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,4})?$"
Amount = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=4),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": AMOUNT_PATTERN},
                {"type": "integer", "minimum": 0, "maximum": 10**10 - 1},
            ],
            "description": 'a decimal string such as "19.90" (at most 4 decimals) or a whole number',
        }
    ),
]
