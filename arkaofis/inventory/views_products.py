"""The product list (search, filters, live search over htmx) and a product's page.

They keep the catalog's URLs and names, but show stock on every row and page, so they live in inventory,
the floor above catalog (catalog imports no inventory; DESIGN.md, "Floors")."""

from django.core.paginator import Paginator
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from arkaofis.catalog.models import Product
from arkaofis.core.http import HtmxHttpRequest
from arkaofis.core.views import staff_view
from arkaofis.inventory import selectors
from arkaofis.inventory.models import LowStockAlert, Quant, Usage, Warehouse

PAGE_SIZE = 25


def search_products(params) -> QuerySet[Product]:
    """Products matching the list's query string: free text over SKU, name and barcode, plus filters.

    Each row carries its units on hand in internal locations and whether a low-stock alert is open.
    """
    on_hand = (
        Quant.objects.filter(product=OuterRef("pk"), location__usage=Usage.INTERNAL)
        .values("product")
        .annotate(total=Sum("on_hand"))
        .values("total")
    )
    low = LowStockAlert.objects.filter(product=OuterRef("pk"), resolved_at__isnull=True)
    products = Product.objects.select_related("uom").annotate(
        on_hand=Coalesce(Subquery(on_hand, output_field=IntegerField()), Value(0)),
        is_low=Exists(low),
    )
    text = params.get("q", "").strip()
    if text:
        products = products.filter(
            Q(sku__icontains=text) | Q(name__icontains=text) | Q(barcode=text) | Q(barcode__startswith=text)
        )
    if params.get("category"):
        products = products.filter(category=params["category"])
    if params.get("kit") in ("yes", "no"):
        products = products.filter(is_kit=params["kit"] == "yes")
    active = params.get("active", "yes")
    if active in ("yes", "no"):
        products = products.filter(active=active == "yes")
    if params.get("low"):
        products = products.filter(is_low=True)
    return products.order_by("sku")


@staff_view("catalog.view_product")
def product_list(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(search_products(request.GET), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "params": request.GET,
        "categories": Product.objects.exclude(category="")
        .values_list("category", flat=True)
        .distinct()
        .order_by("category"),
    }
    # Live search asks only for the results, not the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "catalog/_product_results.html" if partial else "catalog/product_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def stocked_locations(product: Product) -> QuerySet[Quant]:
    """Shelves and transit holding the product; the other virtual locations only mirror them."""
    return selectors.stock_by_location(product).filter(location__usage__in=[Usage.INTERNAL, Usage.TRANSIT])


@staff_view("catalog.view_product")
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(Product.objects.select_related("uom", "family"), pk=pk)
    atp = selectors.available_to_promise(product)
    warehouses = Warehouse.objects.filter(Q(pk__in=atp.keys()) | Q(reorderrule__product=product)).distinct()
    rules = {rule.warehouse_id: rule for rule in product.reorder_rules.select_related("warehouse")}
    context = {
        "product": product,
        "components": product.components.select_related("component", "component__uom"),
        "used_in": product.used_in_kits.select_related("kit"),
        "availability": [{"warehouse": w, "available": atp.get(w.pk, 0), "rule": rules.get(w.pk)} for w in warehouses],
        "rules": rules.values(),
        "quants": stocked_locations(product) if request.user.has_perm("inventory.view_quant") else None,
        "moves": selectors.move_history(product, limit=50)
        if request.user.has_perm("inventory.view_stockmove")
        else None,
    }
    return render(request, "catalog/product_detail.html", context)
