"""The walk through a pick list: the shortest one (Ratliff & Rosenthal 1983) and two published baselines.

`optimal_route` is Ratliff & Rosenthal's dynamic programme for a single block ("Order-picking in a
rectangular warehouse: a solvable case of the travelling salesman problem", Operations Research 31(3)).
It sweeps the floor left to right, one *column* at a time (an aisle, or the depot's place on the front
cross aisle), keeping for every equivalence class of partial tour subgraph the cheapest one found:
the degree of the column's front and back ends (none, odd, even) and whether the pieces drawn so far form
one connected piece or two (one through each end), or a finished tour. Between columns it adds 0, 1 or 2
copies of each cross-aisle segment; inside an aisle one of the six traversals (none, once through, twice
through, in and back from the front, from the back, or both but across the largest gap). Because every
piece must touch the front or the back of the current column, a piece left behind is a finished tour,
allowed only when nothing remains to visit: that is what makes the sweep exact.

The route's visiting order comes from walking an Euler circuit of the chosen subgraph from the depot: the
picker meets each bin in that order, and the shortest walk between consecutive bins adds up to the same
length (the tests check it).

`s_shape_route` and `largest_gap_route` (which ignore any middle cross aisle) follow Hall (1993), "Distance
approximations for routing manual pickers in a warehouse", IIE Transactions 25(4), as restated by Roodbergen &
de Koster (2001).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from arkaofis.fulfilment.domain.layout import Layout, LayoutError, PickPoint


@dataclass(frozen=True)
class Route:
    """A trip from the depot through every pick and back: its length in metres and the order of the picks.

    `order` holds indices into the pick list given, in visiting order; `stops` the pick points themselves.
    """

    length: float
    order: tuple[int, ...]
    stops: tuple[PickPoint, ...]


# A partial tour's class: (degree of the front end, degree of the back end, connection); degrees are
# 0 (no edge), 1 (odd) or 2 (even and positive). Connection: NOTHING (no edge drawn yet), ONE piece,
# TWO pieces (front end and back end apart), DONE (a finished tour lies behind, nothing may be added).
NOTHING, ONE, TWO, DONE = 0, 1, 2, 3
State = tuple[int, int, int]
EMPTY: State = (0, 0, NOTHING)
FINISHED: State = (0, 0, DONE)
INFINITY = float("inf")


@dataclass(frozen=True)
class _Traversal:
    """How a column's aisle is walked: degrees added at the front and back ends, whether it joins them."""

    name: str
    front: int
    back: int
    joins: bool
    cost: float


@dataclass(frozen=True)
class _Column:
    x: float
    aisle: int | None  # None: the depot's column, a point on the front cross aisle with no aisle of its own
    ys: tuple[float, ...]  # distinct pick positions in the aisle, ascending


def _degree(before: int, added: int) -> int:
    if before == 0 and added == 0:
        return 0
    return 1 if (before + added) % 2 else 2


def _labels(state: State) -> tuple[int | None, int | None]:
    """Piece labels of the front and back ends (None: the end has no edge)."""
    front, back, connection = state
    return (0 if front else None), ((0 if connection == ONE else 1) if back else None)


def _state(front: int, back: int, front_piece: int | None, back_piece: int | None) -> State:
    if front and back:
        return (front, back, ONE if front_piece == back_piece else TWO)
    return (front, back, ONE if front or back else NOTHING)


@cache
def _traverse(state: State, front: int, back: int, joins: bool) -> State | None:
    """The class after walking a column's aisle adding degrees `front` and `back` at its ends (and joining them
    or not); None when that cannot follow `state`. Cached: there are only a few hundred combinations."""
    if state[2] == DONE:
        return state if front == back == 0 else None
    front_piece, back_piece = _labels(state)
    if front_piece is None and front:
        front_piece = 2  # a new piece starts at the front end
    if back_piece is None and back:
        back_piece = 3
    if joins:
        back_piece = front_piece
    return _state(_degree(state[0], front), _degree(state[1], back), front_piece, back_piece)


