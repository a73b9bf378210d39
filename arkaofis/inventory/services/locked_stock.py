"""Reserve for many demands at once: lock the quants once, plan in memory, write in two statements.

`reserve_stock` is one guarded statement per demand, the right tool for one order. A batch of a
hundred orders would send three hundred of them, each a round trip holding its quant's lock
until the batch commits. `LockedStock` instead locks every warehouse quant of the batch's
products with free stock, in (product, id) order — the order reserve_stock's callers lock in, so
the two never wait on each other in a cycle — and answers each demand from those locked rows in
memory, choosing quants exactly as reserve_stock does (one quant that covers the demand, oldest
first; else a split by the location's removal strategy over quants in id order). `save` then
writes every reservation in one insert and every quant's new reserved count in one update.

Nothing can oversell: the rows are locked until the caller's transaction ends (on SQLite the
whole database is, by the IMMEDIATE transaction), every take is checked against what is left in
memory, and the quant's no-oversell constraint checks the update once more.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection, transaction

from arkaofis.inventory import domain
from arkaofis.inventory.exceptions import InsufficientStock
from arkaofis.inventory.models import Reservation


@dataclass
class _Slot:
    """One locked quant as the batch sees it: what is still free after the takes so far."""

    id: int
    product_id: int
    warehouse_id: int
    location_id: int
    lot_id: int | None
    free: int
    in_date: datetime
    expires_on: date | None
    strategy: str


@dataclass(frozen=True)
class Take:
    """Units of one quant held for one demand (a Reservation once saved)."""

    slot: _Slot
    quantity: int


class LockedStock:
    """The free stock of some products, locked for the caller's transaction."""

    def __init__(self, slots: Iterable[_Slot]) -> None:
        self._by_product: dict[int, list[_Slot]] = defaultdict(list)
        for slot in slots:
            self._by_product[slot.product_id].append(slot)
        self._reserved: dict[int, int] = defaultdict(int)  # quant id → units taken so far

    @classmethod
    def lock(cls, product_ids: Iterable[int]) -> "LockedStock":
        """Lock the warehouse quants of `product_ids` that have free stock. Inside a transaction."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("LockedStock.lock must run inside a transaction")
        ids = sorted(set(product_ids))
        if not ids:
            return cls(())
        # Raw SQL, not the ORM: this runs on every order taken over the API, and building the
        # query cost more than running it. SQLite has no FOR UPDATE (its transaction locks all).
        sql = _LOCK.format(marks=", ".join(["%s"] * len(ids)))
        sql += "" if connection.vendor == "sqlite" else " FOR UPDATE OF q"
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            rows = cursor.fetchall()
        return cls(
            _Slot(pk, pid, wid, lid, lot, free, _aware(in_date), _day(expires), strategy)
            for pk, pid, wid, lid, lot, free, in_date, expires, strategy in rows
        )

    def free(self, warehouse_ids: Iterable[int], product_ids: Iterable[int]) -> dict[tuple[int, int], int]:
        """Free units per (warehouse, product), as routing reads them (pairs with none are absent)."""
        wanted = set(warehouse_ids)
        free: dict[tuple[int, int], int] = defaultdict(int)
        for product_id in set(product_ids):
            for slot in self._by_product.get(product_id, ()):
                if slot.warehouse_id in wanted and slot.free > 0:
                    free[slot.warehouse_id, product_id] += slot.free
        return dict(free)

    def take(self, *, product_id: int, quantity: int, warehouse_id: int | None, sku: str) -> list[Take]:
        """Hold `quantity` in one warehouse (or any), choosing quants as reserve_stock does.

        Raises InsufficientStock (with the free quantity) and holds nothing when short.
        """
        slots = [s for s in self._by_product.get(product_id, ()) if warehouse_id in (None, s.warehouse_id)]
        whole = [s for s in slots if s.free >= quantity]
        if whole:
            plan = [(min(whole, key=lambda s: (s.in_date, s.id)), quantity)]
        else:
            available = sum(max(s.free, 0) for s in slots)
            if available < quantity:
                raise InsufficientStock(sku, quantity, available)
            by_id = {s.id: s for s in slots}
            views = [domain.QuantView(s.id, s.free, s.in_date, s.expires_on) for s in slots]
            plan = [
                (by_id[quant_id], units) for quant_id, units in domain.plan_removal(views, quantity, slots[0].strategy)
            ]
        takes = [Take(slot, units) for slot, units in plan]
        for taken in takes:
            taken.slot.free -= taken.quantity
            self._reserved[taken.slot.id] += taken.quantity
        return takes

    def give_back(self, takes: Iterable[Take]) -> None:
        """Undo takes not to be saved (a kit line whose other component fell short)."""
        for taken in takes:
            taken.slot.free += taken.quantity
            self._reserved[taken.slot.id] -= taken.quantity

    def save(self, holds: Iterable[tuple[str, Take]], *, user_id: int | None, source: str, now: datetime) -> None:
        """Write (demand ref, take) pairs as reservations and add every take to its quant."""
        Reservation.objects.bulk_create(
            Reservation(
                product_id=taken.slot.product_id,
                warehouse_id=taken.slot.warehouse_id,
                quant_id=taken.slot.id,
                location_id=taken.slot.location_id,
                lot_id=taken.slot.lot_id,
                quantity=taken.quantity,
                demand_ref=demand_ref,
                user_id=user_id,
                source=source,
                created_at=now,
            )
            for demand_ref, taken in holds
        )
        added = [(quant_id, units) for quant_id, units in sorted(self._reserved.items()) if units]
        if added:
            # reserved + n, not an absolute value: right even for a row a caller forgot to lock.
            values = ", ".join(["(%s, %s)"] * len(added))
            with connection.cursor() as cursor:
                cursor.execute(_ADD_RESERVED.format(values=values), [value for pair in added for value in pair])
        self._reserved.clear()


# The warehouse quants of some products with free stock, in the order every reserver locks them.
_LOCK = (
    "SELECT q.id, q.product_id, q.warehouse_id, q.location_id, q.lot_id, q.on_hand - q.reserved, q.in_date, "
    "t.expires_on, l.removal_strategy FROM inventory_quant q "
    "JOIN inventory_location l ON l.id = q.location_id LEFT JOIN inventory_lot t ON t.id = q.lot_id "
    "WHERE q.product_id IN ({marks}) AND q.warehouse_id IS NOT NULL AND q.on_hand > q.reserved "
    "ORDER BY q.product_id, q.id"
)


def _aware(moment: datetime | str) -> datetime:
    """in_date as the ORM would give it (a raw SQLite read is naive UTC, or text)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


# One statement for every quant of the batch (PostgreSQL and SQLite 3.33+ both take it).
_ADD_RESERVED = (
    "WITH added(id, units) AS (VALUES {values}) "
    "UPDATE inventory_quant SET reserved = inventory_quant.reserved + added.units "
    "FROM added WHERE inventory_quant.id = added.id"
)
