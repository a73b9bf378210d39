"""Pure floor-plan rules, no Django: where a bin may stand in its warehouse, and how full a bin
or an area is.

The plan (what pick paths read): aisles are vertical lines at x positions; the block spans y from
0 (the front cross aisle) to the aisle length (the back cross aisle); a multi-block floor is cut by
middle cross aisles at given y. The depot, where carts start and end, stands on the front cross
aisle (y = 0) or in front of it (y < 0). A bin is reached from its aisle's centre line at its y.

Refusals are problem codes with their values; the services say them in the reader's language.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

SINGLE_BLOCK = "single_block"
MULTI_BLOCK = "multi_block"
MAX_METRES = Decimal("99999.99")  # what the columns hold (7 digits, 2 decimals)


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    values: tuple[tuple[str, object], ...] = ()

    @property
    def params(self) -> dict[str, object]:
        return dict(self.values)


def floor_problems(
    *, kind: str, aisle_length: Decimal | None, middle_cross_aisles: Sequence[Decimal], depot_x: Decimal | None,
    depot_y: Decimal | None,
) -> list[Problem]:  # fmt: skip
    """Everything wrong with a warehouse's floor plan (empty when it is right)."""
    problems = []
    if kind not in (SINGLE_BLOCK, MULTI_BLOCK):
        problems.append(Problem("layout_kind", "unknown-layout-kind", (("kind", kind),)))
    if aisle_length is not None and not 0 < aisle_length <= MAX_METRES:
        problems.append(Problem("aisle_length", "aisle-length-positive"))
    if (depot_x is None) != (depot_y is None):
        problems.append(Problem("depot_y" if depot_y is None else "depot_x", "depot-x-with-y"))
    if depot_x is not None and not 0 <= depot_x <= MAX_METRES:
        problems.append(Problem("depot_x", "coordinate-out-of-range"))
    if depot_y is not None and not -MAX_METRES <= depot_y <= 0:
        problems.append(Problem("depot_y", "depot-at-front"))
    problems += _cross_aisle_problems(kind, aisle_length, middle_cross_aisles)
    return problems


def _cross_aisle_problems(kind: str, length: Decimal | None, middles: Sequence[Decimal]) -> list[Problem]:
    if kind == SINGLE_BLOCK and middles:
        return [Problem("middle_cross_aisles", "single-block-has-no-middle-aisles")]
    if kind == MULTI_BLOCK and not middles:
        return [Problem("middle_cross_aisles", "multi-block-needs-middle-aisles")]
    if length is None and middles:
        return [Problem("aisle_length", "length-needed")]
    outside = [y for y in middles if length is not None and not 0 < y < length]
    if outside:
        return [Problem("middle_cross_aisles", "middle-aisle-outside", (("length", length),))]
    if len(set(middles)) != len(middles):
        return [Problem("middle_cross_aisles", "middle-aisle-twice")]
    return []


def place_problems(
    *, is_bin: bool, aisle: int | None, x: Decimal | None, y: Decimal | None, aisle_length: Decimal | None
) -> list[Problem]:
    """Everything wrong with where a location is placed, in a warehouse whose aisles are
    `aisle_length` long (None: not mapped yet)."""
    given = [value is not None for value in (aisle, x, y)]
    if not any(given):
        return []
    if not is_bin:
        return [Problem("aisle", "only-bins-have-a-place")]
    if not all(given):
        missing = next(name for name, value in (("aisle", aisle), ("x", x), ("y", y)) if value is None)
        return [Problem(missing, "aisle-with-x-y")]
    problems = []
    if x is not None and not 0 <= x <= MAX_METRES:
        problems.append(Problem("x", "coordinate-out-of-range"))
    if aisle_length is None:
        problems.append(Problem("y", "length-needed"))
    elif y is not None and not 0 <= y <= aisle_length:
        problems.append(Problem("y", "y-outside-aisle", (("length", aisle_length),)))
    return problems


