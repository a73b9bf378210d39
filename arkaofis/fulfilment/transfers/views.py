"""The transfer screens: the list with what is on the road (desktop), a transfer's page, and the phone
steps (pick at the origin, receive and put away at the destination). Each post calls one service; a
refusal changes nothing and beeps."""

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
from arkaofis.core.roles import SEE_COSTS, may_see
from arkaofis.core.views import error_message, staff_view
from arkaofis.fulfilment.transfers import selectors, stops
from arkaofis.fulfilment.transfers.forms import PickForm, PutAwayForm, ReceiveForm, TransferForm
from arkaofis.fulfilment.transfers.models import TransferStatus
from arkaofis.fulfilment.transfers.services.receiving import close_transfer, put_away_transfer, receive_transfer
from arkaofis.fulfilment.transfers.services.requesting import cancel_transfer, create_transfer
from arkaofis.fulfilment.transfers.services.shipping import pick_transfer_line, ship_transfer
from arkaofis.inventory.models import Warehouse

VIEW, WORK, MANAGE = "fulfilment.view_transfer", "inventory.transfer_stock", "fulfilment.manage_transfer"


def _refused(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error_message(error), extra_tags="beep")


def _warehouses() -> list[str]:
    return list(Warehouse.objects.filter(active=True).order_by("priority", "code").values_list("code", flat=True))


@staff_view(VIEW)
def transfer_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    status = status if status in {"", "open", *TransferStatus.values} else "open"
    road = selectors.in_transit()
    context = {
        "transfers": selectors.transfers(status=status)[:100],
        "status": status,
        "statuses": TransferStatus.choices,
        "road": road,
        "totals": selectors.totals(road),
        "see_costs": may_see(request.user, SEE_COSTS),
        "form": TransferForm(warehouses=_warehouses()) if request.user.has_perm(MANAGE) else None,
    }
    return render(request, "fulfilment/transfers/list.html", context)


@require_POST
@staff_view(MANAGE)
def transfer_create(request: HttpRequest) -> HttpResponse:
    form = TransferForm(request.POST, warehouses=_warehouses())
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("floor:transfers:list")
    data = form.cleaned_data
    try:
        transfer = create_transfer(
            from_warehouse=Warehouse.objects.get(code=data["from_warehouse"]),
            to_warehouse=Warehouse.objects.get(code=data["to_warehouse"]),
            lines=[(product_by_sku(sku), quantity) for sku, quantity in data["lines"]],
            note=data["note"],
            user=request.user,
            source=Source.UI,
        )
    except DomainError as error:
        messages.error(request, error_message(error))
        return redirect("floor:transfers:list")
    messages.success(request, _("%(transfer)s requested: its units are held.") % {"transfer": transfer.number})
    return redirect("floor:transfers:detail", number=transfer.number)


def _found(request: HttpRequest, number: str):
    try:
        return selectors.transfer_by_number(number)
    except DomainError as error:
        _refused(request, error)
        return None


@staff_view(VIEW)
def transfer_detail(request: HttpRequest, number: str) -> HttpResponse:
    transfer = _found(request, number)
    if transfer is None:
        return redirect("floor:transfers:list")
    road = [row for row in selectors.in_transit() if row.transfer.pk == transfer.pk]
    context = {
        "transfer": transfer,
        "lines": selectors.lines(transfer),
        "road": road,
        "see_costs": may_see(request.user, SEE_COSTS),
    }
    return render(request, "fulfilment/transfers/detail.html", context)


_ACTIONS = {
    "ship": (WORK, ship_transfer, _("Shipped what was picked; the rest was given back.")),
    "close": (MANAGE, close_transfer, _("Closed; what was still on the road is written off.")),
    "cancel": (MANAGE, cancel_transfer, _("Cancelled; the held units are free again.")),
}


