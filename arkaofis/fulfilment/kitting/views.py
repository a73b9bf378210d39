"""The kitting screens: the list and a plan form (desktop), an order's page where the kitter sees which bins
to collect from and completes it onto a scanned bin (phone)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arkaofis.catalog.selectors import product_by_sku
from arkaofis.core.exceptions import DomainError
from arkaofis.core.http import HtmxHttpRequest
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view
from arkaofis.fulfilment.kitting import selectors
from arkaofis.fulfilment.kitting.forms import CompleteForm, KittingForm
from arkaofis.fulfilment.kitting.services.completing import complete_kitting
from arkaofis.fulfilment.kitting.services.planning import cancel_kitting, create_kitting
from arkaofis.inventory.models import Warehouse

VIEW, WORK, MANAGE = "fulfilment.view_kittingorder", "fulfilment.assemble_kit", "fulfilment.manage_kitting"


def _refused(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error_message(error), extra_tags="beep")


def _warehouses() -> list[str]:
    return list(Warehouse.objects.filter(active=True).order_by("priority", "code").values_list("code", flat=True))


@staff_view(VIEW)
def kitting_list(request: HttpRequest) -> HttpResponse:
    form = KittingForm(request.POST or None, warehouses=_warehouses())
    if request.method == "POST":
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied(MANAGE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = create_kitting(
                    warehouse=Warehouse.objects.get(code=data["warehouse"]), kit=product_by_sku(data["kit"].strip()),
                    quantity=data["quantity"], kind=data["kind"], user=request.user, source=Source.UI,
                )  # fmt: skip
            except DomainError as error:
                messages.error(request, error_message(error))
            else:
                messages.success(request, _("%(order)s planned: its parts are held.") % {"order": order.number})
                return redirect("floor:kitting:detail", number=order.number)
    context = {
        "orders": selectors.kitting_orders()[:100],
        "form": form if request.user.has_perm(MANAGE) else None,
    }
    return render(request, "fulfilment/kitting/list.html", context)


@staff_view(VIEW)
def kitting_detail(request: HtmxHttpRequest, number: str) -> HttpResponse:
    try:
        order = selectors.kitting_by_number(number)
    except DomainError as error:
        _refused(request, error)
        return redirect("floor:kitting:list")
    if request.method == "POST":
        _complete(request, order.pk)
        return redirect("floor:kitting:detail", number=order.number)
    context = {
        "order": order,
        "lines": selectors.lines(order),
        "collect": selectors.where_to_collect(order),
        "form": CompleteForm(initial={"quantity": order.remaining}),
    }
    template = "fulfilment/kitting/_detail.html" if request.htmx else "fulfilment/kitting/detail.html"
    return render(request, template, context)


def _complete(request: HttpRequest, order_id: int) -> None:
    if not request.user.has_perm(WORK):
        raise PermissionDenied(WORK)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scan the bin and give how many kits are done."), extra_tags="beep")
        return
    try:
        order = complete_kitting(
            kitting_id=order_id, bin_scan=form.cleaned_data["bin"], quantity=form.cleaned_data["quantity"],
            user=request.user, source=Source.UI,
        )  # fmt: skip
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("%(done)s of %(total)s done.") % {"done": order.done_quantity, "total": order.quantity}
        )


@require_POST
@staff_view(MANAGE)
def kitting_cancel(request: HttpRequest, number: str) -> HttpResponse:
    try:
        order = selectors.kitting_by_number(number)
        cancel_kitting(kitting_id=order.pk, user=request.user, source=Source.UI)
    except DomainError as error:
        _refused(request, error)
        return redirect("floor:kitting:list")
    messages.success(request, _("Cancelled; what it held is free again."))
    return redirect("floor:kitting:detail", number=order.number)
