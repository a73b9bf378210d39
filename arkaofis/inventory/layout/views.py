"""The layout screens: each warehouse drawn as an SVG floor plan with its bins coloured by fill,
the fill of its zones, a bin's contents, and the forms that set the plan. Writes go through
layout/services.py."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from arkaofis.core.models import Source
from arkaofis.core.views import staff_view
from arkaofis.inventory.exceptions import InvalidLayout, layout_reason
from arkaofis.inventory.layout import drawing, selectors, services
from arkaofis.inventory.layout.forms import BinPlaceForm, WarehouseLayoutForm
from arkaofis.inventory.models import Kind, Location, Quant, Usage, Warehouse

FULLEST = 10  # bins listed under the plan, fullest first


def _add_errors(form, error: InvalidLayout) -> None:
    """Each refusal beside the field it is about (the form's top for the others)."""
    for field, code, params in error.problems:
        form.add_error(field if field in form.fields else None, layout_reason(code, params))


@staff_view("inventory.view_location")
def warehouses(request: HttpRequest) -> HttpResponse:
    """Each warehouse with how full it is, linking to its plan."""
    rows = [selectors.fill_report(w)[1] for w in Warehouse.objects.filter(active=True)]
    return render(request, "inventory/layout_index.html", {"rows": rows})


def _layout_form(warehouse: Warehouse) -> WarehouseLayoutForm:
    middles = " ".join(str(m) for m in warehouse.middle_cross_aisles or ())
    initial = {
        "layout_kind": warehouse.layout_kind,
        "aisle_length": warehouse.aisle_length,
        "middle_cross_aisles": middles,
        "depot_x": warehouse.depot_x,
        "depot_y": warehouse.depot_y,
    }
    return WarehouseLayoutForm(initial=initial)


@staff_view("inventory.view_location")
def warehouse_plan(request: HttpRequest, code: str) -> HttpResponse:
    return _plan_page(request, get_object_or_404(Warehouse, code=code))


def _plan_page(request: HttpRequest, warehouse: Warehouse, form: WarehouseLayoutForm | None = None) -> HttpResponse:
    """The plan; with a refused layout `form`, that form again (422) beside it."""
    fills, report = selectors.fill_report(warehouse)
    layout = selectors.warehouse_layout(warehouse)
    unplaced = [f for f in fills if f.location.aisle is None]
    stocked = (f for f in fills if f.fill.ratio is not None and f.fill.contents.units > 0)
    fullest = sorted(stocked, key=lambda f: -(f.fill.ratio or 0))[:FULLEST]
    context = {
        "warehouse": warehouse,
        "warehouses": Warehouse.objects.filter(active=True),
        "report": report,
        "layout": layout,
        "plan": drawing.draw(layout, fills),
        "unplaced": unplaced,
        "fullest": fullest,
        "layout_form": form or _layout_form(warehouse),
        "open_form": form is not None,
    }
    return render(request, "inventory/layout.html", context, status=422 if form is not None else 200)


@staff_view("inventory.change_warehouse")
def set_layout(request: HttpRequest, code: str) -> HttpResponse:
    warehouse = get_object_or_404(Warehouse, code=code)
    if request.method != "POST":
        return redirect("inventory:layout", code=code)
    form = WarehouseLayoutForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_warehouse_layout(
                warehouse=warehouse, kind=data["layout_kind"], aisle_length=data["aisle_length"],
                depot_x=data["depot_x"], depot_y=data["depot_y"], middle_cross_aisles=data["middle_cross_aisles"],
                user=request.user, source=Source.UI,
            )  # fmt: skip
        except InvalidLayout as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Layout of %(code)s saved.") % {"code": warehouse.code})
            return redirect("inventory:layout", code=code)
    return _plan_page(request, warehouse, form)


@staff_view("inventory.view_location")
def bin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What a bin holds, how full it is, and (for managers) where it stands."""
    location = get_object_or_404(Location.objects.select_related("warehouse", "parent"), pk=pk, usage=Usage.INTERNAL)
    form = None
    if request.method == "POST":
        if not request.user.has_perm("inventory.change_location"):
            return redirect("inventory:bin", pk=pk)
        form = BinPlaceForm(request.POST)
        if form.is_valid():
            try:
                services.place_bin(location=location, place=form.place(), user=request.user, source=Source.UI)
            except InvalidLayout as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Place of %(code)s saved.") % {"code": location.code})
                return redirect("inventory:bin", pk=pk)
    if form is None:
        form = BinPlaceForm(initial={name: getattr(location, name) for name in services.PLACE_FIELDS})
    fill = selectors.fill_of(location) if location.kind == Kind.BIN else None
    quants = (
        Quant.objects.filter(location=location).exclude(on_hand=0, reserved=0)
        .select_related("product", "product__uom", "lot").order_by("product__sku", "lot__code")
    )  # fmt: skip
    context = {"location": location, "fill": fill, "quants": quants, "form": form}
    return render(request, "inventory/layout_bin.html", context, status=422 if form.errors else 200)
