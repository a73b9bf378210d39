"""Reorder rules screen: each rule with the stock available now and its alert state; managers
create, change and delete rules through services/reorder_rules.py (which re-evaluates the alert)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view
from arkaofis.inventory.forms_setup import ReorderRuleForm
from arkaofis.inventory.models import ReorderRule, Warehouse
from arkaofis.inventory.selectors_setup import reorder_rules_with_available
from arkaofis.inventory.services.reorder_rules import delete_reorder_rule, set_reorder_rule


def _page(request: HttpRequest, form: ReorderRuleForm | None = None, status: int = 200) -> HttpResponse:
    rules = reorder_rules_with_available()
    text, warehouse = request.GET.get("q", "").strip(), request.GET.get("warehouse", "")
    if text:
        rules = rules.filter(Q(product__sku__icontains=text) | Q(product__name__icontains=text))
    if warehouse:
        rules = rules.filter(warehouse__code=warehouse)
    editing = None
    if form is None:
        editing = rules.filter(pk=request.GET["edit"]).first() if request.GET.get("edit", "").isdigit() else None
        initial = {"sku": request.GET.get("sku", ""), "reorder_quantity": 0}
        if editing is not None:
            initial = {"sku": editing.product.sku, "warehouse": editing.warehouse.code,
                       "min_quantity": editing.min_quantity, "reorder_quantity": editing.reorder_quantity}  # fmt: skip
        form = ReorderRuleForm(initial=initial)
    page = Paginator(rules.order_by("warehouse__code", "product__sku"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page, "form": form, "editing": editing, "params": request.GET,
        "warehouses": Warehouse.objects.filter(active=True),
    }  # fmt: skip
    return render(request, "inventory/reorder_rules.html", context, status=status)


@staff_view("inventory.view_reorderrule")
def reorder_rules(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_view("inventory.add_reorderrule")
def save_reorder_rule(request: HttpRequest) -> HttpResponse:
    """Create a rule, or change the one of the same product and warehouse."""
    if request.method != "POST":
        return redirect("inventory:reorder_rules")
    form = ReorderRuleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        exists = ReorderRule.objects.filter(product=data["sku"], warehouse=data["warehouse"]).exists()
        if exists and not request.user.has_perm("inventory.change_reorderrule"):
            raise PermissionDenied("inventory.change_reorderrule")
        try:
            rule = set_reorder_rule(
                product=data["sku"], warehouse=data["warehouse"], min_quantity=data["min_quantity"],
                reorder_quantity=data["reorder_quantity"], user=request.user, source=Source.UI,
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            done = _("Reorder rule for %(sku)s in %(warehouse)s saved.")
            messages.success(request, done % {"sku": rule.product.sku, "warehouse": rule.warehouse.code})
            return redirect("inventory:reorder_rules")
    return _page(request, form, status=422)


@staff_view("inventory.delete_reorderrule")
def delete_rule(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(ReorderRule.objects.select_related("product", "warehouse"), pk=pk)
    if request.method == "POST":
        sku, warehouse = rule.product.sku, rule.warehouse.code
        delete_reorder_rule(rule=rule, user=request.user, source=Source.UI)
        messages.success(
            request, _("Reorder rule for %(sku)s in %(warehouse)s deleted.") % {"sku": sku, "warehouse": warehouse}
        )
    return redirect("inventory:reorder_rules")
