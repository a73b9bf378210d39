"""The shipments screen for the warehouse floor (phones first): pending shipments first, per
warehouse, with "Ship" (carrier and tracking number) and "Delivered". Each action calls one
service; a refusal is shown as a message and changes nothing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import staff_view
from arkaofis.fulfilment import selectors
from arkaofis.fulfilment.forms import ShipForm, ShipmentFilterForm
from arkaofis.fulfilment.services.shipping import mark_delivered, ship_shipment
from arkaofis.orders.selectors import warehouse_codes
from arkaofis.orders.views import order_error

VIEW, SHIP = "fulfilment.view_shipment", "fulfilment.ship_shipment"


@staff_view(VIEW)
def shipments(request: HttpRequest) -> HttpResponse:
    filters = ShipmentFilterForm(request.GET, warehouses=warehouse_codes())
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.shipment_list(status=data.get("status") or None, warehouse=data.get("warehouse") or None)
    context = {"filters": filters, "page": Paginator(rows, 30).get_page(request.GET.get("page"))}
    context["back"] = request.get_full_path()
    return render(request, "fulfilment/shipments.html", context)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("back", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("fulfilment:shipments")


@staff_view(SHIP)
def ship(request: HttpRequest, number: str) -> HttpResponse:
    if request.method != "POST":
        return redirect(_back(request))
    form = ShipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the carrier (and the tracking number if there is one)."))
        return redirect(_back(request))
    try:
        shipment = selectors.shipment_by_number(number)
        ship_shipment(
            shipment_id=shipment.pk,
            carrier=form.cleaned_data["carrier"],
            tracking_number=form.cleaned_data["tracking_number"],
            user=request.user,
            source=Source.UI,
        )
    except DomainError as error:
        messages.error(request, order_error(error))
    else:
        messages.success(request, _("%(number)s shipped.") % {"number": shipment.number})
    return redirect(_back(request))


@staff_view(SHIP)
def deliver(request: HttpRequest, number: str) -> HttpResponse:
    if request.method == "POST":
        try:
            shipment = selectors.shipment_by_number(number)
            mark_delivered(shipment_id=shipment.pk, user=request.user, source=Source.UI)
        except DomainError as error:
            messages.error(request, order_error(error))
        else:
            messages.success(request, _("%(number)s delivered.") % {"number": shipment.number})
    return redirect(_back(request))
