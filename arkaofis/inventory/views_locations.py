"""Locations screen: each warehouse's zone/bin tree with kind, usage, negative-stock policy,
removal strategy and units on hand, and the virtual locations apart. Managers add warehouses,
zones and bins and change a location's policies; every write goes through a service."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view
from arkaofis.inventory import selectors_setup
from arkaofis.inventory.forms_setup import REMOVAL_STRATEGIES, ChildLocationForm, RemovalStrategyForm, WarehouseForm
from arkaofis.inventory.models import Location, Usage
from arkaofis.inventory.services import locations as services

REFUSALS = {
    "conflict": gettext_lazy(
        "%(code)s holds negative or over-reserved stock. Bring it to zero or above before forbidding negatives."
    ),
}


def _anchor(location: Location) -> str:
    """Back to the tree, unfolded down to `location`."""
    return reverse("inventory:locations") + f"?at={location.pk}#loc-{location.pk}"


def _open_codes(location: Location | None) -> set[str]:
    """Codes of the location and of every ancestor (a code is its path), so they render unfolded."""
    if location is None:
        return set()
    steps = location.code.split("/")
    return {"/".join(steps[:n]) for n in range(1, len(steps) + 1)}


# A zone with more locations than this lists them only when opened on its own (?at=): a warehouse of
# a thousand placed bins would otherwise send megabytes of forms nobody scrolls through.
FOLD_OVER = 60


def _page(request: HttpRequest, *, status: int = 200, **context) -> HttpResponse:
    context.setdefault("warehouse_form", WarehouseForm())
    context["fold_over"] = FOLD_OVER
    at = request.GET.get("at", "")
    focus = context.get("error_location") or (Location.objects.filter(pk=at).first() if at.isdigit() else None)
    context["open_codes"] = _open_codes(focus)
    context["strategies"] = list(REMOVAL_STRATEGIES.items())
    context["trees"] = selectors_setup.location_trees()
    context["virtual"] = selectors_setup.virtual_locations()
    return render(request, "inventory/locations.html", context, status=status)


def _refused(request: HttpRequest, location: Location, error: str) -> HttpResponse:
    """The page again with the refusal beside the location; the service wrote nothing."""
    return _page(request, status=422, error=error, error_location=location)


@staff_view("inventory.view_location")
def locations(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_view("inventory.add_warehouse")
def add_warehouse(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("inventory:locations")
    form = WarehouseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if Location.objects.filter(code__iexact=data["code"]).exists():
            form.add_error("code", _("The code %(code)s is already in use.") % {"code": data["code"]})
        else:
            warehouse = services.create_warehouse(**data, user=request.user, source=Source.UI)
            messages.success(request, _("Warehouse %(code)s added.") % {"code": warehouse.code})
            return redirect(_anchor(warehouse.locations.get(kind="warehouse")))
    return _page(request, status=422, warehouse_form=form, open_warehouse_form=True)


@staff_view("inventory.add_location")
def add_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Location, pk=pk)
    if request.method != "POST":
        return redirect(_anchor(parent))
    form = ChildLocationForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return _refused(request, parent, errors)
    if parent.kind not in ("warehouse", "zone") or parent.usage != Usage.INTERNAL:
        message = _("%(code)s cannot hold locations: bins are the last level.")
        return _refused(request, parent, message % {"code": parent.code})
    code = form.cleaned_data["code"]
    if Location.objects.filter(code__iexact=f"{parent.code}/{code}").exists():
        return _refused(request, parent, _("%(code)s already exists.") % {"code": f"{parent.code}/{code}"})
    try:
        child = services.create_child_location(
            parent=parent, code=code, name=form.cleaned_data["name"], user=request.user, source=Source.UI
        )
    except DomainError as error:
        return _refused(request, parent, error_message(error))
    messages.success(request, _("%(code)s added.") % {"code": child.code})
    return redirect(_anchor(child))


@staff_view("inventory.change_location")
def set_negative_policy(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(Location, pk=pk)
    if request.method != "POST":
        return redirect(_anchor(location))
    allow = request.POST.get("allow_negative") == "1"
    try:
        services.set_negative_stock_policy(location=location, allow=allow, user=request.user, source=Source.UI)
    except DomainError as error:
        template = REFUSALS.get(error.code)
        return _refused(request, location, template % {"code": location.code} if template else error_message(error))
    if allow:
        messages.success(request, _("%(code)s now allows negative stock.") % {"code": location.code})
    else:
        messages.success(request, _("%(code)s no longer allows negative stock.") % {"code": location.code})
    return redirect(_anchor(location))


@staff_view("inventory.change_location")
def set_removal_strategy(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(Location, pk=pk, usage=Usage.INTERNAL)
    if request.method != "POST":
        return redirect(_anchor(location))
    form = RemovalStrategyForm(request.POST)
    if not form.is_valid():
        return _refused(request, location, _("Choose FIFO or FEFO."))
    services.set_removal_strategy(
        location=location, strategy=form.cleaned_data["strategy"], user=request.user, source=Source.UI
    )
    messages.success(request, _("Removal strategy of %(code)s saved.") % {"code": location.code})
    return redirect(_anchor(location))
