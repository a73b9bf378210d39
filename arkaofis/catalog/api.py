"""Catalog API: search products, read one by SKU (with its kit components and availability),
create products, import and export them as CSV/XLSX."""

from typing import Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from arkaofis.catalog import schemas
from arkaofis.catalog.exceptions import InvalidProduct
from arkaofis.catalog.models import Product
from arkaofis.catalog.services.exporting import CONTENT_TYPES, export_products
from arkaofis.catalog.services.importing import import_products
from arkaofis.catalog.services.products import NewProduct, create_product
from arkaofis.catalog.services.tables import told_reason
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.inventory.api import availability_of
from arkaofis.inventory.selectors import product_by_sku

router = Router(tags=["catalog"])


def _detail(product: Product) -> schemas.ProductDetail:
    # Attached like annotations, so one schema reads the product and what was computed for it.
    product.bill_of_materials = list(product.components.select_related("component").order_by("component__sku"))
    product.availability = availability_of(product)
    return schemas.ProductDetail.model_validate(product)


@router.get("/products", response=list[schemas.ProductOut], auth=requires("catalog.view_product"))
@paginate(Paging)
def list_products(
    request: HttpRequest,
    q: str | None = Query(None, max_length=200, pattern=r"^[^\x00]*$", description="SKU, name or barcode"),
    category: str | None = Query(None, max_length=100, pattern=r"^[^\x00]*$"),
    is_kit: bool | None = None,
    active: bool | None = None,
) -> QuerySet[Product]:
    products = Product.objects.select_related("uom").order_by("sku")
    if q and q.strip():
        text = q.strip()
        products = products.filter(Q(sku__icontains=text) | Q(name__icontains=text) | Q(barcode__startswith=text))
    if category:
        products = products.filter(category=category)
    if is_kit is not None:
        products = products.filter(is_kit=is_kit)
    if active is not None:
        products = products.filter(active=active)
    return products


@router.post("/products", response={201: schemas.ProductDetail}, auth=requires("catalog.add_product"))
@idempotent
def add_product(request: HttpRequest, payload: schemas.ProductIn) -> Status:
    """Create a product; with `components` it is a kit. 409 on a taken SKU or barcode."""
    data = payload.model_dump(exclude={"components"})
    components = {line.sku: line.quantity for line in payload.components}
    if len(components) != len(payload.components):
        raise InvalidProduct(gettext("A component is listed twice"), field="components")
    product = create_product(
        new=NewProduct(**data, components=components),
        user=caller(request),
        source=Source.API,
    )
    return Status(201, _detail(product))


class ImportRejected(InvalidInput):
    code = "import-rejected"
    title = _("Import rejected: nothing was written")


MAX_IMPORT_BYTES = 20 * 1024 * 1024


# Declared before /products/{sku}: a SKU may contain "/", so that route matches any tail.
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


@router.get("/products/{path:sku}", response=schemas.ProductDetail, auth=requires("catalog.view_product"))
def get_product(request: HttpRequest, sku: str) -> schemas.ProductDetail:
    """One product by SKU, with its kit components and availability per warehouse."""
    return _detail(product_by_sku(sku))
