"""Write a checked ProductPlan in bulk: a handful of statements per 500 products.

The caller holds the transaction; on any failure nothing of the batch stays.
"""

from typing import Any

from arkaofis.catalog import selectors
from arkaofis.catalog.models import KitComponent, Product, ProductFamily, UnitOfMeasure
from arkaofis.catalog.services.product_plan import STANDARD_UNITS, ProductPlan

BATCH = 500
PLAIN_FIELDS = (
    "name", "barcode", "category", "description", "sale_price", "standard_cost", "currency", "cost_method",
    "tracking", "is_kit", "options", "active", "weight_g", "volume_ml", "image_url",
)  # fmt: skip


def ensure_units(codes: set[str]) -> dict[str, int]:
    """code → id, creating the standard units (pcs, g, ml, mm) on first use."""
    ids = dict(UnitOfMeasure.objects.filter(code__in=codes).values_list("code", "pk"))
    for code in sorted(codes - set(ids)):
        unit, _ = UnitOfMeasure.objects.get_or_create(code=code, defaults={"name": STANDARD_UNITS.get(code, code)})
        ids[code] = unit.pk
    return ids


def apply_plan(plan: ProductPlan) -> None:
    values = [*plan.creates, *(changes for _, changes in plan.updates)]
    unit_ids = ensure_units({v["uom"] for v in values if "uom" in v})
    family_ids = _ensure_families(values)
    _update(plan.updates, unit_ids, family_ids)
    _create(plan.creates, unit_ids, family_ids)
    _write_bills(plan.bills)


def _assign(product: Product, values: dict[str, Any], unit_ids: dict[str, int], family_ids: dict[str, int]) -> None:
    for name in PLAIN_FIELDS:
        if name in values:
            setattr(product, name, values[name])
    if "uom" in values:
        product.uom_id = unit_ids[values["uom"]]
    if "family" in values:
        product.family_id = family_ids.get(values["family"])


def _ensure_families(values: list[dict[str, Any]]) -> dict[str, int]:
    """family name → id; new families are created, and new option names (Size, Colour) are
    appended to a family's list in the order the file first uses them."""
    option_names: dict[str, list[str]] = {}
    for value in values:
        if value.get("family"):
            names = option_names.setdefault(value["family"], [])
            names.extend(key for key in value.get("options", {}) if key not in names)
    families = selectors.families_by_name(option_names)
    for name, keys in option_names.items():
        family = families.get(name)
        if family is None:
            families[name] = ProductFamily.objects.create(name=name, option_names=keys)
            continue
        merged = list(family.option_names or [])
        merged.extend(key for key in keys if key not in merged)
        if merged != family.option_names:
            family.option_names = merged
            family.save(update_fields=["option_names"])
    return {name: family.pk for name, family in families.items()}


def _update(
    updates: list[tuple[Product, dict[str, Any]]], unit_ids: dict[str, int], family_ids: dict[str, int]
) -> None:
    if not updates:
        return
    # Clear changing barcodes first: a barcode may pass from one product to another in the
    # same file, and the unique index is checked row by row.
    moving = [product for product, changes in updates if "barcode" in changes and product.barcode]
    for product in moving:
        product.barcode = None
    Product.objects.bulk_update(moving, ["barcode"], batch_size=BATCH)
    fields: set[str] = set()
    for product, changes in updates:
        _assign(product, changes, unit_ids, family_ids)
        fields.update("uom_id" if n == "uom" else "family_id" if n == "family" else n for n in changes)
    Product.objects.bulk_update([p for p, _ in updates], sorted(fields), batch_size=BATCH)


def _create(creates: list[dict[str, Any]], unit_ids: dict[str, int], family_ids: dict[str, int]) -> None:
    products = []
    for values in creates:
        product = Product(sku=values["sku"])
        _assign(product, values, unit_ids, family_ids)
        products.append(product)
    Product.objects.bulk_create(products, batch_size=BATCH)


def _write_bills(bills: dict[str, tuple[tuple[str, int], ...]]) -> None:
    if not bills:
        return
    ids = selectors.sku_ids({*bills, *(component for bill in bills.values() for component, _ in bill)})
    kit_ids = [ids[kit] for kit in bills]
    for start in range(0, len(kit_ids), BATCH):
        KitComponent.objects.filter(kit_id__in=kit_ids[start : start + BATCH]).delete()
    KitComponent.objects.bulk_create(
        [
            KitComponent(kit_id=ids[kit], component_id=ids[component], quantity=quantity)
            for kit, bill in bills.items()
            for component, quantity in bill
        ],
        batch_size=BATCH,
    )
