"""Slotting: which products to move nearer the depot, and the walking it would have saved. Pure, no Django.

The rule is the classic cube-per-order index (Heskett 1963; Kallina & Lynn 1976): products that are picked
often for the room they take go to the bins a picker reaches soonest. A bin's cost is the walk
depot → bin → depot on the floor (`Layout.from_depot` both ways, plus the depot's own step to the front
cross aisle); products are taken in order of picks per litre, and each is offered the nearest bin that
either has room for it, or holds a product picked less often to swap with. A move is proposed only when
its estimated saving (picks × cost difference; for a swap, the difference in picks × cost difference) is
positive, each product moves at most once, and a bin's known limits (units, volume, weight) are respected;
an unknown limit lets an empty bin take one product, and a swap trade one product for another.

The estimate counts each pick as its own trip; pickers batch orders, so the proposal is then checked by
replaying the window's real trips (each pick batch one trip) with the optimal route on the current and on
the proposed slotting (`replay`). A move whose own replay saves less than a metre is withdrawn and the greedy pass
runs again without it, so every move shown saves walking on the trips that happened.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from statistics import median

from arkaofis.fulfilment.domain.layout import Layout, PickPoint
from arkaofis.fulfilment.domain.pickpath_multiblock import best_route

EPSILON = 1e-6
MAX_MOVES = 25  # a re-slotting is labour: the moves worth it most, not a reshuffle of the whole floor
PER_MOVE_TRIPS = 200  # trips replayed to measure one move (a sample past that): a route costs about a millisecond
MIN_SAVING_M = 1.0  # metres over the window (estimated, then replayed): below that a move is not worth making


@dataclass(frozen=True)
class Load:
    """Units, and the volume and weight of those whose size is known."""

    units: int = 0
    volume_ml: int = 0
    weight_g: int = 0

    def __add__(self, other: "Load") -> "Load":
        return Load(self.units + other.units, self.volume_ml + other.volume_ml, self.weight_g + other.weight_g)

    def __sub__(self, other: "Load") -> "Load":
        return Load(self.units - other.units, self.volume_ml - other.volume_ml, self.weight_g - other.weight_g)


@dataclass(frozen=True)
class Limits:
    """What a bin holds at most; None: not known."""

    units: int | None = None
    volume_ml: int | None = None
    weight_g: int | None = None

    @property
    def known(self) -> bool:
        return any(limit is not None for limit in (self.units, self.volume_ml, self.weight_g))

    def admit(self, load: Load) -> bool:
        pairs = ((load.units, self.units), (load.volume_ml, self.volume_ml), (load.weight_g, self.weight_g))
        return all(limit is None or amount <= limit for amount, limit in pairs)


@dataclass(frozen=True)
class Slot:
    """A placed bin: where a picker stops for it, its limits and everything it holds now."""

    bin_id: int
    code: str
    point: PickPoint
    limits: Limits = Limits()
    held: Load = Load()


@dataclass(frozen=True)
class Item:
    """A product stored in the warehouse: its picks in the window and its home (the bin holding most of it),
    with what would move out of that bin. `litres`: its room at home (None: its volume is not known)."""

    product: Hashable
    sku: str
    picks: int
    home: int  # a Slot's bin_id
    load: Load
    litres: float | None = None


@dataclass(frozen=True)
class Partner:
    product: Hashable
    sku: str
    picks: int


@dataclass(frozen=True)
class Move:
    """Move `sku` from `origin` to `target`; with a partner, the partner goes the other way (a swap).
    `estimate`: metres saved over the window if each pick were its own trip; `saving`: metres saved on the
    window's real trips by this move alone (filled by `plan_slotting`)."""

    product: Hashable
    sku: str
    picks: int
    origin: Slot
    target: Slot
    partner: Partner | None
    metres_nearer: float  # per visit, there and back
    estimate: float
    saving: float | None = None


@dataclass(frozen=True)
class Floor:
    """The layout routes are walked on and what a trip costs beyond it: the depot stands `depot_step` metres in
    front of the front cross aisle, walked out and back once per trip."""

    layout: Layout
    depot_step: float = 0.0

    def cost(self, point: PickPoint) -> float:
        """The walk depot → bin → depot: how far a bin is, as slotting ranks bins."""
        return 2 * (self.layout.from_depot(point) + self.depot_step)

    def trip(self, points: Sequence[PickPoint]) -> float:
        if not points:
            return 0.0
        return best_route(self.layout, points).length + 2 * self.depot_step


