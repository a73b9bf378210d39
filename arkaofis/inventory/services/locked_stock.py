"""Reserve for many demands at once: lock the quants once, plan in memory, write in two statements.

`reserve_stock` is one guarded statement per demand, the right tool for one plain order line. A
batch of a hundred orders would send three hundred of them, each a round trip holding its
quant's lock until the batch commits. `LockedStock` instead locks every warehouse quant of the
batch's products with free stock, in (product, id) order — the order reserve_stock's callers
lock in, so the two never wait on each other in a cycle — and answers each line from those
locked rows in memory through the allocation planner (domain.plan_takes: the same choice
reserve_stock makes). `save` then writes every reservation in one insert and every quant's new
reserved count in one update. A kit line reserved on its own uses it too: the planner holds all
of its components or none.

Nothing can oversell: the rows are locked until the caller's transaction ends (on SQLite the
whole database is, by the IMMEDIATE transaction), every take is checked against what is left in
memory, and the quant's no-oversell constraint checks the update once more.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
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

    @property
    def available(self) -> int:
        """The planner reads a slot as it reads any quant (domain.Quantlike): free units now."""
        return self.free


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

    def take_line(self, demands: Sequence[tuple[str, domain.Demand]]) -> list[list[Take]]:
        """Hold every demand of one line (a kit: each component), as the planner chooses, or none.

        `demands`: (SKU for the refusal, demand). Returns the takes of each demand in order.
        Raises InsufficientStock (with the free quantity of the first short one) and holds nothing.
        """
        products = {demand.product_id for _, demand in demands}
        slots = {slot.id: slot for pid in products for slot in self._by_product.get(pid, ())}
        plan = domain.plan_takes(slots.values(), [demand for _, demand in demands])
        if plan.short is not None:
            sku = next(sku for sku, demand in demands if demand.product_id == plan.short.product_id)
            raise InsufficientStock(sku, plan.short.wanted, plan.short.available)
        held = [[Take(slots[take.quant_id], take.quantity) for take in takes] for takes in plan.takes]
        for taken in (take for takes in held for take in takes):
            taken.slot.free -= taken.quantity
            self._reserved[taken.slot.id] += taken.quantity
        return held

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
