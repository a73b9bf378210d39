"""Catalog API: import and export products as CSV/XLSX.

Searching, reading and creating products answer with availability, so those routes live in
inventory/api_products.py (a floor above) under the same /catalog prefix."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Status, UploadedFile

from arkaofis.catalog import schemas
from arkaofis.catalog.services.exporting import CONTENT_TYPES, export_products
from arkaofis.catalog.services.importing import import_products
from arkaofis.catalog.services.tables import told_reason
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source

router = Router(tags=["catalog"])


class ImportRejected(InvalidInput):
    code = "import-rejected"
    title = _("Import rejected: nothing was written")


MAX_IMPORT_BYTES = 20 * 1024 * 1024


# Mounted before inventory/api_products.py's /products/{sku}: a SKU may contain "/", so that route matches any tail.
@router.post("/products/import", response={200: schemas.ImportReportOut}, auth=requires("catalog.import_products"))
@idempotent
def import_file(
    request: HttpRequest,
    file: File[UploadedFile],  # CSV or XLSX with the export's columns
    dry_run: Form[bool] = False,  # check every row, write nothing
) -> Status:
    """Import products from a spreadsheet: every row is checked, then all are written or none.

    A rejected file is a 422 problem whose `errors` list each bad cell (line, column, reason).
    """
    if file.size is not None and file.size > MAX_IMPORT_BYTES:
        raise ImportRejected(
            _("The file is larger than %(mb)s MB; split it") % {"mb": MAX_IMPORT_BYTES // 2**20}, size=file.size
        )
    report = import_products(
        file_name=file.name or "upload",
        content=file.read(),
        user=caller(request),
        source=Source.API,
        dry_run=dry_run,
    )
    if not report.ok:
        errors = [{"line": e.line, "column": e.column, "reason": told_reason(e)} for e in report.errors]
        raise ImportRejected(report.summary(), errors=errors)
    return Status(200, schemas.ImportReportOut.model_validate(report.as_dict()))


@router.get("/products/export", response={200: None}, auth=requires("catalog.import_products"))
def export_file(request: HttpRequest, format: Literal["csv", "xlsx"] = "csv") -> HttpResponse:
    """Every product as CSV or XLSX, in the columns the import reads back unchanged."""
    response = HttpResponse(export_products(fmt=format), content_type=CONTENT_TYPES[format])
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="products-{stamp}.{format}"'
    return response
