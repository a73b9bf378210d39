"""Waves: which released shipments go to the floor together, and in what order.

A wave is a group of shipments released to pickers at once. The rules, each one switchable:
- **carrier cut-off**: the shipments a carrier collects soonest go first (a missed cut-off is a late parcel),
  and shipments with different cut-offs never share a wave;
- **carrier**: one carrier a wave, so its parcels end on one staging lane;
- **priority**: higher priority first (as an order's priority: higher is served first), never mixed;
- **zone**: one warehouse zone a wave, so a picker stays in one area;
- **single-line vs multi-line**: single-line shipments need no sorting or consolidation (pick and pack
  straight away), so they form waves of their own.
A group larger than `max_shipments` or `max_volume` is split into consecutive parts. Waves come out ordered by
cut-off (soonest first), then priority (highest first), carrier, zone, single-line before multi-line.

The key of each wave names why its shipments are together; screens turn it into words in the user's language.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class WaveShipment:
    """What the wave rules read of a released shipment (`volume` in litres, `cutoff` timezone-aware)."""

    id: Hashable
    carrier: str
    cutoff: datetime
    priority: int
    zone: str
    line_count: int
    volume: float = 0.0


@dataclass(frozen=True)
class WaveRules:
    by_cutoff: bool = True
    by_carrier: bool = True
    by_priority: bool = True
    by_zone: bool = True
    split_single_line: bool = True
    max_shipments: int | None = None
    max_volume: float | None = None

    def __post_init__(self) -> None:
        if self.max_shipments is not None and self.max_shipments < 1:
            raise ValueError("a wave holds at least one shipment")
        if self.max_volume is not None and self.max_volume <= 0:
            raise ValueError("a wave's volume limit must be positive")


@dataclass(frozen=True)
class WaveKey:
    """Why a wave's shipments are together; None where the rule is switched off. `cutoff` is the earliest
    cut-off in the wave (the same for all when grouped by cut-off)."""

    cutoff: datetime
    carrier: str | None
    priority: int | None
    zone: str | None
    single_line: bool | None


@dataclass(frozen=True)
class Wave:
    key: WaveKey
    shipment_ids: tuple[Hashable, ...]
    volume: float
    part: int = 1  # 1, 2, … when a group was split by the size limits
    parts: int = 1


class WaveError(ValueError):
    """A shipment the rules cannot place (a naive cut-off, no lines, a negative volume, a repeated id)."""


def plan_waves(shipments: Sequence[WaveShipment], rules: WaveRules | None = None) -> list[Wave]:
    """Group released shipments into ordered waves by `rules` (all rules on, no size limit, by default)."""
    rules = rules or WaveRules()
    _check(shipments)
    groups: dict[tuple, list[WaveShipment]] = {}
    for shipment in shipments:
        groups.setdefault(_group(shipment, rules), []).append(shipment)
    keyed = [(_key(members, group), members) for group, members in groups.items()]
    keyed.sort(key=lambda item: _rank(item[0]))
    waves: list[Wave] = []
    for key, members in keyed:
        members.sort(key=lambda shipment: (shipment.cutoff, -shipment.priority))  # stable: release order on ties
        chunks = _split(members, rules)
        waves += [
            Wave(key, tuple(s.id for s in chunk), sum(s.volume for s in chunk), part, len(chunks))
            for part, chunk in enumerate(chunks, start=1)
        ]
    return waves


def _check(shipments: Sequence[WaveShipment]) -> None:
    if len({shipment.id for shipment in shipments}) != len(shipments):
        raise WaveError("shipment ids must be unique")
    for shipment in shipments:
        if shipment.cutoff.tzinfo is None or shipment.cutoff.utcoffset() is None:
            raise WaveError(f"shipment {shipment.id!r}: the carrier cut-off must be timezone-aware")
        if shipment.line_count < 1:
            raise WaveError(f"shipment {shipment.id!r} has no lines")
        if shipment.volume < 0:
            raise WaveError(f"shipment {shipment.id!r} has a negative volume")


def _group(shipment: WaveShipment, rules: WaveRules) -> tuple:
    return (
        shipment.cutoff if rules.by_cutoff else None,
        shipment.carrier if rules.by_carrier else None,
        shipment.priority if rules.by_priority else None,
        shipment.zone if rules.by_zone else None,
        shipment.line_count == 1 if rules.split_single_line else None,
    )


def _key(members: list[WaveShipment], group: tuple) -> WaveKey:
    _, carrier, priority, zone, single_line = group
    return WaveKey(min(s.cutoff for s in members), carrier, priority, zone, single_line)


def _rank(key: WaveKey) -> tuple:
    """Soonest cut-off, highest priority, then carrier and zone by name, single-line before multi-line."""
    return (
        key.cutoff,
        -(key.priority or 0),
        key.carrier or "",
        key.zone or "",
        0 if key.single_line in (True, None) else 1,
    )


def _split(members: list[WaveShipment], rules: WaveRules) -> list[list[WaveShipment]]:
    """Consecutive parts within the size limits; a shipment bigger than the volume limit goes alone."""
    chunks: list[list[WaveShipment]] = [[]]
    for shipment in members:
        current = chunks[-1]
        full = rules.max_shipments is not None and len(current) >= rules.max_shipments
        volume = sum(s.volume for s in current) + shipment.volume
        too_big = rules.max_volume is not None and volume > rules.max_volume + 1e-9
        if current and (full or too_big):
            chunks.append([])
        chunks[-1].append(shipment)
    return chunks
