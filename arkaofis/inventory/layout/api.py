"""Layout API: a warehouse's floor plan, a bin's place and limits, whole aisles of bins, and how
full bins, zones and the warehouse are. Writes call one layout service with source="api"; each
POST honours Idempotency-Key."""

from dataclasses import asdict
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import WithJsonSchema

from arkaofis.core.api_auth import caller, requires
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.inventory import selectors as inventory_selectors
from arkaofis.inventory.layout import selectors, services
from arkaofis.inventory.layout.domain import AreaFill, Fill
from arkaofis.inventory.models import LayoutKind, Location
from arkaofis.inventory.schemas import Code, LocationOut, WarehouseOut

router = Router(tags=["warehouse layout"])

MOST_METRES = Decimal("99999.99")
_METRES_DOC = 'metres as a decimal string such as "12.5" (at most 2 decimals) or a whole number'


def _metres_schema(pattern: str, low: int, high: int) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [{"type": "string", "pattern": pattern}, {"type": "integer", "minimum": low, "maximum": high}],
            "description": _METRES_DOC,
        }
    )


Metres = Annotated[
    Decimal, Field(ge=0, le=MOST_METRES, max_digits=7, decimal_places=2),
    _metres_schema(r"^[0-9]{1,5}(\.[0-9]{1,2})?$", 0, 99999),
]  # fmt: skip
FrontMetres = Annotated[
    Decimal, Field(ge=-MOST_METRES, le=0, max_digits=7, decimal_places=2),
    _metres_schema(r"^(-[0-9]{1,5}(\.[0-9]{1,2})?|0(\.0{1,2})?)$", -99999, 0),
]  # fmt: skip
Small = Annotated[int, Field(ge=1, le=32767, strict=True)]
Limit = Annotated[int, Field(ge=1, le=2_000_000_000, strict=True, description="null: no limit")]


class WarehouseLayoutIn(Schema):
    layout_kind: LayoutKind = LayoutKind.SINGLE_BLOCK
    aisle_length: Metres | None = Field(None, description="front cross aisle (y = 0) to the back one")
    middle_cross_aisles: list[Metres] = Field(
        default_factory=list, max_length=20, description="multi_block only: y of each cross aisle between blocks"
    )
    depot_x: Metres | None = Field(None, description="where carts start and end")
    depot_y: FrontMetres | None = Field(None, description="0 on the front cross aisle, below 0 in front of it")


class BinPlaceIn(Schema):
    """Replaces every field of the bin's place; a field left out becomes null."""

    aisle: Small | None = Field(None, description="with x and y, or none of them")
    bay: Small | None = None
    level: Small | None = Field(None, description="1 on the floor")
    x: Metres | None = Field(None, description="across the aisles: the aisle's centre line")
    y: Metres | None = Field(None, description="along the aisle, 0 to the warehouse's aisle length")
    pick_sequence: Annotated[int, Field(ge=0, le=2_000_000_000, strict=True)] | None = None
    capacity_units: Limit | None = None
    capacity_volume_l: Limit | None = Field(None, description="litres; null: no limit")
    capacity_weight_kg: Limit | None = Field(None, description="kilograms; null: no limit")


class AisleIn(Schema):
    number: Small
    x: Metres = Field(..., description="the aisle's centre line")
    bays_per_side: Annotated[int, Field(ge=1, le=200, strict=True)]
    levels: Annotated[int, Field(ge=1, le=20, strict=True)]
    bay_width: Metres = Field(Decimal("1.2"), description="metres between bays along the aisle")
    capacity_units: Limit | None = None
    capacity_volume_l: Limit | None = None
    capacity_weight_kg: Limit | None = None


class AisleOut(Schema):
    number: int
    x: float
    length: float


class BinPlanOut(Schema):
    code: str
    aisle: int | None
    bay: int | None
    level: int | None
    x: float | None
    y: float | None
    pick_sequence: int | None


class LayoutOut(Schema):
    warehouse: str = Field(..., validation_alias="code")
    kind: str
    mapped: bool = Field(..., description="aisle length, depot and at least one placed bin: paths can be walked")
    aisle_length: float | None
    middle_cross_aisles: list[float]
    depot: list[float] | None = Field(None, description="[x, y] in metres")
    aisles: list[AisleOut]
    bins: list[BinPlanOut]


class FillOut(Schema):
    bins: int | None = None
    occupied: int | None = Field(None, description="bins holding stock")
    units: int
    volume_l: float
    weight_kg: float
    fill: float | None = Field(None, description="the tightest of the limits (0.5 = half full); null: no limit")
    units_fill: float | None = None
    volume_fill: float | None = None
    weight_fill: float | None = None


