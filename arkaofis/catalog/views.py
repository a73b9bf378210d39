"""The new product form: the same rules as POST /api/catalog/products (the product service decides).

The product list and page show stock, so they live in inventory (views_products.py) under catalog's names."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arkaofis.catalog.exceptions import InvalidProduct
from arkaofis.catalog.forms import ProductForm
from arkaofis.catalog.services.products import create_product
from arkaofis.core.exceptions import Conflict
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view

TAKEN = {
    "sku": gettext_lazy("The SKU %(sku)s is already in use."),
    "barcode": gettext_lazy("The barcode %(barcode)s is already used by another product."),
}


@staff_view("catalog.add_product")
def product_new(request: HttpRequest) -> HttpResponse:
    """The same rules as POST /api/catalog/products: the product service decides, the form shows."""
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = create_product(new=form.new_product(), user=request.user, source=Source.UI)
        except Conflict as error:
            field = "barcode" if "barcode" in error.data else "sku"
            form.add_error(field, TAKEN[field] % error.data)
        except InvalidProduct as error:
            for problem in error.data.get("errors") or [{"field": None, "reason": error_message(error)}]:
                field = problem.get("field")
                form.add_error(field if field in form.fields else None, problem["reason"])
        else:
            messages.success(request, _("Product %(sku)s created.") % {"sku": product.sku})
            return redirect("catalog:product_detail", product.pk)
    return render(request, "catalog/product_new.html", {"form": form}, status=422 if form.errors else 200)
