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

from django.db import DEFAULT_DB_ALIAS
from django.dispatch import Signal

from arkaofis.core.after_commit import once_after_commit

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

    def __call__(self) -> None:
        ids, self.product_ids = sorted(self.product_ids), set()
        if not ids:
            return
        for receiver, outcome in stock_arrived.send_robust(sender=_Arrivals, product_ids=ids):
            if isinstance(outcome, Exception):  # the moves stand; a periodic run catches up
                log.error("stock_arrived receiver %s failed", receiver, exc_info=outcome)


def note_arrival(product_id: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remember that `product_id` arrived; announce it after the current transaction commits."""
    once_after_commit("stock_arrived", _Arrivals, lambda arrivals: arrivals.product_ids.add(product_id), using=using)
