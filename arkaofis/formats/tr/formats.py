"""Turkish dates in the same pattern as English, months named by Django's Turkish catalogue:
7 Ara 2026 14:05 (see arkaofis/formats/__init__.py)."""

from arkaofis.formats.en.formats import (  # noqa: F401 (read by Django's get_format)
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)
