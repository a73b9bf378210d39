"""`arkaofis bench pickpath`: how short and how fast the pick paths are, and what batching saves.

1,000 random pick lists (5 to 40 picks) on a 10-aisle single block (aisles 3 m apart, 25 m long, the depot
in the middle of the front); every list is routed by the dynamic programme and by the two baselines, and
checked against the exact solver (an integer programme sharing no code with the programme). Then 100 lists
on two blocks (a middle cross aisle) are routed by the multi-block heuristic and checked the same way.

Batching is measured twice. `batching_walk_saving_pct` is the demo's own: the demo store (fixed seed) is
loaded into a scratch SQLite database and its open orders are batched on its warehouses' floors
(pickpath_demo.py). `synthetic_batching_walk_saving_pct` batches a synthetic day of a small shop on the
10-aisle block, as before the demo was wired in. Pure code apart from the demo's scratch database.
"""

import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from arkaofis.bench.common import progress
from arkaofis.bench.pickpath_demo import demo_batching
from arkaofis.fulfilment.domain.batching import Cart, PickOrder, batch_orders, one_order_per_trip
from arkaofis.fulfilment.domain.exact_route import exact_route_length
from arkaofis.fulfilment.domain.layout import Layout, PickPoint
from arkaofis.fulfilment.domain.pickpath import largest_gap_route, optimal_route, s_shape_route
from arkaofis.fulfilment.domain.pickpath_multiblock import multi_block_route

LAYOUT = Layout.regular(aisles=10, spacing=3.0, length=25.0)
# The same ten aisles 30 m long with a middle cross aisle: two blocks of 15 m.
TWO_BLOCKS = Layout.regular(aisles=10, spacing=3.0, length=30.0, blocks=2)
# A cart of eight totes, 60 litres in all: a common small-parts picking cart.
CART = Cart(max_orders=8, max_volume=60.0)


def random_picks(rng: random.Random, layout: Layout, count: int) -> list[PickPoint]:
    """`count` picks spread uniformly over the floor, positions to the decimetre (bins are ~1 m wide)."""
    return [
        PickPoint(rng.randrange(layout.aisles), round(rng.uniform(0, layout.aisle_length), 1)) for _ in range(count)
    ]


def small_shop_orders(rng: random.Random, layout: Layout, *, orders: int = 80, products: int = 400) -> list[PickOrder]:
    """A synthetic day's orders of a small web shop (the demo's own are in pickpath_demo.py): `products`
    products slotted at random over the floor, demand skewed (Zipf, s = 1: a few products sell most), 1 to 4
    lines an order (most have one or two), 1 to 4 litres a line."""
    bins = random_picks(rng, layout, products)
    weights = [1 / rank for rank in range(1, products + 1)]
    result = []
    for number in range(orders):
        lines = rng.choices((1, 2, 3, 4), weights=(45, 30, 15, 10))[0]
        chosen = rng.choices(range(products), weights=weights, k=lines)
        volume = sum(rng.uniform(1.0, 4.0) for _ in range(lines))
        result.append(PickOrder(id=number, picks=tuple(bins[product] for product in chosen), volume=round(volume, 1)))
    return result


def batching_walk_saving_pct(layout: Layout, orders: Sequence[PickOrder], cart: Cart = CART) -> float:
    """The share of the walk that batching saves against picking each order on a trip of its own."""
    alone = one_order_per_trip(layout, orders)
    together = batch_orders(layout, orders, cart).total_length
    return 100 * (alone - together) / alone if alone else 0.0


def _percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


def _pct(value: float) -> float:
    return round(value, 6) + 0.0  # + 0.0: never print -0.0


