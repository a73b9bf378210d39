"""Load the demo store in one transaction: users, catalog, warehouses, opening stock, 90 days
of history, open orders, a shift under way on the İstanbul floor, reorder rules. Deterministic
for a seed (only the passwords are random).

Loading twice does nothing the second time (a "demo.loaded" audit row marks a loaded store);
`reset=True` wipes the demo first. The demo only loads into a database without products or
warehouses, so it can never mix with a shop's real data.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from arkaofis.catalog.models import Product
from arkaofis.core.models import Source
from arkaofis.core.services.audit import record_audit
from arkaofis.demo.catalog import write_catalog
from arkaofis.demo.channels import add_channels
from arkaofis.demo.floor import set_up_floor
from arkaofis.demo.history import post_history, write_off_expired
from arkaofis.demo.orders import place_open_orders
from arkaofis.demo.people import create_people
from arkaofis.demo.progress import Progress
from arkaofis.demo.reset import MARKER_ACTION, demo_marker, holds_other_data, wipe_demo
from arkaofis.demo.shift import start_the_shift
from arkaofis.demo.sites import WAREHOUSES, build_sites
from arkaofis.demo.stock import World, place_products, post_opening_stock
from arkaofis.inventory.models import LowStockAlert, ReorderRule, StockMove
from arkaofis.inventory.services.low_stock import available_in_warehouse, evaluate_rule

HISTORY_EVENTS = {"small": 40, "full": 420}
RULES = {"small": 12, "full": 45}
OPEN_ORDERS = {"small": 5, "full": 30}
ALERTING_RULES = 12  # rules set above today's stock, so the dashboard has open alerts


class DemoRefused(Exception):
    """The demo will not load here (a database with other data)."""


@dataclass
class DemoSummary:
    seed: int
    size: str
    already_loaded: bool = False
    products: int = 0
    kits: int = 0
    warehouses: int = 0
    bins: int = 0
    moves: int = 0
    alerts: int = 0
    seconds: float = 0.0
    password: str = ""


def load_demo(*, seed: int = 42, size: str = "full", reset: bool = False, stream: TextIO | None = None) -> DemoSummary:
    if size not in HISTORY_EVENTS:
        raise DemoRefused(f"size must be one of {', '.join(HISTORY_EVENTS)}")
    if reset:
        if holds_other_data():
            raise DemoRefused("this database holds data that is not the demo's; refusing to wipe it")
        wipe_demo()
    marker = demo_marker()
    if marker is not None:
        return DemoSummary(seed=marker.data.get("seed", seed), size=marker.data.get("size", size), already_loaded=True)
    if holds_other_data():
        raise DemoRefused("the database already holds products or warehouses; load the demo into an empty one")
    started = time.monotonic()
    progress = Progress(1 + len(WAREHOUSES) * 3 + HISTORY_EVENTS[size] + 400, stream=stream)
    with transaction.atomic():
        summary = _load(seed, size, progress)
    progress.finish()
    summary.seconds = round(time.monotonic() - started, 1)
    return summary


def _load(seed: int, size: str, progress: Progress) -> DemoSummary:
    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    progress.start("users and catalog")
    people = create_people()
    write_catalog(rng)
    progress.advance()
    progress.start("warehouses, zones and bins")
    sites = build_sites(user=people.admin, on_location=progress.advance)
    set_up_floor()
    products = list(Product.objects.select_related("uom").order_by("sku"))
    world = World(
        rng=rng,
        sites=sites,
        products=products,
        worker=people.users["warehouse"],
        now=now,
        small=size == "small",
        by_id={p.pk: p for p in products},
    )
    place_products(world)
    progress.total = progress.done + len(world.placements) + HISTORY_EVENTS[size] + 1
    progress.start("opening stock")
    post_opening_stock(world, progress.advance)
    progress.start("90 days of history")
    post_history(world, HISTORY_EVENTS[size], progress.advance)
    write_off_expired(world)
    place_open_orders(world, OPEN_ORDERS[size])
    add_channels(world)
    progress.start("the floor: waves, picks, a shipment, counts")
    start_the_shift(world)
    progress.start("reorder rules")
    create_reorder_rules(world, RULES[size])
    progress.advance()
    summary = _summarise(seed, size, world, people.password)
    record_audit(
        user=people.admin,
        source=Source.CLI,
        action=MARKER_ACTION,
        object_type="demo",
        data={"seed": seed, "size": size, "products": summary.products, "moves": summary.moves},
    )
    return summary


def create_reorder_rules(world: World, count: int) -> None:
    """Reorder rules for some stocked products; the first few sit above today's stock."""
    chosen = world.rng.sample(sorted(world.placements), min(count, len(world.placements)))
    for index, (product_id, code) in enumerate(chosen):
        warehouse = world.sites[code].warehouse
        available = available_in_warehouse(product_id, warehouse.pk)
        alerting = index < ALERTING_RULES
        minimum = available + world.rng.randint(1, 10) if alerting else max(1, available // 4)
        rule = ReorderRule.objects.create(
            product_id=product_id, warehouse=warehouse, min_quantity=minimum, reorder_quantity=max(10, minimum * 2)
        )
        evaluate_rule(rule)


def _summarise(seed: int, size: str, world: World, password: str) -> DemoSummary:
    return DemoSummary(
        seed=seed,
        size=size,
        products=len(world.products),
        kits=sum(p.is_kit for p in world.products),
        warehouses=len(world.sites),
        bins=sum(len(bins) for site in world.sites.values() for bins in site.bins.values()),
        moves=StockMove.objects.count(),
        alerts=LowStockAlert.objects.filter(resolved_at__isnull=True).count(),
        password=password,
    )


def loaded_at() -> datetime | None:
    marker = demo_marker()
    return marker.at if marker else None
