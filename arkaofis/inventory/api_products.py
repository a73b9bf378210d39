"""The catalog's product routes under /api/catalog: search products, read one by SKU (with its kit
components and availability), create products.

A product's detail carries its availability per warehouse, so these routes live in inventory, the floor
above catalog; catalog/api.py keeps import and export, mounted first (arkaofis/api.py).
"""

from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Status
from ninja.pagination import paginate

from arkaofis.catalog import schemas as catalog_schemas
from arkaofis.catalog.exceptions import InvalidProduct
from arkaofis.catalog.models import KitComponent, Product
from arkaofis.catalog.selectors import product_by_sku
from arkaofis.catalog.services.products import NewProduct, create_product
from arkaofis.core.api_auth import caller, requires
from arkaofis.core.api_paging import Paging
from arkaofis.core.idempotency import idempotent
from arkaofis.core.models import Source
from arkaofis.inventory import schemas
from arkaofis.inventory.api import availability_of

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a typing aid only (django-stubs), not needed at run time

router = Router(tags=["catalog"])


class _Detail(TypedDict):
    bill_of_materials: list[KitComponent]
    availability: schemas.Availability


def _detail(request: HttpRequest, product: Product) -> schemas.ProductDetail:
    # Attached like annotations, so one schema reads the product and what was computed for it.
    detailed = cast("WithAnnotations[Product, _Detail]", product)
    detailed.bill_of_materials = list(product.components.select_related("component").order_by("component__sku"))
    detailed.availability = availability_of(product)
    # The request in the context: costs are shown only to a caller who may see them.
    return schemas.ProductDetail.model_validate(detailed, context={"request": request})


@router.get("/products", response=list[catalog_schemas.ProductOut], auth=requires("catalog.view_product"))
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
def add_product(request: HttpRequest, payload: catalog_schemas.ProductIn) -> Status:
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
    return Status(201, _detail(request, product))


@router.get("/products/{path:sku}", response=schemas.ProductDetail, auth=requires("catalog.view_product"))
def get_product(request: HttpRequest, sku: str) -> schemas.ProductDetail:
    """One product by SKU, with its kit components and availability per warehouse."""
    return _detail(request, product_by_sku(sku))
