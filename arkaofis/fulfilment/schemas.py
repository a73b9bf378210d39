"""The fulfilment API's shapes."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

NoNul = r"^[^\x00]*$"


class ShipmentLineOut(Schema):
    line_no: int = Field(..., validation_alias="order_line.line_no")
    sku: str = Field(..., validation_alias="order_line.sku")
    quantity: int
    picked_quantity: int
    packed_quantity: int
    short_quantity: int


class ShipmentOut(Schema):
    number: str
    order: str = Field(..., validation_alias="order.number")
    warehouse: str = Field(..., validation_alias="warehouse.code")
    status: str
    carrier: str
    tracking_number: str
    created_at: datetime
    shipped_at: datetime | None
    delivered_at: datetime | None
    wave: str | None = Field(None, validation_alias="wave.number")
    batch: str | None = Field(None, validation_alias="batch.number")
    tote: int | None
    weight_g: int | None
    box: str | None = Field(None, validation_alias="box.code")
    service: str
    tracking_url: str
    sscc: str
    lines: list[ShipmentLineOut]


class ShipIn(Schema):
    # Blank: the carrier and number of the shipment's label (refused when it has none).
    carrier: Annotated[str, Field(max_length=64, pattern=NoNul)] = ""
    tracking_number: Annotated[str, Field(max_length=100, pattern=NoNul)] = ""
