"""Stock valuation screen: what the stock was worth at the end of a day, per warehouse, over the
last 90 days and per product, read from the ledger; the product table also as CSV."""

from datetime import date, datetime, time
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arkaofis.catalog.services.tables import write_csv
from arkaofis.core.money import round_money
from arkaofis.core.views import staff_view
from arkaofis.inventory.charts import line_chart, value_bars
from arkaofis.inventory.forms_valuation import ValuationFilterForm
from arkaofis.inventory.valuation_selectors import (
    average_unit_cost,
    main_currency,
    product_valuation,
    totals_by_currency,
    value_series,
    warehouse_valuation,
)

PAGE_SIZE = 50
SERIES_DAYS = 90
COST_METHODS = {"fifo": _("FIFO"), "average": _("Moving average")}
CSV_COLUMNS = ("sku", "name", "cost_method", "quantity", "uom", "currency", "value", "unit_cost")


def valuation_moment(as_of: date | None) -> datetime:
    """The end of `as_of` in the user's time zone; now for today, a later day or no day."""
    now = timezone.now()
    if as_of is None or as_of >= timezone.localdate(now):
        return now
    return datetime.combine(as_of, time.max).replace(tzinfo=timezone.get_current_timezone())


def with_costs(rows) -> list[dict]:
    """Product rows with their value in the currency's minor unit, the average unit cost and the method's label."""
    return [
        {
            **row,
            "value": round_money(Decimal(row["value"] or 0), row["currency"]),
            "unit_cost": average_unit_cost(row["value"], row["quantity"]),
            "method": COST_METHODS.get(row["cost_method"], row["cost_method"]),
        }
        for row in rows
    ]


def _csv(rows, at: datetime, warehouse) -> HttpResponse:
    table = (
        (
            r["sku"],
            r["name"],
            r["cost_method"],
            r["quantity"],
            r["uom"],
            r["currency"],
            r["value"],
            r["unit_cost"] or "",
        )
        for r in with_costs(rows.iterator())
    )
    response = HttpResponse(write_csv(CSV_COLUMNS, table), content_type="text/csv; charset=utf-8")
    name = "-".join(
        filter(None, ["stock-valuation", timezone.localtime(at).strftime("%Y%m%d"), warehouse and warehouse.code])
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@staff_view("inventory.view_valuation")
def valuation(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    params.setdefault("as_of", timezone.localdate().isoformat())  # the picker shows today by default
    form = ValuationFilterForm(params)
    form.is_valid()  # a bad field is shown as an error; the valid ones still apply
    data = form.cleaned_data
    as_of, warehouse = data.get("as_of"), data.get("warehouse")
    at = valuation_moment(as_of)
    warehouse_id = warehouse.pk if warehouse else None
    products = product_valuation(at, warehouse_id)
    if request.GET.get("format") == "csv":
        return _csv(products, at, warehouse)
    rows = warehouse_valuation(at, warehouse_id)
    totals = sorted(totals_by_currency(rows).items(), key=lambda item: -item[1])
    currency = main_currency(rows)
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "at": at,
        "is_now": as_of is None or as_of >= timezone.localdate(),
        "warehouse": warehouse,
        "totals": [(currency, round_money(value, currency)) for currency, value in totals],
        "charts": [{"currency": currency, "bars": value_bars(rows, currency)} for currency in dict(totals)]
        or [{"currency": currency, "bars": value_bars(rows, currency)}],
        "currency": currency,
        "several_currencies": len(totals) > 1,
        "line": line_chart(value_series(end=at, days=SERIES_DAYS, warehouse_id=warehouse_id, currency=currency)),
        "days": SERIES_DAYS,
        "page": page,
        "rows": with_costs(page.object_list),
    }
    return render(request, "inventory/valuation.html", context)
