"""An exact solver that shares nothing with the dynamic programme, to check it: the Steiner TSP as an integer
programme on the layout's graph, solved by HiGHS through scipy.optimize.milp.

A closed walk through the required vertices (the depot and every pick point) is, edge by edge, a connected
multigraph with an even degree at every vertex; the shortest never walks a segment more than twice. So:
minimise the walked length over integer multiplicities 0..2 of every segment, with an even degree at every
vertex (degree = 2 z, z integer), a degree of at least 2 at every required vertex, and connectivity. The last
is imposed lazily: solve, find a piece of the solution that does not reach the depot, demand that at least two
copies of segments cross its boundary, and solve again, until the solution is one piece (the classical
subtour-elimination cuts of Dantzig, Fulkerson & Johnson, here for the Steiner graph).

Vertices: the depot, each point where an aisle meets a cross aisle (its front and back ends, and on a multi-block
floor the middle cross aisles too), and each distinct pick position inside an aisle. Segments: along each aisle
between consecutive vertices, and along each cross aisle between consecutive aisles (the front one through the
depot).
"""

import math
from collections.abc import Iterable, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from arkaofis.fulfilment.domain.layout import Layout, PickPoint

Vertex = tuple[str, int, float]  # ("cross" | "pick" | "depot", aisle, y); "cross": where a cross aisle meets it


class ExactSolveError(RuntimeError):
    """HiGHS did not prove an optimum (it always should on these graphs)."""


def exact_route_length(layout: Layout, picks: Sequence[PickPoint]) -> float:
    """The length of the shortest trip from the depot through every pick and back, proved by the solver."""
    if not picks:
        return 0.0
    vertices, edges, lengths, required, depot = _graph(layout, picks)
    if required == {depot}:
        return 0.0  # every pick stands at the depot
    programme = _Programme(vertices, edges, lengths, required, depot)
    programme.cut(_obvious_pieces(layout, vertices, required))
    while True:
        multiplicity = np.rint(programme.solve(integral=True)).astype(int)
        pieces = _pieces_without_depot(edges, multiplicity, depot, required)
        if not pieces:
            return float(np.dot(lengths, multiplicity))
        programme.cut(pieces)


class _Programme:
    """The integer programme and its growing list of connectivity cuts.

    Columns: the multiplicity of each segment, then the half-degree z of each vertex.
    """

    def __init__(
        self,
        vertices: list[Vertex],
        edges: list[tuple[Vertex, Vertex]],
        lengths: list[float],
        required: set[Vertex],
        depot: Vertex,
    ) -> None:
        self.vertices, self.edges, self.required, self.depot = vertices, edges, required, depot
        self.index = {vertex: number for number, vertex in enumerate(vertices)}
        n_edges, n_vertices = len(edges), len(vertices)
        incidence = np.zeros((n_vertices, n_edges))
        for number, (one, other) in enumerate(edges):
            incidence[self.index[one], number] += 1
            incidence[self.index[other], number] += 1
        self.cost = np.concatenate([_whole_units(lengths), np.zeros(n_vertices)])
        self.even = LinearConstraint(np.hstack([incidence, -2 * np.eye(n_vertices)]), 0, 0)
        rows = [self.index[vertex] for vertex in sorted(required)]
        self.visited = LinearConstraint(np.hstack([incidence[rows], np.zeros((len(rows), n_vertices))]), 2, np.inf)
        self.bounds = Bounds(0, np.concatenate([np.full(n_edges, 2.0), np.full(n_vertices, np.inf)]))
        self.cuts: list[np.ndarray] = []

    def solve(self, *, integral: bool) -> np.ndarray:
        """The multiplicities of the optimum (of the linear relaxation unless `integral`) under today's cuts."""
        n_edges, n_vertices = len(self.edges), len(self.vertices)
        constraints = [self.even, self.visited]
        if self.cuts:
            rows = np.hstack([np.array(self.cuts), np.zeros((len(self.cuts), n_vertices))])
            constraints.append(LinearConstraint(rows, 2, np.inf))
        result = milp(
            self.cost,
            constraints=constraints,
            integrality=np.full(n_edges + n_vertices, 1 if integral else 0),
            bounds=self.bounds,
            options={"mip_rel_gap": 0.0},
        )
        if result.status != 0 or result.x is None:
            raise ExactSolveError(result.message)
        return result.x[:n_edges]

    def cut(self, pieces: Iterable[set[Vertex]]) -> None:
        """Demand at least two walks across the boundary of each piece."""
        for piece in pieces:
            self.cuts.append(np.array([float((one in piece) != (other in piece)) for one, other in self.edges]))