def bins_beyond(length: Decimal | None, ys: Iterable[tuple[str, Decimal]]) -> list[str]:
    """Codes of the placed bins that a new aisle length would leave outside the block."""
    if length is None:
        return [code for code, _ in ys]
    return [code for code, y in ys if y > length]


@dataclass(frozen=True)
class Capacity:
    """What a bin (or an area: the sum of its bins' limits) holds at most; None: no limit."""

    units: int | None = None
    volume_l: int | None = None
    weight_kg: int | None = None


@dataclass(frozen=True)
class Contents:
    """What is in a bin: base units, and the volume and weight of the products whose size is known."""

    units: int = 0
    volume_ml: int = 0
    weight_g: int = 0
    units_without_volume: int = 0  # units of products with no volume given (not in volume_ml)
    units_without_weight: int = 0

    def __add__(self, other: "Contents") -> "Contents":
        return Contents(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, int, int, int, int]:
        return (self.units, self.volume_ml, self.weight_g, self.units_without_volume, self.units_without_weight)


# Fill bands, as the layout screen colours them.
EMPTY, NO_LIMIT, LOW, MEDIUM, HIGH, FULL, OVER = "empty", "no-limit", "low", "medium", "high", "full", "over"
BANDS = (EMPTY, LOW, MEDIUM, HIGH, FULL, OVER, NO_LIMIT)


@dataclass(frozen=True)
class Fill:
    contents: Contents
    capacity: Capacity

    @property
    def units(self) -> float | None:
        return _ratio(self.contents.units, self.capacity.units)

    @property
    def volume(self) -> float | None:
        return _ratio(self.contents.volume_ml, self.capacity.volume_l and self.capacity.volume_l * 1000)

    @property
    def weight(self) -> float | None:
        return _ratio(self.contents.weight_g, self.capacity.weight_kg and self.capacity.weight_kg * 1000)

    @property
    def ratio(self) -> float | None:
        """The tightest of the limits: a bin is full when any of them is reached. None: no limit set."""
        ratios = [r for r in (self.units, self.volume, self.weight) if r is not None]
        return max(ratios) if ratios else None

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else round(self.ratio * 100)

    @property
    def band(self) -> str:
        ratio = self.ratio
        if self.contents.units <= 0:
            return EMPTY
        if ratio is None:
            return NO_LIMIT
        return LOW if ratio < 0.5 else MEDIUM if ratio < 0.8 else HIGH if ratio < 0.95 else FULL if ratio <= 1 else OVER


def _ratio(used: int, limit: int | None) -> float | None:
    return None if not limit else max(used, 0) / limit


@dataclass(frozen=True)
class AreaFill:
    """How full a zone or a warehouse is. Each ratio sums only the bins that have that limit (used
    over limit), so a bin without a volume limit neither fills nor empties the area's volume."""

    bins: int
    occupied: int  # bins holding stock
    contents: Contents
    units: float | None
    volume: float | None
    weight: float | None

    @property
    def ratio(self) -> float | None:
        ratios = [r for r in (self.units, self.volume, self.weight) if r is not None]
        return max(ratios) if ratios else None

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else round(self.ratio * 100)

    @property
    def occupied_ratio(self) -> float:
        return self.occupied / self.bins if self.bins else 0.0


def area_fill(fills: Iterable[Fill]) -> AreaFill:
    bins = occupied = 0
    contents = Contents()
    used = [0, 0, 0]
    limits: list[int | None] = [None, None, None]
    for fill in fills:
        bins += 1
        occupied += fill.contents.units > 0
        contents += fill.contents
        dimensions = (
            (fill.contents.units, fill.capacity.units),
            (fill.contents.volume_ml, fill.capacity.volume_l and fill.capacity.volume_l * 1000),
            (fill.contents.weight_g, fill.capacity.weight_kg and fill.capacity.weight_kg * 1000),
        )
        for index, (amount, limit) in enumerate(dimensions):
            if limit:
                used[index] += max(amount, 0)
                limits[index] = (limits[index] or 0) + limit
    ratios = [_ratio(amount, limit) for amount, limit in zip(used, limits, strict=True)]
    return AreaFill(bins, occupied, contents, *ratios)
