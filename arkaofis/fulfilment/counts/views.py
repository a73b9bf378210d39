"""The count screens: the list (and asking for a count), counting a count's bins on a phone (blind),
and the manager's review of the variances on a desktop.

The phone's scan form posts with htmx when it can (the page keeps its focus and beeps on a refusal)
and as a plain form otherwise; each post calls one service and a refusal changes nothing.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arkaofis.catalog.models import Product
from arkaofis.core.exceptions import DomainError
from arkaofis.core.http import HtmxHttpRequest
from arkaofis.core.models import Source
from arkaofis.core.roles import SEE_COSTS, may_see
from arkaofis.core.views import error_message, staff_view
from arkaofis.fulfilment.counts import selectors
from arkaofis.fulfilment.counts.forms import DecisionForm, EmptyBinForm, RecordForm, RequestCountForm
from arkaofis.fulfilment.counts.models import CountDoc, CountOrigin, CountStatus
from arkaofis.fulfilment.counts.services.approving import approve_count, cancel_count, reject_count
from arkaofis.fulfilment.counts.services.finishing import finish_count
from arkaofis.fulfilment.counts.services.recording import record_count, record_empty_bin
from arkaofis.fulfilment.counts.services.requesting import request_count
from arkaofis.fulfilment.services import scans
from arkaofis.inventory.models import Warehouse
from arkaofis.inventory.selectors import location_by_code

COUNT, APPROVE = "fulfilment.count_stock", "fulfilment.approve_count"


def _refused(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error_message(error), extra_tags="beep")


@staff_view(COUNT)
def counts(request: HttpRequest) -> HttpResponse:
    warehouses = list(Warehouse.objects.filter(active=True).values_list("code", flat=True))
    form = RequestCountForm(request.POST or None, warehouses=warehouses)
    if request.method == "POST":
        if form.is_valid():
            count = _request(request, form.cleaned_data)
            if count is not None:
                return redirect("floor:counts:count", number=count.number)
        else:
            messages.error(request, _("Give the warehouse and the bins or a product to count."))
    context = {
        "form": form,
        "to_count": selectors.to_count(),
        "awaiting": selectors.awaiting_approval(),
        "recent": selectors.counts(status=CountStatus.POSTED, limit=10),
    }
    return render(request, "fulfilment/counts/list.html", context)


def _request(request: HttpRequest, data: dict) -> CountDoc | None:
    try:
        product: Product | None = scans.product_for(data["sku"]) if data["sku"] else None
        count = request_count(
            warehouse=Warehouse.objects.get(code=data["warehouse"]),
            locations=[location_by_code(code) for code in data["bins"]],
            product=product,
            origin=CountOrigin.MANUAL,
            reason=data["reason"],
            user=request.user,
            source=Source.UI,
        )
    except DomainError as error:
        messages.error(request, error_message(error))
        return None
    messages.success(request, _("%(count)s: count these bins.") % {"count": count.number})
    return count


@staff_view(COUNT)
def count(request: HtmxHttpRequest, number: str) -> HttpResponse:
    try:
        doc = selectors.count_by_number(number)
    except DomainError as error:
        _refused(request, error)
        return redirect("floor:counts:list")
    if request.method == "POST":
        _count_post(request, doc)
        return redirect("floor:counts:count", number=doc.number)
    context = {
        "count": doc,
        "bins": selectors.counter_view(doc),
        "form": RecordForm(initial={"quantity": ""}),
        "empty_form": EmptyBinForm(),
        "counting": doc.status in (CountStatus.OPEN, CountStatus.COUNTED),
    }
    template = "fulfilment/counts/_count_body.html" if request.htmx else "fulfilment/counts/count.html"
    return render(request, template, context)


def _count_post(request: HttpRequest, doc: CountDoc) -> None:
    action = request.POST.get("action", "record")
    try:
        if action == "finish":
            done = finish_count(count_id=doc.pk, user=request.user, source=Source.UI)
            if done.status == CountStatus.POSTED:
                messages.success(request, _("%(count)s posted.") % {"count": done.number})
            else:
                messages.warning(request, _("%(count)s waits for a manager's approval.") % {"count": done.number})
            return
        form = EmptyBinForm(request.POST) if action == "empty" else RecordForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Scan the bin and the item and give the quantity."), extra_tags="beep")
            return
        data = form.cleaned_data
        if action == "empty":
            record_empty_bin(count_id=doc.pk, location_scan=data["bin"], user=request.user, source=Source.UI)
            messages.success(request, _("%(bin)s counted empty.") % {"bin": data["bin"]})
            return
        line = record_count(
            count_id=doc.pk,
            location_scan=data["bin"],
            item_scan=data["item"],
            lot_scan=data["lot"],
            quantity=data["quantity"],
            user=request.user,
            source=Source.UI,
        )
        messages.success(
            request,
            _("%(sku)s in %(bin)s: %(quantity)s counted.")
            % {"sku": line.product.sku, "bin": line.location.code, "quantity": line.counted},
        )
    except DomainError as error:
        _refused(request, error)


@staff_view(APPROVE)
def review(request: HttpRequest, number: str) -> HttpResponse:
    try:
        doc = selectors.count_by_number(number)
    except DomainError as error:
        messages.error(request, error_message(error))
        return redirect("floor:counts:list")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _decide(request, doc, request.POST.get("action", ""), form.cleaned_data["reason"])
        return redirect("floor:counts:review", number=doc.number)
    context = {
        "count": doc,
        "rows": selectors.review(doc, request.user),
        "form": form,
        "see_costs": may_see(request.user, SEE_COSTS),
        "deciding": doc.status == CountStatus.AWAITING_APPROVAL,
        "cancellable": doc.status in (CountStatus.OPEN, CountStatus.COUNTED, CountStatus.AWAITING_APPROVAL),
    }
    return render(request, "fulfilment/counts/review.html", context)


def _decide(request: HttpRequest, doc: CountDoc, action: str, reason: str) -> None:
    decisions = {
        "approve": (approve_count, _("%(count)s approved: the adjustments are posted.")),
        "reject": (reject_count, _("%(count)s sent back for a recount.")),
        "cancel": (cancel_count, _("%(count)s cancelled.")),
    }
    if action not in decisions:
        messages.error(request, _("Choose approve, recount or cancel."))
        return
    service, said = decisions[action]
    extra = {} if action == "approve" else {"reason": reason}
    try:
        service(count_id=doc.pk, user=request.user, source=Source.UI, **extra)
    except DomainError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, said % {"count": doc.number})
