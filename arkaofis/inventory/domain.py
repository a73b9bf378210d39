"""Pure stock rules, no Django: which flows are allowed, and removal strategies (FIFO/FEFO)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

INTERNAL = "internal"
# Stock the company owns and values: on its shelves, or on the way between them.
VALUED_USAGES = frozenset({INTERNAL, "transit"})

# For each move reason, the (from usage, to usage) pairs it may connect.
ALLOWED_FLOWS: dict[str, frozenset[tuple[str, str]]] = {
    "opening": frozenset({("adjustment", INTERNAL)}),
    "receipt": frozenset({("supplier", INTERNAL), ("supplier", "transit")}),
    "adjustment": frozenset({("adjustment", INTERNAL), (INTERNAL, "adjustment")}),
    "transfer": frozenset({(INTERNAL, INTERNAL), (INTERNAL, "transit"), ("transit", INTERNAL)}),
    "shipment": frozenset({(INTERNAL, "customer")}),
    # returns → returns: from a warehouse's returns dock to its quarantine (both kept out of stock).
    "return": frozenset({("customer", "returns"), ("returns", "returns"), ("returns", INTERNAL), ("returns", "scrap")}),
    "scrap": frozenset({(INTERNAL, "scrap")}),
    "production": frozenset({(INTERNAL, "production"), ("production", INTERNAL)}),
    "supplier_return": frozenset({(INTERNAL, "supplier")}),
}


def is_flow_allowed(reason: str, from_usage: str, to_usage: str) -> bool:
    return (from_usage, to_usage) in ALLOWED_FLOWS.get(reason, frozenset())


@dataclass(frozen=True)
class QuantView:
    """What a removal strategy needs to know about one quant."""

    id: int
    available: int
    in_date: datetime
    expires_on: date | None = None


def removal_order(quants: Iterable[QuantView], strategy: str) -> list[QuantView]:
    """Order quants for removal: FIFO by arrival; FEFO by expiry (undated last), then arrival."""
    if strategy == "fefo":
        return sorted(quants, key=lambda q: (q.expires_on is None, q.expires_on or date.max, q.in_date, q.id))
    return sorted(quants, key=lambda q: (q.in_date, q.id))


def plan_removal(quants: Sequence[QuantView], quantity: int, strategy: str) -> list[tuple[int, int]]:
    """Split `quantity` over quants in removal order: [(quant id, quantity)].

    Returns a shorter plan when stock falls short; the caller compares its total with `quantity`.
    """
    plan: list[tuple[int, int]] = []
    left = quantity
    for quant in removal_order(quants, strategy):
        if left <= 0:
            break
        take = min(quant.available, left)
        if take > 0:
            plan.append((quant.id, take))
            left -= take
    return plan


def kit_availability(component_available: dict[int, int], bill: dict[int, int]) -> int:
    """How many kits the components make: the scarcest component decides."""
    if not bill:
        return 0
    return max(0, min(component_available.get(component, 0) // per_kit for component, per_kit in bill.items()))
