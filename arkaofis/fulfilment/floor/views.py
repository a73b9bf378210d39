"""The floor's screens, phone first: the hub, planning a wave, picking a batch stop by stop, packing, and
putting a cancelled shipment's units back on a shelf.

A scan form posts with htmx when it can (the page keeps its focus and plays the refusal sound) and as
a plain form otherwise; either way each post calls one service and a refusal changes nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arkaofis.core.exceptions import DomainError
from arkaofis.core.http import HtmxHttpRequest
from arkaofis.core.models import Source
from arkaofis.core.roles import SEE_SHIP_TO
from arkaofis.core.views import error_message, staff_view
from arkaofis.fulfilment.floor import documents, selectors
from arkaofis.fulfilment.floor.forms import (
    CloseBoxForm,
    ManifestForm,
    PackFindForm,
    PackScanForm,
    PickForm,
    PutAwayForm,
    ShortForm,
    WaveForm,
)
from arkaofis.fulfilment.models import Box, CarrierAccount
from arkaofis.fulfilment.selectors import left_at_packing, shipment_by_number
from arkaofis.fulfilment.services.labels import issue_label
from arkaofis.fulfilment.services.packing import close_box, scan_into_box, suggest_box
from arkaofis.fulfilment.services.picking import confirm_pick, report_short
from arkaofis.fulfilment.services.putting_away import finish_put_away, put_away_from_packing
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.services.waves import plan_waves
from arkaofis.inventory.models import Warehouse

VIEW, WORK, PLAN = "fulfilment.view_shipment", "fulfilment.ship_shipment", "fulfilment.plan_wave"


@staff_view(VIEW)
def hub(request: HttpRequest) -> HttpResponse:
    context = {
        "batches": selectors.open_batches(),
        "pending": selectors.pending_by_warehouse(),
        "put_away": selectors.shipments_to_put_away(),
    }
    return render(request, "fulfilment/floor/hub.html", context)


@staff_view(PLAN)
def waves(request: HttpRequest) -> HttpResponse:
    pending = selectors.pending_by_warehouse()
    form = WaveForm(request.POST or None, warehouses=[warehouse.code for warehouse, _ in pending])
    if request.method == "POST" and form.is_valid():
        try:
            planned = plan_waves(
                warehouse=Warehouse.objects.get(code=form.cleaned_data["warehouse"]),
                cart_orders=form.cleaned_data["cart_orders"],
                user=request.user,
                source=Source.UI,
            )
        except DomainError as error:
            messages.error(request, error_message(error))
        else:
            batches = sum(wave.batches.count() for wave in planned)
            messages.success(
                request,
                _("%(waves)s wave(s) planned: %(count)s batch(es).") % {"waves": len(planned), "count": batches},
            )
        return redirect("floor:waves")
    context = {"form": form, "pending": pending, "waves": selectors.recent_waves()}
    return render(request, "fulfilment/floor/waves.html", context)


def _refused(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error_message(error), extra_tags="beep")


@staff_view(WORK)
def pick(request: HtmxHttpRequest, number: str) -> HttpResponse:
    try:
        batch = selectors.batch_by_number(number)
    except DomainError as error:
        _refused(request, error)
        return redirect("floor:hub")
    stop = selectors.next_stop(batch)
    pick_form = PickForm(initial={"quantity": stop.remaining if stop else 1})
    short_form = ShortForm(initial={"found": 0})
    if request.method == "POST" and stop is not None:
        _pick_post(request, stop.pk)
        return redirect("floor:pick", number=batch.number)
    context = {
        "batch": batch,
        "stop": stop,
        "progress": selectors.batch_progress(batch),
        "form": pick_form,
        "short_form": short_form,
        "stops": selectors.stops(batch),
    }
    template = "fulfilment/floor/_pick_stop.html" if request.htmx else "fulfilment/floor/pick.html"
    return render(request, template, context)


def _pick_post(request: HttpRequest, stop_id: int) -> None:
    short = request.POST.get("action") == "short"
    form = ShortForm(request.POST) if short else PickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scan the bin and the item and give the quantity."), extra_tags="beep")
        return
    data = form.cleaned_data
    try:
        if short:
            report_short(
                pick_line_id=stop_id, bin_scan=data["bin"], found=data["found"], user=request.user, source=Source.UI
            )
        else:
            confirm_pick(
                pick_line_id=stop_id,
                bin_scan=data["bin"],
                item_scan=data["item"],
                quantity=data["quantity"],
                user=request.user,
                source=Source.UI,
            )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Short pick recorded.") if short else _("Picked."))


@staff_view(WORK)
def pack_find(request: HttpRequest) -> HttpResponse:
    form = PackFindForm(request.GET or None)
    if form.is_valid():
        try:
            shipment = selectors.shipment_to_pack(form.cleaned_data["shipment"])
        except DomainError as error:
            _refused(request, error)
        else:
            return redirect("floor:pack", number=shipment.number)
    return render(request, "fulfilment/floor/pack_find.html", {"form": form})


@staff_view(WORK)
def pack(request: HtmxHttpRequest, number: str) -> HttpResponse:
    try:
        shipment = selectors.shipment_to_pack(number)
    except DomainError as error:
        _refused(request, error)
        return redirect("floor:pack_find")
    boxes = [(box.code, f"{box.code} · {box.name}") for box in Box.objects.filter(active=True)]
    if request.method == "POST":
        _pack_post(request, shipment.pk, boxes)
        return redirect("floor:pack", number=shipment.number)
    suggested = suggest_box(shipment)
    context = {
        "shipment": shipment,
        "lines": selectors.pack_lines(shipment),
        "scan_form": PackScanForm(),
        "close_form": CloseBoxForm(boxes=boxes, initial={"box": suggested.code if suggested else ""}),
        "suggested": suggested,
        "carriers": _carriers(),
        "may_print": request.user.has_perm(SEE_SHIP_TO),
    }
    template = "fulfilment/floor/_pack_body.html" if request.htmx else "fulfilment/floor/pack.html"
    return render(request, template, context)


def _pack_post(request: HttpRequest, shipment_id: int, boxes: list[tuple[str, str]]) -> None:
    closing = request.POST.get("action") == "close"
    form = CloseBoxForm(request.POST, boxes=boxes) if closing else PackScanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scan an item, or give the box and its weight."), extra_tags="beep")
        return
    data = form.cleaned_data
    try:
        if closing:
            close_box(
                shipment_id=shipment_id,
                box_code=data["box"],
                weight_g=data["weight_g"],
                user=request.user,
                source=Source.UI,
            )
            messages.success(request, _("Packed."))
        else:
            line = scan_into_box(shipment_id=shipment_id, item_scan=data["item"], user=request.user, source=Source.UI)
            messages.success(
                request,
                _("%(sku)s: %(packed)s of %(wanted)s in the box.")
                % {"sku": line.order_line.sku, "packed": line.packed_quantity, "wanted": line.to_ship},
            )
    except DomainError as error:
        _refused(request, error)


@staff_view(WORK)
def put_away(request: HtmxHttpRequest, number: str) -> HttpResponse:
    """A cancelled shipment's units at packing, back onto shelves: scan the item, then the bin."""
    try:
        shipment = shipment_by_number(number)
    except DomainError as error:
        _refused(request, error)
        return redirect("floor:hub")
    if request.method == "POST":
        _put_away_post(request, shipment.pk)
        return redirect("floor:put_away", number=shipment.number)
    left = left_at_packing(shipment)
    bins = selectors.usual_bins(shipment.warehouse, [row.product.pk for row in left])
    context = {
        "shipment": shipment,
        "left": [(row, bins.get(row.product.pk, "")) for row in left],
        "form": PutAwayForm(initial={"quantity": 1}),
        "task_open": selectors.put_away_open(shipment.number),
    }
    template = "fulfilment/floor/_put_away_body.html" if request.htmx else "fulfilment/floor/put_away.html"
    return render(request, template, context)


