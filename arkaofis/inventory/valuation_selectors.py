"""Stock valuation read from the ledger: per product, per warehouse and over time.

Every figure is the sum of move quantities and move values into valued locations (internal and
transit: domain.VALUED_USAGES) minus those out of them, up to a moment. So a past date is answered
exactly like today, with no snapshot to keep in step. Each figure is one grouped query: the
database does the work, never a loop over products. Values are in each product's own currency,
so totals are kept per currency.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Case, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from arkaofis.catalog.models import Product
from arkaofis.core.money import round_unit
from arkaofis.inventory.domain import VALUED_USAGES
from arkaofis.inventory.models import StockMove, Warehouse

MONEY = DecimalField(max_digits=20, decimal_places=4)
# SQLite sums decimals as floats: a product whose stock is gone may keep a residue like 1e-13.
_RESIDUE = Decimal("0.00005")


def _in_scope(side: str, warehouse_id: int | None) -> Q:
    """The `side` ("to" or "from") of a move is a valued location (of one warehouse)."""
    scope = Q(**{f"{side}_location__usage__in": VALUED_USAGES})
    if warehouse_id is not None:
        scope &= Q(**{f"{side}_location__warehouse_id": warehouse_id})
    return scope


def _signed(field: str, warehouse_id: int | None, output: DecimalField | IntegerField) -> Case:
    """`field` counted + into the valued stock, − out of it, 0 for moves inside it."""
    into, out_of = _in_scope("to", warehouse_id), _in_scope("from", warehouse_id)
    return Case(
        When(into & out_of, then=Value(0)),
        When(into, then=F(field)),
        When(out_of, then=F(field) * -1),
        default=Value(0),
        output_field=output,
    )


def _net_quantity(warehouse_id: int | None) -> Sum:
    return Sum(_signed("quantity", warehouse_id, IntegerField()))


def _net_value(warehouse_id: int | None) -> Sum:
    return Sum(_signed("value", warehouse_id, MONEY), output_field=MONEY)


def scoped_moves(at: datetime, warehouse_id: int | None = None) -> QuerySet[StockMove]:
    """Moves up to `at` that enter or leave the valued locations (of one warehouse)."""
    into, out_of = _in_scope("to", warehouse_id), _in_scope("from", warehouse_id)
    return StockMove.objects.filter(created_at__lte=at).filter(into | out_of).order_by()


def product_valuation(at: datetime, warehouse_id: int | None = None) -> QuerySet:
    """Per product at `at`: sku, name, cost_method, currency, uom, quantity, value (dict rows),
    highest value first. Products with nothing left (quantity and value 0) are left out.
    Lazy: slice it to page; `.count()` counts the products."""
    rows = (
        scoped_moves(at, warehouse_id)
        .values(
            "product_id",
            sku=F("product__sku"),
            name=F("product__name"),
            cost_method=F("product__cost_method"),
            currency=F("product__currency"),
            uom=F("product__uom__code"),
        )
        .annotate(quantity=_net_quantity(warehouse_id), value=_net_value(warehouse_id))
    )
    left = ~Q(quantity=0) | Q(value__gte=_RESIDUE) | Q(value__lte=-_RESIDUE)
    return rows.filter(left).order_by("-value", "sku")


@dataclass(frozen=True)
class WarehouseValue:
    warehouse_id: int | None
    code: str
    name: str
    currency: str
    value: Decimal


def _warehouse_totals(at: datetime, warehouse_id: int | None) -> dict[tuple[int | None, str], Decimal]:
    """Net value per (warehouse id, currency): one grouped query for the value that came in,
    one for the value that went out."""
    totals: dict[tuple[int | None, str], Decimal] = {}
    for side, sign in (("to", 1), ("from", -1)):
        rows = (
            StockMove.objects.filter(created_at__lte=at)
            .filter(_in_scope(side, warehouse_id))
            .order_by()
            .values_list(f"{side}_location__warehouse_id", "product__currency")
            .annotate(total=Sum("value", output_field=MONEY))
        )
        for place, currency, total in rows:
            totals[(place, currency)] = totals.get((place, currency), Decimal(0)) + sign * (total or 0)
    return totals


def warehouse_valuation(at: datetime, warehouse_id: int | None = None) -> list[WarehouseValue]:
    """Stock value per warehouse (and currency) at `at`. Every active warehouse appears, at 0
    when empty, so a chart shows them all; stock in transit between warehouses comes last."""
    totals = _warehouse_totals(at, warehouse_id)
    fallback = Product._meta.get_field("currency").get_default()
    warehouses = Warehouse.objects.all() if warehouse_id is None else Warehouse.objects.filter(pk=warehouse_id)
    result = []
    for warehouse in warehouses:
        mine = sorted((currency, value) for (place, currency), value in totals.items() if place == warehouse.pk)
        if not mine and not warehouse.active and warehouse_id is None:
            continue
        for currency, value in mine or [(fallback, Decimal(0))]:
            result.append(WarehouseValue(warehouse.pk, warehouse.code, warehouse.name, currency, _money(value)))
    for (place, currency), value in sorted(totals.items(), key=lambda item: item[0][1]):
        if place is None and _money(value):
            result.append(WarehouseValue(None, "", gettext("In transit"), currency, _money(value)))
    return result


def main_currency(rows: list[WarehouseValue]) -> str:
    """The currency most of the stock is valued in (the one a single headline figure uses)."""
    totals = totals_by_currency(rows)
    if totals:
        return max(totals, key=lambda currency: totals[currency])
    return rows[0].currency if rows else ""


def totals_by_currency(rows: list[WarehouseValue]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for row in rows:
        if row.currency:
            totals[row.currency] = totals.get(row.currency, Decimal(0)) + row.value
    return totals


def value_series(
    *, end: datetime, days: int, warehouse_id: int | None = None, currency: str | None = None
) -> list[tuple[date, Decimal]]:
    """Total stock value (of products in `currency`, when given) at the end of each of the `days`
    days up to `end` (the last point is `end` itself), days in the current time zone. One
    aggregate for the opening balance and one query grouped by day; the running sum is here."""
    zone = timezone.get_current_timezone()
    last_day = timezone.localtime(end, zone).date()
    first_day = last_day - timedelta(days=days - 1)
    start = datetime.combine(first_day, time.min).replace(tzinfo=zone)
    moves = scoped_moves(end, warehouse_id)
    if currency is not None:
        moves = moves.filter(product__currency=currency)
    opening = moves.filter(created_at__lt=start).aggregate(value=_net_value(warehouse_id))["value"] or Decimal(0)
    changes = dict(
        moves.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(value=_net_value(warehouse_id))
        .values_list("day", "value")
    )
    running, series = Decimal(opening), []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        running += changes.get(day) or 0
        series.append((day, _money(running)))
    return series


def average_unit_cost(value: Decimal | int | None, quantity: int) -> Decimal | None:
    """Value per unit left, at the ledger's unit-cost precision (core.money.UNIT_PLACES); None when nothing is left."""
    if quantity <= 0:
        return None
    return round_unit(Decimal(value or 0) / quantity)


def _money(value: Decimal | int | float) -> Decimal:
    return round_unit(Decimal(value))
