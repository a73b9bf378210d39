"""The order edit screen: the same edit as POST /api/orders/{number}/edit, with the same
permission. A refusal is shown on the form (next to the line when it is about stock, with the
quantity available) and changes nothing."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import staff_view
from arkaofis.inventory.selectors import available_to_promise
from arkaofis.orders import selectors
from arkaofis.orders.edits.forms import OrderEditForm, qty_name
from arkaofis.orders.edits.services.editing import EDITABLE, edit_order
from arkaofis.orders.exceptions import UnknownOrder
from arkaofis.orders.views import order_error

MANAGE = "orders.manage_salesorder"


@staff_view(MANAGE)
def edit(request: HttpRequest, number: str) -> HttpResponse:
    try:
        order = selectors.order_detail(number)
    except UnknownOrder as missing:
        raise Http404(number) from missing
    if order.status not in EDITABLE:
        messages.error(request, _("%(number)s can no longer be edited: it is already on its way.") % {"number": number})
        return redirect("orders:detail", number=order.number)
    lines = list(order.lines.all())
    form = OrderEditForm(request.POST or None, order=order, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            result = edit_order(order_id=order.pk, edit=form.to_edit(), user=request.user, source=Source.UI)
        except DomainError as error:
            _show_refusal(form, error)
        else:
            if result.changed:
                messages.success(request, _("%(number)s changed.") % {"number": order.number})
            else:
                messages.info(request, _("Nothing to change on %(number)s.") % {"number": order.number})
            return redirect("orders:detail", number=order.number)
    free = _available(lines, order.warehouse_id)
    rows = [{**row, "free": free[row["line"].line_no]} for row in form.line_rows()]
    context = {"order": order, "form": form, "rows": rows}
    return render(request, "orders/edit.html", context, status=422 if form.errors else 200)


def _show_refusal(form: OrderEditForm, error: DomainError) -> None:
    """Put a refusal where the user looks: a stock refusal under its line, others on top."""
    message = order_error(error)
    if error.code == "edit-would-oversell":
        message = _("Only %(available)s of %(sku)s available (wanted %(wanted)s); nothing was changed.") % error.data
        field = qty_name(error.data["line"])
        if field in form.fields:
            form.add_error(field, message)
            return
        if form.cleaned_data.get("add_sku"):
            form.add_error("add_quantity", message)
            return
    form.add_error(None, message)


def _available(lines: list, order_warehouse_id: int | None) -> dict[int, int]:
    """Units free to promise now per line: in the line's (or the order's) warehouse once routed,
    since that is where it is reserved, else in all warehouses (a kit: what its components make)."""
    atp = {line.product_id: available_to_promise(line.product) for line in lines}
    result = {}
    for line in lines:
        warehouse_id = line.warehouse_id or order_warehouse_id
        by_warehouse = atp[line.product_id]
        result[line.line_no] = by_warehouse.get(warehouse_id, 0) if warehouse_id else sum(by_warehouse.values())
    return result