def _whole_units(lengths: list[float]) -> np.ndarray:
    """The lengths in the largest unit that makes them all whole (millimetres at the finest): with an integral
    objective HiGHS can stop as soon as its bound is within one unit of the best tour found."""
    millimetres = [round(metres * 1000) for metres in lengths]
    unit = math.gcd(*millimetres) or 1
    return np.array([value // unit for value in millimetres], dtype=float)


def _crossing(edges: list[tuple[Vertex, Vertex]], piece: set[Vertex]) -> np.ndarray:
    """The row that sums the multiplicities of the segments with one end in `piece`."""
    return np.array([float((one in piece) != (other in piece)) for one, other in edges])


def _graph(
    layout: Layout, picks: Sequence[PickPoint]
) -> tuple[list[Vertex], list[tuple[Vertex, Vertex]], list[float], set[Vertex], Vertex]:
    crossings = [float(y) for y in layout.cross_aisle_y]
    required: set[Vertex] = set()
    inside: dict[int, set[float]] = {}
    for pick in picks:
        layout.check(pick)
        if float(pick.y) in crossings:
            required.add(("cross", pick.aisle, float(pick.y)))  # a pick where a cross aisle meets the aisle
        else:
            inside.setdefault(pick.aisle, set()).add(float(pick.y))
            required.add(("pick", pick.aisle, float(pick.y)))
    edges: list[tuple[Vertex, Vertex]] = []
    lengths: list[float] = []
    vertices: set[Vertex] = set()

    def join(one: Vertex, other: Vertex, metres: float) -> None:
        vertices.update((one, other))
        edges.append((one, other))
        lengths.append(metres)

    for aisle in range(layout.aisles):
        chain = [("cross", aisle, y) for y in crossings] + [("pick", aisle, y) for y in inside.get(aisle, ())]
        chain.sort(key=lambda vertex: vertex[2])
        for one, other in zip(chain, chain[1:], strict=False):
            join(one, other, other[2] - one[2])
    depot = _depot_vertex(layout)
    for y in crossings:
        row = {("cross", aisle, y) for aisle in range(layout.aisles)} | ({depot} if y == 0 else set())
        ordered = sorted(row, key=lambda vertex: _x(layout, vertex))
        for one, other in zip(ordered, ordered[1:], strict=False):
            join(one, other, _x(layout, other) - _x(layout, one))
    required.add(depot)
    return sorted(vertices), edges, lengths, required, depot


def _obvious_pieces(layout: Layout, vertices: list[Vertex], required: set[Vertex]) -> list[set[Vertex]]:
    """Vertex sets every tour must enter, cut up front so that fewer rounds are needed: each run of consecutive
    pick positions inside one aisle, and everything left of a gap between columns when required vertices stand
    on both sides of it."""
    pieces: list[set[Vertex]] = []
    by_aisle: dict[int, list[Vertex]] = {}
    for vertex in vertices:
        if vertex[0] == "pick":
            by_aisle.setdefault(vertex[1], []).append(vertex)
    for chain in by_aisle.values():
        chain.sort()
        pieces += [set(chain[low:high]) for low in range(len(chain)) for high in range(low + 1, len(chain) + 1)]
    xs = sorted({_x(layout, vertex) for vertex in vertices})
    for cut in xs[:-1]:
        left = {vertex for vertex in vertices if _x(layout, vertex) <= cut}
        if left & required and required - left:
            pieces.append(left)
    return pieces


def _depot_vertex(layout: Layout) -> Vertex:
    """The depot is an aisle's front end when it stands there, else a vertex of its own on the front."""
    for aisle, x in enumerate(layout.aisle_x):
        if x == layout.depot_x:
            return ("cross", aisle, 0.0)
    return ("depot", -1, 0.0)


def _x(layout: Layout, vertex: Vertex) -> float:
    return layout.depot_x if vertex[0] == "depot" else layout.aisle_x[vertex[1]]


def _pieces_without_depot(
    edges: list[tuple[Vertex, Vertex]], multiplicity: np.ndarray, depot: Vertex, required: set[Vertex]
) -> list[set[Vertex]]:
    """The connected pieces of the walked segments that hold a required vertex but not the depot."""
    parent: dict[Vertex, Vertex] = {}

    def root(vertex: Vertex) -> Vertex:
        parent.setdefault(vertex, vertex)
        while parent[vertex] != vertex:
            parent[vertex] = parent[parent[vertex]]
            vertex = parent[vertex]
        return vertex

    for (one, other), copies in zip(edges, multiplicity, strict=True):
        if copies:
            parent[root(one)] = root(other)
    pieces: dict[Vertex, set[Vertex]] = {}
    for vertex in required | {depot}:
        pieces.setdefault(root(vertex), set()).add(vertex)
    for vertex in list(parent):
        if root(vertex) in pieces:
            pieces[root(vertex)].add(vertex)
    return [piece for top, piece in pieces.items() if top != root(depot)]
