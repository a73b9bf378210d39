"""Order import screen: upload a CSV or XLSX file (optionally only checked), see how many orders
it created and how many were already there, or every bad cell of a rejected file; download a
template with every column. A file too large to write within the request is written by the
worker: its page shows the progress (services/import_jobs.py).

The form posts over htmx so the page can show the upload's progress and then that the file is
being checked and written; without JavaScript it is a plain form post with the same result."""

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from arkaofis.core.http import HtmxHttpRequest
from arkaofis.core.models import Source
from arkaofis.core.views import staff_view
from arkaofis.orders.forms_import import OrderImportForm
from arkaofis.orders.models import ImportJobStatus, OrderImportJob
from arkaofis.orders.services.import_jobs import import_or_queue, inline_limit
from arkaofis.orders.services.importing import order_template
from arkaofis.orders.services.order_rows import COLUMNS, DEFAULT_CHANNEL, REQUIRED_COLUMNS

ADD = "orders.add_salesorder"
# A rejected file can hold thousands of bad cells; the page lists the first ones (fixing those
# and uploading again is how people work) so a phone is not handed a megabyte of table.
MAX_ERRORS_SHOWN = 1000
RECENT_JOBS = 10
WORKER_LATE = timedelta(seconds=15)  # a job still queued after this says the worker may not be running
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_view(ADD)
def import_page(request: HtmxHttpRequest) -> HttpResponse:
    report = None
    if request.method == "POST":
        form = OrderImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report, job = import_or_queue(
                file_name=upload.name or "upload",
                content=upload.read(),
                user=request.user,
                source=Source.UI,
                reserve=form.cleaned_data["reserve"],
                dry_run=form.cleaned_data["dry_run"],
            )
            if job is not None:  # too large to write in this request: the worker writes it
                target = reverse("orders:import_job", args=[job.pk])
                return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    else:
        form = OrderImportForm()
    context = {
        "form": form,
        "report": report,
        "errors_shown": report.errors[:MAX_ERRORS_SHOWN] if report else [],
        "columns": COLUMNS,
        "required": REQUIRED_COLUMNS,
        "default_channel": DEFAULT_CHANNEL,
        "recent_jobs": OrderImportJob.objects.defer("content").select_related("created_by")[:RECENT_JOBS],
        "inline_limit": inline_limit(),
    }
    refused = bool(form.errors) or (report is not None and not report.ok)
    # htmx swaps only 2xx answers: it gets the same page with 200 and picks out the result.
    status = 422 if refused and not request.htmx else 200
    return render(request, "orders/import.html", context, status=status)


@staff_view(ADD)
def import_job(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A queued import's progress; htmx asks for its status block every second until it ends."""
    job = get_object_or_404(OrderImportJob.objects.defer("content"), pk=pk)
    waiting = timezone.now() - job.created_at > WORKER_LATE
    context = {
        "job": job,
        "report": job.report,
        "errors_shown": (job.report.get("errors") or [])[:MAX_ERRORS_SHOWN],
        "worker_late": job.status == ImportJobStatus.QUEUED and waiting,
    }
    template = "orders/_import_job.html" if request.htmx else "orders/import_job.html"
    return render(request, template, context)


@staff_view(ADD)
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(fmt)
    response = HttpResponse(order_template(fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="orders-template.{fmt}"'
    return response
