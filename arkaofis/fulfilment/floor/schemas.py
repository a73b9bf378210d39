"""The floor API's shapes. Scans are free text up to 128 characters (the services say what they name)."""

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from arkaofis.fulfilment.floor.selectors import put_away_open
from arkaofis.fulfilment.selectors import left_at_packing
from arkaofis.inventory.schemas import Code

Scan = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]*$")]
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]


class WaveIn(Schema):
    warehouse: Code
    shipments: list[Annotated[str, Field(max_length=32, pattern=r"^[^\x00]*$")]] = Field(
        default_factory=list, max_length=1000
    )
    cart_orders: Annotated[int, Field(ge=1, le=50)] = 8


class StopOut(Schema):
    id: int
    sequence: int
    location: str = Field(..., validation_alias="location.code")
    sku: str = Field(..., validation_alias="product.sku")
    name: str = Field(..., validation_alias="product.name")
    barcode: str | None = Field(None, validation_alias="product.barcode")
    image_url: str | None = Field(None, description="the product's photo (https://); null: none")
    lot: str | None = Field(None, validation_alias="lot.code")
    shipment: str = Field(..., validation_alias="shipment.number")
    tote: int | None = Field(None, validation_alias="shipment.tote")
    quantity: int
    picked_quantity: int
    short_quantity: int
    status: str

    @staticmethod
    def resolve_image_url(line: Any) -> str | None:
        return line.product.image_url or None


class BatchOut(Schema):
    number: str
    wave: str = Field(..., validation_alias="wave.number")
    warehouse: str = Field(..., validation_alias="warehouse.code")
    status: str
    route_m: float | None
    baseline_m: float | None
    picker: str | None = Field(None, validation_alias="picker.username")
    stops: list[StopOut]

    @staticmethod
    def resolve_stops(batch: Any) -> list[Any]:
        return list(batch.lines.select_related("product", "location", "lot", "shipment").order_by("sequence", "id"))


class WaveOut(Schema):
    number: str
    warehouse: str = Field(..., validation_alias="warehouse.code")
    status: str
    rule: str
    created_at: datetime
    batches: list[str]

    @staticmethod
    def resolve_batches(wave: Any) -> list[str]:
        return [batch.number for batch in wave.batches.order_by("id")]


class PickIn(Schema):
    bin: Scan
    item: Scan
    quantity: Annotated[int, Field(ge=1, le=1_000_000_000)]


class ShortIn(Schema):
    bin: Scan
    found: Count


class PackScanIn(Schema):
    item: Scan


class CloseBoxIn(Schema):
    box: Annotated[str, Field(max_length=32, pattern=r"^[^\x00-\x1f\x7f]*$")] = ""
    weight_g: Annotated[int, Field(ge=1, le=70_000)]


class LabelIn(Schema):
    # Blank: the carrier serving the order's shipping method, else the default one.
    carrier: Annotated[str, Field(max_length=32, pattern=r"^[^\x00-\x1f\x7f]*$")] = ""
    service: Annotated[str, Field(max_length=64, pattern=r"^[^\x00-\x1f\x7f]*$")] = ""


class PackingUnitsOut(Schema):
    """Units of one product (and lot) a cancelled shipment left at packing, still to put away."""

    sku: str = Field(..., validation_alias="product.sku")
    name: str = Field(..., validation_alias="product.name")
    barcode: str | None = Field(None, validation_alias="product.barcode")
    lot: str | None = Field(None, validation_alias="lot.code")
    units: int


class PutAwayStateOut(Schema):
    """A cancelled shipment's put-away: what is still at packing, and whether its task is open."""

    shipment: str = Field(..., validation_alias="number")
    status: str
    warehouse: str = Field(..., validation_alias="warehouse.code")
    left: list[PackingUnitsOut]
    task_open: bool

    @staticmethod
    def resolve_left(shipment: Any) -> list[Any]:
        return left_at_packing(shipment)

    @staticmethod
    def resolve_task_open(shipment: Any) -> bool:
        return put_away_open(shipment.number)


class ShipmentPutAwayIn(Schema):
    item: Scan
    bin: Scan
    quantity: Annotated[int, Field(ge=1, le=1_000_000_000)]
