"""What a scan names. A keyboard-wedge scanner (or the phone's camera) types a code and Enter:
a bin's code, a product's barcode (GTIN) or SKU. One place decides what a scan means, so picking,
packing and counting accept the same codes. Codes compare without case and surrounding spaces."""

from django.db.models import Q

from arkaofis.catalog.models import Product
from arkaofis.fulfilment.exceptions import UnknownBarcode, WrongBin, WrongItem
from arkaofis.fulfilment.transfers.exceptions import NotABin
from arkaofis.inventory.models import Kind, Location, Usage, Warehouse


def clean(scanned: str) -> str:
    return (scanned or "").strip()[:128]


def product_for(scanned: str) -> Product:
    """The product whose barcode or SKU was scanned; UnknownBarcode when none."""
    code = clean(scanned)
    product = Product.objects.filter(Q(barcode=code) | Q(sku__iexact=code)).first() if code else None
    if product is None:
        raise UnknownBarcode(code)
    return product


def is_item(scanned: str, product: Product) -> bool:
    """The scan names `product`: its barcode, or its SKU in any case."""
    code = clean(scanned)
    return bool(code) and (code == (product.barcode or "") or code.lower() == product.sku.lower())


def check_item(scanned: str, expected: Product) -> None:
    """The scan is `expected` (by barcode or SKU): WrongItem for another product, UnknownBarcode for none."""
    if is_item(scanned, expected):
        return
    raise WrongItem(expected=expected.sku, scanned=product_for(clean(scanned)).sku)


def check_bin(scanned: str, expected: Location) -> None:
    """The scan is `expected` bin's code: WrongBin for another location, UnknownBarcode for no location."""
    code = clean(scanned)
    if code.lower() == expected.code.lower():
        return
    if not Location.objects.filter(code__iexact=code).exists():
        raise UnknownBarcode(code)
    raise WrongBin(expected=expected.code, scanned=code)


def target_bin(scanned: str, warehouse: Warehouse) -> Location:
    """The bin scanned to put stock on: an active bin of `warehouse`. UnknownBarcode for no location, NotABin
    for a location of another warehouse, a zone or station, a virtual location or a bin no longer used."""
    code = clean(scanned)
    location = Location.objects.filter(code__iexact=code).first() if code else None
    if location is None:
        raise UnknownBarcode(code)
    usable = location.warehouse_id == warehouse.pk and location.usage == Usage.INTERNAL
    if not (usable and location.kind == Kind.BIN and location.active):
        raise NotABin(location=location.code, warehouse=warehouse.code)
    return location
