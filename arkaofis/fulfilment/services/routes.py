"""The order a picker walks a batch's bins in, and how far: the warehouse's floor plan (inventory's
layout) turned into the pure layout the pick-path rules read (domain/layout.py, domain/pickpath*.py).

On a mapped floor the route is the optimal one (Ratliff–Rosenthal) on a single block and the best
heuristic on several; the S-shape walk is kept beside it, to show what routing saved. Bins without a
place (or a warehouse without a plan) are walked by their pick sequence, then code, after the others.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from arkaofis.fulfilment.domain.layout import Layout, LayoutError, PickPoint
from arkaofis.fulfilment.domain.pickpath import s_shape_route
from arkaofis.fulfilment.domain.pickpath_multiblock import best_route
from arkaofis.inventory.layout.selectors import warehouse_layout
from arkaofis.inventory.models import Location, Warehouse


@dataclass(frozen=True)
class Floor:
    layout: Layout
    points: dict[int, PickPoint]  # location id → where a picker stands for it
    depot_y: float = 0.0  # ≤ 0: a depot in front of the front cross aisle adds its step to every trip


@dataclass(frozen=True)
class Walk:
    bins: list[Location]  # each once, in walking order
    metres: float | None  # the planned walk, depot to depot (None: the floor is not mapped)
    s_shape_metres: float | None


def floor_of(warehouse: Warehouse) -> Floor | None:
    """The warehouse's floor as the pick-path rules read it; None when it has no plan to walk."""
    plan = warehouse_layout(warehouse)
    if not plan.mapped or plan.depot is None or plan.aisle_length is None:
        return None
    index = {aisle.number: position for position, aisle in enumerate(plan.aisles)}
    try:
        layout = Layout(
            aisle_x=tuple(aisle.x for aisle in plan.aisles),
            aisle_length=plan.aisle_length,
            depot_x=plan.depot[0],
            blocks=1 + len(plan.middle_cross_aisles),
        )
    except LayoutError:
        return None
    points = {
        place.location_id: PickPoint(aisle=index[place.aisle], y=min(max(place.y, 0.0), plan.aisle_length))
        for place in plan.bins
        if place.aisle in index and place.y is not None
    }
    return Floor(layout, points, depot_y=plan.depot[1])


def _by_sequence(location: Location) -> tuple[int, str]:
    sequence = getattr(location, "pick_sequence", None)
    return (sequence if sequence is not None else 1 << 31, location.code)


def walking_order(*, warehouse: Warehouse, locations: Sequence[Location], floor: Floor | None = None) -> Walk:
    """The bins in the order to visit them, each once, with the planned walk's length."""
    unique = list({location.pk: location for location in locations}.values())
    floor = floor if floor is not None else floor_of(warehouse)
    if floor is None:
        return Walk(sorted(unique, key=_by_sequence), None, None)
    placed = [location for location in unique if location.pk in floor.points]
    unplaced = sorted((location for location in unique if location.pk not in floor.points), key=_by_sequence)
    if not placed:
        return Walk(unplaced, None, None)
    picks = [floor.points[location.pk] for location in placed]
    route = best_route(floor.layout, picks)
    baseline = s_shape_route(floor.layout, picks) if floor.layout.blocks == 1 else None
    return Walk(
        [placed[index] for index in route.order] + unplaced,
        round(route.length, 2),
        round(baseline.length, 2) if baseline else None,
    )
