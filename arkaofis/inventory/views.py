"""Stock screens: adjust and transfer forms (writes go through the services), moves, stock
levels and low-stock alerts (reads)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from arkaofis.catalog.models import Product
from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view
from arkaofis.inventory import selectors
from arkaofis.inventory.forms import AdjustForm, MoveFilterForm, TransferForm
from arkaofis.inventory.models import Quant, StockMove, Usage, Warehouse
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.inventory.services.transfers import transfer_stock


def history_url(product: Product) -> str:
    return reverse("catalog:product_detail", args=[product.pk]) + "#history"


def run_stock_form(request: HttpRequest, form_class, write, template: str, success: str) -> HttpResponse:
    """Show the form; on a valid POST call `write(data)`. A refused change (DomainError) comes
    back as a form error and, the service being one transaction, has written nothing."""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                write(form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error_message(error))
            else:
                product = form.cleaned_data["sku"]
                messages.success(request, success % {"sku": product.sku})
                return redirect(history_url(product))
    else:
        form = form_class(initial={"sku": request.GET.get("sku", "")})
    status = 422 if form.errors else 200
    return render(request, template, {"form": form}, status=status)


@staff_view("inventory.adjust_stock")
def adjust(request: HttpRequest) -> HttpResponse:
    def write(data: dict) -> None:
        adjust_stock(
            product=data["sku"],
            location=data["location"],
            delta=data["delta"],
            reason_code=data["reason_code"],
            lot=data["lot"],
            note=data["note"],
            user=request.user,
            source=Source.UI,
        )

    return run_stock_form(request, AdjustForm, write, "inventory/adjust.html", _("Stock of %(sku)s adjusted."))


@staff_view("inventory.transfer_stock")
def transfer(request: HttpRequest) -> HttpResponse:
    def write(data: dict) -> None:
        transfer_stock(
            product=data["sku"],
            quantity=data["quantity"],
            from_location=data["from_location"],
            to_location=data["to_location"],
            lot=data["lot"],
            reference=data["reference"],
            user=request.user,
            source=Source.UI,
        )

    return run_stock_form(request, TransferForm, write, "inventory/transfer.html", _("%(sku)s transferred."))


@staff_view("inventory.view_quant")
def stock_hint(request: HttpRequest) -> HttpResponse:
    """Where a product is stocked, shown beside the forms while the SKU is typed (htmx)."""
    sku = request.GET.get("sku", "").strip()
    product = Product.objects.filter(sku__iexact=sku).first() if sku else None
    quants = selectors.stock_by_location(product).filter(location__usage=Usage.INTERNAL) if product else []
    return render(request, "inventory/_stock_hint.html", {"product": product, "quants": quants, "sku": sku})


@staff_view("inventory.view_stockmove")
def moves(request: HttpRequest) -> HttpResponse:
    form = MoveFilterForm(request.GET)
    rows = StockMove.objects.select_related("product", "from_location", "to_location", "lot", "user")
    if form.is_valid():
        data = form.cleaned_data
        if data["sku"]:
            rows = rows.filter(product__sku__iexact=data["sku"].strip())
        if data["location"]:
            code = data["location"].strip()
            rows = rows.filter(Q(from_location__code__istartswith=code) | Q(to_location__code__istartswith=code))
        if data["reason"]:
            rows = rows.filter(reason=data["reason"])
    page = Paginator(rows.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "inventory/moves.html", {"form": form, "page": page})


@staff_view("inventory.view_quant")
def stock(request: HttpRequest) -> HttpResponse:
    rows = (
        Quant.objects.filter(location__usage=Usage.INTERNAL)
        .exclude(on_hand=0, reserved=0)
        .select_related("product", "product__uom", "location", "lot", "warehouse")
    )
    text, warehouse = request.GET.get("q", "").strip(), request.GET.get("warehouse", "")
    if text:
        rows = rows.filter(
            Q(product__sku__icontains=text) | Q(product__name__icontains=text) | Q(location__code__istartswith=text)
        )
    if warehouse:
        rows = rows.filter(warehouse__code=warehouse)
    page = Paginator(rows.order_by("location__code", "product__sku"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "params": request.GET, "warehouses": Warehouse.objects.filter(active=True)}
    return render(request, "inventory/stock.html", context)


@staff_view("inventory.view_lowstockalert")
def alerts(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.open_low_stock_alerts().order_by("-raised_at", "-id"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "inventory/alerts.html", {"page": page})
