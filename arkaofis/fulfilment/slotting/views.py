"""The slotting screen (desktop, managers): for one warehouse, the moves that bring fast sellers nearest the
depot, each with why and what it saves, and the last days' pick trips walked now and after the moves."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from arkaofis.core.views import error_message, staff_view
from arkaofis.fulfilment.slotting import PERMISSION
from arkaofis.fulfilment.slotting.exceptions import FloorNotMapped
from arkaofis.fulfilment.slotting.forms import SlottingForm
from arkaofis.fulfilment.slotting.selectors import DAYS, SlottingReport, slotting_report
from arkaofis.inventory.charts import svg_number
from arkaofis.inventory.models import Warehouse


def _bars(report: SlottingReport) -> list[dict]:
    """The walk now and after, as bar widths relative to the longer (server-drawn SVG: CSP allows no inline style)."""
    replay = report.slotting.replay
    top = max(replay.metres_now, replay.metres_after)
    return [
        {"key": key, "metres": metres, "width": svg_number(metres / top * 100 if top else 0.0)}
        for key, metres in (("now", replay.metres_now), ("after", replay.metres_after))
    ]


@staff_view(PERMISSION)
def slotting(request: HttpRequest) -> HttpResponse:
    warehouses = list(Warehouse.objects.filter(active=True).order_by("priority", "code").values_list("code", flat=True))
    if "warehouse" in request.GET or not warehouses:
        form = SlottingForm(request.GET or None, warehouses=warehouses)
    else:  # first visit: the first warehouse over the default window
        form = SlottingForm({"warehouse": warehouses[0], "days": DAYS}, warehouses=warehouses)
    report, problem = None, None
    if form.is_bound and form.is_valid():
        warehouse = Warehouse.objects.get(code=form.cleaned_data["warehouse"])
        try:
            report = slotting_report(warehouse, days=form.cleaned_data["days"])
        except FloorNotMapped as error:
            problem = error_message(error)
    context = {
        "form": form,
        "report": report,
        "problem": problem,
        "bars": _bars(report) if report else [],
        "rows": [(move, report.names.get(move.product, "")) for move in report.slotting.moves] if report else [],
    }
    return render(request, "fulfilment/slotting/index.html", context, status=422 if form.errors else 200)
