"""`arkaofis bench reserve`: concurrent single-unit reservations through the reservation service.

Workers are processes (one database connection each), so Python in one worker never waits for
the GIL of another and the figures are the machine's, not the interpreter's. Three phases:

1. baseline - the service's own SQL statements sent by the raw driver (psycopg / sqlite3);
2. throughput - `reserve_stock` with plenty of stock, each attempt on a SKU drawn at random
   from 4 × workers SKUs (so writers meet on a quant now and then, as real orders do);
3. scarce - every worker on one SKU holding fewer units than attempts: exactly `units` must be
   granted, the rest refused with InsufficientStock, and the quant must hold what was granted.

ratio = throughput / baseline: how much of the machine's limit the service keeps.
"""

import multiprocessing
import random
import time
from array import array
from collections import Counter
from dataclasses import dataclass

from django.db import connections

from arkaofis.bench.common import peak_rss_mb, percentile, progress, raw_connect, scratch_database, vendor_of

SKUS_PER_WORKER = 4  # plenty-of-stock phase: orders for many SKUs, as a shop sees them
ROUNDS = 3  # baseline and service take turns this many times


@dataclass(frozen=True)
class Phase:
    """What each worker does: attempt numbers worker, worker + workers, …; one unit each of
    `products[attempt]`."""

    name: str
    products: tuple[int, ...]
    warehouse_id: int
    attempts: int
    workers: int


@dataclass(frozen=True)
class PhaseResult:
    elapsed: float  # seconds from the first worker's start to the last one's end
    granted: int
    refused: int
    latencies: tuple[float, ...]  # seconds, one per attempt
    client_cpu: float  # seconds of CPU the workers spent, all together

    @property
    def client_cpu_us(self) -> float:
        """Worker (Python) CPU per attempt: what the client side costs, apart from the server."""
        return self.client_cpu / max(self.granted + self.refused, 1) * 1e6

    @property
    def per_second(self) -> float:
        return (self.granted + self.refused) / max(self.elapsed, 1e-9)

    def plus(self, other: "PhaseResult | None") -> "PhaseResult":
        if other is None:
            return self
        return PhaseResult(
            elapsed=self.elapsed + other.elapsed,
            granted=self.granted + other.granted,
            refused=self.refused + other.refused,
            latencies=self.latencies + other.latencies,
            client_cpu=self.client_cpu + other.client_cpu,
        )


