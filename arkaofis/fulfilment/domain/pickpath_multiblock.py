"""Pick paths on a multi-block floor (middle cross aisles), where no polynomial exact programme is used here.

The shortest walk through a list of bins is a travelling salesman tour over the depot and the bins, with the
shortest walk between two points as the distance (Layout.distance knows the cross aisles). So: start from
good tours — the Ratliff–Rosenthal optimum of the same floor without its middle cross aisles (a real walk on
this floor too, only never shortened by them), the S-shape and largest-gap orders, the nearest neighbour —
improve each by 2-opt and or-opt (move a run of 1 to 3 stops elsewhere, either way round) until no move
shortens it, kick the best with a few double-bridge perturbations (iterated local search, Lourenço, Martin &
Stützle 2003), and keep the shortest. Roodbergen & de Koster (2001) route multi-block floors by a
similar 'combined + improvement' idea; the bench measures the gap to the exact solver.
"""

import random
from collections.abc import Sequence
from dataclasses import replace

from arkaofis.fulfilment.domain.layout import Layout, PickPoint
from arkaofis.fulfilment.domain.pickpath import Route, largest_gap_route, optimal_route, s_shape_route

EPSILON = 1e-9


def best_route(layout: Layout, picks: Sequence[PickPoint]) -> Route:
    """The route to give a picker on any floor: optimal on a single block, the heuristic below on several."""
    return optimal_route(layout, picks) if layout.blocks == 1 else multi_block_route(layout, picks)


def multi_block_route(layout: Layout, picks: Sequence[PickPoint], *, kicks: int = 12, seed: int = 0) -> Route:
    """A short trip through `picks` on a floor of any number of blocks (see the module's note)."""
    if not picks:
        return Route(0.0, (), ())
    points = sorted(set(picks))  # one stop per distinct place; repeated picks there are taken together
    distance = _distances(layout, points)
    single = replace(layout, blocks=1)
    starts = [_stop_order(points, route.stops) for route in _baselines(single, points)]
    starts.append(_nearest_neighbour(distance))
    tours = [_local_search(tour, distance) for tour in starts]
    best = min(tours, key=lambda tour: _length(tour, distance))
    best = _perturb(best, distance, kicks, random.Random(seed))
    return _route(best, points, picks, distance)


def _baselines(layout: Layout, points: list[PickPoint]) -> list[Route]:
    return [optimal_route(layout, points), s_shape_route(layout, points), largest_gap_route(layout, points)]


def _distances(layout: Layout, points: list[PickPoint]) -> list[list[float]]:
    """Node 0 is the depot, node i + 1 is points[i]."""
    size = len(points) + 1
    table = [[0.0] * size for _ in range(size)]
    for i, point in enumerate(points, start=1):
        table[0][i] = table[i][0] = layout.from_depot(point)
        for j in range(i + 1, size):
            table[i][j] = table[j][i] = layout.distance(point, points[j - 1])
    return table


def _stop_order(points: list[PickPoint], stops: Sequence[PickPoint]) -> list[int]:
    where = {point: number for number, point in enumerate(points, start=1)}
    return [0, *dict.fromkeys(where[stop] for stop in stops)]


def _nearest_neighbour(distance: list[list[float]]) -> list[int]:
    tour, left = [0], set(range(1, len(distance)))
    while left:
        here = tour[-1]
        following = min(left, key=lambda node: (distance[here][node], node))
        tour.append(following)
        left.remove(following)
    return tour


def _length(tour: list[int], distance: list[list[float]]) -> float:
    return sum(distance[tour[i - 1]][tour[i]] for i in range(len(tour)))  # i = 0 closes the loop


def _local_search(tour: list[int], distance: list[list[float]]) -> list[int]:
    """2-opt and or-opt moves, first improvement, until neither shortens the tour (the depot stays first)."""
    tour = list(tour)
    improved = True
    while improved:
        improved = _two_opt(tour, distance) or _or_opt(tour, distance)
    return tour


def _two_opt(tour: list[int], distance: list[list[float]]) -> bool:
    """One sweep of 2-opt, applying every improving reversal as it is found; True if any was."""
    size, improved = len(tour), False
    for i in range(1, size - 1):
        for j in range(i + 1, size):
            a, b, c, d = tour[i - 1], tour[i], tour[j], tour[(j + 1) % size]
            if distance[a][c] + distance[b][d] < distance[a][b] + distance[c][d] - EPSILON:
                tour[i : j + 1] = tour[i : j + 1][::-1]
                improved = True
    return improved


def _or_opt(tour: list[int], distance: list[list[float]]) -> bool:
    """Move one run of 1 to 3 stops between two other neighbours (either way round) if that shortens the tour."""
    size = len(tour)
    for run in (1, 2, 3):
        for start in range(1, size - run + 1):
            first, last = tour[start], tour[start + run - 1]
            before, after = tour[start - 1], tour[(start + run) % size]
            removed = distance[before][first] + distance[last][after] - distance[before][after]
            if removed <= EPSILON:
                continue
            for k in range(size):
                if start - 1 <= k < start + run:
                    continue  # an edge touching the run
                left, right = tour[k], tour[(k + 1) % size]
                forward = distance[left][first] + distance[last][right]
                backward = distance[left][last] + distance[first][right]
                if min(forward, backward) - distance[left][right] < removed - EPSILON:
                    segment = tour[start : start + run]
                    piece = segment if forward <= backward else segment[::-1]
                    rest = tour[:start] + tour[start + run :]
                    position = rest.index(left)
                    tour[:] = rest[: position + 1] + piece + rest[position + 1 :]
                    return True
    return False


def _perturb(tour: list[int], distance: list[list[float]], kicks: int, rng: random.Random) -> list[int]:
    """Iterated local search: a double-bridge kick, then local search; keep the result when shorter."""
    best, best_length = tour, _length(tour, distance)
    if len(tour) < 8:
        return best
    for _ in range(kicks):
        i, j, k = sorted(rng.sample(range(2, len(tour)), 3))
        candidate = _local_search(best[:i] + best[j:k] + best[i:j] + best[k:], distance)
        length = _length(candidate, distance)
        if length < best_length - EPSILON:
            best, best_length = candidate, length
    return best


def _route(tour: list[int], points: list[PickPoint], picks: Sequence[PickPoint], distance) -> Route:
    at: dict[PickPoint, list[int]] = {}
    for index, pick in enumerate(picks):
        at.setdefault(pick, []).append(index)
    order = tuple(index for node in tour[1:] for index in at[points[node - 1]])
    return Route(_length(tour, distance), order, tuple(picks[index] for index in order))
