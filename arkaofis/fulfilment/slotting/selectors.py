"""Reads for slotting: a warehouse's floor as pick paths walk it, what each placed bin holds and its limits,
which product lives where, and the trips picked in the last days; then the suggestion itself."""

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from arkaofis.catalog.models import Product
from arkaofis.fulfilment.domain.layout import PickPoint
from arkaofis.fulfilment.models import PickLine
from arkaofis.fulfilment.services.routes import floor_of
from arkaofis.fulfilment.slotting.domain import MAX_MOVES, Floor, Item, Limits, Load, Slot, Slotting, plan_slotting
from arkaofis.fulfilment.slotting.exceptions import FloorNotMapped
from arkaofis.inventory.layout.selectors import BinFill, bin_fills
from arkaofis.inventory.models import Quant, Warehouse

DAYS = 30
MOST_DAYS = 365


@dataclass(frozen=True)
class FloorMap:
    """The pure floor and where a picker stops for each placed bin (by location id)."""

    floor: Floor
    points: dict[int, PickPoint]


def floor_map(warehouse: Warehouse) -> FloorMap | None:
    """The warehouse's plan as the pick-path domain reads it (fulfilment/services/routes.py, the one reading of
    it); None when it cannot be walked. A depot in front of the front cross aisle adds its step to every trip."""
    floor = floor_of(warehouse)
    if floor is None or not floor.points:
        return None
    return FloorMap(Floor(floor.layout, depot_step=-floor.depot_y), floor.points)


def _slot(fill: BinFill, point: PickPoint) -> Slot:
    location, contents = fill.location, fill.fill.contents
    limits = Limits(
        location.capacity_units,
        None if location.capacity_volume_l is None else location.capacity_volume_l * 1000,
        None if location.capacity_weight_kg is None else location.capacity_weight_kg * 1000,
    )
    return Slot(location.pk, location.code, point, limits, Load(contents.units, contents.volume_ml, contents.weight_g))


@dataclass(frozen=True)
class Picks:
    """The window's pick lines: trips (products per batch), lines per product, and lines per (product, bin)."""

    trips: list[list[int]]
    per_product: Counter
    per_bin: dict[int, Counter]


def picks_since(warehouse: Warehouse, since: datetime, until: datetime) -> Picks:
    """Every line picked (or found short: the picker walked there too) in the window, one trip per batch."""
    rows = (
        PickLine.objects.filter(batch__warehouse=warehouse, picked_at__gte=since, picked_at__lte=until)
        .order_by("batch_id", "pk")
        .values_list("batch_id", "product_id", "location_id")
    )
    trips: dict[int, list[int]] = defaultdict(list)
    per_bin: dict[int, Counter] = defaultdict(Counter)
    for batch, product, location in rows:
        trips[batch].append(product)
        per_bin[product][location] += 1
    per_product = Counter({product: sum(bins.values()) for product, bins in per_bin.items()})
    return Picks(list(trips.values()), per_product, per_bin)


def stored_items(slots: dict[int, Slot], picks: Picks) -> list[Item]:
    """Each product stored in a placed bin, at home in the bin holding most of it (the nearest of equals)."""
    rows = (
        Quant.objects.filter(location_id__in=slots, on_hand__gt=0)
        .values("product_id", "location_id", "product__sku", "product__volume_ml", "product__weight_g")
        .annotate(units=Sum("on_hand"))
    )
    homes: dict[int, Any] = {}
    for row in rows:
        best = homes.get(row["product_id"])
        rank = (-row["units"], slots[row["location_id"]].code)
        if best is None or rank < (-best["units"], slots[best["location_id"]].code):
            homes[row["product_id"]] = row
    return [_item(row, picks.per_product[product]) for product, row in homes.items()]


def _item(row: dict, picks: int) -> Item:
    units, volume, weight = row["units"], row["product__volume_ml"], row["product__weight_g"]
    load = Load(units, units * (volume or 0), units * (weight or 0))
    litres = None if volume is None else units * volume / 1000
    return Item(row["product_id"], row["product__sku"], picks, row["location_id"], load, litres)


def _picked_elsewhere(picks: Picks, items: list[Item], points: dict[int, PickPoint]) -> dict[Hashable, PickPoint]:
    """Where products picked in the window but no longer stored on the plan were picked most: they walk the same
    in both replays."""
    stored = {item.product for item in items}
    found: dict[Hashable, PickPoint] = {}
    for product, bins in picks.per_bin.items():
        placed = [(count, location) for location, count in bins.items() if location in points]
        if product not in stored and placed:
            found[product] = points[max(placed, key=lambda pair: (pair[0], -pair[1]))[1]]
    return found


@dataclass(frozen=True)
class SlottingReport:
    warehouse: Warehouse
    days: int
    since: datetime
    slotting: Slotting
    bins: int  # placed bins
    products: int  # products stored in them
    names: dict[Hashable, str]  # product id → name, for the moved products and their partners


def slotting_report(
    warehouse: Warehouse, *, days: int = DAYS, now: datetime | None = None, max_moves: int = MAX_MOVES
) -> SlottingReport:
    """The slotting suggestion for one warehouse, replayed on the pick trips of the last `days` days;
    FloorNotMapped when its floor cannot be walked."""
    floor = floor_map(warehouse)
    if floor is None:
        raise FloorNotMapped(warehouse.code)
    until = now or timezone.now()
    since = until - timedelta(days=days)
    slots = {
        fill.location.pk: _slot(fill, floor.points[fill.location.pk])
        for fill in bin_fills(warehouse)
        if fill.location.pk in floor.points
    }
    picks = picks_since(warehouse, since, until)
    items = stored_items(slots, picks)
    elsewhere = _picked_elsewhere(picks, items, floor.points)
    slotting = plan_slotting(floor.floor, list(slots.values()), items, picks.trips, elsewhere, max_moves=max_moves)
    shown = {move.product for move in slotting.moves} | {m.partner.product for m in slotting.moves if m.partner}
    names: dict[Hashable, str] = dict(Product.objects.filter(pk__in=list(shown)).values_list("pk", "name"))  # type: ignore[misc]
    return SlottingReport(warehouse, days, since, slotting, len(slots), len(items), names)
