"""Pure catalog rules: barcode check digits, SKU shape, product image addresses."""

import re
from urllib.parse import urlsplit

GTIN_LENGTHS = (8, 12, 13, 14)
SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
IMAGE_URL_MAX_LENGTH = 500  # CDN addresses with a version query (Shopify's ?v=…) run past Django's 200
_NOT_IN_URL = frozenset('"<>`\\')
# One DNS label: letters (an IDN may be typed as itself), digits and inner hyphens.
_HOST_LABEL = re.compile(r"^(?!-)[^\W_](?:[^\W_]|-){0,62}(?<!-)$")


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


def is_image_url(url: str) -> bool:
    """True for an absolute https:// address of a product photo that pickers' phones load.

    https only: the pages are served over https (a plain http image would be mixed content, and the
    Content-Security-Policy allows https: images by default), and the address reveals nothing it
    should not (no user:password@). No whitespace, control characters or the characters a URL must
    percent-encode and markup is made of (" < > ` \\).
    """
    if not url or len(url) > IMAGE_URL_MAX_LENGTH or any(c.isspace() or not c.isprintable() for c in url):
        return False
    if any(c in _NOT_IN_URL for c in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number from 0 to 65535
    except ValueError:  # also a broken [IPv6] host
        return False
    if parts.scheme.lower() != "https" or "@" in parts.netloc:
        return False
    host = parts.hostname or ""
    return bool(host) and len(host) <= 253 and all(_HOST_LABEL.match(label) for label in host.split("."))


# A Content-Security-Policy source a product photo may come from: any https address ("https:"), or one
# https host, its subdomains with a leading "*." and an optional port (no path, quotes or ";").
_IMAGE_SOURCE = re.compile(r"^https:(?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?)?$")


def parse_image_sources(text: str) -> list[str]:
    """ "https://cdn.shopify.com, https://*.example.com" → the img-src sources product photos may
    load from; "" → none. ValueError naming the bad part, so a typo stops the start, not the photos."""
    sources = [part.strip() for part in text.split(",") if part.strip()]
    for source in sources:
        if not _IMAGE_SOURCE.match(source):
            raise ValueError(f"ARKAOFIS_IMAGE_HOSTS: {source!r} is not https: or https://host")
    return sources
