"""A transfer's stage, from its lines' counters. Pure: no Django.

requested → picking → in_transit → partially_received → received → closed, or cancelled before anything
is picked. A transfer is `received` when nothing is left on the road (received or written off) and
`closed` when, besides, nothing waits at the destination's dock.
"""

from collections.abc import Iterable
from dataclasses import dataclass

REQUESTED, PICKING, IN_TRANSIT = "requested", "picking", "in_transit"
PARTIALLY_RECEIVED, RECEIVED, CLOSED, CANCELLED = "partially_received", "received", "closed", "cancelled"

# Which stages each step may run in.
STEP_STAGES = {
    "pick": frozenset({REQUESTED, PICKING}),
    "ship": frozenset({PICKING}),
    "receive": frozenset({IN_TRANSIT, PARTIALLY_RECEIVED}),
    "put_away": frozenset({PARTIALLY_RECEIVED, RECEIVED}),
    "cancel": frozenset({REQUESTED}),
    "close": frozenset({IN_TRANSIT, PARTIALLY_RECEIVED}),
}


@dataclass(frozen=True)
class LineCounts:
    quantity: int
    shipped: int = 0
    short: int = 0
    received: int = 0
    lost: int = 0
    put_away: int = 0

    @property
    def to_pick(self) -> int:
        return self.quantity - self.shipped - self.short

    @property
    def in_transit(self) -> int:
        return self.shipped - self.received - self.lost

    @property
    def at_dock(self) -> int:
        return self.received - self.put_away


def may(step: str, status: str) -> bool:
    return status in STEP_STAGES[step]


def stage(current: str, lines: Iterable[LineCounts]) -> str:
    """The stage the counters put the transfer in (a cancelled transfer stays cancelled)."""
    if current == CANCELLED:
        return CANCELLED
    lines = list(lines)
    if any(line.to_pick for line in lines):
        return PICKING if any(line.shipped or line.short for line in lines) else REQUESTED
    if any(line.in_transit for line in lines):
        return PARTIALLY_RECEIVED if any(line.received or line.lost for line in lines) else IN_TRANSIT
    if any(line.at_dock for line in lines):
        return RECEIVED
    return CLOSED