def run(*, db: str, workers: int = 16, attempts: int = 8000) -> dict:
    """Run the three phases on a scratch database; return the figures (one JSON object)."""
    if workers < 1 or attempts < workers:
        raise ValueError("need at least one worker and at least one attempt per worker")
    with scratch_database(db) as config:
        plenty, scarce, warehouse_id, units = _stock_up(workers=workers, attempts=attempts)
        baseline, service = _compare(config, plenty, warehouse_id, workers)
        progress(f"baseline: {baseline.per_second:.0f}/s, {baseline.client_cpu_us:.0f} µs client CPU each")
        progress(f"throughput: {service.per_second:.0f}/s, {service.client_cpu_us:.0f} µs client CPU each")
        race = _run_phase(config, Phase("scarce", (scarce,) * attempts, warehouse_id, attempts, workers), raw=False)
        progress(f"scarce: {race.granted} granted of {units} units, {race.refused} refused")
        reserved, held = _reserved_now(scarce)
        from arkaofis.inventory.invariants import ledger_breaks

        breaks = ledger_breaks()
        for name, lines in breaks.items():
            progress(f"ledger check FAILED: {name}: {lines[:3]}")
    latencies = sorted(service.latencies)
    return {
        "db": vendor_of(config),
        "workers": workers,
        "attempts": attempts,
        "units": units,
        "granted": race.granted,
        "oversold": race.granted - units,
        "reserved_in_db": reserved,
        "reservations_per_s": round(service.per_second, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "baseline_per_s": round(baseline.per_second, 1),
        "ratio": round(service.per_second / baseline.per_second, 3),
        "scarce_per_s": round(race.per_second, 1),  # one hot SKU, half the attempts refused
        "client_cpu_us": round(service.client_cpu_us),  # Python per reservation, in the workers
        "baseline_client_cpu_us": round(baseline.client_cpu_us),
        "check_ok": not breaks and reserved == held == race.granted == units,
        "peak_rss_mb": peak_rss_mb(),
    }


def _stock_up(*, workers: int, attempts: int) -> tuple[tuple[int, ...], int, int, int]:
    """Receive stock through the ledger: plenty for the first two phases, scarce for the third.

    Returns (product of each plenty attempt, the scarce product, the warehouse, scarce units).
    """
    from arkaofis.catalog.models import Product, UnitOfMeasure
    from arkaofis.inventory.models import Location, Warehouse
    from arkaofis.inventory.selectors import virtual_location
    from arkaofis.inventory.services.ledger import post_move

    uom, _ = UnitOfMeasure.objects.get_or_create(code="pcs", defaults={"name": "Pieces"})
    warehouse = Warehouse.objects.create(code="BENCH", name="Bench warehouse")
    shelf = Location.objects.create(code="BENCH/A-01", name="A-01", warehouse=warehouse, kind="bin")
    supplier = virtual_location("supplier")
    count = SKUS_PER_WORKER * workers
    products = Product.objects.bulk_create(
        Product(sku=f"BENCH-{n:05d}", name=f"Bench product {n}", uom=uom) for n in range(count + 1)
    )
    # Seeded random SKUs: workers meet on the same quant now and then, as real orders do.
    rng = random.Random(13)
    order = tuple(products[rng.randrange(count)].pk for _ in range(attempts))
    wanted = Counter(order)
    units = max(1, attempts // 2)
    for product in products[:-1]:
        # Baseline and service phases both draw from it; neither may run short.
        post_move(
            product=product,
            quantity=2 * wanted[product.pk] + 1,
            from_location=supplier,
            to_location=shelf,
            reason="receipt",
        )
    post_move(product=products[-1], quantity=units, from_location=supplier, to_location=shelf, reason="receipt")
    connections.close_all()  # the workers are forked next: none may inherit an open connection
    return order, products[-1].pk, warehouse.pk, units


def _reserved_now(product_id: int) -> tuple[int, int]:
    """(quant.reserved, units held by active reservations) for the scarce product."""
    from django.db.models import Sum

    from arkaofis.inventory.models import Quant, Reservation

    reserved = Quant.objects.filter(product_id=product_id).aggregate(total=Sum("reserved"))["total"] or 0
    held = Reservation.objects.filter(product_id=product_id, status="active").aggregate(total=Sum("quantity"))
    return reserved, held["total"] or 0


def _compare(config: dict, plenty: tuple[int, ...], warehouse_id: int, workers: int) -> tuple[PhaseResult, PhaseResult]:
    """Baseline and service in alternating rounds, so a burst of load from elsewhere on a shared
    machine falls on both alike instead of skewing the ratio."""
    size = -(-len(plenty) // ROUNDS)
    baseline = service = None
    for n, start in enumerate(range(0, len(plenty), size)):
        chunk = plenty[start : start + size]
        raw = _run_phase(config, Phase(f"baseline{n}", chunk, warehouse_id, len(chunk), workers), raw=True)
        ours = _run_phase(config, Phase(f"service{n}", chunk, warehouse_id, len(chunk), workers), raw=False)
        baseline, service = raw.plus(baseline), ours.plus(service)
    assert baseline is not None and service is not None
    return baseline, service


def _run_phase(config: dict, phase: Phase, *, raw: bool) -> PhaseResult:
    """Fork the workers, start them together, gather what each measured."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(phase.workers)
    results = context.Queue()
    target = _raw_worker if raw else _service_worker
    processes = [
        context.Process(target=_guarded, args=(target, config, phase, n, barrier, results), daemon=True)
        for n in range(phase.workers)
    ]
    for process in processes:
        process.start()
    gathered = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    failures = [item for item in gathered if isinstance(item, str)]
    if failures:
        raise RuntimeError(f"{phase.name}: {len(failures)} worker(s) failed: {failures[0]}")
    latencies: list[float] = []
    for *_, raw_latencies in gathered:
        latencies.extend(array("d", raw_latencies))
    return PhaseResult(
        elapsed=max(g[1] for g in gathered) - min(g[0] for g in gathered),
        granted=sum(g[2] for g in gathered),
        refused=sum(g[3] for g in gathered),
        client_cpu=sum(g[4] for g in gathered),
        latencies=tuple(latencies),
    )


def _guarded(target, config, phase, worker, barrier, results) -> None:
    """Report a worker's failure as text instead of leaving the parent waiting for it."""
    try:
        results.put(target(config, phase, worker, barrier))
    except Exception as error:  # noqa: BLE001 - any failure must reach the parent
        barrier.abort()
        results.put(f"worker {worker}: {type(error).__name__}: {error}")


def _service_worker(config: dict, phase: Phase, worker: int, barrier) -> tuple:
    from django.db import connection

    from arkaofis.inventory.exceptions import InsufficientStock
    from arkaofis.inventory.services.reservations import reserve_stock

    connection.ensure_connection()
    products, warehouse_id = phase.products, phase.warehouse_id
    granted = refused = 0
    latencies = array("d")
    clock = time.perf_counter
    barrier.wait(timeout=120)
    cpu = time.process_time()
    started = time.monotonic()
    for attempt in range(worker, phase.attempts, phase.workers):
        begun = clock()
        try:
            reserve_stock(
                product_id=products[attempt],
                quantity=1,
                demand_ref=f"{phase.name}-{attempt}",
                warehouse_id=warehouse_id,
            )
            granted += 1
        except InsufficientStock:
            refused += 1
        latencies.append(clock() - begun)
    ended = time.monotonic()
    connection.close()
    return started, ended, granted, refused, time.process_time() - cpu, latencies.tobytes()


def _raw_worker(config: dict, phase: Phase, worker: int, barrier) -> tuple:
    """The fast path's statements, sent by the bare driver: the limit of this machine."""
    from django.utils import timezone

    from arkaofis.inventory.services.reservations import reserve_statements

    sqlite = vendor_of(config) == "sqlite"
    statements = reserve_statements(by_warehouse=True, postgres=not sqlite)
    conn = raw_connect(config)
    cursor = conn.cursor()
    products, warehouse_id = phase.products, phase.warehouse_id
    granted = refused = 0
    latencies = array("d")
    clock = time.perf_counter
    barrier.wait(timeout=120)
    cpu = time.process_time()
    started = time.monotonic()
    for attempt in range(worker, phase.attempts, phase.workers):
        begun = clock()
        params = {
            "product": products[attempt],
            "warehouse": warehouse_id,
            "quantity": 1,
            "ref": f"{phase.name}-{attempt}",
            "user": None,
            "source": "system",
            "now": timezone.now(),
        }
        if sqlite:
            row = _raw_sqlite_reserve(cursor, statements, params)
        else:
            cursor.execute(statements[0], params)
            row = cursor.fetchone()
        if row is None:
            refused += 1
        else:
            granted += 1
        latencies.append(clock() - begun)
    ended = time.monotonic()
    conn.close()
    return started, ended, granted, refused, time.process_time() - cpu, latencies.tobytes()


def _raw_sqlite_reserve(cursor, statements: tuple[str, ...], params: dict):
    params["now"] = params["now"].replace(tzinfo=None).isoformat(" ")
    cursor.execute("BEGIN IMMEDIATE")
    try:
        row = cursor.execute(statements[0], params).fetchone()
        if row is not None:
            params.update(quant=row[0], location=row[1], lot=row[2], warehouse=row[3])
            row = cursor.execute(statements[1], params).fetchone()
        cursor.execute("COMMIT")
    except BaseException:
        cursor.execute("ROLLBACK")
        raise
    return row
