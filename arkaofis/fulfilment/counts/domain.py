"""Pure rules of cycle counting: when a variance needs a manager, ABC classes, when a product is due.

No Django here; the services feed these plain numbers.

Tolerance (settings, see `Tolerance`): a counted line passes on its own when its variance is small
in units OR small against what the ledger held — |variance| ≤ `units`, or |variance| ≤ `percent` % of
the expected quantity — and, when a value limit is set, its value (|variance| × unit cost) is at most
`value`. A found line (nothing expected) passes only within `units`. One line beyond the tolerance
sends the whole count to a manager.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

CLASS_SHARES = (("A", 80), ("B", 95))  # cumulative % of shipped units; the rest is C
DEFAULT_FREQUENCIES: Mapping[str, int] = {"A": 30, "B": 90, "C": 365}  # days between counts


@dataclass(frozen=True)
class Tolerance:
    units: int = 2
    percent: Decimal = Decimal("5")
    value: Decimal | None = None  # no limit on value unless set


def needs_approval(*, variance: int, expected: int, unit_cost: Decimal, tolerance: Tolerance) -> bool:
    """Whether a line's variance is beyond the tolerance (see the module's docstring)."""
    if variance == 0:
        return False
    size = abs(variance)
    small = size <= tolerance.units or (expected > 0 and size * 100 <= tolerance.percent * expected)
    if not small:
        return True
    return tolerance.value is not None and size * unit_cost > tolerance.value


def abc_classes(shipped: Mapping[int, int]) -> dict[int, str]:
    """Class of each product from its shipped units: the top sellers making the first 80 % of units are A,
    the next 15 % B, the rest C (a product with nothing shipped is C). A product is classed by the share
    shipped before it, so the best seller is always A. Ties go by product id, so the result is stable."""
    total = sum(units for units in shipped.values() if units > 0)
    ranked = sorted(shipped.items(), key=lambda item: (-item[1], item[0]))
    classes: dict[int, str] = {}
    before = 0
    for product_id, units in ranked:
        share = 100 * before / total if total and units > 0 else 100
        classes[product_id] = next((name for name, limit in CLASS_SHARES if share < limit), "C")
        before += max(units, 0)
    return classes


def is_due(*, abc_class: str, last_counted: date | None, today: date, frequencies: Mapping[str, int]) -> bool:
    """A product is due when never counted, or last counted at least its class's days ago."""
    if last_counted is None:
        return True
    return today - last_counted >= timedelta(days=frequencies.get(abc_class, DEFAULT_FREQUENCIES["C"]))


def due_order(rows: Iterable[tuple[int, str, date | None]]) -> list[int]:
    """Product ids (given as (id, class, last counted)) in the order to count them: never counted
    first, then the oldest count; A before B before C on a tie."""
    return [
        product_id
        for product_id, abc_class, last in sorted(
            rows, key=lambda row: (row[2] is not None, row[2] or date.min, row[1], row[0])
        )
    ]


def bad_frequencies(frequencies: Mapping[str, object]) -> list[str]:
    """What is wrong with a table of days per class (unknown classes, days not a positive whole number)."""
    problems = [f"unknown class {name!r}" for name in frequencies if name not in ("A", "B", "C")]
    for name, days in frequencies.items():
        if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
            problems.append(f"{name}: {days!r} is not a positive number of days")
    return problems
