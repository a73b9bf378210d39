"""Export products as CSV or XLSX with the import's columns, so an exported file imports back
unchanged (and a user can edit it in a spreadsheet and import it again)."""

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext

from arkaofis.catalog import selectors
from arkaofis.catalog.exceptions import InvalidProduct
from arkaofis.catalog.models import Product
from arkaofis.catalog.services.product_rows import COLUMNS
from arkaofis.catalog.services.tables import write_csv, write_xlsx

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_products(*, fmt: str) -> bytes:
    """Every product, ordered by SKU, as the bytes of a CSV or XLSX file."""
    if fmt not in FORMATS:
        raise InvalidProduct(
            gettext("Unknown export format %(fmt)r; use csv or xlsx") % {"fmt": fmt}, format=fmt, allowed=list(FORMATS)
        )
    if fmt == "csv":
        return write_csv(COLUMNS, (product_row(p, as_text=True) for p in _products()))
    return write_xlsx(COLUMNS, (product_row(p, as_text=False) for p in _products()), text_columns=("sku", "barcode"))


def _products() -> Iterator[Product]:
    yield from selectors.products_for_export()


def money_text(amount: Decimal) -> str:
    """19.9900 → '19.99', 5.0000 → '5.00', 0.1250 → '0.125'."""
    text = f"{amount.normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def options_text(product: Product) -> str:
    """Options in the family's order (Size before Colour), whatever order the database kept."""
    options = dict(product.options or {})
    order = list(product.family.option_names) if product.family else []
    keys = [k for k in order if k in options] + [k for k in options if k not in order]
    return ";".join(f"{key}={options[key]}" for key in keys)


def product_row(product: Product, *, as_text: bool) -> list[object]:
    """One row in COLUMNS order. XLSX keeps prices as numbers and flags as booleans."""
    components = ";".join(f"{line.component.sku}:{line.quantity}" for line in product.components.all())
    money = money_text if as_text else (lambda amount: float(amount))
    flag = (lambda value: "true" if value else "false") if as_text else bool
    return [
        product.sku,
        product.name,
        product.barcode or "",
        product.uom.code,
        product.category,
        product.description,
        money(product.sale_price),
        money(product.standard_cost),
        product.currency,
        product.cost_method,
        product.tracking,
        flag(product.is_kit),
        components,
        product.family.name if product.family else "",
        options_text(product),
        flag(product.active),
        "" if product.weight_g is None else product.weight_g,
        "" if product.volume_ml is None else product.volume_ml,
        product.image_url,
    ]
