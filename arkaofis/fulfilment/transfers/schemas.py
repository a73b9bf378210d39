"""The transfer API's shapes. Scans are free text (the services say what they name)."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from arkaofis.core.inputs import TEXT_PATTERN
from arkaofis.fulfilment.floor.schemas import Scan
from arkaofis.inventory.schemas import Code, Quantity

Sku = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]


class TransferLineIn(Schema):
    sku: Sku
    quantity: Quantity


class TransferOrderIn(Schema):
    from_warehouse: Code
    to_warehouse: Code
    lines: list[TransferLineIn] = Field(..., min_length=1, max_length=200)
    note: Annotated[str, Field(max_length=200, pattern=TEXT_PATTERN)] = ""


class TransferLineOut(Schema):
    line_no: int
    sku: str = Field(..., validation_alias="product.sku")
    quantity: int
    shipped_quantity: int
    short_quantity: int
    received_quantity: int
    lost_quantity: int
    put_away_quantity: int
    in_transit: int
    at_dock: int


class TransferOut(Schema):
    number: str
    from_warehouse: str = Field(..., validation_alias="from_warehouse.code")
    to_warehouse: str = Field(..., validation_alias="to_warehouse.code")
    status: str
    note: str
    created_at: datetime
    shipped_at: datetime | None
    received_at: datetime | None
    closed_at: datetime | None
    lines: list[TransferLineOut]

    @staticmethod
    def resolve_lines(transfer) -> list:
        return list(transfer.lines.select_related("product").order_by("line_no"))


class TransferPickIn(Schema):
    line: Annotated[int, Field(ge=1, le=200, strict=True)]
    bin: Scan
    item: Scan
    quantity: Quantity


class ReceiveIn(Schema):
    item: Scan
    quantity: Quantity


class PutAwayIn(Schema):
    item: Scan
    bin: Scan
    quantity: Quantity


class InTransitOut(Schema):
    """Units of one transfer line on the road; `value` (what the ledger carried onto the road, in
    `currency`) only for callers who may see costs, null otherwise."""

    transfer: str
    from_warehouse: str
    to_warehouse: str
    sku: str
    units: int
    value: Decimal | None
    currency: str


StatusFilter = Literal[
    "", "open", "requested", "picking", "in_transit", "partially_received", "received", "closed", "cancelled"
]
