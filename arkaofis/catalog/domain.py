"""Pure catalog rules: barcode check digits, SKU shape."""

import re

GTIN_LENGTHS = (8, 12, 13, 14)
SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it (weights 3,1,3,… from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """True for an EAN-8, UPC-A (GTIN-12), EAN-13 or GTIN-14 with a correct check digit."""
    if not code.isdigit() or len(code) not in GTIN_LENGTHS:
        return False
    return gtin_check_digit(code[:-1]) == int(code[-1])


def is_valid_sku(sku: str) -> bool:
    return bool(SKU_PATTERN.match(sku))
