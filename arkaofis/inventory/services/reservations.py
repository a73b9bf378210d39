"""Reserve and release stock for a demand (an order line later), never overselling.

Hot path: one guarded statement. `UPDATE quant SET reserved = reserved + q WHERE … AND
on_hand - reserved >= q` cannot grant stock that is not there, whatever runs beside it: the
row lock serialises writers and the guard is re-checked after the wait. On PostgreSQL the
update and the reservation insert are one statement (a data-modifying CTE), prepared once per
connection, so a reservation outside a caller's transaction costs a single round trip. When no
single quant can cover the request, one unlocked read refuses it if all free stock together
falls short (a sold-out SKU stays cheap to ask for); otherwise the slow path locks the candidate
quants in primary-key order and splits the quantity by the removal strategy.

The SQL strings are built once at import; BENCHMARKS.md has the figures.
"""

from typing import Any

import psycopg
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from arkaofis.catalog.models import Product
from arkaofis.core.models import Source
from arkaofis.core.services.audit import record_audit
from arkaofis.inventory import domain
from arkaofis.inventory.exceptions import InsufficientStock, ReservationNotActive
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus
from arkaofis.inventory.services.ledger import require_positive_quantity

_PICK_QUANT = """
    SELECT id FROM inventory_quant
    WHERE product_id = %(product)s AND {warehouse_filter} AND on_hand - reserved >= %(quantity)s
    ORDER BY in_date, id LIMIT 1
"""
_GUARDED_UPDATE = """
    UPDATE inventory_quant SET reserved = reserved + %(quantity)s
    WHERE id = ({pick}) AND on_hand - reserved >= %(quantity)s
    RETURNING id, location_id, lot_id, warehouse_id
"""
_INSERT_COLUMNS = (
    "product_id, warehouse_id, quant_id, location_id, lot_id, quantity, demand_ref, status, user_id, source, created_at"
)
_PG_RESERVE = (
    "WITH q AS ({update}) INSERT INTO inventory_reservation (" + _INSERT_COLUMNS + ") "
    "SELECT %(product)s, q.warehouse_id, q.id, q.location_id, q.lot_id, %(quantity)s, %(ref)s, 'active', "
    "%(user)s, %(source)s, %(now)s FROM q RETURNING id"
)
_INSERT_ONE = (
    "INSERT INTO inventory_reservation (" + _INSERT_COLUMNS + ") VALUES "
    "(%(product)s, %(warehouse)s, %(quant)s, %(location)s, %(lot)s, %(quantity)s, %(ref)s, 'active', "
    "%(user)s, %(source)s, %(now)s) RETURNING id"
)


def _build_statements(*, by_warehouse: bool, postgres: bool) -> tuple[str, ...]:
    warehouse_filter = "warehouse_id = %(warehouse)s" if by_warehouse else "warehouse_id IS NOT NULL"
    update = _GUARDED_UPDATE.format(pick=_PICK_QUANT.format(warehouse_filter=warehouse_filter))
    if postgres:
        return (_PG_RESERVE.format(update=update),)
    # sqlite3's own :name placeholders, so the hot path needs no per-call conversion.
    names = {name: f":{name}" for name in _PARAMETERS}
    return (update % names, _INSERT_ONE % names)


_PARAMETERS = ("product", "warehouse", "quantity", "ref", "user", "source", "now", "quant", "location", "lot")

# All free stock of a product in one warehouse (or all), and its SKU for the refusal.
_FREE_STOCK = {
    by_warehouse: (
        "SELECT p.sku, COALESCE(SUM(q.on_hand - q.reserved), 0) FROM catalog_product p "
        "LEFT JOIN inventory_quant q ON q.product_id = p.id AND q.on_hand > q.reserved AND "
        + ("q.warehouse_id = %(warehouse)s" if by_warehouse else "q.warehouse_id IS NOT NULL")
        + " WHERE p.id = %(product)s GROUP BY p.sku"
    )
    for by_warehouse in (True, False)
}

# Built once: the hot path only looks its statements up.
_STATEMENTS = {
    (by_warehouse, postgres): _build_statements(by_warehouse=by_warehouse, postgres=postgres)
    for by_warehouse in (True, False)
    for postgres in (True, False)
}


def reserve_statements(*, by_warehouse: bool, postgres: bool) -> tuple[str, ...]:
    """The SQL the fast path sends, in order, in the driver's own placeholder style (the
    benchmark's raw-driver baseline replays exactly these)."""
    return _STATEMENTS[by_warehouse, postgres]


def reserve_stock(
    *,
    product_id: int,
    quantity: int,
    demand_ref: str,
    warehouse_id: int | None = None,
    user_id: int | None = None,
    source: str = Source.SYSTEM,
) -> list[int]:
    """Reserve `quantity` for `demand_ref` in one warehouse (or any); return reservation ids.

    Raises InsufficientStock (with the available quantity) and writes nothing when short.
    """
    require_positive_quantity(quantity)
    params = {
        "product": product_id,
        "warehouse": warehouse_id,
        "quantity": quantity,
        "ref": demand_ref,
        "user": user_id,
        "source": source,
        "now": timezone.now(),
    }
    reservation_id = _reserve_on_one_quant(params, warehouse_id)
    if reservation_id is not None:
        return [reservation_id]
    _refuse_when_short(params, warehouse_id)
    return _reserve_across_quants(params)


