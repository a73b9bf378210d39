"""Geometry of the layout screen's SVG floor plan (no JavaScript, no chart library).

Front (y = 0, where the depot is) at the bottom, as a plan of the floor is read from the docks.
Every number leaves as a string with a dot (charts.svg_number): the templates print no floats,
which Turkish would write with a comma that SVG reads as two numbers."""

from collections import defaultdict
from dataclasses import dataclass

from arkaofis.inventory.charts import svg_number
from arkaofis.inventory.layout.selectors import BinFill, WarehouseLayout

SCALE = 24  # pixels per metre at 100 %: a 1.2 m bay is 29 px tall, a bin of six across 10 px wide
MARGIN = 1.5  # metres of floor drawn around the block
CROSS_AISLE = 1.6  # metres: how wide a cross aisle is drawn
AISLE_GAP = 0.3  # metres either side of an aisle's centre line left free for the walker
RACK_DEPTH = 1.2  # metres of rack drawn each side, at most


@dataclass(frozen=True)
class Box:
    x: str
    y: str
    width: str
    height: str


@dataclass(frozen=True)
class DrawnBin:
    box: Box
    bin: BinFill


@dataclass(frozen=True)
class Plan:
    width: str
    height: str
    aisles: list[dict]  # number, x, y1, y2 (the centre line) and the label's place
    cross_aisles: list[Box]
    depot: dict | None  # cx, cy
    bins: list[DrawnBin]


def _spacing(values: list[float], default: float) -> float:
    steps = [b - a for a, b in zip(values, values[1:], strict=False) if b - a > 0.01]
    return min(steps) if steps else default


def draw(layout: WarehouseLayout, fills: list[BinFill]) -> Plan | None:
    """The plan of a mapped warehouse; None when it has no aisle length or no placed bin."""
    if layout.aisle_length is None or not layout.aisles:
        return None
    length = layout.aisle_length
    xs = [a.x for a in layout.aisles]
    pitch = _spacing(xs, 3.0)
    half = min(pitch / 2 - 0.1, RACK_DEPTH + AISLE_GAP)
    left, right = min(xs) - half - MARGIN, max(xs) + half + MARGIN
    depot_y = layout.depot[1] if layout.depot else 0.0
    top, bottom = length + CROSS_AISLE + MARGIN, min(depot_y, 0.0) - CROSS_AISLE - MARGIN
    if layout.depot:
        left, right = min(left, layout.depot[0] - MARGIN), max(right, layout.depot[0] + MARGIN)

    def px(x: float) -> str:
        return svg_number((x - left) * SCALE)

    def py(y: float) -> str:
        return svg_number((top - y) * SCALE)

    def box(x1: float, y1: float, x2: float, y2: float) -> Box:  # metres, any corners
        return Box(px(min(x1, x2)), py(max(y1, y2)), svg_number(abs(x2 - x1) * SCALE), svg_number(abs(y2 - y1) * SCALE))

    cross = [
        box(left, y - CROSS_AISLE / 2, right, y + CROSS_AISLE / 2) for y in (0.0, *layout.middle_cross_aisles, length)
    ]
    aisles = [
        {
            "number": a.number,
            "x": px(a.x),
            "y1": py(0.0),
            "y2": py(length),
            "label_y": py(length + CROSS_AISLE / 2 + 0.8),
        }
        for a in layout.aisles
    ]
    depot = {"cx": px(layout.depot[0]), "cy": py(depot_y - 0.6)} if layout.depot else None
    return Plan(
        width=svg_number((right - left) * SCALE),
        height=svg_number((top - bottom) * SCALE),
        aisles=aisles,
        cross_aisles=cross,
        depot=depot,
        bins=_bins(fills, half, box),
    )


def _bins(fills: list[BinFill], half: float, box) -> list[DrawnBin]:
    """Bins sharing an aisle and a y stand side by side across the aisle: the first half on its
    left (in bay then level order), the rest on its right; a lone bin spans both."""
    slots: dict[tuple[int, float, float], list[BinFill]] = defaultdict(list)
    for f in fills:
        loc = f.location
        if loc.aisle is not None and loc.x is not None and loc.y is not None:
            slots[(loc.aisle, float(loc.x), float(loc.y))].append(f)
    ys_by_aisle: dict[int, list[float]] = defaultdict(list)
    for aisle, _x, y in slots:
        ys_by_aisle[aisle].append(y)
    drawn = []
    for (aisle, x, y), members in slots.items():
        members.sort(key=lambda f: (f.location.bay or 0, f.location.level or 0, f.location.code))
        bay = _spacing(sorted(set(ys_by_aisle[aisle])), 1.2) * 0.86
        y1, y2 = y - bay / 2, y + bay / 2
        if len(members) == 1:
            drawn.append(DrawnBin(box(x - half, y1, x + half, y2), members[0]))
            continue
        split = (len(members) + 1) // 2
        for side, group in ((-1, members[:split]), (1, members[split:])):
            width = (half - AISLE_GAP) / max(len(group), 1)
            for index, member in enumerate(group):
                inner = x + side * (AISLE_GAP + index * width)
                drawn.append(DrawnBin(box(inner, y1, inner + side * width * 0.9, y2), member))
    return drawn
