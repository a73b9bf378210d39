"""Reservations screen: reservations filtered by status, SKU and demand; a form to reserve stock
and buttons to release one reservation or every reservation of a demand. A refusal (e.g. not
enough stock, with the quantity available) is shown on the form and writes nothing."""

from typing import TYPE_CHECKING, TypedDict, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view
from arkaofis.inventory.demands import document_of, owner_of
from arkaofis.inventory.exceptions import DemandOwned
from arkaofis.inventory.forms_setup import ReservationFilterForm, ReserveForm
from arkaofis.inventory.models import Reservation, ReservationStatus
from arkaofis.inventory.selectors_setup import reservations_filtered
from arkaofis.inventory.services import reservations as services

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a typing aid only (django-stubs), not needed at run time


class _Document(TypedDict):
    document: str  # the document that owns the reservation's demand, "" for none


def _page(request: HttpRequest, form: ReserveForm | None = None, status: int = 200) -> HttpResponse:
    filters = ReservationFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = reservations_filtered(
        status=data.get("status", ""), sku=data.get("sku", "").strip(), demand_ref=data.get("demand_ref", "").strip()
    )
    demand = data.get("demand_ref", "").strip()
    active_of_demand = (
        Reservation.objects.filter(demand_ref=demand, status=ReservationStatus.ACTIVE).count() if demand else 0
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for reservation in page.object_list:
        # A document's reservation is released through that document, so no button for it here.
        shown = cast("WithAnnotations[Reservation, _Document]", reservation)
        shown.document = document_of(reservation.demand_ref) if owner_of(reservation.demand_ref) else ""
    context = {
        "filters": filters,
        "form": form or ReserveForm(initial={"sku": request.GET.get("sku", "")}),
        "page": page,
        "demand": demand,
        "demand_document": document_of(demand) if demand and owner_of(demand) else "",
        "active_of_demand": active_of_demand,
        "keep": {key: request.GET[key] for key in ("status", "sku", "demand_ref") if request.GET.get(key)},
    }
    return render(request, "inventory/reservations.html", context, status=status)


def _back(request: HttpRequest) -> str:
    """The list as it was filtered when the button was pressed."""
    query = {key: request.POST[key] for key in ("status", "sku", "demand_ref") if request.POST.get(key)}
    return reverse("inventory:reservations") + (f"?{urlencode(query)}" if query else "")


@staff_view("inventory.view_reservation")
def reservations(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_view("inventory.reserve_stock")
def reserve(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("inventory:reservations")
    form = ReserveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        warehouse = data["warehouse"]
        try:
            ids = services.reserve_stock(
                product_id=data["sku"].pk, quantity=data["quantity"], demand_ref=data["demand_ref"],
                warehouse_id=warehouse.pk if warehouse else None, user_id=request.user.pk, source=Source.UI,
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            done = ngettext(
                "%(quantity)s × %(sku)s reserved for %(ref)s.",
                "%(quantity)s × %(sku)s reserved for %(ref)s (%(count)s reservations).",
                len(ids),
            )
            values = {
                "quantity": data["quantity"],
                "sku": data["sku"].sku,
                "ref": data["demand_ref"],
                "count": len(ids),
            }
            messages.success(request, done % values)
            return redirect(reverse("inventory:reservations") + "?" + urlencode({"demand_ref": data["demand_ref"]}))
    return _page(request, form, status=422)


@staff_view("inventory.reserve_stock")
def release(request: HttpRequest, pk: int) -> HttpResponse:
    reservation = get_object_or_404(Reservation.objects.select_related("product"), pk=pk)
    if request.method == "POST":
        try:
            services.release_reservation(reservation_id=reservation.pk, user=request.user, source=Source.UI)
        except DemandOwned as error:
            messages.error(request, error_message(error))
        except DomainError:
            messages.error(request, _("That reservation is no longer active; nothing was changed."))
        else:
            done = _("%(quantity)s × %(sku)s released from %(ref)s.")
            messages.success(
                request,
                done
                % {"quantity": reservation.quantity, "sku": reservation.product.sku, "ref": reservation.demand_ref},
            )
    return redirect(_back(request))


@staff_view("inventory.reserve_stock")
def release_demand(request: HttpRequest) -> HttpResponse:
    demand = request.POST.get("demand", "").strip() if request.method == "POST" else ""
    if demand:
        try:
            released = services.release_demand(demand_ref=demand, user=request.user, source=Source.UI)
        except DomainError as error:
            messages.error(request, error_message(error))
        else:
            done = ngettext("%(count)s unit released from %(ref)s.", "%(count)s units released from %(ref)s.", released)
            messages.success(request, done % {"count": released, "ref": demand})
    return redirect(_back(request))
