"""The dashboard, the first screen after login: products, units on hand, open low-stock alerts and,
for those who may see costs, the stock value per warehouse."""

from decimal import Decimal

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from arkaofis.catalog.models import Product
from arkaofis.core.views import staff_view
from arkaofis.inventory import selectors
from arkaofis.inventory.charts import value_bars
from arkaofis.inventory.models import Quant, Usage
from arkaofis.inventory.valuation_selectors import main_currency, totals_by_currency, warehouse_valuation


@staff_view("catalog.view_product")
def dashboard(request: HttpRequest) -> HttpResponse:
    internal = Quant.objects.filter(location__usage=Usage.INTERNAL)
    context = {
        "product_count": Product.objects.filter(active=True).count(),
        "units_on_hand": internal.aggregate(total=Sum("on_hand"))["total"] or 0,
        "alerts": selectors.open_low_stock_alerts().order_by("-raised_at")[:10],
        "alert_count": selectors.open_low_stock_alerts().count(),
    }
    # Stock value is for those who may see costs; others never have it computed.
    if request.user.has_perm("inventory.view_valuation"):
        rows = warehouse_valuation(timezone.now())
        currency = main_currency(rows)
        context["stock_value"] = totals_by_currency(rows).get(currency, Decimal(0))
        context["stock_currency"] = currency
        context["value_bars"] = value_bars(rows, currency)
    return render(request, "core/dashboard.html", context)
