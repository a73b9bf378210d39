"""The counts API's shapes. Scans are free text (the services say what they name); a blind count's
expected quantities and variances are null for a caller who may not see them (selectors.show_expected)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from arkaofis.fulfilment.counts import selectors
from arkaofis.inventory.models import MAX_QUANTITY
from arkaofis.inventory.schemas import Code

Scan = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]*$")]
Reason = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
NOTE = "null on a blind count for a caller who may not approve counts (fulfilment.approve_count)"


class CountIn(Schema):
    warehouse: Code
    bins: list[Code] = Field(default_factory=list, max_length=500, description="bin codes; every product in them")
    sku: Code | None = Field(None, description="one product: in the bins given, else across its bins")
    abc_class: Literal["", "A", "B", "C"] = Field("", description="every product of the class across its bins")
    origin: Literal["manual", "schedule", "short_pick"] = "manual"
    reason: Reason = ""
    blind: bool = True


class RecordIn(Schema):
    bin: Scan
    item: Scan
    lot: Annotated[str, Field(max_length=128, pattern=r"^[^\x00-\x1f\x7f]*$")] = ""
    quantity: Annotated[int, Field(ge=0, le=MAX_QUANTITY, strict=True)]


class EmptyBinIn(Schema):
    bin: Scan


class CountDecisionIn(Schema):
    reason: Reason = ""


class CountBinOut(Schema):
    code: str = Field(..., validation_alias="location.code")
    counted: bool

    @staticmethod
    def resolve_counted(row: Any) -> bool:
        return row.visited_at is not None


class CountLineOut(Schema):
    bin: str
    sku: str
    lot: str | None
    found: bool
    counted: int | None
    counted_at: datetime | None
    expected: int | None = Field(None, description=NOTE)
    variance: int | None = Field(None, description=NOTE)
    needs_approval: bool | None = Field(None, description=NOTE)


class CountOut(Schema):
    number: str
    warehouse: str = Field(..., validation_alias="warehouse.code")
    scope: str
    sku: str | None = Field(None, validation_alias="product.sku")
    abc_class: str
    origin: str
    status: str
    blind: bool
    reason: str
    recounts: int
    created_at: datetime
    finished_at: datetime | None
    posted_at: datetime | None
    bins: list[CountBinOut]
    lines: list[CountLineOut]

    @staticmethod
    def resolve_bins(count: Any) -> list[Any]:
        return list(count.bins.select_related("location").order_by("location__code"))

    @staticmethod
    def resolve_lines(count: Any, context: Any) -> list[dict[str, Any]]:
        request = context.get("request") if isinstance(context, dict) else None
        shown = selectors.show_expected(count, getattr(request, "auth", None))
        return [
            {
                "bin": line.location.code,
                "sku": line.product.sku,
                "lot": line.lot.code if line.lot else None,
                "found": line.found,
                "counted": line.counted,
                "counted_at": line.counted_at,
                "expected": line.expected if shown else None,
                "variance": line.variance if shown else None,
                "needs_approval": line.needs_approval if shown else None,
            }
            for line in selectors.lines(count)
        ]


class CountSummaryOut(Schema):
    number: str
    warehouse: str = Field(..., validation_alias="warehouse.code")
    scope: str
    sku: str | None = Field(None, validation_alias="product.sku")
    origin: str
    status: str
    created_at: datetime