class BinFillOut(FillOut):
    code: str
    band: str = Field(..., description="empty, low, medium, high, full, over or no-limit")


class ZoneFillOut(FillOut):
    zone: str | None = Field(None, description="null: bins straight under the warehouse")


class WarehouseFillOut(FillOut):
    warehouse: str
    zones: list[ZoneFillOut]
    bin_fills: list[BinFillOut]


def _fill(fill: Fill | AreaFill) -> dict:
    contents = fill.contents
    return {
        "units": contents.units,
        "volume_l": contents.volume_ml / 1000,
        "weight_kg": contents.weight_g / 1000,
        "fill": fill.ratio,
        "units_fill": fill.units,
        "volume_fill": fill.volume,
        "weight_fill": fill.weight,
    }


def _area(fill: AreaFill) -> dict:
    return {**_fill(fill), "bins": fill.bins, "occupied": fill.occupied}


@router.get("/warehouses/{code}", response=LayoutOut, auth=requires("inventory.view_location"))
def get_layout(request: HttpRequest, code: str):
    """The floor plan pick paths walk: aisles (x, length), the depot and every active bin."""
    layout = selectors.warehouse_layout(inventory_selectors.warehouse_by_code(code))
    return {**asdict(layout), "mapped": layout.mapped}


@router.post("/warehouses/{code}", response={200: WarehouseOut}, auth=requires("inventory.change_warehouse"))
@idempotent
def set_layout(request: HttpRequest, code: str, payload: WarehouseLayoutIn) -> Status:
    """Set the floor plan; 422 `invalid-layout` listing each broken rule (nothing changes)."""
    warehouse = services.set_warehouse_layout(
        warehouse=inventory_selectors.warehouse_by_code(code), kind=payload.layout_kind,
        aisle_length=payload.aisle_length, depot_x=payload.depot_x, depot_y=payload.depot_y,
        middle_cross_aisles=payload.middle_cross_aisles, user=caller(request), source=Source.API,
    )  # fmt: skip
    return Status(200, WarehouseOut.model_validate(warehouse))


@router.post("/bins/{path:code}", response={200: LocationOut}, auth=requires("inventory.change_location"))
@idempotent
def place_bin(request: HttpRequest, code: str, payload: BinPlaceIn) -> Status:
    """Set a bin's aisle, bay, level, x/y, pick sequence and limits; 422 `invalid-layout` when y
    lies outside its warehouse's aisles, aisle comes without x/y, or the location is not a bin."""
    location = inventory_selectors.location_by_code(code)
    services.place_bin(
        location=location, place=services.BinPlace(**payload.dict()), user=caller(request), source=Source.API
    )
    return Status(
        200, LocationOut.model_validate(Location.objects.select_related("parent", "warehouse").get(pk=location.pk))
    )


@router.post("/zones/{path:code}/aisles", response={201: list[LocationOut]}, auth=requires("inventory.add_location"))
@idempotent
def add_aisle(request: HttpRequest, code: str, payload: AisleIn) -> Status:
    """Create and place every bin of an aisle with racks on both sides (codes ZONE-AA-BB-L); 409
    when those bins exist."""
    zone = inventory_selectors.location_by_code(code)
    limits = services.BinPlace(
        capacity_units=payload.capacity_units, capacity_volume_l=payload.capacity_volume_l,
        capacity_weight_kg=payload.capacity_weight_kg,
    )  # fmt: skip
    aisle = services.Aisle(payload.number, payload.x, payload.bays_per_side, payload.levels, payload.bay_width, limits)
    bins = services.lay_out_aisle(zone=zone, aisle=aisle, user=caller(request), source=Source.API)
    rows = Location.objects.select_related("parent", "warehouse").filter(pk__in=[b.pk for b in bins])
    return Status(201, [LocationOut.model_validate(b) for b in rows.order_by("pick_sequence")])


@router.get("/warehouses/{code}/fill", response=WarehouseFillOut, auth=requires("inventory.view_location"))
def get_fill(request: HttpRequest, code: str, zone: Code | None = None):
    """How full the warehouse, each zone and each bin is (optionally one zone's bins only).
    Volume and weight count the products whose size is known."""
    fills, report = selectors.fill_report(inventory_selectors.warehouse_by_code(code))
    if zone:
        fills = [f for f in fills if f.location.code.startswith(f"{zone}/")]
    return {
        **_area(report.fill),
        "warehouse": report.warehouse.code,
        "zones": [{**_area(z.fill), "zone": z.zone.code if z.zone else None} for z in report.zones],
        "bin_fills": [{**_fill(f.fill), "code": f.location.code, "band": f.fill.band} for f in fills],
    }
