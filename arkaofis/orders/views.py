"""Order screens: the queue (filters, bulk reserve/hold/cancel) and the order detail (lines,
addresses, holds, timeline and actions). Each action calls one service; a refusal is shown
as a message and changes nothing."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arkaofis.core.exceptions import DomainError
from arkaofis.core.models import Source
from arkaofis.core.views import error_message, staff_view
from arkaofis.orders import domain, labels, selectors
from arkaofis.orders.exceptions import UnknownOrder
from arkaofis.orders.forms import BulkForm, CancelForm, HoldForm, QueueFilterForm
from arkaofis.orders.returns.forms import RETURN_STATUSES
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.confirmation import confirm_order
from arkaofis.orders.services.holds import HOLDABLE, lift_hold, place_hold
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order

VIEW, MANAGE = "orders.view_salesorder", "orders.manage_salesorder"
FILTERS = ("q", "status", "channel", "hold")


def order_error(error: DomainError, status_labels: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """The screen's message for an order, return or shipment error, its statuses translated
    (`status_labels`: more data keys and their labels, e.g. a shipment's statuses)."""
    template = labels.ERRORS.get(f"{error.code}:{error.data.get('action')}") or labels.ERRORS.get(error.code)
    if template is None:
        return error_message(error)
    data = dict(error.data)
    statuses: dict[str, Mapping[str, Any]] = {
        key: labels.STATUSES for key in ("from_status", "to_status", "order_status")
    }
    statuses |= {"return_status": RETURN_STATUSES, **(status_labels or {})}
    for key, names in statuses.items():
        if key in data:
            data[key] = names.get(data[key], data[key])
    if "reserved_in" in data:
        data["reserved_in"] = ", ".join(data["reserved_in"]) or "—"
    try:
        return str(template) % data
    except (KeyError, TypeError, ValueError):
        return error.detail


@staff_view(VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET, channels=selectors.channels_in_use(), warehouses=selectors.warehouse_codes())
    data = filters.cleaned_data if filters.is_valid() else {}
    orders = selectors.order_queue(
        status=data.get("status") or None,
        channel=data.get("channel") or None,
        on_hold={"yes": True, "no": False}.get(data.get("hold", "")),
        q=data.get("q"),
        warehouse=data.get("warehouse") or None,
        placed_from=data.get("placed_from"),
        placed_to=data.get("placed_to"),
        searcher=request.user,
    )
    context = {
        "filters": filters,
        "page": Paginator(orders, 50).get_page(request.GET.get("page")),
        "back": request.get_full_path(),
    }
    return render(request, "orders/queue.html", context)


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("back", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _run_bulk(request: HttpRequest, action: str, ids: list[int], reason: str) -> tuple[int, list[str]]:
    actions: dict[str, Callable[[int], object]] = {
        "reserve": lambda pk: reserve_order(order_id=pk, user=request.user, source=Source.UI),
        "release": lambda pk: release_order(order_id=pk, user=request.user, source=Source.UI),
        "hold": lambda pk: place_hold(order_id=pk, kind="manual", reason=reason, user=request.user, source=Source.UI),
        "cancel": lambda pk: cancel_order(order_id=pk, user=request.user, source=Source.UI, reason=reason),
    }
    done, refused = 0, []
    for pk in ids:  # each order its own transaction: one refusal does not undo the others
        try:
            actions[action](pk)
        except DomainError as error:
            refused.append(order_error(error))
        else:
            done += 1
    return done, refused


@staff_view(MANAGE)
def bulk(request: HttpRequest) -> HttpResponse:
    back = _back(request, reverse("orders:queue"))
    if request.method != "POST":
        return redirect(back)
    form = BulkForm(request.POST)
    if not form.is_valid():
        if "reason" in form.errors:
            messages.error(request, _("A hold needs a reason."))
        else:
            messages.error(request, _("Choose at least one order and an action."))
        return redirect(back)
    data = form.cleaned_data
    done, refused = _run_bulk(request, data["action"], data["orders"], data["reason"].strip())
    if done:
        messages.success(request, ngettext("%(count)s order done.", "%(count)s orders done.", done) % {"count": done})
    for reason in refused:
        messages.error(request, reason)
    return redirect(back)


def _order_or_404(number: str):
    try:
        return selectors.order_detail(number)
    except UnknownOrder as missing:
        raise Http404(number) from missing


@staff_view(VIEW)
def detail(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_or_404(number)
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "holds": list(order.holds.all()),
        "active_holds": selectors.active_holds(order),
        "timeline": list(selectors.order_timeline(order)),
        "hold_form": HoldForm(auto_id="hold_%s"),  # two forms on one page: distinct ids
        "cancel_form": CancelForm(auto_id="cancel_%s"),
        "can": {
            "confirm": order.status == domain.OrderStatus.DRAFT,
            "reserve": order.status in domain.RESERVABLE,
            "release": domain.can_transition(order.status, domain.OrderStatus.RELEASED),
            "hold": order.status in HOLDABLE,
            "cancel": domain.can_transition(order.status, domain.OrderStatus.CANCELLED),
        },
    }
    return render(request, "orders/detail.html", context)


def _act(request: HttpRequest, number: str, run: Callable[[int], object], done: str) -> HttpResponse:
    order = _order_or_404(number)
    if request.method == "POST":
        try:
            run(order.pk)
        except DomainError as error:
            messages.error(request, order_error(error))
        else:
            messages.success(request, done % {"number": order.number})
    return redirect("orders:detail", number=order.number)


@staff_view(MANAGE)
def reserve(request: HttpRequest, number: str) -> HttpResponse:
    run = lambda pk: reserve_order(order_id=pk, user=request.user, source=Source.UI)  # noqa: E731
    return _act(request, number, run, _("%(number)s: reservation done; see the status and lines."))


@staff_view(MANAGE)
def confirm(request: HttpRequest, number: str) -> HttpResponse:
    run = lambda pk: confirm_order(order_id=pk, user=request.user, source=Source.UI)  # noqa: E731
    return _act(request, number, run, _("%(number)s confirmed; see the status and lines."))


@staff_view(MANAGE)
def cancel(request: HttpRequest, number: str) -> HttpResponse:
    form = CancelForm(request.POST or None)
    reason = form.cleaned_data["reason"].strip() if form.is_valid() else ""
    run = lambda pk: cancel_order(order_id=pk, user=request.user, source=Source.UI, reason=reason)  # noqa: E731
    return _act(request, number, run, _("%(number)s cancelled; its reservations were released."))


@staff_view(MANAGE)
def hold(request: HttpRequest, number: str) -> HttpResponse:
    form = HoldForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        messages.error(request, _("A hold needs a kind and a reason."))
        return redirect("orders:detail", number=number)
    data = form.cleaned_data if form.is_bound else {}
    run = lambda pk: place_hold(  # noqa: E731
        order_id=pk, kind=data.get("kind", ""), reason=data.get("reason", ""), user=request.user, source=Source.UI
    )
    return _act(request, number, run, _("%(number)s is on hold."))


@staff_view(MANAGE)
def lift(request: HttpRequest, number: str, hold_id: int) -> HttpResponse:
    run = lambda pk: lift_hold(hold_id=hold_id, order_id=pk, user=request.user, source=Source.UI)  # noqa: E731
    return _act(request, number, run, _("Hold on %(number)s lifted."))


@staff_view(MANAGE)
def release(request: HttpRequest, number: str) -> HttpResponse:
    run = lambda pk: release_order(order_id=pk, user=request.user, source=Source.UI)  # noqa: E731
    return _act(request, number, run, _("%(number)s released to the warehouse."))
