"""`arkaofis bench intake`: end-to-end orders of 3 lines, received and reserved, two paths.

- bulk: the service of the API's bulk route, `receive_orders`, on batches of 100 orders each
  created and reserved in one transaction, from worker processes with a database connection
  each (a worker's Python never waits for another's GIL);
- http: the production application server (gunicorn, sync workers, DEBUG off) on a free local
  port, driven by client processes over HTTP: one POST /api/orders?reserve=true per order, with
  an Idempotency-Key; first as fast as the clients can, then at a steady rate for latency
  (intake_http.py).

Each order has 3 distinct SKUs; now and then one of them is a "scarce" SKU with fewer units
than the orders want (its own per phase), so orders race for the last units and some are
backordered: oversold must stay 0 all the same. A sample of orders is then replayed (same
Idempotency-Key, and same (channel, external_id) under a new key): duplicates counts orders
created twice. Each path's baseline sends the same SQL as it does through the bare driver
(intake_sql.py): bulk's in batches of 100 orders per transaction, http's one order per
transaction; both run in rounds taking turns with the bulk path.
"""

import multiprocessing
import os
import random
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import connections

from arkaofis.bench.common import peak_rss_mb, percentile, progress, scratch_database, vendor_of

ROUNDS = 3  # baseline and bulk take turns this many times
PLENTY_SKUS = 96
PLENTY_UNITS = 1_000_000
SCARCE_SHARE = 0.15  # orders with one line on a scarce SKU
SCARCE_PER_PHASE = 2
PHASES = ("baseline", "rawbatch", "bulk", "http", "steady")
BATCH = 100  # orders per receive_orders call on the bulk path (and per transaction of its baseline)
CHANNEL = "api"


@dataclass(frozen=True)
class Stock:
    plenty: tuple[str, ...]
    scarce: dict[str, tuple[str, ...]]  # phase -> its scarce SKUs
    warehouse_id: int
    user_id: int


@dataclass(frozen=True)
class Result:
    """What a phase measured, summed over its workers."""

    elapsed: float  # first worker's start to last one's end
    orders: int
    backordered: int
    duplicates: int
    latencies: tuple[float, ...]
    client_cpu: float = 0.0  # seconds of CPU in the workers (the Python side)
    db_cpu: float = 0.0  # seconds of CPU in their PostgreSQL backends (0 on SQLite)

    def cpu_ms(self, which: str) -> float:
        """CPU per order, in ms: a figure a busy machine disturbs far less than wall time."""
        return round(getattr(self, which) / max(self.orders, 1) * 1000, 2)

    @property
    def per_second(self) -> float:
        return self.orders / max(self.elapsed, 1e-9)

    def plus(self, other: "Result | None") -> "Result":
        if other is None:
            return self
        return Result(
            elapsed=self.elapsed + other.elapsed,
            orders=self.orders + other.orders,
            backordered=self.backordered + other.backordered,
            duplicates=self.duplicates + other.duplicates,
            latencies=self.latencies + other.latencies,
            client_cpu=self.client_cpu + other.client_cpu,
            db_cpu=self.db_cpu + other.db_cpu,
        )


def order_payload(phase: str, n: int, stock: Stock) -> dict:
    """The n-th order of a phase as the API takes it (JSON-ready): same answer every time."""
    rng = random.Random(f"{phase}-{n}")
    skus = rng.sample(stock.plenty, 3)
    if rng.random() < SCARCE_SHARE:
        skus[rng.randrange(3)] = rng.choice(stock.scarce[phase])
    lines = [
        {"sku": sku, "quantity": rng.randint(1, 3), "unit_price": f"{rng.randint(100, 9999) / 100:.2f}", "tax": "1.50"}
        for sku in skus
    ]
    return {
        "external_id": f"{phase}-{n:07d}",
        "currency": "EUR",
        "customer_email": f"customer{n}@example.com",
        "shipping": {
            "name": f"Customer {n}",
            "line1": f"{n} Bench Street",
            "city": "Izmir",
            "postal_code": f"35{n % 1000:03d}",
            "country": "TR",
        },
        "shipping_charge": "4.90",
        "payment_status": "paid",
        "lines": lines,
    }


