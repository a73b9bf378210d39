"""A shipment's stages and the moves between them: one table, like the order's lifecycle.

pending → picking → picked → packed → shipped → delivered, and cancelled from any stage before
shipped. A shop that does not scan may still ship a pending shipment at once (the stock leaves its
bins for the customer as it did before picking existed); a shipment being picked or picked must be
packed first, so scanned work is never skipped halfway.
"""

from enum import StrEnum


class Stage(StrEnum):
    PENDING = "pending"
    PICKING = "picking"
    PICKED = "picked"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


S = Stage
TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    S.PENDING: frozenset({S.PICKING, S.SHIPPED, S.CANCELLED}),
    # A wave taken back (or a batch cancelled) returns its shipments to pending.
    S.PICKING: frozenset({S.PICKED, S.PENDING, S.CANCELLED}),
    S.PICKED: frozenset({S.PACKED, S.CANCELLED}),
    S.PACKED: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}
# Stock of these stages is still in the warehouse (in its bins or at packing) and may be cancelled.
IN_WAREHOUSE = frozenset(stage for stage, targets in TRANSITIONS.items() if S.CANCELLED in targets)
# Stages whose units have left the bins for the packing location.
AT_PACKING = frozenset({S.PICKED, S.PACKED})


def can_move(from_stage: str, to_stage: str) -> bool:
    return Stage(to_stage) in TRANSITIONS[Stage(from_stage)]
