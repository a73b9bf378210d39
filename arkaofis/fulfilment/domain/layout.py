"""A warehouse floor as a picker walks it: parallel aisles between cross aisles, and a depot.

Single block (the first layout kind of issue 10): vertical aisles, each at an x position in metres,
all of the same length between the front cross aisle (y = 0) and the back cross aisle (y = length).
The depot, where carts start and end, stands on the front cross aisle at `depot_x`.

Multi-block: `blocks` blocks stacked front to back, so `blocks + 1` cross aisles at equal steps
(y = 0, length / blocks, …, length); each aisle runs through all blocks, a pick's y is measured from the front.

Pickers walk the centre line of an aisle and change aisle only along a cross aisle, so distances are
rectilinear along that network; the width of an aisle is ignored (a picker reaches both faces from
the centre line), as in Ratliff & Rosenthal (1983) and Roodbergen & de Koster (2001).
"""

from collections.abc import Sequence
from dataclasses import dataclass


class LayoutError(ValueError):
    """A layout or a pick point that cannot exist (aisles out of order, a pick outside its aisle)."""


@dataclass(frozen=True, order=True)
class PickPoint:
    """Where a picker stops: in aisle `aisle` (0-based, left to right), `y` metres from the front cross aisle."""

    aisle: int
    y: float


@dataclass(frozen=True)
class Layout:
    """`aisle_x` strictly increasing, every aisle `aisle_length` metres long (through all its blocks), the
    depot at (depot_x, 0)."""

    aisle_x: tuple[float, ...]
    aisle_length: float
    depot_x: float
    blocks: int = 1

    def __post_init__(self) -> None:
        if not self.aisle_x:
            raise LayoutError("a layout needs at least one aisle")
        if any(right <= left for left, right in zip(self.aisle_x, self.aisle_x[1:], strict=False)):
            raise LayoutError("aisle positions must increase strictly from left to right")
        if self.aisle_length <= 0:
            raise LayoutError("aisles must have a positive length")
        if self.blocks < 1:
            raise LayoutError("a layout has at least one block")

    @classmethod
    def regular(
        cls, *, aisles: int, spacing: float, length: float, depot_x: float | None = None, blocks: int = 1
    ) -> "Layout":
        """`aisles` aisles `spacing` metres apart from x = 0; the depot in the middle of the front unless given."""
        xs = tuple(index * spacing for index in range(aisles))
        depot = xs[-1] / 2 if depot_x is None else depot_x
        return cls(aisle_x=xs, aisle_length=length, depot_x=depot, blocks=blocks)

    @property
    def aisles(self) -> int:
        return len(self.aisle_x)

    @property
    def cross_aisle_y(self) -> tuple[float, ...]:
        """Where the cross aisles run, front (0) to back (aisle_length)."""
        return tuple(self.aisle_length * step / self.blocks for step in range(self.blocks + 1))

    def check(self, point: PickPoint) -> None:
        """Refuse a pick point that is not on this floor."""
        if not 0 <= point.aisle < self.aisles:
            raise LayoutError(f"aisle {point.aisle} is not in this layout (0..{self.aisles - 1})")
        if not 0 <= point.y <= self.aisle_length:
            raise LayoutError(f"y = {point.y} is outside the aisle (0..{self.aisle_length})")

    def distance(self, one: PickPoint, other: PickPoint) -> float:
        """The shortest walk between two pick points: along the aisle, or over to the other aisle by one cross
        aisle (any walk needs at least that much up and down, and changing cross aisle on the way never helps)."""
        if one.aisle == other.aisle:
            return abs(one.y - other.y)
        across = abs(self.aisle_x[one.aisle] - self.aisle_x[other.aisle])
        if self.blocks == 1:
            return across + min(one.y + other.y, 2 * self.aisle_length - one.y - other.y)
        return across + min(abs(one.y - y) + abs(other.y - y) for y in self.cross_aisle_y)

    def from_depot(self, point: PickPoint) -> float:
        """The walk from the depot (on the front cross aisle) to a pick point: along the front, then up the aisle."""
        return abs(self.depot_x - self.aisle_x[point.aisle]) + point.y

    def walk(self, stops: Sequence[PickPoint]) -> float:
        """The length of a trip from the depot through `stops` in this order and back, by shortest walks."""
        if not stops:
            return 0.0
        legs = sum(self.distance(here, there) for here, there in zip(stops, stops[1:], strict=False))
        return self.from_depot(stops[0]) + legs + self.from_depot(stops[-1])
