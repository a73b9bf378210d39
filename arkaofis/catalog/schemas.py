"""The catalog's API shapes: one schema serves validation, rendering and the OpenAPI document."""

from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from arkaofis.catalog.domain import IMAGE_URL_MAX_LENGTH, SKU_PATTERN
from arkaofis.catalog.models import CostMethod, Tracking
from arkaofis.catalog.services.product_rows import MAX_SIZE
from arkaofis.core.inputs import Amount
from arkaofis.core.money import CurrencyCode

SKU_FIELD = Field(..., min_length=1, max_length=64, pattern=SKU_PATTERN.pattern)
WEIGHT_FIELD = Field(None, ge=0, le=MAX_SIZE, strict=True, description="grams per base unit as packed; null: unknown")
VOLUME_FIELD = Field(
    None, ge=0, le=MAX_SIZE, strict=True, description="millilitres (cm³) per base unit as packed; null: unknown"
)
IMAGE_DESCRIPTION = "https:// address of the product's photo, shown on the pick and pack screens; null: none"


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
    weight_g: int | None = Field(None, description="grams per base unit as packed")
    volume_ml: int | None = Field(None, description="millilitres (cm³) per base unit as packed")
    image_url: str | None = Field(None, description=IMAGE_DESCRIPTION)

    @staticmethod
    def resolve_image_url(product: Any) -> str | None:
        return product.image_url or None


class ComponentOut(Schema):
    sku: str = Field(..., validation_alias="component.sku")
    name: str = Field(..., validation_alias="component.name")
    quantity: int


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
    standard_cost: Amount = Decimal(0)
    sale_price: Amount = Decimal(0)
    currency: CurrencyCode = "TRY"
    active: bool = True
    weight_g: int | None = WEIGHT_FIELD
    volume_ml: int | None = VOLUME_FIELD
    # Only the length here: the product service judges the address (https, a real host) as an import does.
    image_url: str | None = Field(None, max_length=IMAGE_URL_MAX_LENGTH, description=IMAGE_DESCRIPTION)
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