@require_POST
@staff_view(VIEW)
def transfer_action(request: HttpRequest, number: str) -> HttpResponse:
    transfer = _found(request, number)
    action = _ACTIONS.get(request.POST.get("action", ""))
    if transfer is None or action is None:
        return redirect("floor:transfers:list")
    permission, service, done = action
    if not request.user.has_perm(permission):
        raise PermissionDenied(permission)
    try:
        service(transfer_id=transfer.pk, user=request.user, source=Source.UI)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, str(done))
    return redirect("floor:transfers:detail", number=transfer.number)


def _step(request: HtmxHttpRequest, name: str, context: dict) -> HttpResponse:
    """The phone step's whole page, or (to htmx, after a scan) only its body to swap in place."""
    template = f"fulfilment/transfers/_{name}.html" if request.htmx else f"fulfilment/transfers/{name}.html"
    return render(request, template, context)


@staff_view(WORK)
def transfer_pick(request: HtmxHttpRequest, number: str) -> HttpResponse:
    transfer = _found(request, number)
    if transfer is None:
        return redirect("floor:transfers:list")
    if request.method == "POST":
        form = PickForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                pick_transfer_line(
                    transfer_id=transfer.pk, line_no=data["line"], bin_scan=data["bin"], item_scan=data["item"],
                    quantity=data["quantity"], user=request.user, source=Source.UI,
                )  # fmt: skip
            except DomainError as error:
                _refused(request, error)
            else:
                messages.success(request, _("Picked: on the road."))
        else:
            messages.error(request, _("Scan the bin and the item and give the quantity."), extra_tags="beep")
        return redirect("floor:transfers:pick", number=transfer.number)
    transfer.refresh_from_db()
    context = {"transfer": transfer, "stop": stops.next_stop(transfer), "stops": stops.stops(transfer)}
    return _step(request, "pick", context)


@staff_view(WORK)
def transfer_receive(request: HtmxHttpRequest, number: str) -> HttpResponse:
    transfer = _found(request, number)
    if transfer is None:
        return redirect("floor:transfers:list")
    if request.method == "POST":
        form = ReceiveForm(request.POST)
        if form.is_valid():
            try:
                line = receive_transfer(
                    transfer_id=transfer.pk, item_scan=form.cleaned_data["item"],
                    quantity=form.cleaned_data["quantity"], user=request.user, source=Source.UI,
                )  # fmt: skip
            except DomainError as error:
                _refused(request, error)
            else:
                messages.success(
                    request,
                    _("%(sku)s: %(received)s of %(shipped)s received.")
                    % {"sku": line.product.sku, "received": line.received_quantity, "shipped": line.shipped_quantity},
                )
        else:
            messages.error(request, _("Scan the item and give the quantity."), extra_tags="beep")
        return redirect("floor:transfers:receive", number=transfer.number)
    transfer.refresh_from_db()
    context = {"transfer": transfer, "lines": selectors.lines(transfer), "form": ReceiveForm(initial={"quantity": 1})}
    return _step(request, "receive", context)


@staff_view(WORK)
def transfer_put_away(request: HtmxHttpRequest, number: str) -> HttpResponse:
    transfer = _found(request, number)
    if transfer is None:
        return redirect("floor:transfers:list")
    if request.method == "POST":
        form = PutAwayForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                line = put_away_transfer(
                    transfer_id=transfer.pk, item_scan=data["item"], bin_scan=data["bin"], quantity=data["quantity"],
                    user=request.user, source=Source.UI,
                )  # fmt: skip
            except DomainError as error:
                _refused(request, error)
            else:
                messages.success(
                    request,
                    _("%(sku)s: %(quantity)s put away on %(bin)s.")
                    % {"sku": line.product.sku, "quantity": data["quantity"], "bin": data["bin"]},
                )
        else:
            messages.error(request, _("Scan the item and the bin and give the quantity."), extra_tags="beep")
        return redirect("floor:transfers:put_away", number=transfer.number)
    transfer.refresh_from_db()
    context = {"transfer": transfer, "lines": selectors.lines(transfer), "form": PutAwayForm(initial={"quantity": 1})}
    return _step(request, "put_away", context)