def _reserve_on_one_quant(params: dict, warehouse_id: int | None) -> int | None:
    if connection.vendor == "postgresql":
        # One statement is atomic on its own; inside a caller's transaction it joins it.
        row = _fetch_one_prepared(_STATEMENTS[bool(warehouse_id), True][0], params)
        return row[0] if row else None
    # SQLite: BEGIN IMMEDIATE takes the write lock first, so the two statements are one step.
    # They go straight to sqlite3 (already in its placeholder style); naive UTC text, as the
    # ORM writes datetimes there.
    update, insert = _STATEMENTS[bool(warehouse_id), False]
    params = {**params, "now": connection.ops.adapt_datetimefield_value(params["now"])}
    with transaction.atomic(), connection.wrap_database_errors:
        raw = connection.connection
        row = raw.execute(update, params).fetchone()
        if row is None:
            return None
        params.update(quant=row[0], location=row[1], lot=row[2], warehouse=row[3])
        return raw.execute(insert, params).fetchone()[0]


def _fetch_one_prepared(sql: str, params: dict) -> tuple | None:
    """Run `sql` as a server-side prepared statement on Django's own PostgreSQL connection.

    Django binds parameters on the client, so the server parses and plans the statement on
    every call; for this CTE planning costs more than executing it (about 0.4 ms of 0.7 ms per
    reservation on the benchmark machine). A psycopg server-binding cursor with prepare=True
    plans it once per connection. Same connection, so the caller's transaction (or autocommit)
    applies as usual, and errors become django.db exceptions like any other query's (it does
    not show in DEBUG's connection.queries, though).
    """

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns automatic preparing off (for poolers); this keeps it off for every other
        # query and lets ours, prepared explicitly, through. Behind PgBouncer this needs 1.21+
        # with max_prepared_statements set, which supports protocol-level prepared statements.
        raw.prepare_threshold = _ONLY_EXPLICIT
    with connection.wrap_database_errors:
        cursor = psycopg.Cursor(raw)
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone()


_ONLY_EXPLICIT = 2**31 - 1  # executions before psycopg prepares a statement on its own: never


def _refuse_when_short(params: dict, warehouse_id: int | None) -> None:
    """Refuse without locking anything when all free stock together falls short, so a sold-out
    SKU under a rush of orders answers each one with a single read, not a locking pass."""
    sql = _FREE_STOCK[bool(warehouse_id)]
    if connection.vendor == "postgresql":
        row = _fetch_one_prepared(sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    if row is None:
        raise Product.DoesNotExist(f"No product with id {params['product']}")
    sku, free = row
    if free < params["quantity"]:
        raise InsufficientStock(sku, params["quantity"], free)


def _reserve_across_quants(params: dict) -> list[int]:
    """Split over several quants, locked in primary-key order, by the location's removal strategy."""
    quantity = params["quantity"]
    with transaction.atomic():
        candidates = Quant.objects.filter(product_id=params["product"], on_hand__gt=F("reserved"))
        if params["warehouse"]:
            candidates = candidates.filter(warehouse_id=params["warehouse"])
        else:
            candidates = candidates.filter(warehouse_id__isnull=False)
        quants = list(candidates.select_for_update(of=("self",)).select_related("lot", "location").order_by("pk"))
        strategy = quants[0].location.removal_strategy if quants else "fifo"
        views = [
            domain.QuantView(q.pk, q.on_hand - q.reserved, q.in_date, q.lot.expires_on if q.lot else None)
            for q in quants
        ]
        plan = domain.plan_removal(views, quantity, strategy)
        available = sum(v.available for v in views)
        if sum(take for _, take in plan) < quantity:
            sku = Product.objects.values_list("sku", flat=True).get(pk=params["product"])
            raise InsufficientStock(sku, quantity, available)
        by_id = {q.pk: q for q in quants}
        ids = []
        for quant_id, take in plan:
            quant = by_id[quant_id]
            assert quant.warehouse_id is not None  # candidates are warehouse (internal) quants
            Quant.objects.filter(pk=quant_id).update(reserved=F("reserved") + take)
            reservation = Reservation.objects.create(
                product_id=params["product"],
                warehouse_id=quant.warehouse_id,
                quant=quant,
                location_id=quant.location_id,
                lot_id=quant.lot_id,
                quantity=take,
                demand_ref=params["ref"],
                user_id=params["user"],
                source=params["source"],
                created_at=params["now"],
            )
            ids.append(reservation.pk)
        return ids


def release_reservation(*, reservation_id: int, user: Any = None, source: str = Source.SYSTEM) -> Reservation:
    """Give the held stock back. Releasing twice is refused with ReservationNotActive."""
    with transaction.atomic():
        reservation = Reservation.objects.select_for_update().get(pk=reservation_id)
        if reservation.status != ReservationStatus.ACTIVE:
            raise ReservationNotActive(reservation.pk, reservation.status)
        Quant.objects.filter(pk=reservation.quant_id).update(reserved=F("reserved") - reservation.quantity)
        reservation.status = ReservationStatus.RELEASED
        reservation.closed_at = timezone.now()
        reservation.save(update_fields=["status", "closed_at"])
        record_audit(
            user=user,
            source=source,
            action="reservation.released",
            obj=reservation,
            data={"demand_ref": reservation.demand_ref, "quantity": reservation.quantity},
        )
        return reservation


def release_demand(*, demand_ref: str, user: Any = None, source: str = Source.SYSTEM) -> int:
    """Release every active reservation of a demand; return how many units went back."""
    released = 0
    with transaction.atomic():
        active = Reservation.objects.filter(demand_ref=demand_ref, status=ReservationStatus.ACTIVE)
        for reservation_id in active.order_by("quant_id").values_list("pk", flat=True):
            released += release_reservation(reservation_id=reservation_id, user=user, source=source).quantity
    return released
