"""`arkaofis bench fulfil --size N`: released orders through the whole floor, via the services.

Setup (not timed): a warehouse on a single-block floor, products with barcodes on its shelves, a
manual carrier, N orders of 1–3 lines taken in, reserved and released (each a pending shipment).
Timed, as the floor does it: waves of carts, every stop picked with its bin and item scanned, every
unit scanned into its box, the box closed with a weight, the label issued (tracking number from the
carrier's range, SSCC) and rendered as ZPL, and the shipment shipped. Each step's latency is kept;
orders_per_s is N over the whole timed wall. Afterwards every invariant `arkaofis check` knows is run
and no quant may hold more than it has (oversold).
"""

import os
import random
import time
from collections import defaultdict
from decimal import Decimal
from typing import Any

from arkaofis.bench.common import peak_rss_mb, percentile, progress, scratch_database, vendor_of

PRODUCTS = 200
AISLES, BAYS = 10, 12
CART_ORDERS = 12
# One picker process per core: more only queue for the same two cores (4 on 2 cores: 15.6 vs 20.1 orders/s).
DEFAULT_WORKERS = os.cpu_count() or 2


def run(*, db: str, orders: int = 1000, workers: int = DEFAULT_WORKERS, seed: int = 7) -> dict[str, Any]:
    """`workers` pickers work the floor at once (processes, one connection each), as a shift does."""
    if orders < 1 or workers < 1:
        raise ValueError("need at least one order and one worker")
    with scratch_database(db) as config:
        warehouse = _floor(seed)
        _orders(orders, seed)
        progress(f"fulfil: {orders} released orders on {vendor_of(config)}, {workers} pickers")
        started = time.perf_counter()
        steps: dict[str, list[float]] = defaultdict(list)
        batches = _timed(steps, "wave", _plan, warehouse)
        shipped = _in_parallel(config, batches, workers, steps)
        wall = time.perf_counter() - started
        from django.db.models import F

        from arkaofis.core.invariants import invariant_breaks
        from arkaofis.inventory.models import Quant

        breaks = invariant_breaks()
        oversold = Quant.objects.filter(negative_allowed=False, reserved__gt=F("on_hand")).count()
        for name, lines in breaks.items():
            progress(f"check FAILED: {name}: {lines[:3]}")
    return {
        "db": vendor_of(config),
        "orders": orders,
        "workers": workers,
        "shipped": shipped,
        "orders_per_s": round(shipped / wall, 1),
        "wall_s": round(wall, 2),
        "p99_ms_per_step": {name: round(percentile(sorted(times), 0.99) * 1000, 2) for name, times in steps.items()},
        "steps": {name: len(times) for name, times in steps.items()},
        "oversold": oversold,
        "check_ok": not breaks and shipped == orders,
        "peak_rss_mb": peak_rss_mb(),
    }


def _plan(warehouse) -> list[int]:
    from arkaofis.fulfilment.models import PickBatch
    from arkaofis.fulfilment.services.waves import plan_waves

    waves = plan_waves(warehouse=warehouse, cart_orders=CART_ORDERS, user=None, source="ui")
    return list(PickBatch.objects.filter(wave__in=waves).order_by("id").values_list("pk", flat=True))