@contextmanager
def _solver_chatter_to_stderr() -> Iterator[None]:
    """HiGHS now and then writes a line straight to file descriptor 1; stdout must carry only the JSON line."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def run(
    *,
    lists: int = 1000,
    seed: int = 10,
    multi_block_lists: int | None = None,
    shop_orders: int = 80,
    demo_size: str | None = "full",
    db: str = "sqlite",
) -> dict:
    """The figures as one dict. `multi_block_lists` (default lists / 10: the exact solver takes about a second
    for each on two blocks) lists are routed on TWO_BLOCKS by the heuristic and checked the same way.
    `demo_size` is the demo loaded for the demo's batching figure (None: not measured, no database used)."""
    with _solver_chatter_to_stderr():
        figures = _run(lists, seed, multi_block_lists, shop_orders)
        started = time.perf_counter()
        demo = demo_batching(size=demo_size, db=db) if demo_size else {"batching_walk_saving_pct": None}
        demo_s = round(time.perf_counter() - started, 1) if demo_size else None
    return {**figures, **demo, "demo_s": demo_s}


def _run(lists: int, seed: int, multi_block_lists: int | None, shop_orders: int) -> dict:
    rng = random.Random(seed)
    above, s_shape, largest_gap, timings, cpu = [], [], [], [], []
    for number in range(lists):
        picks = random_picks(rng, LAYOUT, rng.randint(5, 40))
        started, started_cpu = time.perf_counter(), time.process_time()
        route = optimal_route(LAYOUT, picks)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        best = exact_route_length(LAYOUT, picks)
        above.append(100 * (route.length - best) / best)
        s_shape.append(100 * (s_shape_route(LAYOUT, picks).length - best) / best)
        largest_gap.append(100 * (largest_gap_route(LAYOUT, picks).length - best) / best)
        if (number + 1) % 100 == 0:
            progress(f"{number + 1} single-block lists routed and checked")
    timings.sort()
    cpu.sort()
    multi = _multi_block(rng, max(1, lists // 10) if multi_block_lists is None else multi_block_lists)
    orders = small_shop_orders(rng, LAYOUT, orders=shop_orders)
    started = time.perf_counter()
    saving = batching_walk_saving_pct(LAYOUT, orders)
    batching_s = time.perf_counter() - started
    return {
        "bench": "pickpath",
        "lists": lists,
        "mean_pct_above_optimal": _pct(statistics.fmean(above)),
        "max_pct_above_optimal": _pct(max(above)),
        "s_shape_pct_above_optimal": round(statistics.fmean(s_shape), 2),
        "largest_gap_pct_above_optimal": round(statistics.fmean(largest_gap), 2),
        "p50_ms": round(_percentile(timings, 0.5) * 1000, 3),
        "p99_ms": round(_percentile(timings, 0.99) * 1000, 3),
        # CPU time of this process alone: on a shared machine the wall clock's tail is other jobs' time slices.
        "p99_cpu_ms": round(_percentile(cpu, 0.99) * 1000, 3),
        **multi,
        "synthetic_batching_walk_saving_pct": round(saving, 2),
        "synthetic_batching_orders": len(orders),
        "synthetic_batching_cart": {"max_orders": CART.max_orders, "max_volume_l": CART.max_volume},
        "synthetic_batching_s": round(batching_s, 2),
        "seed": seed,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def _multi_block(rng: random.Random, lists: int) -> dict:
    above, timings, cpu = [], [], []
    for number in range(lists):
        picks = random_picks(rng, TWO_BLOCKS, rng.randint(5, 40))
        started, started_cpu = time.perf_counter(), time.process_time()
        route = multi_block_route(TWO_BLOCKS, picks)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        best = exact_route_length(TWO_BLOCKS, picks)
        above.append(100 * (route.length - best) / best)
        if (number + 1) % 20 == 0:
            progress(f"{number + 1} two-block lists routed and checked")
    timings.sort()
    cpu.sort()
    return {
        "multi_block_lists": lists,
        "multi_block_mean_pct_above_optimal": _pct(statistics.fmean(above)) if above else None,
        "multi_block_max_pct_above_optimal": _pct(max(above)) if above else None,
        "multi_block_optimal_lists": sum(1 for pct in above if pct < 1e-6),
        "multi_block_p99_ms": round(_percentile(timings, 0.99) * 1000, 3) if timings else None,
        "multi_block_p99_cpu_ms": round(_percentile(cpu, 0.99) * 1000, 3) if cpu else None,
    }