def _put_away_post(request: HttpRequest, shipment_id: int) -> None:
    finishing = request.POST.get("action") == "finish"
    form = PutAwayForm(request.POST)
    if not finishing and not form.is_valid():
        messages.error(request, _("Scan the item and the bin and give the quantity."), extra_tags="beep")
        return
    try:
        if finishing:
            finish_put_away(shipment_id=shipment_id, user=request.user, source=Source.UI)
            messages.success(request, _("Put-away task closed."))
            return
        data = form.cleaned_data
        done = put_away_from_packing(
            shipment_id=shipment_id, item_scan=data["item"], bin_scan=data["bin"], quantity=data["quantity"],
            user=request.user, source=Source.UI,
        )  # fmt: skip
    except DomainError as error:
        _refused(request, error)
        return
    said = {"sku": done.product.sku, "quantity": done.quantity, "bin": done.bin.code}
    messages.success(request, _("%(sku)s: %(quantity)s put away on %(bin)s.") % said)


def _needs_ship_to(request: HttpRequest) -> None:
    """Labels, slips and manifests print customers' addresses: only for roles that may see them."""
    if not request.user.has_perm(SEE_SHIP_TO):
        raise PermissionDenied(SEE_SHIP_TO)


@staff_view(WORK)
def label(request: HttpRequest, number: str) -> HttpResponse:
    """Issue the packed shipment's label (POST), then it is printed from the links the pack screen shows."""
    _needs_ship_to(request)
    if request.method == "POST":
        try:
            shipment = selectors.shipment_to_pack(number)
            issue_label(
                shipment_id=shipment.pk,
                carrier_code=request.POST.get("carrier") or None,
                user=request.user,
                source=Source.UI,
            )
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Label ready: print it and stick it on the box."))
    return redirect("floor:pack", number=number)


