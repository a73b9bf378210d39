"""The inventory API's shapes. Quantities are whole units of the product's base unit.

Bounds here keep bad input at the door as 422s: strict integers (no "3" or true for 3), sizes
that fit the columns, no NUL in text (PostgreSQL refuses it) and no control character in a code
(core.inputs).
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from arkaofis.catalog.schemas import ComponentOut, ProductOut
from arkaofis.core.api_auth import caller_may
from arkaofis.core.inputs import CODE_PATTERN, TEXT_PATTERN
from arkaofis.core.roles import SEE_COSTS
from arkaofis.inventory.models import MAX_QUANTITY  # re-exported: the API modules import it from here

Text = Annotated[str, Field(pattern=TEXT_PATTERN)]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=CODE_PATTERN, description="no control characters")]
Quantity = Annotated[int, Field(gt=0, le=MAX_QUANTITY, strict=True, description="positive whole base units")]


class WarehouseAvailability(Schema):
    warehouse: str
    available: int


class Availability(Schema):
    """Available-to-promise (on hand − reserved) per warehouse and in total; a kit's from its components."""

    sku: str
    warehouses: list[WarehouseAvailability]
    total: int


class ProductDetail(ProductOut):
    """A product with its kit components and its availability (api_products.py)."""

    description: str
    options: dict
    cost_method: str | None = Field(None, description="null unless the caller may see costs (inventory.view_valuation)")
    standard_cost: Decimal | None = Field(
        None, description="null unless the caller may see costs (inventory.view_valuation)"
    )
    components: list[ComponentOut] = Field(..., validation_alias="bill_of_materials")
    availability: Availability

    @staticmethod
    def resolve_cost_method(product: Any, context: Any) -> str | None:
        return product.cost_method if caller_may(context, SEE_COSTS) else None

    @staticmethod
    def resolve_standard_cost(product: Any, context: Any) -> Decimal | None:
        return product.standard_cost if caller_may(context, SEE_COSTS) else None


class WarehouseOut(Schema):
    code: str
    name: str
    country: str
    postal_code: str
    priority: int
    active: bool
    layout_kind: str = Field(..., description="single_block or multi_block")
    aisle_length: Decimal | None = Field(None, description="metres from the front cross aisle (y = 0) to the back one")
    middle_cross_aisles: list[Decimal] = Field(default_factory=list, description="y (m) of cross aisles between blocks")
    depot_x: Decimal | None = Field(None, description="metres; where carts start and end")
    depot_y: Decimal | None = Field(None, description="metres; 0 on the front cross aisle, below 0 in front of it")


class LocationOut(Schema):
    code: str
    name: str
    parent: str | None = Field(None, validation_alias="parent.code", description="code of the parent location")
    warehouse: str | None = Field(None, validation_alias="warehouse.code")
    kind: str
    usage: str
    is_virtual: bool
    allow_negative: bool
    removal_strategy: str
    active: bool
    aisle: int | None = Field(None, description="null unless a placed bin")
    bay: int | None = None
    level: int | None = Field(None, description="1 on the floor")
    x: Decimal | None = Field(None, description="metres across the aisles: the aisle's centre line")
    y: Decimal | None = Field(None, description="metres along the aisle from the front cross aisle")
    pick_sequence: int | None = Field(None, description="walk order where the warehouse has no coordinates")
    capacity_units: int | None = Field(None, description="base units of every product in it; null: no limit")
    capacity_volume_l: int | None = Field(None, description="litres; null: no limit")
    capacity_weight_kg: int | None = Field(None, description="kilograms; null: no limit")


class QuantOut(Schema):
    location: str = Field(..., validation_alias="location.code")
    warehouse: str | None = Field(None, validation_alias="warehouse.code")
    lot: str | None = Field(None, validation_alias="lot.code")
    on_hand: int
    reserved: int
    available: int


class StockLevels(Schema):
    sku: str
    quants: list[QuantOut]
    availability: Availability


class MoveOut(Schema):
    id: int
    created_at: datetime
    sku: str = Field(..., validation_alias="product.sku")
    quantity: int
    from_location: str = Field(..., validation_alias="from_location.code")
    to_location: str = Field(..., validation_alias="to_location.code")
    lot: str | None = Field(None, validation_alias="lot.code")
    reason: str
    reason_code: str
    source_document: str
    source: str
    user: str | None = Field(None, validation_alias="user.username")


class MovesOut(Schema):
    moves: list[MoveOut]


class AdjustmentIn(Schema):
    sku: Code
    location: Code = Field(..., description="code of an internal location, e.g. IST/A/A-01-02")
    delta: int = Field(
        ..., ge=-MAX_QUANTITY, le=MAX_QUANTITY, strict=True, description="units added (+) or removed (−); not 0"
    )
    reason_code: str = Field(..., max_length=32, description="found, count_gain, damaged, lost, …")
    lot: Code | None = None
    note: Text = Field("", max_length=100)


class TransferIn(Schema):
    sku: Code
    quantity: Quantity
    from_location: Code
    to_location: Code
    lot: Code | None = None
    reference: Text = Field("", max_length=100)
    # from_location == to_location is a business rule, not a shape: the ledger refuses it as a
    # `same-location` problem, so the OpenAPI document (which cannot say "differ") stays exact.


class ReservationIn(Schema):
    sku: Code
    quantity: Quantity
    demand_ref: Text = Field(..., min_length=1, max_length=100, description="what the stock is held for")
    warehouse: Code | None = Field(None, description="warehouse code; any warehouse when omitted")


class ReservationOut(Schema):
    id: int
    sku: str = Field(..., validation_alias="product.sku")
    warehouse: str = Field(..., validation_alias="warehouse.code")
    location: str = Field(..., validation_alias="location.code")
    lot: str | None = Field(None, validation_alias="lot.code")
    quantity: int
    demand_ref: str
    status: str
    created_at: datetime
    closed_at: datetime | None


class ReservationsOut(Schema):
    reservations: list[ReservationOut]


class ReleaseDemandIn(Schema):
    demand_ref: Text = Field(..., min_length=1, max_length=100)


class ReleasedOut(Schema):
    demand_ref: str
    released: int


class LowStockAlertOut(Schema):
    sku: str = Field(..., validation_alias="product.sku")
    warehouse: str = Field(..., validation_alias="warehouse.code")
    available: int
    threshold: int
    raised_at: datetime
