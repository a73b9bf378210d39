"""Turn the demo shop's data into products, written through the import's plan and bulk writer
(so the demo obeys every catalog rule a real import does)."""

import random
from decimal import ROUND_HALF_UP, Decimal

from arkaofis.catalog.domain import gtin_check_digit
from arkaofis.catalog.services.product_plan import build_plan
from arkaofis.catalog.services.product_rows import ProductRow
from arkaofis.catalog.services.product_writer import apply_plan
from arkaofis.demo.catalog_data import APPLIANCES, BULK, COLOURS, FAMILIES, KITS, PERISHABLES, SINGLES, SIZES

COMPANY_PREFIX = "8691234"  # 869 = GS1 Türkiye; the rest is a made-up company number
CENT = Decimal("0.01")


class DemoCatalogError(RuntimeError):
    """The demo's own data broke a catalog rule: a bug in the demo, not user input."""


def ean13(item_reference: int) -> str:
    body = f"{COMPANY_PREFIX}{item_reference:05d}"
    return body + str(gtin_check_digit(body))


def shop_price(rng: random.Random, base: float) -> Decimal:
    """A price as shops write them: 249.90, 1,289.90."""
    raw = base * rng.uniform(0.92, 1.08)
    return Decimal(max(1, round(raw / 10)) * 10) - Decimal("0.10")


def cost_of(rng: random.Random, price: Decimal) -> Decimal:
    return (price * Decimal(str(round(rng.uniform(0.38, 0.55), 3)))).quantize(CENT, ROUND_HALF_UP)


def size_of(key: str, factor: float = 1.0) -> dict:
    grams, millilitres = SIZES[key]
    return {"weight_g": round(grams * factor), "volume_ml": round(millilitres * factor)}


def product_values(rng: random.Random, *, name: str, english: str, category: str, price: Decimal, **extra) -> dict:
    return {
        "name": name,
        "description": english,
        "category": category,
        "sale_price": price,
        "standard_cost": cost_of(rng, price),
        "currency": "TRY",
        "uom": "pcs",
        "cost_method": "fifo",
        "tracking": "none",
        "is_kit": False,
        "components": (),
        "family": "",
        "options": {},
        "active": True,
        **extra,
    }


def family_rows(rng: random.Random) -> list[tuple[str, dict]]:
    rows = []
    for stem, turkish, english, category, base, sizes, colours in FAMILIES:
        family = f"{turkish} / {english}"
        for size in sizes:
            price = shop_price(rng, base * (1.08 if size in ("XL", "L/XL") else 1.0))
            for colour in colours:
                tr_colour, en_colour = COLOURS[colour]
                rows.append(
                    (
                        f"{stem}-{size}-{colour}",
                        product_values(
                            rng,
                            name=f"{turkish} {tr_colour} {size}",
                            english=f"{english}, {en_colour}, size {size}",
                            category=category,
                            price=price,
                            family=family,
                            options={"Beden": size, "Renk": tr_colour},  # a Turkish shop names its variants in Turkish
                            **size_of(stem),
                        ),
                    )
                )
    return rows


def single_rows(rng: random.Random) -> list[tuple[str, dict]]:
    rows = []
    for stem, turkish, english, category, base, variants in SINGLES:
        for code, label, factor in variants:
            rows.append(
                (
                    f"{stem}-{code}",
                    product_values(
                        rng,
                        name=f"{turkish} {label}",
                        english=f"{english} ({label})",
                        category=category,
                        price=shop_price(rng, base * factor),
                        **size_of(stem, factor),
                    ),
                )
            )
    return rows


def special_rows(rng: random.Random) -> list[tuple[str, dict]]:
    """Lot-tracked perishables (moving-average cost), loose goods in g/ml/mm, serial appliances."""
    rows = []
    for sku, turkish, english, category, base, _shelf_life in PERISHABLES:
        values = product_values(
            rng,
            name=turkish,
            english=english,
            category=category,
            price=shop_price(rng, base),
            tracking="lot",
            cost_method="average",
            **size_of(sku),
        )
        rows.append((sku, values))
    for sku, turkish, english, category, unit, per_unit in BULK:
        price = Decimal(per_unit)
        values = product_values(
            rng, name=turkish, english=f"{english}, priced per {unit}", category=category, price=price
        )
        values.update(uom=unit, standard_cost=(price * Decimal("0.5")).quantize(Decimal("0.0001")), **size_of(sku))
        rows.append((sku, values))
    for sku, turkish, english, category, base in APPLIANCES:
        values = product_values(
            rng, name=turkish, english=english, category=category, price=shop_price(rng, base), tracking="serial",
            **size_of(sku),
        )  # fmt: skip
        rows.append((sku, values))
    return rows


def kit_rows(rng: random.Random, parts: dict[str, dict]) -> list[tuple[str, dict]]:
    """Bundles: priced a little under their parts, weighing and taking the room of all of them."""
    prices = {sku: values["sale_price"] for sku, values in parts.items()}
    rows = []
    for sku, turkish, english, bill in KITS:
        # A bundle sells a little under the sum of its parts.
        worth = sum((prices[component] * quantity for component, quantity in bill), Decimal(0))
        price = shop_price(rng, float(worth) * 0.9)
        values = product_values(
            rng,
            name=turkish,
            english=english,
            category="Hediye Setleri",
            price=price,
            is_kit=True,
            components=tuple(bill),
            weight_g=sum(parts[component]["weight_g"] * quantity for component, quantity in bill),
            volume_ml=sum(parts[component]["volume_ml"] * quantity for component, quantity in bill),
        )
        rows.append((sku, values))
    return rows


def build_rows(rng: random.Random) -> list[ProductRow]:
    items = family_rows(rng) + single_rows(rng) + special_rows(rng)
    items += kit_rows(rng, dict(items))
    references = rng.sample(range(10_000, 100_000), len(items))
    rows = []
    for line, ((sku, values), reference) in enumerate(zip(items, references, strict=True), start=2):
        barcode = None if values["uom"] != "pcs" else ean13(reference)  # loose goods are weighed, not scanned
        rows.append(ProductRow(line=line, sku=sku, values={**values, "barcode": barcode}))
    return rows


def write_catalog(rng: random.Random) -> int:
    """Create the demo products; returns how many."""
    rows = build_rows(rng)
    plan = build_plan(rows)
    if plan.errors:
        raise DemoCatalogError("; ".join(str(error) for error in plan.errors[:5]))
    apply_plan(plan)
    return len(plan.creates)
