"""The shape of POST /api/orders/{number}/edit: every field left out is left as it is."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from arkaofis.inventory.schemas import Code, Quantity
from arkaofis.orders.edits.services import editing
from arkaofis.orders.schemas import MAX_LINES, AddressIn, Money
from arkaofis.orders.services.intake import AddressIn as AddressData

LineNo = Annotated[int, Field(ge=1, le=2**31 - 1, strict=True)]
Text = Annotated[str, Field(max_length=5000, pattern=r"^[^\x00]*$")]
Tag = Annotated[str, Field(max_length=50, pattern=r"^[^\x00]*$")]


class LineChangeIn(Schema):
    line_no: LineNo
    quantity: Quantity | None = None
    unit_price: Money | None = None
    discount: Money | None = None
    tax: Money | None = None


class NewLineIn(Schema):
    sku: Code
    quantity: Quantity
    unit_price: Money | None = Field(None, description="defaults to the product's sale price (same currency)")
    discount: Money = Decimal(0)
    tax: Money = Decimal(0)


class OrderEditIn(Schema):
    lines: Annotated[list[LineChangeIn], Field(max_length=MAX_LINES, description="new values for existing lines")] = []
    remove: Annotated[list[LineNo], Field(max_length=MAX_LINES, description="line numbers to remove")] = []
    add: Annotated[list[NewLineIn], Field(max_length=MAX_LINES)] = []
    shipping: AddressIn | None = None
    billing: AddressIn | None = None
    shipping_method: Annotated[str, Field(max_length=64, pattern=r"^[^\x00]*$")] | None = None
    shipping_charge: Money | None = None
    notes: Text | None = None
    tags: Annotated[list[Tag], Field(max_length=20)] | None = None
    priority: Annotated[int, Field(ge=-32768, le=32767, strict=True)] | None = None

    def to_edit(self) -> editing.OrderEdit:
        def address(value: AddressIn | None) -> AddressData | None:
            return AddressData(**value.model_dump()) if value else None

        return editing.OrderEdit(
            change=tuple(editing.LineChange(**line.model_dump()) for line in self.lines),
            remove=tuple(self.remove),
            add=tuple(editing.NewLine(**line.model_dump()) for line in self.add),
            shipping=address(self.shipping),
            billing=address(self.billing),
            shipping_method=self.shipping_method,
            shipping_charge=self.shipping_charge,
            notes=self.notes,
            tags=None if self.tags is None else tuple(self.tags),
            priority=self.priority,
        )
