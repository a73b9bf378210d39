"""`arkaofis bench atp`: available-to-promise of one SKU across all warehouses, on a big ledger.

Loads `products` products and `moves` stock moves (receipts, transfers, shipments over three
warehouses) with bulk SQL - COPY on PostgreSQL, executemany on SQLite - writing the moves and
the quants they sum to together, so the ledger check holds afterwards. This loader is the one
writer allowed to bypass post_move: a million calls to it would take an hour and measure the
ledger, not the read. Then it times, for random SKUs, what a sales channel asks: look the
product up by SKU and compute its ATP per warehouse.
"""

import gc
import random
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import DatabaseError, connection, transaction

from arkaofis.bench.common import peak_rss_mb, percentile, progress, scratch_database, vendor_of

WAREHOUSES = 3
BINS_PER_WAREHOUSE = 8
START = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass
class Ledger:
    """Balances the generator kept while writing moves: what the quants must say."""

    stock: dict[tuple[int, int], int] = field(default_factory=dict)  # (product, bin) -> on hand
    first_in: dict[tuple[int, int], datetime] = field(default_factory=dict)
    received: dict[int, int] = field(default_factory=dict)  # product -> units from the supplier
    shipped: dict[int, int] = field(default_factory=dict)  # product -> units to customers


def run(*, db: str, products: int = 100_000, moves: int = 1_000_000, samples: int = 2000, seed: int = 7) -> dict:
    if products < 1 or moves < 1 or samples < 1:
        raise ValueError("products, moves and samples must be positive")
    with scratch_database(db) as config:
        started = time.monotonic()
        skus, expected = _load(products=products, moves=moves, seed=seed)
        load_s = time.monotonic() - started
        progress(f"loaded {products} products and {moves} moves in {load_s:.1f}s")
        # The loader's bookkeeping (millions of objects) is no part of a server process: keep the
        # collector from walking it in the middle of a timed look-up.
        gc.collect()
        gc.freeze()
        latencies, atp_ok = _time_atp(skus, expected, samples=samples, seed=seed)
        gc.unfreeze()
        started = time.monotonic()
        from arkaofis.inventory.invariants import ledger_breaks

        breaks = ledger_breaks()
        check_s = time.monotonic() - started
        progress(f"ledger check in {check_s:.1f}s: {breaks or 'ok'}")
    return {
        "db": vendor_of(config),
        "products": products,
        "moves": moves,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 3),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 3),
        "samples": samples,
        "load_s": round(load_s, 1),
        "check_s": round(check_s, 1),
        "check_ok": atp_ok and not breaks,
        "peak_rss_mb": peak_rss_mb(),
    }


def _load(*, products: int, moves: int, seed: int) -> tuple[list[str], dict[int, int]]:
    """Write products, moves and quants; return the SKUs and each product's stock in bins."""
    from arkaofis.catalog.models import Product, UnitOfMeasure
    from arkaofis.inventory.models import Location, Quant, StockMove, Warehouse
    from arkaofis.inventory.selectors import virtual_location

    uom, _ = UnitOfMeasure.objects.get_or_create(code="pcs", defaults={"name": "Pieces"})
    bins: dict[int, int] = {}
    for w in range(WAREHOUSES):
        warehouse = Warehouse.objects.create(code=f"WH{w}", name=f"Warehouse {w}", priority=w)
        for b in range(BINS_PER_WAREHOUSE):
            code = f"WH{w}/A-{b:02d}"
            bins[Location.objects.create(code=code, name=code, warehouse=warehouse, kind="bin").pk] = warehouse.pk
    supplier, customer = virtual_location("supplier"), virtual_location("customer")
    skus = [f"ATP-{n:07d}" for n in range(products)]
    started = time.monotonic()
    tables = (StockMove._meta.db_table, Quant._meta.db_table)
    with transaction.atomic(), _bulk_load_mode(tables):
        _bulk_insert(
            Product._meta.db_table,
            (
                "sku",
                "name",
                "description",
                "options",
                "uom_id",
                "category",
                "is_kit",
                "tracking",
                "cost_method",
                "standard_cost",
                "sale_price",
                "currency",
                "active",
                "created_at",
                "image_url",
            ),
            (
                (sku, f"Product {sku}", "", "{}", uom.pk, "", False, "none", "fifo", 0, 0, "TRY", True, START, "")
                for sku in skus
            ),
        )
        product_ids = list(Product.objects.filter(sku__startswith="ATP-").order_by("sku").values_list("pk", flat=True))
        progress(f"{products} products written in {time.monotonic() - started:.1f}s; writing {moves} moves")
        ledger = Ledger()
        _bulk_insert(
            StockMove._meta.db_table,
            (
                "product_id",
                "quantity",
                "from_location_id",
                "to_location_id",
                "reason",
                "reason_code",
                "source_document",
                "value",
                "source",
                "created_at",
            ),
            _moves(product_ids, list(bins), supplier.pk, customer.pk, moves, random.Random(seed), ledger),
        )
        progress(f"moves written at {time.monotonic() - started:.1f}s; writing {len(ledger.stock)} quants")
        _bulk_insert(
            Quant._meta.db_table,
            ("product_id", "location_id", "warehouse_id", "on_hand", "reserved", "negative_allowed", "in_date"),
            _quants(ledger, bins, supplier.pk, customer.pk),
        )
    _analyze()
    expected: dict[int, int] = {}
    for (product_id, _), on_hand in ledger.stock.items():
        expected[product_id] = expected.get(product_id, 0) + on_hand
    return skus, expected


