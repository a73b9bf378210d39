"""Check a batch of parsed product rows against each other and the database, and work out
what must be written: which products are new, which change (and how), which kits get a new
bill of materials. Nothing is written here, so a rejected batch leaves no trace.

Every lookup is one query per batch of SKUs (see catalog/selectors.py), never one per row.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from arkaofis.catalog import selectors
from arkaofis.catalog.models import Product
from arkaofis.catalog.services.product_rows import DEFAULTS, ProductRow, RowError

# Stored as the units' names, which are message ids: screens say them in the reader's language (UnitOfMeasure.label).
STANDARD_UNITS = {
    "pcs": gettext_noop("Pieces"),
    "g": gettext_noop("Grams"),
    "ml": gettext_noop("Millilitres"),
    "mm": gettext_noop("Millimetres"),
}
# Quantities on the ledger are in the product's unit, and lots/serials and cost layers follow
# tracking and cost method: once stock has moved these three are fixed.
SETTLED_BY_STOCK = ("uom", "tracking", "cost_method")
COMPARED = (
    "name", "barcode", "uom", "category", "description", "sale_price", "standard_cost", "currency",
    "cost_method", "tracking", "is_kit", "family", "options", "active", "weight_g", "volume_ml",
    "image_url",
)  # fmt: skip
COLUMN_OF = {"components": "kit_components"}


@dataclass
class ProductPlan:
    errors: list[RowError] = field(default_factory=list)
    creates: list[dict[str, Any]] = field(default_factory=list)  # full values incl. "sku"
    updates: list[tuple[Product, dict[str, Any]]] = field(default_factory=list)  # product, changed fields
    bills: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # kit SKU → new bill
    unchanged: int = 0


def current_values(product: Product, bill: dict[str, int] | None) -> dict[str, Any]:
    return {
        "name": product.name,
        "barcode": product.barcode or None,
        "uom": product.uom.code,
        "category": product.category,
        "description": product.description,
        "sale_price": product.sale_price,
        "standard_cost": product.standard_cost,
        "currency": product.currency,
        "cost_method": product.cost_method,
        "tracking": product.tracking,
        "is_kit": product.is_kit,
        "family": product.family.name if product.family else "",
        "options": dict(product.options or {}),
        "active": product.active,
        "weight_g": product.weight_g,
        "volume_ml": product.volume_ml,
        "image_url": product.image_url,
        "components": tuple((bill or {}).items()),
    }


def build_plan(rows: list[ProductRow], *, also_known: set[str] | frozenset[str] = frozenset()) -> ProductPlan:
    """Check the rows and plan the writes. `also_known`: SKUs of rows rejected earlier, which
    kits may still name without a second, misleading "unknown component" error."""
    plan = ProductPlan()
    rows = _without_duplicates(rows, plan.errors)
    existing = selectors.products_by_sku(row.sku for row in rows)
    bills = selectors.kit_bills()
    finals = {
        row.sku: {
            **(current_values(existing[row.sku], bills.get(row.sku)) if row.sku in existing else DEFAULTS),
            **row.values,
        }
        for row in rows
    }
    _check_units(rows, finals, plan.errors)
    _check_barcodes(rows, finals, plan.errors)
    _check_kits(rows, finals, bills, plan.errors, also_known)
    _check_settled(rows, finals, existing, plan.errors)
    if plan.errors:
        plan.errors.sort(key=lambda e: (e.line, e.column))
        return plan
    for row in rows:
        _diff(row, finals[row.sku], existing.get(row.sku), bills.get(row.sku), plan)
    return plan


def _without_duplicates(rows: list[ProductRow], errors: list[RowError]) -> list[ProductRow]:
    """Report a SKU or barcode seen earlier in the file; keep only the first row of each."""
    seen_sku: dict[str, int] = {}
    seen_barcode: dict[str, int] = {}
    kept = []
    for row in rows:
        barcode = row.values.get("barcode")
        if row.sku in seen_sku:
            errors.append(
                RowError.of(
                    row.line,
                    "sku",
                    gettext_noop("SKU %(sku)s is already on line %(first)s"),
                    sku=row.sku,
                    first=seen_sku[row.sku],
                )
            )
        elif barcode and barcode in seen_barcode:
            errors.append(
                RowError.of(
                    row.line,
                    "barcode",
                    gettext_noop("barcode %(barcode)s is already on line %(first)s"),
                    barcode=barcode,
                    first=seen_barcode[barcode],
                )
            )
        else:
            seen_sku[row.sku] = row.line
            if barcode:
                seen_barcode[barcode] = row.line
            kept.append(row)
    return kept


def _check_units(rows: list[ProductRow], finals: dict[str, dict], errors: list[RowError]) -> None:
    known = {**{code: code for code in STANDARD_UNITS}, **selectors.unit_codes()}
    for row in rows:
        code = known.get(str(finals[row.sku]["uom"]).lower())
        if code is None:
            listed = ", ".join(sorted(known.values()))
            errors.append(
                RowError.of(
                    row.line,
                    "uom",
                    gettext_noop("unknown unit %(unit)r; known units: %(listed)s"),
                    unit=finals[row.sku]["uom"],
                    listed=listed,
                )
            )
        else:
            finals[row.sku]["uom"] = code


def _check_barcodes(rows: list[ProductRow], finals: dict[str, dict], errors: list[RowError]) -> None:
    """A barcode may be taken from another product only if the file gives that one a new barcode."""
    wanted = {row.sku: finals[row.sku]["barcode"] for row in rows if "barcode" in row.values}
    owners = selectors.barcode_owners(code for code in wanted.values() if code)
    for row in rows:
        barcode = wanted.get(row.sku)
        owner = owners.get(barcode) if barcode else None
        if owner is None or owner == row.sku:
            continue
        if owner in finals and finals[owner]["barcode"] != barcode:
            continue
        errors.append(
            RowError.of(
                row.line,
                "barcode",
                gettext_noop("barcode %(barcode)s is already used by SKU %(owner)s"),
                barcode=barcode,
                owner=owner,
            )
        )


def _check_kits(
    rows: list[ProductRow],
    finals: dict[str, dict],
    bills: dict[str, dict[str, int]],
    errors: list[RowError],
    also_known: set[str] | frozenset[str],
) -> None:
    graph = {kit: set(bill) for kit, bill in bills.items()}
    for sku, final in finals.items():
        graph[sku] = {component for component, _ in final["components"]}
    named = {component for row in rows for component, _ in finals[row.sku]["components"]}
    known = set(finals) | set(also_known) | selectors.existing_skus(named - set(finals))
    for row in rows:
        final = finals[row.sku]
        column = "kit_components" if "components" in row.values else "is_kit"
        if final["components"] and not final["is_kit"]:
            errors.append(RowError.of(row.line, column, gettext_noop("has kit components but is_kit is no")))
        elif final["is_kit"] and not final["components"]:
            errors.append(
                RowError.of(row.line, column, gettext_noop("a kit needs at least one component (kit_components)"))
            )
        if "components" not in row.values and "is_kit" not in row.values:
            continue
        unknown = [component for component, _ in final["components"] if component not in known]
        if unknown:
            errors.append(
                RowError.of(
                    row.line, "kit_components", gettext_noop("unknown component SKU %(skus)s"), skus=", ".join(unknown)
                )
            )
            continue
        cycle = find_cycle(graph, row.sku)
        if cycle:
            errors.append(
                RowError.of(row.line, "kit_components", gettext_noop("kit cycle: %(cycle)s"), cycle=" → ".join(cycle))
            )


def find_cycle(graph: dict[str, set[str]], start: str) -> list[str]:
    """A path start → … → start through kit components, or [] when the kit does not contain itself."""
    stack = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, path = stack.pop()
        for component in sorted(graph.get(node, ())):
            if component == start:
                return [*path, start]
            if component not in visited:
                visited.add(component)
                stack.append((component, [*path, component]))
    return []


def _check_settled(
    rows: list[ProductRow], finals: dict[str, dict], existing: dict[str, Product], errors: list[RowError]
) -> None:
    changing = {}
    for row in rows:
        product = existing.get(row.sku)
        if product is None:
            continue
        now = current_values(product, None)
        fields = [name for name in SETTLED_BY_STOCK if finals[row.sku][name] != now[name]]
        if fields:
            changing[product.pk] = (row, fields, now)
    moved = selectors.product_ids_with_moves(changing) if changing else set()
    for product_id in moved:
        row, fields, now = changing[product_id]
        for name in fields:
            column = COLUMN_OF.get(name, name)
            errors.append(
                RowError.of(
                    row.line,
                    column,
                    gettext_noop("cannot change from %(value)r: stock of %(sku)s has already moved"),
                    value=now[name],
                    sku=row.sku,
                )
            )


def _diff(
    row: ProductRow, final: dict[str, Any], product: Product | None, bill: dict | None, plan: ProductPlan
) -> None:
    if product is None:
        plan.creates.append({"sku": row.sku, **final})
        if final["components"]:
            plan.bills[row.sku] = final["components"]
        return
    now = current_values(product, bill)
    changed = {name: final[name] for name in COMPARED if final[name] != now[name]}
    bill_changed = dict(final["components"]) != dict(now["components"])
    if bill_changed:
        plan.bills[row.sku] = final["components"]
    if changed:
        plan.updates.append((product, changed))
    elif not bill_changed:
        plan.unchanged += 1