def _cross(state: State, front: int, back: int, front_required: bool) -> State | None:
    """Leave a column's ends with `front` and `back` copies of the cross-aisle segments to the next column."""
    if state[2] == DONE:
        return state if front == back == 0 and not front_required else None
    final_front, final_back = _degree(state[0], front), _degree(state[1], back)
    if final_front == 1 or final_back == 1 or (front_required and final_front == 0):
        return None  # a vertex left behind must have an even degree; the depot must be on the tour
    front_piece, back_piece = _labels(state)
    existing = {piece for piece in (front_piece, back_piece) if piece is not None}
    next_front = (2 if front_piece is None else front_piece) if front else None
    next_back = (3 if back_piece is None else back_piece) if back else None
    carried = {piece for piece in (next_front, next_back) if piece is not None}
    left_behind = existing - carried
    if left_behind:
        # A piece that goes no further must be the whole tour.
        return FINISHED if len(existing) == 1 and not carried else None
    return _state(_degree(0, front), _degree(0, back), next_front, next_back)


@cache
def _crossings(state: State, front_required: bool, last: bool) -> tuple[tuple[int, int, State], ...]:
    """Every way to leave a column in `state` (copies of the front and back segments) and the class it leads to."""
    copies = [(0, 0)] if last else [(front, back) for front in range(3) for back in range(3)]
    leaving = ((front, back, _cross(state, front, back, front_required)) for front, back in copies)
    return tuple((front, back, after) for front, back, after in leaving if after is not None)


def _traversals(column: _Column, length: float) -> list[_Traversal]:
    if column.aisle is None:
        return [_Traversal("none", 0, 0, False, 0.0)]
    ways = [_Traversal("through", 1, 1, True, length), _Traversal("twice", 2, 2, True, 2 * length)]
    ys = column.ys
    if not ys:
        return [_Traversal("none", 0, 0, False, 0.0), *ways]
    ways.append(_Traversal("front", 2, 0, False, 2 * ys[-1]))
    ways.append(_Traversal("back", 0, 2, False, 2 * (length - ys[0])))
    if len(ys) > 1:
        low = _largest_gap_start(ys)
        ways.append(_Traversal("gap", 2, 2, False, 2 * ys[low] + 2 * (length - ys[low + 1])))
    return ways


def _largest_gap_start(ys: Sequence[float]) -> int:
    """The index i such that ys[i]..ys[i+1] is the widest gap between consecutive picks (first on ties)."""
    gaps = [(ys[i + 1] - ys[i], -i) for i in range(len(ys) - 1)]
    return -max(gaps)[1]


def _columns(layout: Layout, picks: Sequence[PickPoint]) -> list[_Column]:
    ys: dict[int, set[float]] = defaultdict(set)
    for pick in picks:
        layout.check(pick)
        ys[pick.aisle].add(pick.y)
    columns = [_Column(x, aisle, tuple(sorted(ys.get(aisle, ())))) for aisle, x in enumerate(layout.aisle_x)]
    # The depot stands before an aisle at the same x: the cross-aisle segment between them has length 0.
    columns.append(_Column(layout.depot_x, None, ()))
    columns.sort(key=lambda column: (column.x, column.aisle is not None))
    return columns


def optimal_route(layout: Layout, picks: Sequence[PickPoint]) -> Route:
    """The shortest trip from the depot through every pick and back (Ratliff–Rosenthal), with its order.

    Single-block floors only (LayoutError otherwise; pickpath_multiblock.best_route routes any floor).
    """
    if layout.blocks != 1:
        raise LayoutError("the Ratliff–Rosenthal programme routes a single block; use best_route")
    if not picks:
        return Route(0.0, (), ())
    columns = _columns(layout, picks)
    chosen_ways, crossings, length = _sweep(columns, layout.aisle_length)
    edges = _edges(columns, chosen_ways, crossings, layout.aisle_length)
    depot_column = next(index for index, column in enumerate(columns) if column.aisle is None)
    circuit = _euler_circuit(edges, (depot_column, 0.0))
    order = _first_visits(circuit, columns, picks)
    return Route(length, order, tuple(picks[index] for index in order))


Walked = dict[State, tuple[State, _Traversal]]  # class after an aisle -> (class before, traversal)
Crossed = dict[State, tuple[State, tuple[int, int]]]  # class after leaving -> (class before, copies front/back)


