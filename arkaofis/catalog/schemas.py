"""The catalog's API shapes: one schema serves validation, rendering and the OpenAPI document."""

from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from arkaofis.catalog.models import CostMethod, Tracking
from arkaofis.core.api_auth import caller_may
from arkaofis.core.roles import SEE_COSTS
from arkaofis.inventory.schemas import Availability

SKU_FIELD = Field(..., min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


class ProductOut(Schema):
    sku: str
    name: str
    barcode: str | None
    uom: str = Field(..., validation_alias="uom.code")
    category: str
    is_kit: bool
    tracking: str
    sale_price: Decimal
    currency: str
    active: bool


class ComponentOut(Schema):
    sku: str = Field(..., validation_alias="component.sku")
    name: str = Field(..., validation_alias="component.name")
    quantity: int


class ProductDetail(ProductOut):
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


class ComponentIn(Schema):
    sku: str = SKU_FIELD
    quantity: int = Field(..., gt=0, strict=True)


class ProductIn(Schema):
    sku: str = SKU_FIELD
    name: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    barcode: str | None = Field(None, description="GTIN-8/12/13/14 with a valid check digit")
    uom: str = Field("pcs", description="unit of measure code")
    category: str = Field("", max_length=100)
    tracking: Tracking = Tracking.NONE
    cost_method: CostMethod = CostMethod.FIFO
    standard_cost: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=4)
    sale_price: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=4)
    currency: str = Field("TRY", pattern=r"^[A-Z]{3}$")
    active: bool = True
    components: list[ComponentIn] = Field(default_factory=list, description="bill of materials; makes it a kit")


class ImportErrorOut(Schema):
    line: int
    column: str
    reason: str


class ImportReportOut(Schema):
    file_name: str
    ok: bool
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[ImportErrorOut]
