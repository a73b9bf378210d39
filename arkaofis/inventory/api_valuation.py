"""Stock valuation API: what the stock in internal locations was worth at a moment, per
warehouse and per product, summed from the ledger. Read-only; needs inventory.view_valuation.

Mounted at /api/inventory/valuation. Values are in each product's currency, so totals come
one per currency.
"""

from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from arkaofis.core.api_auth import requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.inputs import Instant
from arkaofis.core.money import round_money
from arkaofis.inventory import selectors, valuation_selectors
from arkaofis.inventory.schemas import Code

router = Router(tags=["inventory"])
_AT = Query(
    None,
    description="ISO 8601 moment, e.g. 2026-11-01T23:59:59+03:00 (without an offset: the site's time zone; "
    "a date alone: its first moment, 00:00); now when omitted",
)
_WAREHOUSE = Query(None, description="only this warehouse code")


class WarehouseValueOut(Schema):
    warehouse: str = Field(..., description='warehouse code; "" for internal locations outside any warehouse')
    name: str
    currency: str
    value: Decimal


class CurrencyTotal(Schema):
    currency: str
    value: Decimal


class ValuationOut(Schema):
    """Value of the stock in internal locations at `at`, per warehouse and in total per currency."""

    at: datetime
    warehouse: str | None
    warehouses: list[WarehouseValueOut]
    totals: list[CurrencyTotal]


class ProductValueOut(Schema):
    sku: str
    name: str
    cost_method: str = Field(..., description="fifo or average")
    currency: str
    quantity: int = Field(..., description="whole base units in internal locations")
    value: Decimal
    unit_cost: Decimal | None = Field(None, description="average unit cost: value / quantity; null when none left")

    @staticmethod
    def resolve_value(row: dict) -> Decimal:
        return round_money(Decimal(row["value"] or 0), row["currency"])

    @staticmethod
    def resolve_unit_cost(row: dict) -> Decimal | None:
        return valuation_selectors.average_unit_cost(row["value"], row["quantity"])


def moment(at: datetime | None) -> datetime:
    """`at` made timezone-aware (a naive moment is in the site's zone); now when absent."""
    if at is None:
        return timezone.now()
    return at if timezone.is_aware(at) else timezone.make_aware(at)


def warehouse_id(code: str | None) -> int | None:
    if not code:
        return None
    return selectors.warehouse_by_code(code).pk


@router.get("", response=ValuationOut, auth=requires("inventory.view_valuation"))
def valuation(request: HttpRequest, at: Instant | None = _AT, warehouse: Code | None = _WAREHOUSE) -> ValuationOut:
    """Stock value per warehouse and in total at a moment (now by default), from the ledger."""
    when = moment(at)
    rows = valuation_selectors.warehouse_valuation(when, warehouse_id(warehouse))
    totals = valuation_selectors.totals_by_currency(rows)
    return ValuationOut(
        at=when,
        warehouse=warehouse,
        warehouses=[
            WarehouseValueOut(
                warehouse=r.code, name=r.name, currency=r.currency, value=round_money(r.value, r.currency)
            )
            for r in rows
        ],
        totals=[CurrencyTotal(currency=c, value=round_money(v, c)) for c, v in sorted(totals.items())],
    )


@router.get("/products", response=list[ProductValueOut], auth=requires("inventory.view_valuation"))
@paginate(Paging)
def product_values(request: HttpRequest, at: Instant | None = _AT, warehouse: Code | None = _WAREHOUSE) -> QuerySet:
    """Quantity, value and average unit cost per product at a moment, highest value first."""
    return valuation_selectors.product_valuation(moment(at), warehouse_id(warehouse))