def _moves(
    product_ids: list[int],
    bins: list[int],
    supplier: int,
    customer: int,
    count: int,
    rng: random.Random,
    ledger: Ledger,
) -> Iterator[tuple]:
    """Receipts, shipments and transfers that never take stock a bin does not have."""
    stock, first_in = ledger.stock, ledger.first_in
    held: dict[int, list[int]] = {}  # product -> bins that may hold it
    step = timedelta(seconds=30)
    for n in range(count):
        product = product_ids[rng.randrange(len(product_ids))]
        at = START + n * step
        places = held.get(product)
        roll = rng.random()
        if not places or roll < 0.45:
            target, quantity = bins[rng.randrange(len(bins))], rng.randrange(1, 51)
            key = (product, target)
            if key not in stock:
                stock[key] = 0
                first_in[key] = at
                held.setdefault(product, []).append(target)
            stock[key] += quantity
            ledger.received[product] = ledger.received.get(product, 0) + quantity
            yield product, quantity, supplier, target, "receipt", "", "", 0, "system", at
            continue
        source = places[rng.randrange(len(places))]
        on_hand = stock[(product, source)]
        if on_hand == 0:  # emptied earlier: refill it instead, so every move stays valid
            stock[(product, source)] = quantity = rng.randrange(1, 51)
            ledger.received[product] = ledger.received.get(product, 0) + quantity
            yield product, quantity, supplier, source, "receipt", "", "", 0, "system", at
            continue
        quantity = rng.randrange(1, min(on_hand, 5) + 1)
        stock[(product, source)] = on_hand - quantity
        if roll < 0.8:
            ledger.shipped[product] = ledger.shipped.get(product, 0) + quantity
            yield product, quantity, source, customer, "shipment", "", "", 0, "system", at
            continue
        target = bins[rng.randrange(len(bins))]
        if target == source:
            target = bins[(bins.index(source) + 1) % len(bins)]
        key = (product, target)
        if key not in stock:
            stock[key] = 0
            first_in[key] = at
            places.append(target)
        stock[key] += quantity
        yield product, quantity, source, target, "transfer", "", "", 0, "system", at


def _quants(ledger: Ledger, bins: dict[int, int], supplier: int, customer: int) -> Iterator[tuple]:
    """One quant per (product, location) the moves touched; virtual ones may go negative."""
    for (product, location), on_hand in ledger.stock.items():
        yield product, location, bins[location], on_hand, 0, False, ledger.first_in[(product, location)]
    for product, units in ledger.received.items():
        yield product, supplier, None, -units, 0, True, START
    for product, units in ledger.shipped.items():
        yield product, customer, None, units, 0, True, START


def _bulk_insert(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """COPY on PostgreSQL (the fastest way in), executemany on SQLite."""
    column_list = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        adapt = connection.ops.adapt_datetimefield_value
        cursor.cursor.executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({marks})",  # noqa: S608 - our own names
            (tuple(adapt(v) if isinstance(v, datetime) else v for v in row) for row in rows),
        )


@contextmanager
def _bulk_load_mode(tables: tuple[str, ...]) -> Iterator[None]:
    """What a bulk load does on any database: drop the secondary indexes of the big tables and
    build them once at the end, and (PostgreSQL, as superuser) skip the per-row foreign-key
    triggers, as pg_restore --disable-triggers does. The ledger check verifies the result."""
    indexes = _secondary_indexes(tables)
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        if connection.vendor == "postgresql":
            try:
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except DatabaseError:
                progress("not a superuser: foreign keys are checked row by row (slower load)")
    yield
    started = time.monotonic()
    # SET LOCAL ends with the loading transaction (only a superuser could reset it earlier).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferred: without replica mode their checks are still
            # pending, and PostgreSQL builds no index on a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, definition in indexes:
            cursor.execute(definition)
    progress(f"{len(indexes)} indexes rebuilt in {time.monotonic() - started:.1f}s")


def _secondary_indexes(tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of each index on `tables` that no constraint (primary key) owns."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || "
                "quote_ident(i.indexname))::regclass)",
                [list(tables)],
            )
        else:
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                f"AND tbl_name IN ({marks})",
                list(tables),
            )
        return cursor.fetchall()


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum would gather after a real load."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time_atp(skus: list[str], expected: dict[int, int], *, samples: int, seed: int) -> tuple[list[float], bool]:
    """Time SKU -> product -> ATP per warehouse; compare each answer with the loader's balances."""
    from arkaofis.inventory.selectors import available_to_promise_by_sku

    rng = random.Random(seed + 1)
    picks = [skus[rng.randrange(len(skus))] for _ in range(samples + samples // 10)]
    latencies: list[float] = []
    answers = []
    clock = time.perf_counter
    for n, sku in enumerate(picks):
        begun = clock()
        product_id, atp = available_to_promise_by_sku(sku)
        elapsed = clock() - begun
        if n >= samples // 10:  # the first tenth warms caches and connections up
            latencies.append(elapsed)
        answers.append((product_id, sum(atp.values())))
    atp_ok = all(total == expected.get(product_id, 0) for product_id, total in answers)
    latencies.sort()
    return latencies, atp_ok
