"""Product import/export screen: upload a CSV or XLSX file (optionally only checked), see what
it created, updated or left unchanged, or every bad cell of a rejected file; download the
catalogue in the same columns."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from arkaofis.catalog.forms import ProductImportForm
from arkaofis.catalog.services.exporting import CONTENT_TYPES, FORMATS, export_products
from arkaofis.catalog.services.importing import import_products
from arkaofis.catalog.services.product_rows import COLUMNS
from arkaofis.core.models import Source
from arkaofis.core.views import staff_view

# A rejected file can hold thousands of bad cells; past this many the page lists only the first
# ones (the user fixes those and uploads again) so a phone is not handed a megabyte of table.
MAX_ERRORS_SHOWN = 1000


@staff_view("catalog.import_products")
def import_page(request: HttpRequest) -> HttpResponse:
    report = None
    if request.method == "POST":
        form = ProductImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_products(
                file_name=upload.name or "upload",
                content=upload.read(),
                user=request.user,
                source=Source.UI,
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = ProductImportForm()
    context = {
        "form": form,
        "report": report,
        "errors_shown": report.errors[:MAX_ERRORS_SHOWN] if report else [],
        "columns": COLUMNS,
    }
    refused = form.errors or (report is not None and not report.ok)
    return render(request, "catalog/import.html", context, status=422 if refused else 200)


@staff_view("catalog.import_products")
def export_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every product in the import's columns: edit it in a spreadsheet and import it back."""
    if fmt not in FORMATS:
        raise Http404(fmt)
    response = HttpResponse(export_products(fmt=fmt), content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="products-{stamp}.{fmt}"'
    return response
