"""Reads of the catalog. Lookups take whole batches so an import of 10,000 rows costs a few
queries, never one per row."""

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, Q, QuerySet

from arkaofis.catalog.exceptions import UnknownSku
from arkaofis.catalog.models import KitComponent, Product, ProductFamily, UnitOfMeasure

CHUNK = 500  # well under every database's limit on query parameters


def _chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def products_by_sku(skus: Iterable[str]) -> dict[str, Product]:
    """Existing products (with unit and family loaded) for the SKUs that exist."""
    found: dict[str, Product] = {}
    for batch in _chunks(set(skus)):
        for product in Product.objects.filter(sku__in=batch).select_related("uom", "family"):
            found[product.sku] = product
    return found


def barcode_owners(barcodes: Iterable[str]) -> dict[str, str]:
    """barcode → SKU of the product that carries it, for barcodes already taken."""
    owners: dict[str, str] = {}
    for batch in _chunks(set(barcodes)):
        for barcode, sku in Product.objects.filter(barcode__in=batch).values_list("barcode", "sku"):
            owners[str(barcode)] = sku
    return owners


def existing_skus(skus: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for batch in _chunks(set(skus)):
        found.update(Product.objects.filter(sku__in=batch).values_list("sku", flat=True))
    return found


def sku_ids(skus: Iterable[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for batch in _chunks(set(skus)):
        ids.update(Product.objects.filter(sku__in=batch).values_list("sku", "pk"))
    return ids


def product_by_sku(sku: str) -> Product:
    """The product with this SKU, or UnknownSku."""
    # A NUL can never be in a code, and PostgreSQL refuses it in a query: answer before asking.
    product = None if "\x00" in sku else Product.objects.filter(sku=sku).first()
    if product is None:
        raise UnknownSku(sku)
    return product


def kit_bills() -> dict[str, dict[str, int]]:
    """Every kit's bill of materials: kit SKU → {component SKU: quantity per kit}."""
    bills: dict[str, dict[str, int]] = {}
    rows = KitComponent.objects.values_list("kit__sku", "component__sku", "quantity").order_by("kit_id", "id")
    for kit_sku, component_sku, quantity in rows:
        bills.setdefault(kit_sku, {})[component_sku] = quantity
    return bills


def product_ids_with_moves(product_ids: Iterable[int]) -> set[int]:
    """Products whose stock has moved: their unit, tracking and cost method are settled."""
    # Through the product's reverse relation to the ledger ("moves"): a read of whether a move exists,
    # so catalog need not import inventory, the floor above it.
    moved: set[int] = set()
    for batch in _chunks(set(product_ids)):
        moved.update(Product.objects.filter(pk__in=batch, moves__isnull=False).values_list("pk", flat=True).distinct())
    return moved


def unit_codes() -> dict[str, str]:
    """Lower-cased code → code of every unit of measure, so 'PCS' finds 'pcs'."""
    return {code.lower(): code for code in UnitOfMeasure.objects.values_list("code", flat=True)}


def families_by_name(names: Iterable[str]) -> dict[str, ProductFamily]:
    """The oldest family of each name (names are not unique; the first one wins)."""
    found: dict[str, ProductFamily] = {}
    for batch in _chunks(set(names)):
        for family in ProductFamily.objects.filter(name__in=batch).order_by("-pk"):
            found[family.name] = family
    return found


def products_for_export() -> QuerySet[Product]:
    components = Prefetch(
        "components", queryset=KitComponent.objects.select_related("component").order_by("component__sku")
    )
    return Product.objects.select_related("uom", "family").prefetch_related(components).order_by("sku")


def search_products(query: str = "", *, category: str = "", active: bool | None = None) -> QuerySet[Product]:
    """Products matching a SKU, name or barcode fragment, for lists and pickers."""
    products = Product.objects.select_related("uom", "family")
    if query:
        products = products.filter(Q(sku__icontains=query) | Q(name__icontains=query) | Q(barcode=query))
    if category:
        products = products.filter(category=category)
    if active is not None:
        products = products.filter(active=active)
    return products.order_by("sku")
