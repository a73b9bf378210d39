"""The distance table screen: rows routing reads to find the warehouse nearest to a ship-to.
Managers add, change and delete rows through services/distances.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view
from arkaofis.inventory.models import Warehouse
from arkaofis.orders.forms_routing import RouteDistanceForm
from arkaofis.orders.models import RouteDistance
from arkaofis.orders.services.distances import delete_route_distance, save_route_distance


def _page(request: HttpRequest, form: RouteDistanceForm | None = None, status: int = 200) -> HttpResponse:
    rows = RouteDistance.objects.select_related("warehouse").order_by(
        "country", "postal_prefix", "distance_km", "warehouse__code"
    )
    warehouse, country = request.GET.get("warehouse", ""), request.GET.get("country", "").strip().upper()
    if warehouse:
        rows = rows.filter(warehouse__code=warehouse)
    if country:
        rows = rows.filter(country=country)
    editing = None
    if form is None:
        edit = request.GET.get("edit", "")
        editing = rows.filter(pk=edit).first() if edit.isdigit() else None
        initial: dict[str, object] = {"country": "TR"}
        if editing is not None:
            initial = {"distance_id": editing.pk, "warehouse": editing.warehouse.code, "country": editing.country,
                       "postal_prefix": editing.postal_prefix, "distance_km": editing.distance_km}  # fmt: skip
        form = RouteDistanceForm(initial=initial)
    context = {
        "page": Paginator(rows, 100).get_page(request.GET.get("page")),
        "form": form, "editing": editing, "params": request.GET,
        "warehouses": Warehouse.objects.filter(active=True),
    }  # fmt: skip
    return render(request, "orders/route_distances.html", context, status=status)


@staff_view("orders.view_routedistance")
def distances(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_view("orders.add_routedistance")
def save_distance(request: HttpRequest) -> HttpResponse:
    """Add a row, or change one (by id, or the one with the same warehouse and zone)."""
    if request.method != "POST":
        return redirect("routing:distances")
    form = RouteDistanceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        changing = (
            data["distance_id"]
            or RouteDistance.objects.filter(
                warehouse=data["warehouse"],
                country=data["country"].upper(),
                postal_prefix=data["postal_prefix"].upper(),
            ).exists()
        )
        if changing and not request.user.has_perm("orders.change_routedistance"):
            raise PermissionDenied("orders.change_routedistance")
        try:
            row = save_route_distance(
                warehouse=data["warehouse"], country=data["country"], postal_prefix=data["postal_prefix"],
                distance_km=data["distance_km"], distance_id=data["distance_id"], user=request.user, source=Source.UI,
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            done = _("Distance from %(warehouse)s to %(zone)s saved.")
            messages.success(request, done % {"warehouse": row.warehouse.code, "zone": _zone(row)})
            return redirect("routing:distances")
    return _page(request, form, status=422)


@staff_view("orders.delete_routedistance")
def delete_distance(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(RouteDistance.objects.select_related("warehouse"), pk=pk)
    if request.method == "POST":
        warehouse, zone = row.warehouse.code, _zone(row)
        delete_route_distance(distance=row, user=request.user, source=Source.UI)
        messages.success(
            request, _("Distance from %(warehouse)s to %(zone)s deleted.") % {"warehouse": warehouse, "zone": zone}
        )
    return redirect("routing:distances")


def _zone(row: RouteDistance) -> str:
    return f"{row.country}-{row.postal_prefix}" if row.postal_prefix else row.country