def _sweep(columns: list[_Column], length: float) -> tuple[list[_Traversal], list[tuple[int, int]], float]:
    """Run the programme; return the traversal chosen per column, the crossings after each, the length."""
    best: dict[State, float] = {EMPTY: 0.0}
    history: list[tuple[Walked, Crossed]] = []
    for index, column in enumerate(columns):
        following = columns[index + 1].x if index + 1 < len(columns) else None
        best, walked_from, crossed_from = _step(best, column, following, length)
        history.append((walked_from, crossed_from))
    current: State = FINISHED
    chosen: list[_Traversal] = []
    crossings: list[tuple[int, int]] = []
    for walked_from, crossed_from in reversed(history):
        current, crossing = crossed_from[current]
        current, way = walked_from[current]
        crossings.append(crossing)
        chosen.append(way)
    return chosen[::-1], crossings[::-1], best[FINISHED]


def _step(
    best: dict[State, float], column: _Column, following: float | None, length: float
) -> tuple[dict[State, float], Walked, Crossed]:
    """One column: every traversal of its aisle, then every way of crossing to the column at x = `following`
    (None: this is the last column), keeping the cheapest partial tour per class."""
    walked: dict[State, float] = {}
    walked_from: Walked = {}
    ways = _traversals(column, length)
    for state, cost in best.items():
        for way in ways:
            after = _traverse(state, way.front, way.back, way.joins)
            if after is not None and cost + way.cost < walked.get(after, INFINITY):
                walked[after], walked_from[after] = cost + way.cost, (state, way)
    width = 0.0 if following is None else following - column.x
    crossed: dict[State, float] = {}
    crossed_from: Crossed = {}
    for state, cost in walked.items():
        for front, back, after in _crossings(state, column.aisle is None, following is None):
            total = cost + (front + back) * width
            if total < crossed.get(after, INFINITY):
                crossed[after], crossed_from[after] = total, (state, (front, back))
    return crossed, walked_from, crossed_from


Node = tuple[int, float]  # (column index, y)


def _edges(
    columns: list[_Column], ways: list[_Traversal], crossings: list[tuple[int, int]], length: float
) -> list[tuple[Node, Node]]:
    """The chosen subgraph as a list of edges (a segment walked twice appears twice)."""
    edges: list[tuple[Node, Node]] = []
    for index, (column, way, (front, back)) in enumerate(zip(columns, ways, crossings, strict=True)):
        ys = column.ys
        if way.name in ("through", "twice"):
            stretches = [(0.0, *ys, length)]
        elif way.name == "front":
            stretches = [(0.0, *ys)]
        elif way.name == "back":
            stretches = [(*ys, length)]
        elif way.name == "gap":
            low = _largest_gap_start(ys)
            stretches = [(0.0, *ys[: low + 1]), (*ys[low + 1 :], length)]
        else:
            stretches = []
        copies = 1 if way.name == "through" else 2
        for stretch in stretches:
            for low_y, high_y in zip(stretch, stretch[1:], strict=False):
                if low_y == high_y:
                    continue  # a pick at an aisle's end is that end
                edges.extend([((index, low_y), (index, high_y))] * copies)
        edges.extend([((index, 0.0), (index + 1, 0.0))] * front)
        edges.extend([((index, length), (index + 1, length))] * back)
    return edges


def _euler_circuit(edges: list[tuple[Node, Node]], start: Node) -> list[Node]:
    """Hierholzer's algorithm: the nodes of a closed walk using every edge once, from `start`."""
    incident: dict[Node, list[int]] = defaultdict(list)
    for number, (one, other) in enumerate(edges):
        incident[one].append(number)
        incident[other].append(number)
    used = [False] * len(edges)
    stack, circuit = [start], []
    while stack:
        node = stack[-1]
        pending = incident[node]
        while pending and used[pending[-1]]:
            pending.pop()
        if pending:
            number = pending.pop()
            used[number] = True
            one, other = edges[number]
            stack.append(other if one == node else one)
        else:
            circuit.append(stack.pop())
    return circuit[::-1]


def _first_visits(circuit: Iterable[Node], columns: list[_Column], picks: Sequence[PickPoint]) -> tuple[int, ...]:
    at: dict[PickPoint, list[int]] = defaultdict(list)
    for index, pick in enumerate(picks):
        at[pick].append(index)
    order: list[int] = []
    for column_index, y in circuit:
        aisle = columns[column_index].aisle
        if aisle is not None:
            order.extend(at.pop(PickPoint(aisle, y), ()))
    # Only picks standing at the depot itself can be off a circuit (one of length 0): take them at the start.
    return tuple(sorted(index for indices in at.values() for index in indices)) + tuple(order)