def _in_parallel(config: dict, batches: list[int], workers: int, steps: dict[str, list[float]]) -> int:
    """Each picker takes every `workers`-th batch: picks it, packs, labels and ships its shipments."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each forked picker opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    pickers = [
        context.Process(target=_picker, args=(batches[number::workers], results), daemon=True)
        for number in range(workers)
    ]
    for picker in pickers:
        picker.start()
    gathered = [results.get(timeout=1800) for _ in pickers]
    for picker in pickers:
        picker.join()
    failures = [item for item in gathered if isinstance(item, str)]
    if failures:
        raise RuntimeError(f"{len(failures)} picker(s) failed: {failures[0]}")
    shipped = 0
    for count, timings in gathered:
        shipped += count
        for name, times in timings.items():
            steps[name].extend(times)
    return shipped


def _picker(batch_ids: list[int], results) -> None:
    try:
        steps: dict[str, list[float]] = defaultdict(list)
        shipped = sum(_work_batch(batch_id, steps) for batch_id in batch_ids)
        results.put((shipped, dict(steps)))
    except Exception as error:  # noqa: BLE001 - any failure must reach the parent
        results.put(f"{type(error).__name__}: {error}")


def _floor(seed: int):
    """One warehouse, AISLES × BAYS bins on a single block, PRODUCTS products stocked, a manual carrier."""
    from arkaofis.catalog.models import Product, UnitOfMeasure
    from arkaofis.fulfilment.models import Box, CarrierAccount
    from arkaofis.inventory.models import Kind, Location, Warehouse
    from arkaofis.inventory.selectors import virtual_location
    from arkaofis.inventory.services.ledger import post_move

    rng = random.Random(seed)
    uom, _ = UnitOfMeasure.objects.get_or_create(code="pcs", defaults={"name": "Pieces"})
    warehouse = Warehouse.objects.create(
        code="BW",
        name="Bench depo",
        country="TR",
        postal_code="34000",
        address_line1="Depo Sk. 1",
        city="İstanbul",
        district="Ümraniye",
        phone="+90 216 000 00 00",
    )
    root = Location.objects.create(code="BW", name="BW", warehouse=warehouse, kind=Kind.WAREHOUSE)
    bins = [
        Location.objects.create(
            code=f"BW/A{aisle:02d}-{bay:02d}",
            name=f"A{aisle:02d}-{bay:02d}",
            parent=root,
            warehouse=warehouse,
            kind=Kind.BIN,
        )
        for aisle in range(1, AISLES + 1)
        for bay in range(1, BAYS + 1)
    ]
    supplier = virtual_location("supplier")
    for number in range(PRODUCTS):
        product = Product.objects.create(
            sku=f"B-{number:04d}", name=f"Ürün {number}", uom=uom, barcode=_gtin(number), standard_cost=Decimal("5")
        )
        post_move(
            product=product,
            quantity=10_000,
            from_location=supplier,
            to_location=rng.choice(bins),
            reason="receipt",
            unit_cost=Decimal("5"),
        )
    CarrierAccount.objects.create(
        code="own",
        name="Own fleet",
        tracking_prefix="AO",
        is_default=True,
        default_service="standard",
        tracking_url_template="https://track.example/{number}",
        options={"rates": {"currency": "TRY", "services": [{"code": "standard", "bands": [[30000, "60.00"]]}]}},
    )
    Box.objects.create(code="M", name="Medium", length_mm=400, width_mm=300, height_mm=200)
    return warehouse


def _gtin(number: int) -> str:
    from arkaofis.fulfilment.labels import gs1_check_digit

    body = f"869{number:09d}"
    return body + str(gs1_check_digit(body))


def _orders(count: int, seed: int) -> None:
    from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn, receive_order
    from arkaofis.orders.services.release import release_order

    rng = random.Random(seed)
    address = AddressIn(
        name="Ayşe Yılmaz",
        line1="Bağdat Cd. 1",
        city="İstanbul",
        postal_code="34710",
        country="TR",
        phone="+90 532 000 00 00",
    )
    for number in range(count):
        skus = rng.sample(range(PRODUCTS), rng.choice((1, 1, 2, 3)))
        order_in = OrderIn(
            channel="api",
            external_id=f"BF-{number}",
            currency="TRY",
            shipping=address,
            lines=tuple(
                OrderLineIn(sku=f"B-{sku:04d}", quantity=rng.randint(1, 2), unit_price=Decimal("10")) for sku in skus
            ),
        )
        order, _ = receive_order(order=order_in, user=None, source="api", reserve=True)
        release_order(order_id=order.pk, user=None, source="api")


def _timed(steps: dict[str, list[float]], name: str, call, *args, **kwargs):
    began = time.perf_counter()
    result = call(*args, **kwargs)
    steps[name].append(time.perf_counter() - began)
    return result


def _work_batch(batch_id: int, steps: dict[str, list[float]]) -> int:
    from arkaofis.fulfilment.labels import render_label_zpl
    from arkaofis.fulfilment.models import PickLine, Shipment
    from arkaofis.fulfilment.services.labels import issue_label, label_data
    from arkaofis.fulfilment.services.packing import close_box, scan_into_box
    from arkaofis.fulfilment.services.picking import confirm_pick
    from arkaofis.fulfilment.services.shipping import ship_shipment

    for stop in PickLine.objects.filter(batch_id=batch_id).select_related("location", "product").order_by("sequence"):
        _timed(steps, "pick", confirm_pick, pick_line_id=stop.pk, bin_scan=stop.location.code,
               item_scan=stop.product.barcode, quantity=stop.quantity, user=None, source="ui")  # fmt: skip
    shipped = 0
    for shipment in Shipment.objects.filter(batch_id=batch_id).prefetch_related("lines__order_line__product"):
        for line in shipment.lines.all():
            for _unit in range(line.to_ship):
                _timed(steps, "pack_scan", scan_into_box, shipment_id=shipment.pk,
                       item_scan=line.order_line.product.barcode, user=None, source="ui")  # fmt: skip
        _timed(
            steps, "close_box", close_box, shipment_id=shipment.pk, box_code="M", weight_g=900, user=None, source="ui"
        )
        labelled = _timed(steps, "label", issue_label, shipment_id=shipment.pk, user=None, source="ui")
        _timed(steps, "label_zpl", lambda s=labelled: render_label_zpl([label_data(s)]))
        _timed(
            steps,
            "ship",
            ship_shipment,
            shipment_id=shipment.pk,
            carrier="",
            tracking_number="",
            user=None,
            source="ui",
        )
        shipped += 1
    return shipped
