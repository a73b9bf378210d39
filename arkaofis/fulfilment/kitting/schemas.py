"""The kitting API's shapes."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from arkaofis.fulfilment.floor.schemas import Scan
from arkaofis.fulfilment.transfers.schemas import Sku
from arkaofis.inventory.schemas import Code, Quantity


class KittingIn(Schema):
    warehouse: Code
    kit: Sku
    quantity: Quantity
    kind: Literal["assemble", "disassemble"] = "assemble"


class KittingLineOut(Schema):
    line_no: int
    sku: str = Field(..., validation_alias="product.sku")
    per_unit: int
    quantity: int
    consumed_quantity: int


class KittingOut(Schema):
    number: str
    warehouse: str = Field(..., validation_alias="warehouse.code")
    kit: str = Field(..., validation_alias="kit.sku")
    kind: str
    quantity: int
    done_quantity: int
    status: str
    created_at: datetime
    closed_at: datetime | None
    lines: list[KittingLineOut]

    @staticmethod
    def resolve_lines(order) -> list:
        return list(order.lines.select_related("product").order_by("line_no"))


class CompleteIn(Schema):
    bin: Scan
    quantity: Quantity | None = None  # all that is left when not given


StatusFilter = Literal["", "open", "requested", "partially_done", "done", "cancelled"]
