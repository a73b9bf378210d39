"""Order import screen: upload a CSV or XLSX file (optionally only checked), see how many orders
it created and how many were already there, or every bad cell of a rejected file; download a
template with every column.

The form posts over htmx so the page can show the upload's progress and then that the file is
being checked and written; without JavaScript it is a plain form post with the same result."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from arkaofis.core.models import Source
from arkaofis.core.views import staff_view
from arkaofis.orders.forms_import import OrderImportForm
from arkaofis.orders.services.importing import import_orders, order_template
from arkaofis.orders.services.order_rows import COLUMNS, DEFAULT_CHANNEL, REQUIRED_COLUMNS

ADD = "orders.add_salesorder"
# A rejected file can hold thousands of bad cells; the page lists the first ones (fixing those
# and uploading again is how people work) so a phone is not handed a megabyte of table.
MAX_ERRORS_SHOWN = 1000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_view(ADD)
def import_page(request: HttpRequest) -> HttpResponse:
    report = None
    if request.method == "POST":
        form = OrderImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_orders(
                file_name=upload.name or "upload",
                content=upload.read(),
                user=request.user,
                source=Source.UI,
                reserve=form.cleaned_data["reserve"],
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = OrderImportForm()
    context = {
        "form": form,
        "report": report,
        "errors_shown": report.errors[:MAX_ERRORS_SHOWN] if report else [],
        "columns": COLUMNS,
        "required": REQUIRED_COLUMNS,
        "default_channel": DEFAULT_CHANNEL,
    }
    refused = bool(form.errors) or (report is not None and not report.ok)
    # htmx swaps only 2xx answers: it gets the same page with 200 and picks out the result.
    status = 422 if refused and not request.htmx else 200
    return render(request, "orders/import.html", context, status=status)


@staff_view(ADD)
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(fmt)
    response = HttpResponse(order_template(fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="orders-template.{fmt}"'
    return response
