"""Which orders ride on one picker's cart: batches that shorten the total walk, within the cart's capacity.

Seed and savings after Clarke & Wright (1964), as used for order batching by de Koster, van der Poort &
Wolters (1999), "Efficient orderbatching methods in warehouses", IJPR 37(7): every order starts on a cart of
its own; the two carts whose merger saves the most walking (the routes' lengths before and after: optimal on
a single block, by Ratliff–Rosenthal; the multi-block heuristic on several) merge, as long as the merged cart
holds no more orders and no more volume than allowed; repeat until no merger saves anything. Then a local
search moves single orders between carts and swaps pairs of orders while that shortens the total (the
savings rule alone is greedy and leaves such gains behind).
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import combinations

from arkaofis.fulfilment.domain.layout import Layout, PickPoint
from arkaofis.fulfilment.domain.pickpath import Route
from arkaofis.fulfilment.domain.pickpath_multiblock import best_route


@dataclass(frozen=True)
class PickOrder:
    """What one order asks of the floor: its pick points and the volume it takes on a cart (litres)."""

    id: Hashable
    picks: tuple[PickPoint, ...]
    volume: float


@dataclass(frozen=True)
class Cart:
    """A picker's cart: at most `max_orders` orders (one tote each) and `max_volume` litres."""

    max_orders: int
    max_volume: float

    def __post_init__(self) -> None:
        if self.max_orders < 1 or self.max_volume <= 0:
            raise ValueError("a cart holds at least one order and some volume")


@dataclass(frozen=True)
class Batch:
    """One trip: its orders, its walk, and the stops in walking order as (order id, index of the pick in that
    order's `picks`). `oversize`: a lone order bigger than the cart (it still has to be picked)."""

    order_ids: tuple[Hashable, ...]
    length: float
    visits: tuple[tuple[Hashable, int], ...]
    oversize: bool = False


@dataclass(frozen=True)
class Batching:
    batches: tuple[Batch, ...]

    @property
    def total_length(self) -> float:
        return sum(batch.length for batch in self.batches)


class _Walks:
    """Optimal route lengths of sets of orders, each computed once."""

    def __init__(self, layout: Layout, orders: Sequence[PickOrder]) -> None:
        self.layout = layout
        self.orders = {order.id: order for order in orders}
        self.known: dict[frozenset[Hashable], float] = {}
        self.computed = 0

    def route(self, ids: Sequence[Hashable]) -> Route:
        return best_route(self.layout, [pick for key in ids for pick in self.orders[key].picks])

    def length(self, ids: frozenset[Hashable]) -> float:
        if ids not in self.known:
            self.computed += 1
            self.known[ids] = self.route(sorted(ids, key=repr)).length
        return self.known[ids]

    def fits(self, ids: frozenset[Hashable], cart: Cart) -> bool:
        return len(ids) <= cart.max_orders and sum(self.orders[key].volume for key in ids) <= cart.max_volume + 1e-9


def one_order_per_trip(layout: Layout, orders: Sequence[PickOrder]) -> float:
    """The walk if every order were picked on a trip of its own (the baseline batching is measured against)."""
    return sum(best_route(layout, order.picks).length for order in orders)


def batch_orders(layout: Layout, orders: Sequence[PickOrder], cart: Cart, *, improve_routes: int = 2000) -> Batching:
    """Group `orders` into cart loads that shorten the total walk: seed and savings, then a local search that
    may route up to `improve_routes` new candidate carts (0: none; each takes about a millisecond), so the time
    it takes is bounded and the answer does not depend on the machine's speed."""
    if len({order.id for order in orders}) != len(orders):
        raise ValueError("order ids must be unique")
    walks = _Walks(layout, orders)
    oversize = [order.id for order in orders if not walks.fits(frozenset([order.id]), cart)]
    groups = _savings(walks, [order.id for order in orders if order.id not in oversize], cart)
    if improve_routes:
        groups = _improve(walks, groups, cart, walks.computed + improve_routes)
    batches = [_batch(walks, sorted(group, key=_position(orders))) for group in groups]
    batches += [_batch(walks, [key], oversize=True) for key in oversize]
    return Batching(tuple(batches))


def _position(orders: Sequence[PickOrder]) -> Callable[[Hashable], int]:
    where = {order.id: number for number, order in enumerate(orders)}
    return lambda key: where[key]


def _batch(walks: _Walks, ids: Sequence[Hashable], *, oversize: bool = False) -> Batch:
    owners = [(key, number) for key in ids for number in range(len(walks.orders[key].picks))]
    route = walks.route(ids)
    return Batch(tuple(ids), route.length, tuple(owners[index] for index in route.order), oversize)


def _savings(walks: _Walks, ids: list[Hashable], cart: Cart) -> list[frozenset[Hashable]]:
    """Clarke–Wright: merge the feasible pair of carts with the largest saving until none saves anything."""
    groups = [frozenset([key]) for key in ids]
    saving: dict[tuple[frozenset[Hashable], frozenset[Hashable]], float] = {}

    def consider(one: frozenset[Hashable], other: frozenset[Hashable]) -> None:
        merged = one | other
        if walks.fits(merged, cart):
            saving[(one, other)] = walks.length(one) + walks.length(other) - walks.length(merged)

    for one, other in combinations(groups, 2):
        consider(one, other)
    while saving:
        (one, other), best = max(saving.items(), key=lambda item: item[1])
        if best <= 1e-9:
            break
        saving = {pair: value for pair, value in saving.items() if one not in pair and other not in pair}
        groups = [group for group in groups if group not in (one, other)]
        merged = one | other
        for group in groups:
            consider(merged, group)
        groups.append(merged)
    return groups


Group = frozenset[Hashable]


def _improve(walks: _Walks, groups: list[Group], cart: Cart, until: int, passes: int = 3) -> list[Group]:
    """Move one order to another cart, or swap two orders between carts, while the total walk shrinks and
    fewer than `until` routes have been computed in all."""
    groups = list(groups)
    for _ in range(passes):
        improved = False
        for first, second in combinations(range(len(groups)), 2):
            if walks.computed >= until:
                return [group for group in groups if group]
            better = _best_exchange(walks, groups[first], groups[second], cart)
            if better is not None:
                groups[first], groups[second] = better
                improved = True
        groups = [group for group in groups if group]
        if not improved:
            break
    return groups


def _best_exchange(walks: _Walks, one: Group, other: Group, cart: Cart) -> tuple[Group, Group] | None:
    """The best relocation or swap of orders between two carts, or None when nothing shortens the pair's walk."""

    def cost(group: frozenset[Hashable]) -> float:
        return walks.length(group) if group else 0.0

    now = cost(one) + cost(other)
    best, best_cost = None, now - 1e-9
    candidates = [(one - {key}, other | {key}) for key in one] + [(one | {key}, other - {key}) for key in other]
    candidates += [(one - {a} | {b}, other - {b} | {a}) for a in one for b in other]
    for left, right in candidates:
        if (left and not walks.fits(left, cart)) or (right and not walks.fits(right, cart)):
            continue
        total = cost(left) + cost(right)
        if total < best_cost:
            best, best_cost = (left, right), total
    return best