def run(
    *, db: str, orders: int = 3000, workers: int = 8, clients: int = 16, server_workers: int = 4,
    steady_orders: int = 600, steady_rate: float = 50.0, paths: tuple[str, ...] = ("bulk", "http"),
) -> list[dict]:  # fmt: skip
    """Run the chosen paths on one scratch database; return one figures dict per path."""
    if workers < 1 or clients < 1 or orders < max(workers, clients):
        raise ValueError("need at least one worker and client, and at least one order per worker and client")
    from arkaofis.bench import intake_checks, intake_http

    sizes = {"baseline": orders, "rawbatch": orders, "bulk": orders, "http": orders, "steady": steady_orders}
    with scratch_database(db) as config:
        stock = _stock_up(sizes)
        baseline, rawbatch, bulk = _compare(config, stock, orders, workers)
        progress(
            f"baselines: {baseline.per_second:.0f} orders/s one by one, {rawbatch.per_second:.0f} batched; "
            f"bulk: {bulk.per_second:.0f} orders/s"
        )
        # Every 20th order again, from all workers at once: each must find its order there.
        replay = _fork(_bulk_worker, config, stock, "bulk", range(0, orders, 20), workers, replay=True)
        figures = []
        if "bulk" in paths:
            bulk_figures = _figures(bulk, orders, len(range(0, orders, 20)))
            bulk_figures["duplicates"] = replay.duplicates
            figures.append({"path": "bulk", "workers": workers, **bulk_figures, **_baseline(rawbatch, "batched")})
        if "http" in paths:
            http = intake_http.run(
                config=config, stock=stock, orders=orders, clients=clients, server_workers=server_workers,
                steady_orders=steady_orders, steady_rate=steady_rate,
            )  # fmt: skip
            figures.append({"path": "http", **http, **_baseline(baseline, "one order per transaction")})
        statements = _statements_per_order(stock, orders)
        checks = intake_checks.checks(sizes, paths, channel=CHANNEL)
    for item in figures:
        item["ratio"] = round(item["orders_per_s"] / max(item["baseline_per_s"], 1e-9), 3)
        item["oversold"] = checks["oversold"]
        item["check_ok"] = checks["ledger_ok"] and checks["oversold"] == 0 and item["duplicates"] == 0
        item["check_ok"] = item["check_ok"] and checks["orders_ok"]
        item["peak_rss_mb"] = peak_rss_mb()
        item["load_1m"] = round(os.getloadavg()[0], 1)  # the machine is shared: how busy it was
        if item["path"] == "bulk":
            item["statements_per_order"] = statements
    return [{"db": vendor_of(config), **item} for item in figures]


def _baseline(result: Result, kind: str) -> dict:
    """A path's baseline: the same SQL as it sends, by the bare driver (bulk: batches of BATCH
    orders per transaction; http: one order per transaction, as one request writes)."""
    return {
        "baseline": kind,
        "baseline_per_s": round(result.per_second, 1),
        "baseline_cpu_ms_per_order": round(result.cpu_ms("client_cpu") + result.cpu_ms("db_cpu"), 2),
    }


