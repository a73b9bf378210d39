"""Opening stock for the demo: purchase receipts from named suppliers, with unit costs (so
valuation has cost layers), dated about 90 days ago. Lot-tracked goods arrive in two lots with
different expiry dates; appliances arrive one serial number at a time."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from arkaofis.catalog.models import Product, Tracking
from arkaofis.core.models import Source
from arkaofis.demo.catalog_data import PERISHABLES, SUPPLIERS
from arkaofis.demo.sites import Site
from arkaofis.inventory.models import Location, Lot, MoveReason, Quant
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move

SHELF_LIFE = {sku: days for sku, *_, days in PERISHABLES}
OPENING_DAYS_AGO = 90


@dataclass
class World:
    """Everything the stock generators share: the seeded random source, the sites, the
    products, who does the work and the counters that number documents."""

    rng: random.Random
    sites: dict[str, Site]
    products: list[Product]
    worker: object
    now: datetime
    small: bool
    by_id: dict[int, Product] = field(default_factory=dict)
    placements: dict[tuple[int, str], Location] = field(default_factory=dict)  # (product, warehouse) → bin
    counters: dict[str, int] = field(default_factory=dict)

    def next_number(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def warehouses_of(self, product: Product) -> list[str]:
        return [code for (product_id, code) in self.placements if product_id == product.pk]


def supplier_of(product: Product) -> str:
    names = SUPPLIERS.get(product.category.split("/")[0], ["Acme Tedarik"])
    return names[sum(map(ord, product.sku)) % len(names)]


def opening_quantity(rng: random.Random, product: Product) -> int:
    if product.uom.code == "g":
        return rng.randrange(8, 30) * 1000
    if product.uom.code == "ml":
        return rng.randrange(10, 40) * 1000
    if product.uom.code == "mm":
        return rng.randrange(50, 200) * 1000
    if product.tracking == Tracking.SERIAL:
        return rng.randint(3, 5)
    return rng.randint(12, 60)


def unit_cost_of(rng: random.Random, product: Product) -> Decimal:
    return (product.standard_cost * Decimal(str(round(rng.uniform(0.95, 1.06), 3)))).quantize(Decimal("0.0001"))


def new_lot(world: World, product: Product, at: datetime, freshness: float) -> Lot:
    """A lot whose expiry is `freshness` × the product's shelf life after `at`."""
    shelf_life = SHELF_LIFE.get(product.sku)
    expires = (at + timedelta(days=int(shelf_life * freshness))).date() if shelf_life else None
    number = world.next_number(f"lot:{product.sku}")
    return Lot.objects.create(product=product, code=f"L{at:%y%m%d}-{number:03d}", expires_on=expires)


def receive(world: World, product: Product, bin: Location, quantity: int, at: datetime, document: str) -> None:
    """Post a purchase receipt (one move per lot or serial number)."""
    supplier = virtual_location("supplier")
    cost = unit_cost_of(world.rng, product)
    common: dict[str, Any] = {
        "product": product,
        "from_location": supplier,
        "to_location": bin,
        "reason": MoveReason.RECEIPT,
        "source_document": document[:100],
        "unit_cost": cost,
        "user": world.worker,
        "source": Source.UI,
        "at": at,
    }
    if product.tracking == Tracking.SERIAL:
        for _ in range(quantity):
            serial = f"SN-{product.sku[4:]}-{world.next_number('serial'):06d}"
            post_move(quantity=1, lot=Lot.objects.create(product=product, code=serial), **common)
        return
    lot = new_lot(world, product, at, world.rng.uniform(0.7, 1.0)) if product.tracking == Tracking.LOT else None
    post_move(quantity=quantity, lot=lot, **common)


def purchase_order(world: World, product: Product, at: datetime) -> str:
    return f"PO-{at:%Y}-{world.next_number('po'):04d} {supplier_of(product)}"


def place_products(world: World) -> None:
    """Choose each product's bin per warehouse: every product in Istanbul, most in Ankara and
    Izmir (only Istanbul in the small demo). Food and soap go to the FEFO zone. Each product gets
    a bin of its own while the zone has free ones, as a slotter would place them."""
    free: dict[tuple[str, str], list[Location]] = {}
    for product in world.products:
        if product.is_kit:
            continue
        codes = ["IST"] if world.small or product.tracking == Tracking.SERIAL else ["IST", "ANK", "IZM"]
        for code in codes:
            if code != "IST" and world.rng.random() < 0.35:
                continue
            zone = "C" if product.tracking == Tracking.LOT else "A"
            bins = world.sites[code].bins[zone]
            left = free.setdefault((code, zone), world.rng.sample(bins, len(bins)))
            world.placements[(product.pk, code)] = left.pop() if left else world.rng.choice(bins)


def post_opening_stock(world: World, tick) -> None:
    start = world.now - timedelta(days=OPENING_DAYS_AGO)
    orders: dict[tuple[str, str], str] = {}
    for (product_id, code), bin in world.placements.items():
        product = world.by_id[product_id]
        at = start + timedelta(minutes=world.rng.randrange(0, 2 * 24 * 60))
        # One opening purchase order per supplier and warehouse.
        document = orders.setdefault((supplier_of(product), code), purchase_order(world, product, at))
        if product.tracking == Tracking.LOT:
            # An older lot (some close to or past expiry by now) and a fresher one.
            older = new_lot(world, product, at, world.rng.uniform(0.25, 0.6))
            quantity = opening_quantity(world.rng, product)
            post_move(
                product=product,
                quantity=quantity,
                from_location=virtual_location("supplier"),
                to_location=bin,
                reason=MoveReason.RECEIPT,
                lot=older,
                source_document=document[:100],
                unit_cost=unit_cost_of(world.rng, product),
                user=world.worker,
                source=Source.UI,
                at=at,
            )
        receive(world, product, bin, opening_quantity(world.rng, product), at + timedelta(minutes=5), document)
        if code == "IST" and product.tracking != Tracking.SERIAL and world.rng.random() < 0.2:
            reserve_bin = world.rng.choice(world.sites[code].bins["B"])
            receive(
                world, product, reserve_bin, opening_quantity(world.rng, product), at + timedelta(minutes=9), document
            )
        tick()


def available_at(product: Product, location: Location) -> int:
    totals = Quant.objects.filter(product=product, location=location).aggregate(
        on_hand=Sum("on_hand"), held=Sum("reserved")
    )
    return (totals["on_hand"] or 0) - (totals["held"] or 0)
