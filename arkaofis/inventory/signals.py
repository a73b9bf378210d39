"""`stock_arrived`: sent after a commit that brought stock into a warehouse.

Other apps react to it (orders serves its backorders) without inventory knowing about them.
Stock "arrives" when a move ends in an internal location and does not start in an internal
location of the same warehouse: a receipt, an adjustment up, a transfer in from another
warehouse or from transit, a return restocked. Moves inside one warehouse (putaway, bin to
bin) change no warehouse's available-to-promise, so they are not arrivals.

Cost on the ledger's hot path: no query; the products of one transaction are gathered on the
connection and one on_commit callback per transaction sends them all (sorted ids), robustly
(a failing receiver is logged, never undoes or fails the committed moves). A move rolled back
with a savepoint may still be announced: receivers must treat the signal as a hint to look,
not as a fact.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)

# Sent with product_ids: list[int], after the commit.
stock_arrived = Signal()


def is_arrival(*, from_usage: str, from_warehouse_id: int | None, to_usage: str, to_warehouse_id: int | None) -> bool:
    if to_usage != "internal":
        return False
    return from_usage != "internal" or from_warehouse_id != to_warehouse_id


class _Arrivals:
    """The products that arrived in one transaction; called once, on commit."""

    def __init__(self) -> None:
        self.product_ids: set[int] = set()
        self.slot = -1  # where the callback sits in connection.run_on_commit

    def __call__(self) -> None:
        ids, self.product_ids = sorted(self.product_ids), set()
        if not ids:
            return
        for receiver, outcome in stock_arrived.send_robust(sender=_Arrivals, product_ids=ids):
            if isinstance(outcome, Exception):  # the moves stand; a periodic run catches up
                log.error("stock_arrived receiver %s failed", receiver, exc_info=outcome)


def note_arrival(product_id: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remember that `product_id` arrived; announce it after the current transaction commits."""
    connection = connections[using]
    batch = getattr(connection, "_arkaofis_arrivals", None)
    if batch is not None and _registered(connection, batch):
        batch.product_ids.add(product_id)
        return
    batch = _Arrivals()
    batch.product_ids.add(product_id)
    setattr(connection, "_arkaofis_arrivals", batch)  # noqa: B010 - our own mark on the wrapper
    batch.slot = len(connection.run_on_commit)
    transaction.on_commit(batch, using=using, robust=True)


def _registered(connection, batch: _Arrivals) -> bool:
    """Whether this batch's callback still waits for the current transaction's commit (a commit
    runs it and a rollback discards it; either way the next move starts a new batch). Looks at
    the slot it was put in first, so a long transaction does not rescan its callbacks per move."""
    if not connection.in_atomic_block:
        return False
    pending = connection.run_on_commit
    if 0 <= batch.slot < len(pending) and pending[batch.slot][1] is batch:
        return True
    for slot, entry in enumerate(pending):  # moved by a savepoint rollback that dropped others
        if entry[1] is batch:
            batch.slot = slot
            return True
    return False
