"""Reserve and release stock for a demand (an order line later), never overselling.

Which quants serve a demand is the allocation planner's choice (inventory/domain.py,
`plan_takes`); this module only locks, asks it, and writes. Hot path: one guarded statement.
`UPDATE quant SET reserved = reserved + q WHERE id = <first quant in removal order> AND
on_hand - reserved >= q` cannot grant stock that is not there, whatever runs beside it: the
row lock serialises writers and the guard is re-checked after the wait; and when it succeeds it
chose what the planner would (the planner's first take covers the whole demand). On PostgreSQL
the update and the reservation insert are one statement (a data-modifying CTE), prepared once
per connection, so a reservation outside a caller's transaction costs a single round trip. When
the first quant cannot cover the request, one unlocked read refuses it if all free stock
together falls short (a sold-out SKU stays cheap to ask for); otherwise the slow path locks the
candidate quants in primary-key order and lets the planner split the quantity.

Reservations of a document's demand (demands.py) change only when the caller names that owner.
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
from arkaofis.inventory.demands import document_of, owner_of
from arkaofis.inventory.exceptions import DemandOwned, InsufficientStock, ReservationNotActive
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus
from arkaofis.inventory.services.ledger import require_positive_quantity

# The first quant in removal order (domain.removal_key, in SQL) among those with free stock.
# The guarded update below takes the demand from it only when it covers the demand whole, which
# is exactly the planner's choice then (its first take covers everything); otherwise the slow
# path asks the planner. test_allocation_paths proves the two agree. The expiry date counts only
# for a quant with a lot in a FEFO location; it is looked up in a subquery that runs for quants
# with a lot alone, so a product without lots (most of them) pays nothing for FEFO.
REMOVAL_DATE_SQL = (
    "CASE WHEN q.lot_id IS NULL THEN NULL ELSE (SELECT t.expires_on FROM inventory_lot t, inventory_location l "
    "WHERE t.id = q.lot_id AND l.id = q.location_id AND l.removal_strategy = 'fefo') END"
)
REMOVAL_ORDER_SQL = REMOVAL_DATE_SQL + " NULLS LAST, q.in_date, q.id"
_PICK_QUANT = (
    "SELECT q.id FROM inventory_quant q "
    "WHERE q.product_id = %(product)s AND {warehouse_filter} AND q.on_hand > q.reserved "
    "ORDER BY " + REMOVAL_ORDER_SQL + " LIMIT 1"
)
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
    warehouse_filter = "q.warehouse_id = %(warehouse)s" if by_warehouse else "q.warehouse_id IS NOT NULL"
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
    owner: str | None = None,
) -> list[int]:
    """Reserve `quantity` for `demand_ref` in one warehouse (or any); return reservation ids.

    Raises InsufficientStock (with the available quantity) and writes nothing when short;
    DemandOwned when `demand_ref` belongs to a document and `owner` does not name its kind.
    """
    require_positive_quantity(quantity)
    check_owner(demand_ref, owner)
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
    """Lock the candidate quants in primary-key order and reserve what the planner chooses."""
    with transaction.atomic():
        candidates = Quant.objects.filter(product_id=params["product"], on_hand__gt=F("reserved"))
        if params["warehouse"]:
            candidates = candidates.filter(warehouse_id=params["warehouse"])
        else:
            candidates = candidates.filter(warehouse_id__isnull=False)
        quants = list(candidates.select_for_update(of=("self",)).select_related("lot", "location").order_by("pk"))
        demand = domain.Demand(params["product"], params["quantity"], params["warehouse"])
        plan = domain.plan_takes([quant_view(q) for q in quants], [demand])
        if plan.short is not None:
            sku = Product.objects.values_list("sku", flat=True).get(pk=params["product"])
            raise InsufficientStock(sku, plan.short.wanted, plan.short.available)
        by_id = {q.pk: q for q in quants}
        ids = []
        for take in plan.takes[0]:
            quant = by_id[take.quant_id]
            assert quant.warehouse_id is not None  # candidates are warehouse (internal) quants
            Quant.objects.filter(pk=quant.pk).update(reserved=F("reserved") + take.quantity)
            reservation = Reservation.objects.create(
                product_id=params["product"],
                warehouse_id=quant.warehouse_id,
                quant=quant,
                location_id=quant.location_id,
                lot_id=quant.lot_id,
                quantity=take.quantity,
                demand_ref=params["ref"],
                user_id=params["user"],
                source=params["source"],
                created_at=params["now"],
            )
            ids.append(reservation.pk)
        return ids


def quant_view(quant: Quant) -> domain.QuantView:
    """A quant (with its location and lot loaded) as the planner sees it."""
    return domain.QuantView(
        id=quant.pk,
        available=quant.on_hand - quant.reserved,
        in_date=quant.in_date,
        expires_on=quant.lot.expires_on if quant.lot else None,
        strategy=quant.location.removal_strategy,
        product_id=quant.product_id,
        warehouse_id=quant.warehouse_id,
    )


def check_owner(demand_ref: str, owner: str | None) -> None:
    """Refuse a caller that is not the document owning `demand_ref` (DemandOwned)."""
    owning = owner_of(demand_ref)
    if owning != owner and owning is not None:
        raise DemandOwned(demand_ref, owning, document_of(demand_ref))


def release_reservation(
    *, reservation_id: int, user: Any = None, source: str = Source.SYSTEM, owner: str | None = None
) -> Reservation:
    """Give the held stock back. Releasing twice is refused with ReservationNotActive; a
    document's reservation, by a caller not naming its owner, with DemandOwned."""
    with transaction.atomic():
        reservation = Reservation.objects.select_for_update().get(pk=reservation_id)
        check_owner(reservation.demand_ref, owner)
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


def release_demand(*, demand_ref: str, user: Any = None, source: str = Source.SYSTEM, owner: str | None = None) -> int:
    """Release every active reservation of a demand; return how many units went back."""
    check_owner(demand_ref, owner)
    released = 0
    with transaction.atomic():
        active = Reservation.objects.filter(demand_ref=demand_ref, status=ReservationStatus.ACTIVE)
        for reservation_id in active.order_by("quant_id").values_list("pk", flat=True):
            released += release_reservation(
                reservation_id=reservation_id, user=user, source=source, owner=owner
            ).quantity
    return released
