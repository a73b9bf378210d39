"""Pure stock rules, no Django: which flows are allowed, and the allocation planner (FIFO/FEFO)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

INTERNAL = "internal"
# Stock the company owns and values: on its shelves, or on the way between them.
VALUED_USAGES = frozenset({INTERNAL, "transit"})

# For each move reason, the (from usage, to usage) pairs it may connect.
ALLOWED_FLOWS: dict[str, frozenset[tuple[str, str]]] = {
    "opening": frozenset({("adjustment", INTERNAL)}),
    "receipt": frozenset({("supplier", INTERNAL), ("supplier", "transit")}),
    # transit → adjustment: units lost on the road, written off when a transfer closes short.
    "adjustment": frozenset({("adjustment", INTERNAL), (INTERNAL, "adjustment"), ("transit", "adjustment")}),
    # transit → transit: off the road onto a warehouse's receiving dock (a transit-usage location of its
    # own: valued in that warehouse, not yet available to promise until put away).
    "transfer": frozenset({(INTERNAL, INTERNAL), (INTERNAL, "transit"), ("transit", INTERNAL), ("transit", "transit")}),
    "shipment": frozenset({(INTERNAL, "customer")}),
    # returns → returns: from a warehouse's returns dock to its quarantine (both kept out of stock).
    "return": frozenset({("customer", "returns"), ("returns", "returns"), ("returns", INTERNAL), ("returns", "scrap")}),
    "scrap": frozenset({(INTERNAL, "scrap")}),
    "production": frozenset({(INTERNAL, "production"), ("production", INTERNAL)}),
    "supplier_return": frozenset({(INTERNAL, "supplier")}),
}


def is_flow_allowed(reason: str, from_usage: str, to_usage: str) -> bool:
    return (from_usage, to_usage) in ALLOWED_FLOWS.get(reason, frozenset())


FIFO = "fifo"
FEFO = "fefo"


class Quantlike(Protocol):
    """What the allocation planner reads of a quant (QuantView, or a batch's locked row as is)."""

    @property
    def id(self) -> int: ...
    @property
    def available(self) -> int: ...
    @property
    def in_date(self) -> datetime: ...
    @property
    def expires_on(self) -> date | None: ...
    @property
    def strategy(self) -> str: ...
    @property
    def product_id(self) -> int: ...
    @property
    def warehouse_id(self) -> int | None: ...


@dataclass(frozen=True)
class QuantView:
    """What the allocation planner needs to know about one quant: its free units now."""

    id: int
    available: int
    in_date: datetime
    expires_on: date | None = None
    strategy: str = FIFO  # the removal strategy of the quant's location
    product_id: int = 0
    warehouse_id: int | None = None


Q = TypeVar("Q", bound=Quantlike)


@dataclass(frozen=True)
class Demand:
    """Units of one product wanted from one warehouse (None: any warehouse)."""

    product_id: int
    quantity: int
    warehouse_id: int | None = None


@dataclass(frozen=True)
class Take:
    """Units of one quant that serve a demand."""

    quant_id: int
    quantity: int


@dataclass(frozen=True)
class Shortfall:
    """The first demand that free stock could not cover, with what there was."""

    product_id: int
    wanted: int
    available: int


@dataclass(frozen=True)
class Plan:
    """Takes per demand (in the demands' order), or none at all and the shortfall."""

    takes: tuple[tuple[Take, ...], ...] = ()
    short: Shortfall | None = None


def removal_key(quant: Quantlike) -> tuple[bool, date, datetime, int]:
    """Where a quant stands in the removal order.

    A quant in a FEFO location that has an expiry date goes by that date, soonest first; every
    other quant (FIFO locations, undated lots) comes after those, by arrival, oldest first; the
    id breaks ties. One total order, so quants of locations with different strategies still
    compare. The SQL fast path of reservations orders by the same key (REMOVAL_ORDER_SQL).
    """
    by_expiry = quant.strategy == FEFO and quant.expires_on is not None
    return (not by_expiry, quant.expires_on if by_expiry and quant.expires_on else date.min, quant.in_date, quant.id)


def removal_order(quants: Iterable[Q]) -> list[Q]:
    return sorted(quants, key=removal_key)


def plan_takes(quants: Iterable[Quantlike], demands: Sequence[Demand]) -> Plan:
    """Decide which quants serve `demands`, whole or not at all.

    The one allocation rule, for single reservations, batch intake, moves out of a location,
    picking and transfers alike: each demand takes from the quants of its product (in its
    warehouse, or any) in removal order until it is served. Demands are served in their order
    and share the quants' free units. If any demand falls short, nothing is taken for any of
    them (a kit's components: all or none) and the first shortfall is returned.
    """
    quants = list(quants)
    used: dict[int, int] = {}
    takes: list[tuple[Take, ...]] = []
    for demand in demands:
        candidates = [
            quant
            for quant in quants
            if quant.product_id == demand.product_id
            and demand.warehouse_id in (None, quant.warehouse_id)
            and quant.available - used.get(quant.id, 0) > 0
        ]
        available = sum(quant.available - used.get(quant.id, 0) for quant in candidates)
        if available < demand.quantity:
            return Plan(short=Shortfall(demand.product_id, demand.quantity, available))
        takes.append(_take_in_order(candidates, demand.quantity, used))
    return Plan(takes=tuple(takes))


def _take_in_order(candidates: list[Quantlike], quantity: int, used: dict[int, int]) -> tuple[Take, ...]:
    taken: list[Take] = []
    left = quantity
    for quant in removal_order(candidates):
        if left <= 0:
            break
        units = min(quant.available - used.get(quant.id, 0), left)
        taken.append(Take(quant.id, units))
        used[quant.id] = used.get(quant.id, 0) + units
        left -= units
    return tuple(taken)


def kit_availability(component_available: dict[int, int], bill: dict[int, int]) -> int:
    """How many kits the components make: the scarcest component decides."""
    if not bill:
        return 0
    return max(0, min(component_available.get(component, 0) // per_kit for component, per_kit in bill.items()))