@dataclass
class _State:
    """The slotting as the greedy pass changes it."""

    slots: dict[int, Slot]
    home: dict[Hashable, int]
    held: dict[int, Load]
    occupants: dict[int, set[Hashable]]
    done: set[Hashable] = field(default_factory=set)  # moved or swapped: each product moves at most once

    def fits(self, bin_id: int, load: Load, *, alone: bool) -> bool:
        """Whether `load` may stand in the bin; `alone`: the bin would hold nothing else."""
        limits = self.slots[bin_id].limits
        return limits.admit(load) if limits.known else alone

    def apply(self, item: Item, target: int, partner: Item | None) -> None:
        origin = self.home[item.product]
        self._shift(item, origin, target)
        self.done.add(item.product)
        if partner is not None:
            self._shift(partner, target, origin)
            self.done.add(partner.product)

    def _shift(self, item: Item, origin: int, target: int) -> None:
        self.held[origin] -= item.load
        self.held[target] += item.load
        self.occupants[origin].discard(item.product)
        self.occupants[target].add(item.product)
        self.home[item.product] = target


def _priority(items: Sequence[Item]) -> list[Item]:
    """Most picks per litre first (COI); a product of unknown volume counts as the median known one."""
    known = [i.litres for i in items if i.litres]
    typical = median(known) if known else 1.0

    def per_litre(item: Item) -> float:
        return item.picks / (item.litres or typical)

    return sorted(items, key=lambda i: (-per_litre(i), -i.picks, i.sku))


def _best_place(state: _State, floor: Floor, item: Item, by_cost: list[Slot], items: Mapping) -> Move | None:
    """The move of `item` that saves most by the estimate (nearer bin on ties), or None."""
    origin = state.slots[state.home[item.product]]
    here = floor.cost(origin.point)
    best: Move | None = None
    for slot in by_cost:
        nearer = here - floor.cost(slot.point)
        if nearer <= EPSILON:
            break
        options: list[tuple[Item | None, float]] = []
        if state.fits(slot.bin_id, state.held[slot.bin_id] + item.load, alone=_empty(state, slot.bin_id)):
            options.append((None, item.picks * nearer))
        for other in sorted(state.occupants[slot.bin_id], key=str):
            partner = items.get(other)
            if partner is not None and _may_swap(state, item, partner, slot.bin_id, origin.bin_id):
                options.append((partner, (item.picks - partner.picks) * nearer))
        for partner, estimate in options:
            if best is None or estimate > best.estimate + EPSILON:
                best = Move(
                    item.product, item.sku, item.picks, origin, slot,
                    None if partner is None else Partner(partner.product, partner.sku, partner.picks),
                    nearer, estimate,
                )  # fmt: skip
    return best


def _empty(state: _State, bin_id: int) -> bool:
    return not state.occupants[bin_id] and state.held[bin_id].units <= 0


def _may_swap(state: _State, item: Item, partner: Item, there: int, here: int) -> bool:
    """A swap respects both bins' known limits; a bin of unknown size that held one product holds the other."""
    if partner.product in state.done or partner.picks >= item.picks:
        return False
    fits_there = state.slots[there].limits.admit(state.held[there] - partner.load + item.load)
    return fits_there and state.slots[here].limits.admit(state.held[here] - item.load + partner.load)


def suggest_moves(
    floor: Floor, slots: Sequence[Slot], items: Sequence[Item], *, pinned: Iterable[Hashable] = (),
    max_moves: int = MAX_MOVES, min_saving: float = MIN_SAVING_M,
) -> list[Move]:  # fmt: skip
    """The greedy COI pass (see the module's note). `pinned`: products that neither move nor are swapped."""
    by_bin = {slot.bin_id: slot for slot in slots}
    stored = [item for item in items if item.home in by_bin]
    state = _State(
        slots=by_bin,
        home={item.product: item.home for item in stored},
        held={slot.bin_id: slot.held for slot in slots},
        occupants=defaultdict(set),
        done=set(pinned),
    )
    for item in stored:
        state.occupants[item.home].add(item.product)
    by_product = {item.product: item for item in stored}
    by_cost = sorted(slots, key=lambda slot: (floor.cost(slot.point), slot.code))
    moves: list[Move] = []
    for item in _priority(stored):
        if len(moves) >= max_moves:
            break
        if item.picks <= 0 or item.product in state.done:
            continue
        move = _best_place(state, floor, item, by_cost, by_product)
        if move is None or move.estimate < min_saving:
            continue
        partner = None if move.partner is None else by_product[move.partner.product]
        state.apply(item, move.target.bin_id, partner)
        moves.append(move)
    return moves