def _by_aisle(layout: Layout, picks: Sequence[PickPoint]) -> dict[int, list[int]]:
    """Pick indices per aisle holding picks, each list ordered front to back."""
    aisles: dict[int, list[int]] = defaultdict(list)
    for index, pick in enumerate(picks):
        layout.check(pick)
        aisles[pick.aisle].append(index)
    for indices in aisles.values():
        indices.sort(key=lambda index: picks[index].y)
    return dict(sorted(aisles.items()))


def _across(layout: Layout, first: int, last: int) -> float:
    """Cross-aisle walking of a tour from the depot to aisle `first`, over to aisle `last` and back."""
    depot, xs = layout.depot_x, layout.aisle_x
    return abs(depot - xs[first]) + abs(xs[last] - xs[first]) + abs(xs[last] - depot)


def s_shape_route(layout: Layout, picks: Sequence[PickPoint]) -> Route:
    """S-shape (traversal): every aisle holding a pick is walked end to end, alternately up and down.

    With an odd number of such aisles the last is entered from the front as far as its farthest pick and
    left the same way. The sweep starts at whichever end of the floor gives the shorter walk.
    """
    aisles = _by_aisle(layout, picks)
    if not aisles:
        return Route(0.0, (), ())
    candidates = [_s_shape(layout, picks, aisles, list(aisles)), _s_shape(layout, picks, aisles, list(aisles)[::-1])]
    return min(candidates, key=lambda route: route.length)


def _s_shape(layout: Layout, picks: Sequence[PickPoint], aisles: dict[int, list[int]], sweep: list[int]) -> Route:
    order: list[int] = []
    up = 0.0
    for position, aisle in enumerate(sweep):
        indices = aisles[aisle]
        if position == len(sweep) - 1 and len(sweep) % 2:
            order.extend(indices)  # the odd last aisle: in from the front and back out
            up += 2 * picks[indices[-1]].y
        else:
            order.extend(indices if position % 2 == 0 else indices[::-1])
            up += layout.aisle_length
    length = _across(layout, sweep[0], sweep[-1]) + up
    return Route(length, tuple(order), tuple(picks[index] for index in order))


def largest_gap_route(layout: Layout, picks: Sequence[PickPoint]) -> Route:
    """Largest gap: the leftmost and rightmost aisles holding picks are walked end to end; every aisle between
    is entered from the front and from the back as far as its largest gap (between two picks, or between a
    cross aisle and the nearest pick), so the widest empty stretch of each is never walked.

    The picker goes along the front from the depot to the leftmost aisle (taking the front parts of the aisles
    passed), up it, along the back taking the back parts, down the rightmost aisle, and along the front home.
    One aisle alone is entered from the front and left the same way.
    """
    aisles = _by_aisle(layout, picks)
    if not aisles:
        return Route(0.0, (), ())
    first, last = min(aisles), max(aisles)
    if first == last:
        order = aisles[first]
        length = 2 * abs(layout.depot_x - layout.aisle_x[first]) + 2 * picks[order[-1]].y
        return Route(length, tuple(order), tuple(picks[index] for index in order))
    fronts: dict[int, list[int]] = {}
    backs: dict[int, list[int]] = {}
    inner = 0.0
    for aisle in list(aisles)[1:-1]:
        ys = [picks[index].y for index in aisles[aisle]]
        edges = [0.0, *ys, layout.aisle_length]
        gap = max(range(len(edges) - 1), key=lambda i: edges[i + 1] - edges[i])  # pick edges[gap]..edges[gap+1]
        fronts[aisle], backs[aisle] = aisles[aisle][:gap], aisles[aisle][gap:]
        inner += 2 * (layout.aisle_length - (edges[gap + 1] - edges[gap]))
    outward = sorted((a for a in fronts if layout.aisle_x[a] <= layout.depot_x), reverse=True)
    homeward = sorted((a for a in fronts if layout.aisle_x[a] > layout.depot_x), reverse=True)
    order = [index for aisle in outward for index in fronts[aisle]]
    order += aisles[first]
    order += [index for aisle in sorted(backs) for index in backs[aisle][::-1]]
    order += aisles[last][::-1]
    order += [index for aisle in homeward for index in fronts[aisle]]
    length = _across(layout, first, last) + 2 * layout.aisle_length + inner
    return Route(length, tuple(order), tuple(picks[index] for index in order))
