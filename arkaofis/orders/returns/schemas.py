"""The returns API's shapes. Lines are named by their order line number (line_no)."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from arkaofis.inventory.schemas import Code

Reason = Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[^\x00]*\S[^\x00]*$")]
LineNo = Annotated[int, Field(ge=1, le=10**6)]
Units = Annotated[int, Field(ge=0, le=10**9)]


class ReturnLineIn(Schema):
    line_no: LineNo
    quantity: Annotated[int, Field(ge=1, le=10**9)]
    reason: Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")] = ""


class ReturnOpenIn(Schema):
    order: Code = Field(..., description="the order number, e.g. SO-000123")
    reason: Reason
    lines: Annotated[list[ReturnLineIn], Field(min_length=1, max_length=500)]
    warehouse: Code | None = Field(None, description="defaults to the warehouse that shipped the first line")


class ReceivedLineIn(Schema):
    line_no: LineNo
    quantity: Units


class ReturnCancelIn(Schema):
    reason: Reason


class ReturnReceiveIn(Schema):
    lines: Annotated[list[ReceivedLineIn], Field(min_length=1, max_length=500)]


class DecisionIn(Schema):
    line_no: LineNo
    decision: Literal["restock", "quarantine", "scrap"]


class ReturnInspectIn(Schema):
    lines: Annotated[list[DecisionIn], Field(min_length=1, max_length=500)]


class ReturnLineOut(Schema):
    line_no: int = Field(..., validation_alias="order_line.line_no")
    sku: str = Field(..., validation_alias="order_line.sku")
    quantity: int
    reason: str
    received_quantity: int
    decision: str
    refund_amount: Decimal


class ReturnOut(Schema):
    number: str
    order: str = Field(..., validation_alias="order.number")
    currency: str = Field(..., validation_alias="order.currency")
    status: str
    reason: str
    warehouse: str = Field(..., validation_alias="warehouse.code")
    refund_amount: Decimal
    created_at: datetime
    received_at: datetime | None
    closed_at: datetime | None
    lines: list[ReturnLineOut]