@dataclass(frozen=True)
class Replay:
    """The window's trips walked by the optimal route on two slottings."""

    trips: int
    picks: int  # pick lines on the plan (walked in both)
    off_plan: int  # pick lines of products with no placed bin: left out of both walks
    metres_now: float
    metres_after: float

    @property
    def saving(self) -> float:
        return self.metres_now - self.metres_after

    @property
    def saving_pct(self) -> float:
        return 100 * self.saving / self.metres_now if self.metres_now > 0 else 0.0


class _Walker:
    """Trip lengths, remembered by their set of stops (a floor's trips repeat, and moves are replayed often)."""

    def __init__(self, floor: Floor) -> None:
        self.floor = floor
        self.known: dict[tuple[PickPoint, ...], float] = {}

    def walk(self, points: Iterable[PickPoint]) -> float:
        key = tuple(sorted(set(points)))
        if key not in self.known:
            self.known[key] = self.floor.trip(key)
        return self.known[key]


def replay(
    floor: Floor, trips: Sequence[Sequence[Hashable]], now: Mapping[Hashable, PickPoint],
    after: Mapping[Hashable, PickPoint], *, walker: _Walker | None = None,
) -> Replay:  # fmt: skip
    """Walk each trip (the products it picked) by the optimal route with the products where they are (`now`) and
    where they would be (`after`; a product it does not name stays where it is)."""
    walker = walker or _Walker(floor)
    metres_now = metres_after = 0.0
    picks = off_plan = 0
    for trip in trips:
        on_plan = [product for product in trip if product in now]
        off_plan += len(trip) - len(on_plan)
        picks += len(on_plan)
        metres_now += walker.walk(now[p] for p in on_plan)
        metres_after += walker.walk(after.get(p, now[p]) for p in on_plan)
    return Replay(len(trips), picks, off_plan, metres_now, metres_after)


def moved(now: Mapping[Hashable, PickPoint], moves: Iterable[Move]) -> dict[Hashable, PickPoint]:
    """Where the products would be after the moves."""
    after = dict(now)
    for move in moves:
        after[move.product] = move.target.point
        if move.partner is not None:
            after[move.partner.product] = move.origin.point
    return after


@dataclass(frozen=True)
class Slotting:
    moves: tuple[Move, ...]
    replay: Replay

    @property
    def ideal(self) -> bool:
        return not self.moves


def plan_slotting(
    floor: Floor, slots: Sequence[Slot], items: Sequence[Item], trips: Sequence[Sequence[Hashable]],
    elsewhere: Mapping[Hashable, PickPoint] | None = None, *, max_moves: int = MAX_MOVES,
) -> Slotting:  # fmt: skip
    """The moves, each with its own replayed saving, and the window replayed before and after all of them.
    `elsewhere`: where products picked in the window but not stored now were picked (they do not move)."""
    by_bin = {slot.bin_id: slot for slot in slots}
    now = dict(elsewhere or {})
    now.update({item.product: by_bin[item.home].point for item in items if item.home in by_bin})
    walker = _Walker(floor)
    by_product: dict[Hashable, list[int]] = defaultdict(list)
    for number, trip in enumerate(trips):
        for product in set(trip):
            by_product[product].append(number)
    pinned: set[Hashable] = set()
    while True:
        moves = suggest_moves(floor, slots, items, pinned=pinned, max_moves=max_moves)
        saved = [replace(move, saving=_own_saving(floor, trips, now, move, by_product, walker)) for move in moves]
        idle = {move.product for move in saved if (move.saving or 0.0) < MIN_SAVING_M}
        if not idle:
            return Slotting(tuple(saved), replay(floor, trips, now, moved(now, saved), walker=walker))
        pinned |= idle


def _own_saving(
    floor: Floor, trips: Sequence[Sequence[Hashable]], now: Mapping[Hashable, PickPoint], move: Move,
    by_product: Mapping[Hashable, list[int]], walker: _Walker,
) -> float:  # fmt: skip
    """Metres this move alone saves on the trips that picked either product it touches; past PER_MOVE_TRIPS
    such trips, measured on an evenly spread sample of them and scaled up (the total replay walks them all)."""
    touched = set(by_product.get(move.product, ()))
    if move.partner is not None:
        touched |= set(by_product.get(move.partner.product, ()))
    numbers = sorted(touched)
    if len(numbers) > PER_MOVE_TRIPS:
        numbers = [numbers[step * len(touched) // PER_MOVE_TRIPS] for step in range(PER_MOVE_TRIPS)]
    chosen = [trips[number] for number in numbers]
    scale = len(touched) / len(numbers) if numbers else 0.0
    return replay(floor, chosen, now, moved(now, [move]), walker=walker).saving * scale
