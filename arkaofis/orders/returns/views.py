"""Return screens: the list, "open a return" from a shipped order, and a return's page where
the parcel is received and each line inspected (restock, quarantine, scrap) with the refund, or
the return cancelled while nothing has arrived.
Each action calls one service; a refusal is shown as a message and changes nothing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import staff_view
from arkaofis.orders import selectors
from arkaofis.orders.exceptions import UnknownOrder, UnknownReturn
from arkaofis.orders.models import ReturnStatus, SalesReturn
from arkaofis.orders.returns import selectors as returns_selectors
from arkaofis.orders.returns.forms import CancelReturnForm, InspectForm, OpenReturnForm, ReceiveForm, ReturnFilterForm
from arkaofis.orders.returns.services.inspection import inspect_return
from arkaofis.orders.returns.services.lifecycle import cancel_return, open_return, receive_return
from arkaofis.orders.views import order_error

VIEW, ADD, MANAGE = "orders.view_salesreturn", "orders.add_salesreturn", "orders.manage_salesreturn"


@staff_view(VIEW)
def return_list(request: HttpRequest) -> HttpResponse:
    filters = ReturnFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = returns_selectors.return_list(status=data.get("status") or None, order=data.get("order") or None)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "orders/returns/list.html", {"filters": filters, "page": page})


@staff_view(ADD)
def open_for_order(request: HttpRequest, number: str) -> HttpResponse:
    try:
        order = selectors.order_detail(number)
    except UnknownOrder as missing:
        raise Http404(number) from missing
    lines = returns_selectors.returnable_lines(order)
    form = OpenReturnForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        wanted = form.wanted()
        if not wanted:
            messages.error(request, _("Give at least one unit to return."))
        else:
            try:
                run = {"order_id": order.pk, "lines": wanted, "reason": form.cleaned_data["reason"]}
                opened = open_return(**run, user=request.user, source=Source.UI)
            except DomainError as error:
                messages.error(request, order_error(error))
            else:
                messages.success(
                    request, _("%(number)s opened; receive it when the parcel arrives.") % {"number": opened.number}
                )
                return redirect("returns:detail", number=opened.number)
    return render(request, "orders/returns/open.html", {"order": order, "form": form})


def _return_or_404(number: str) -> SalesReturn:
    try:
        return returns_selectors.return_by_number(number)
    except UnknownReturn as missing:
        raise Http404(number) from missing


@staff_view(VIEW)
def detail(request: HttpRequest, number: str) -> HttpResponse:
    sales_return = _return_or_404(number)
    context = {
        "sales_return": sales_return,
        "lines": list(sales_return.lines.all()),
        "receive_form": ReceiveForm(sales_return=sales_return) if sales_return.status == ReturnStatus.OPEN else None,
        "inspect_form": InspectForm(sales_return=sales_return)
        if sales_return.status == ReturnStatus.RECEIVED
        else None,
        "cancel_form": CancelReturnForm() if sales_return.status == ReturnStatus.OPEN else None,
    }
    return render(request, "orders/returns/detail.html", context)


@staff_view(MANAGE)
def receive(request: HttpRequest, number: str) -> HttpResponse:
    sales_return = _return_or_404(number)
    form = ReceiveForm(request.POST or None, sales_return=sales_return)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Count each line: from 0 to the units announced."))
        else:
            try:
                receive_return(return_id=sales_return.pk, received=form.received(), user=request.user, source=Source.UI)
            except DomainError as error:
                messages.error(request, order_error(error))
            else:
                messages.success(request, _("%(number)s received; inspect each line.") % {"number": number})
    return redirect("returns:detail", number=sales_return.number)


@staff_view(MANAGE)
def inspect(request: HttpRequest, number: str) -> HttpResponse:
    sales_return = _return_or_404(number)
    form = InspectForm(request.POST or None, sales_return=sales_return)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Decide every line: restock, quarantine or scrap."))
        else:
            try:
                inspect_return(
                    return_id=sales_return.pk, decisions=form.decisions(), user=request.user, source=Source.UI
                )
            except DomainError as error:
                messages.error(request, order_error(error))
            else:
                messages.success(request, _("%(number)s closed; the refund is shown below.") % {"number": number})
    return redirect("returns:detail", number=sales_return.number)


@staff_view(MANAGE)
def cancel(request: HttpRequest, number: str) -> HttpResponse:
    sales_return = _return_or_404(number)
    form = CancelReturnForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Say why the return is cancelled."))
        else:
            try:
                cancel_return(
                    return_id=sales_return.pk, reason=form.cleaned_data["reason"], user=request.user, source=Source.UI
                )
            except DomainError as error:
                messages.error(request, order_error(error))
            else:
                messages.success(
                    request, _("%(number)s cancelled; its units may be returned again.") % {"number": number}
                )
    return redirect("returns:detail", number=sales_return.number)
