"""Create and update one product, with exactly the checks an import applies to a row.

Both go through the import's plan (product_plan) and bulk writer, so a product typed into a
form or posted to the API and the same product in a spreadsheet are judged by one set of
rules. A taken SKU or barcode is a Conflict (409); any other bad value an InvalidProduct (422)
listing every problem.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from arkaofis.catalog.domain import is_valid_gtin
from arkaofis.catalog.exceptions import InvalidProduct, UnknownSku
from arkaofis.catalog.models import Product
from arkaofis.catalog.services.product_plan import ProductPlan, build_plan
from arkaofis.catalog.services.product_rows import COLUMNS, parse_row
from arkaofis.catalog.services.product_writer import apply_plan
from arkaofis.catalog.services.tables import told_reason
from arkaofis.core.exceptions import Conflict
from arkaofis.core.services.audit import record_audit


@dataclass(frozen=True)
class NewProduct:
    """A product to create. With `components` (SKU → quantity per kit) it is a kit."""

    sku: str
    name: str
    description: str = ""
    barcode: str | None = None
    uom: str = "pcs"
    category: str = ""
    tracking: str = "none"
    cost_method: str = "fifo"
    standard_cost: Decimal = Decimal(0)
    sale_price: Decimal = Decimal(0)
    currency: str = "TRY"
    active: bool = True
    components: dict[str, int] = field(default_factory=dict)
    family: str = ""
    options: dict[str, str] = field(default_factory=dict)
    weight_g: int | None = None  # of one base unit
    volume_ml: int | None = None
    image_url: str | None = None  # https:// address of its photo; None or "": none


def create_product(*, new: NewProduct, user: Any, source: str) -> Product:
    if Product.objects.filter(sku=new.sku).exists():
        raise Conflict(gettext("SKU %(sku)s already exists") % {"sku": new.sku}, field="sku", sku=new.sku)
    _refuse_taken_barcode(new.barcode, sku=new.sku)
    values = {name: getattr(new, name) for name in NewProduct.__dataclass_fields__ if name != "sku"}
    values["is_kit"] = bool(new.components)
    return _save(sku=new.sku, fields=values, user=user, source=source, action="product.created")


def update_product(*, product: Product, changes: dict[str, Any], user: Any, source: str) -> Product:
    """Change the given fields of a product (others keep their value). `components` replaces
    the kit's bill of materials."""
    if not Product.objects.filter(pk=product.pk).exists():
        raise UnknownSku(product.sku)
    if changes.get("barcode"):
        _refuse_taken_barcode(changes["barcode"], sku=product.sku)
    return _save(sku=product.sku, fields=changes, user=user, source=source, action="product.updated")


def _refuse_taken_barcode(barcode: str | None, *, sku: str) -> None:
    if not barcode or not is_valid_gtin(barcode):
        return  # nothing to look up: a malformed one is refused with the other fields' problems (_save)
    owner = Product.objects.filter(barcode=barcode).exclude(sku=sku).values_list("sku", flat=True).first()
    if owner:
        raise Conflict(
            gettext("Barcode %(barcode)s is already used by SKU %(owner)s") % {"barcode": barcode, "owner": owner},
            field="barcode",
            barcode=barcode,
        )


def _save(*, sku: str, fields: dict[str, Any], user: Any, source: str, action: str) -> Product:
    cells = {"sku": sku, **{_column(name): _cell(name, value) for name, value in fields.items()}}
    unknown = sorted(set(cells) - set(COLUMNS))
    if unknown:
        raise InvalidProduct(
            gettext("Unknown product field(s): %(fields)s") % {"fields": ", ".join(unknown)}, fields=unknown
        )
    row, errors = parse_row(1, cells)
    plan = build_plan([row]) if row is not None else ProductPlan(errors=errors)
    if plan.errors:
        problems = [{"field": _field(e.column), "reason": told_reason(e)} for e in plan.errors]
        detail = "; ".join(f"{p['field']}: {p['reason']}" for p in problems)
        raise InvalidProduct(
            gettext("Invalid product %(sku)s: %(detail)s") % {"sku": sku, "detail": detail}, errors=problems
        )
    with transaction.atomic():
        apply_plan(plan)
        product = Product.objects.select_related("uom", "family").get(sku=sku)
        changed = sorted(plan.updates[0][1]) if plan.updates else []
        if plan.bills:
            changed.append("components")
        record_audit(user=user, source=source, action=action, obj=product, data={"sku": sku, "fields": changed})
    return product


def _column(name: str) -> str:
    return "kit_components" if name == "components" else name


def _field(column: str) -> str:
    return "components" if column == "kit_components" else column or "sku"


def _cell(name: str, value: Any) -> object:
    """A typed value as the text an import cell would hold."""
    if value is None:
        return ""
    if name == "components":
        pairs = value.items() if isinstance(value, dict) else value
        return ";".join(f"{sku}:{quantity}" for sku, quantity in pairs)
    if name == "options":
        return ";".join(f"{key}={option}" for key, option in value.items())
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return str(value)
    return value