def _figures(result: Result, orders: int, replayed: int) -> dict:
    latencies = sorted(result.latencies)
    return {
        "orders": orders,
        "orders_per_s": round(orders / max(result.elapsed, 1e-9), 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "backordered": result.backordered,
        "replayed": replayed,
        "duplicates": result.duplicates,
        "client_cpu_ms_per_order": result.cpu_ms("client_cpu"),
        "db_cpu_ms_per_order": result.cpu_ms("db_cpu"),
    }


def _stock_up(sizes: dict[str, int]) -> Stock:
    """Products received through the ledger: plenty of most, a few scarce ones per phase."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from arkaofis.catalog.models import Product, UnitOfMeasure
    from arkaofis.inventory.models import Location, Warehouse
    from arkaofis.inventory.selectors import virtual_location
    from arkaofis.inventory.services.ledger import post_move

    uom, _ = UnitOfMeasure.objects.get_or_create(code="pcs", defaults={"name": "Pieces"})
    warehouse = Warehouse.objects.create(code="BENCH", name="Bench warehouse")
    shelf = Location.objects.create(code="BENCH/A-01", name="A-01", warehouse=warehouse, kind="bin")
    supplier = virtual_location("supplier")
    plenty = [f"PLENTY-{n:03d}" for n in range(PLENTY_SKUS)]
    scarce = {phase: tuple(f"SCARCE-{phase}-{n}" for n in range(SCARCE_PER_PHASE)) for phase in PHASES}
    all_skus = plenty + [sku for skus in scarce.values() for sku in skus]
    products = Product.objects.bulk_create(Product(sku=sku, name=f"Bench {sku}", uom=uom) for sku in all_skus)
    for product in products:
        phase = next((p for p, skus in scarce.items() if product.sku in skus), None)
        # A scarce SKU holds about half of what its phase's orders want, so the last units race.
        units = PLENTY_UNITS if phase is None else max(2, int(sizes[phase] * SCARCE_SHARE / SCARCE_PER_PHASE))
        post_move(product=product, quantity=units, from_location=supplier, to_location=shelf, reason="receipt")
    user = get_user_model().objects.create_user(username="bench", password=None)
    user.groups.add(Group.objects.get(name="manager"))
    connections.close_all()  # the workers are forked next: none may inherit an open connection
    return Stock(tuple(plenty), scarce, warehouse.pk, user.pk)


def _compare(config: dict, stock: Stock, orders: int, workers: int) -> tuple[Result, Result, Result]:
    """The two baselines and bulk in alternating rounds, so a burst of load from elsewhere on a
    shared machine falls on all of them alike."""
    size = -(-orders // ROUNDS)
    baseline = rawbatch = bulk = None
    for start in range(0, orders, size):
        numbers = range(start, min(start + size, orders))
        one = _fork(_baseline_worker, config, stock, "baseline", numbers, workers)
        many = _fork(_baseline_worker, config, stock, "rawbatch", numbers, workers, batch=BATCH)
        ours = _fork(_bulk_worker, config, stock, "bulk", numbers, workers)
        baseline, rawbatch, bulk = one.plus(baseline), many.plus(rawbatch), ours.plus(bulk)
    assert baseline is not None and rawbatch is not None and bulk is not None
    return baseline, rawbatch, bulk


def _fork(target: Callable, config: dict, stock: Stock, phase: str, numbers: range, workers: int, **extra) -> Result:
    """Fork `workers` processes that share `numbers` round robin, start together; gather."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    queue = context.Queue()
    processes = [
        context.Process(
            target=_guarded, args=(target, queue, barrier, config, stock, phase, numbers[n::workers]), kwargs=extra
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    gathered = [queue.get(timeout=900) for _ in processes]
    for process in processes:
        process.join()
    failures = [item for item in gathered if isinstance(item, str)]
    if failures:
        raise RuntimeError(f"{phase}: {len(failures)} worker(s) failed: {failures[0]}")
    latencies: list[float] = []
    for item in gathered:
        latencies.extend(array("d", item[5]))
    return Result(
        elapsed=max(g[1] for g in gathered) - min(g[0] for g in gathered),
        orders=sum(g[2] for g in gathered),
        backordered=sum(g[3] for g in gathered),
        duplicates=sum(g[4] for g in gathered),
        latencies=tuple(latencies),
        client_cpu=sum(g[6] for g in gathered),
        db_cpu=sum(g[7] for g in gathered),
    )


def _guarded(target, queue, barrier, *args, **kwargs) -> None:
    """Report a worker's failure as text instead of leaving the parent waiting for it."""
    try:
        queue.put(target(barrier, *args, **kwargs))
    except Exception as error:  # noqa: BLE001 - any failure must reach the parent
        barrier.abort()
        queue.put(f"{type(error).__name__}: {error}")


def _bulk_worker(
    barrier, config: dict, stock: Stock, phase: str, numbers: range, *, replay: bool = False, batch: int = BATCH
) -> tuple:
    """What the bulk route does: `receive_orders` on batches of `batch` orders, each created and
    reserved in one transaction. An order's latency is its batch's. A replay must find every
    order already there."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from arkaofis.core.models import Source
    from arkaofis.orders.services.batch_intake import receive_orders

    user = get_user_model().objects.get(pk=stock.user_id)
    payloads = [_order_in(order_payload(phase, n, stock)) for n in numbers]
    created_count = backordered = 0
    latencies = array("d")
    clock = time.perf_counter
    backend = _backend_pid(connection)
    barrier.wait(timeout=120)
    cpu, db_cpu = time.process_time(), cpu_seconds(backend)
    started = time.monotonic()
    for start in range(0, len(payloads), batch):
        begun = clock()
        outcomes = receive_orders(payloads[start : start + batch], user=user, source=Source.API)
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
            created_count += outcome.created
            backordered += outcome.created and outcome.status == "backordered"
        latencies.extend([clock() - begun] * len(outcomes))
    ended = time.monotonic()
    cpu, db_cpu = time.process_time() - cpu, cpu_seconds(backend) - db_cpu
    connection.close()
    if replay:  # every order already exists: each one created again is a duplicate
        return started, ended, 0, 0, created_count, array("d").tobytes(), 0.0, 0.0
    return started, ended, created_count, backordered, 0, latencies.tobytes(), cpu, db_cpu


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU a process on this machine has used so far (0 when unknown)."""
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backend_pid(connection) -> int | None:
    """The PostgreSQL server process serving this connection (the server is local)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _order_in(payload: dict):
    from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn

    lines = tuple(
        OrderLineIn(
            sku=line["sku"], quantity=line["quantity"], unit_price=Decimal(line["unit_price"]), tax=Decimal(line["tax"])
        )
        for line in payload["lines"]
    )
    return OrderIn(
        channel=CHANNEL,
        external_id=payload["external_id"],
        currency=payload["currency"],
        customer_email=payload["customer_email"],
        shipping=AddressIn(**payload["shipping"]),
        shipping_charge=Decimal(payload["shipping_charge"]),
        payment_status=payload["payment_status"],
        lines=lines,
    )


def _baseline_worker(barrier, config: dict, stock: Stock, phase: str, numbers: range, *, batch: int = 0) -> tuple:
    """The baseline: one order per transaction, or (with `batch`) that many per transaction."""
    from arkaofis.bench.intake_sql import RawBatchIntake

    raw = RawBatchIntake(config, stock)
    payloads = [order_payload(phase, n, stock) for n in numbers]
    done = backordered = 0
    latencies = array("d")
    clock = time.perf_counter
    backend = raw.backend_pid()
    barrier.wait(timeout=120)
    cpu, db_cpu = time.process_time(), cpu_seconds(backend)
    started = time.monotonic()
    step = batch or 1
    for start in range(0, len(payloads), step):
        begun = clock()
        chunk = payloads[start : start + step]
        backordered += raw.receive_and_reserve_many(chunk) if batch else raw.receive_and_reserve(chunk[0])
        done += len(chunk)
        latencies.extend([clock() - begun] * len(chunk))
    ended = time.monotonic()
    cpu, db_cpu = time.process_time() - cpu, cpu_seconds(backend) - db_cpu
    raw.close()
    return started, ended, done, backordered, 0, latencies.tobytes(), cpu, db_cpu


def _statements_per_order(stock: Stock, orders: int, batch: int = BATCH) -> float:
    """Statements per order of one more batch through the bulk path (BEGIN/COMMIT included):
    unlike the timings, this does not depend on how busy the machine is."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from arkaofis.orders.services.batch_intake import receive_orders

    sent = 0

    def count(execute, sql, params, many, context):
        nonlocal sent
        sent += 1
        return execute(sql, params, many, context)

    payloads = [
        _order_in({**order_payload("bulk", orders + n, stock), "external_id": f"probe-{n}"}) for n in range(batch)
    ]
    user = get_user_model().objects.get(pk=stock.user_id)
    with connection.execute_wrapper(count):
        receive_orders(payloads, user=user, source="api")
    return round((sent + 2) / batch, 2)