@staff_view(WORK)
def ship(request: HttpRequest, number: str) -> HttpResponse:
    if request.method == "POST":
        try:
            shipment = selectors.shipment_to_pack(number)
            ship_shipment(shipment_id=shipment.pk, carrier="", tracking_number="", user=request.user, source=Source.UI)
        except DomainError as error:
            _refused(request, error)
        else:
            messages.success(request, _("%(number)s shipped.") % {"number": shipment.number})
    return redirect("floor:pack", number=number)


@staff_view(WORK)
def document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """The shipment's label as PDF or ZPL, or its packing slip, to print."""
    _needs_ship_to(request)
    if kind not in ("pdf", "zpl", "slip"):
        raise Http404(kind)
    shipment = selectors.shipment_to_pack(number)
    try:
        if kind == "slip":
            return _file(documents.packing_slip(shipment), "application/pdf", f"{shipment.number}-slip.pdf")
        label = documents.label_file(shipment, kind)
        return _file(label, documents.LABEL_TYPES[kind], f"{shipment.number}-label.{kind}")
    except DomainError as error:
        _refused(request, error)
        return redirect("floor:pack", number=number)


def _file(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@staff_view(WORK)
def manifest(request: HttpRequest) -> HttpResponse:
    """A carrier's end-of-day manifest for a warehouse, as PDF or CSV, for the driver to sign."""
    _needs_ship_to(request)
    form = ManifestForm(request.GET or None, carriers=_carriers(), warehouses=_warehouses())
    if form.is_valid():
        data = form.cleaned_data
        sheet = documents.manifest(
            account=CarrierAccount.objects.get(code=data["carrier"]),
            warehouse=Warehouse.objects.get(code=data["warehouse"]),
            day=data["day"],
        )
        name = f"manifest-{data['carrier']}-{data['warehouse']}-{data['day']:%Y-%m-%d}"
        if data["format"] == "csv":
            return _file(documents.manifest_csv(sheet), "text/csv; charset=utf-8", f"{name}.csv")
        return _file(documents.manifest_pdf(sheet), "application/pdf", f"{name}.pdf")
    return render(request, "fulfilment/floor/manifest.html", {"form": form})


def _carriers() -> list[tuple[str, str]]:
    return [(account.code, account.name) for account in CarrierAccount.objects.filter(active=True)]


def _warehouses() -> list[str]:
    return list(Warehouse.objects.filter(active=True).order_by("code").values_list("code", flat=True))
