"""Reads of the floor plan: the plain layout pick paths are built from, and how full each bin,
zone and warehouse is.

`warehouse_layout` answers plain frozen dataclasses in floats (metres) so fulfilment, a floor
above, can turn them into its pure layout without touching a model."""

from collections import defaultdict
from dataclasses import dataclass
from statistics import median

from django.db.models import BigIntegerField, Case, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast

from arkaofis.inventory.layout.domain import AreaFill, Capacity, Contents, Fill, area_fill
from arkaofis.inventory.models import Kind, Location, Quant, Usage, Warehouse


@dataclass(frozen=True)
class AislePlan:
    number: int
    x: float  # metres; the centre line pickers walk
    length: float  # from the front cross aisle (y = 0) to the back one


@dataclass(frozen=True)
class BinPlan:
    location_id: int
    code: str
    aisle: int | None  # None: not placed (walk it by pick_sequence)
    bay: int | None
    level: int | None
    x: float | None
    y: float | None
    pick_sequence: int | None


@dataclass(frozen=True)
class WarehouseLayout:
    warehouse_id: int
    code: str
    kind: str  # "single_block" or "multi_block"
    aisle_length: float | None
    middle_cross_aisles: tuple[float, ...]  # y of each cross aisle between blocks, front to back
    depot: tuple[float, float] | None  # (x, y); y <= 0
    aisles: tuple[AislePlan, ...]  # by x, left to right
    bins: tuple[BinPlan, ...]  # by pick_sequence, then code

    @property
    def mapped(self) -> bool:
        """Whether paths can be walked on it: a length, a depot and at least one placed bin."""
        return self.aisle_length is not None and self.depot is not None and bool(self.aisles)


def _float(value) -> float | None:
    return None if value is None else float(value)


def bins_of(warehouse: Warehouse) -> QuerySet[Location]:
    return Location.objects.filter(warehouse=warehouse, kind=Kind.BIN, usage=Usage.INTERNAL, active=True)


def warehouse_layout(warehouse: Warehouse) -> WarehouseLayout:
    """The warehouse's floor plan with every active bin (one query). An aisle's x is the median of
    its bins' x: with racks on both sides every bin of an aisle stands on its centre line."""
    rows = bins_of(warehouse).values_list("pk", "code", "aisle", "bay", "level", "x", "y", "pick_sequence")
    bins = [
        BinPlan(pk, code, aisle, bay, level, _float(x), _float(y), seq)
        for pk, code, aisle, bay, level, x, y, seq in rows
    ]
    bins.sort(key=lambda b: (b.pick_sequence is None, b.pick_sequence or 0, b.code))
    xs: dict[int, list[float]] = defaultdict(list)
    for b in bins:
        if b.aisle is not None and b.x is not None:
            xs[b.aisle].append(b.x)
    length = _float(warehouse.aisle_length)
    aisles = sorted((AislePlan(n, median(v), length or 0.0) for n, v in xs.items()), key=lambda a: (a.x, a.number))
    depot = None
    if warehouse.depot_x is not None and warehouse.depot_y is not None:
        depot = (float(warehouse.depot_x), float(warehouse.depot_y))
    return WarehouseLayout(
        warehouse_id=warehouse.pk,
        code=warehouse.code,
        kind=warehouse.layout_kind,
        aisle_length=length,
        middle_cross_aisles=tuple(sorted(float(m) for m in warehouse.middle_cross_aisles or ())),
        depot=depot,
        aisles=tuple(aisles),
        bins=tuple(bins),
    )


@dataclass(frozen=True)
class BinFill:
    location: Location
    fill: Fill


def _contents_by_location(bins: QuerySet[Location]) -> dict[int, Contents]:
    """What each bin holds (one grouped query): positive balances only, sizes in bigint so a full
    bin's millilitres cannot overflow PostgreSQL's integer."""
    units = F("on_hand")
    big = Cast(units, BigIntegerField())
    rows = (
        Quant.objects.filter(location__in=bins, on_hand__gt=0)
        .values("location")
        .annotate(
            units=Sum(units),
            volume=Sum(big * F("product__volume_ml"), output_field=BigIntegerField()),
            weight=Sum(big * F("product__weight_g"), output_field=BigIntegerField()),
            no_volume=Sum(
                Case(When(product__volume_ml__isnull=True, then=units), default=Value(0)), output_field=IntegerField()
            ),
            no_weight=Sum(
                Case(When(product__weight_g__isnull=True, then=units), default=Value(0)), output_field=IntegerField()
            ),
        )
    )
    return {
        r["location"]: Contents(
            r["units"] or 0, r["volume"] or 0, r["weight"] or 0, r["no_volume"] or 0, r["no_weight"] or 0
        )
        for r in rows
    }


# What the plan and the fill tables read of a bin and its zone: a warehouse holds thousands of bins.
BIN_FIELDS = (
    "code", "name", "kind", "parent", "warehouse", "aisle", "bay", "level", "x", "y", "pick_sequence",
    "capacity_units", "capacity_volume_l", "capacity_weight_kg", "parent__code", "parent__name", "parent__kind",
)  # fmt: skip


def bin_fills(warehouse: Warehouse, *, zone: Location | None = None) -> list[BinFill]:
    """Every active bin of the warehouse (or of one zone) with how full it is; two queries."""
    bins = bins_of(warehouse).select_related("parent").only(*BIN_FIELDS)
    if zone is not None:
        bins = bins.filter(Q(parent=zone) | Q(code__startswith=f"{zone.code}/"))
    contents = _contents_by_location(bins)
    return [BinFill(b, Fill(contents.get(b.pk, Contents()), _capacity(b))) for b in bins.order_by("code")]


def fill_of(location: Location) -> Fill:
    """How full one bin is."""
    contents = _contents_by_location(Location.objects.filter(pk=location.pk)).get(location.pk, Contents())
    return Fill(contents, _capacity(location))


def _capacity(location: Location) -> Capacity:
    return Capacity(location.capacity_units, location.capacity_volume_l, location.capacity_weight_kg)


@dataclass(frozen=True)
class ZoneFill:
    zone: Location | None  # None: bins placed straight under the warehouse
    fill: AreaFill


def zone_fills(fills: list[BinFill]) -> list[ZoneFill]:
    """The bins' fills summed per zone (their parent), zones by code."""
    groups: dict[int | None, list[BinFill]] = defaultdict(list)
    for bin_fill in fills:
        groups[bin_fill.location.parent_id].append(bin_fill)
    zones = []
    for members in groups.values():
        parent = members[0].location.parent
        zone = parent if parent is not None and parent.kind == Kind.ZONE else None
        zones.append(ZoneFill(zone, area_fill(m.fill for m in members)))
    return sorted(zones, key=lambda z: z.zone.code if z.zone else "")


def warehouse_fill(fills: list[BinFill]) -> AreaFill:
    return area_fill(f.fill for f in fills)


@dataclass(frozen=True)
class WarehouseFill:
    warehouse: Warehouse
    fill: AreaFill
    zones: list[ZoneFill]


def fill_report(warehouse: Warehouse) -> tuple[list[BinFill], WarehouseFill]:
    """A warehouse's bins, zones and total fill, from one read of its bins and quants."""
    fills = bin_fills(warehouse)
    return fills, WarehouseFill(warehouse, warehouse_fill(fills), zone_fills(fills))
