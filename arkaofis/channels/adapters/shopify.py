"""Shopify webhooks: verify the signature, find the delivery id, read an order into OrderIn.
Shopify's Admin REST API: connection test, stock push (inventory_levels/set) and stock read.

Pure functions over bytes, headers and dicts; the pipeline (channels/services/) stores and
processes. Shapes: a webhook body is the bare order object (REST wraps it as {"order": {...}}),
money is a decimal string, and the signature header is base64(HMAC-SHA256(secret, raw body)).
"""

import json
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
from django.utils.translation import gettext, gettext_noop

from arkaofis.channels import domain
from arkaofis.channels.adapters import shopify_totals as totals
from arkaofis.channels.exceptions import BadAddress, BadOrderPayload, ChannelNotConfigured, MalformedPayload
from arkaofis.channels.http import ChannelHttp, TokenBucket
from arkaofis.channels.secrets import open_credentials
from arkaofis.orders.services.intake import AddressIn, OrderIn

KIND = "shopify"
SIGNATURE_HEADER = "x-shopify-hmac-sha256"
TOPIC_HEADER = "x-shopify-topic"
ORDER_TOPICS = frozenset({"orders/create", "orders/updated"})
# An update of an order already received is applied through orders/edits/services/editing.py.
UPDATE_TOPICS = frozenset({"orders/updated"})
CANCEL_TOPICS = frozenset({"orders/cancelled"})

# Shopify's financial_status → ours (pending | paid | refunded). Authorised is not yet paid.
PAYMENT_STATUS = {
    "paid": "paid",
    "partially_refunded": "paid",
    "refunded": "refunded",
}


def verify(*, secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    return domain.signature_matches(
        secret=secret, body=body, signature=domain.lower_keys(headers).get(SIGNATURE_HEADER)
    )


def delivery_id(*, headers: Mapping[str, str], body: bytes) -> str:
    """X-Shopify-Webhook-Id (the same on every retry), else the event id, else the body's hash."""
    lowered = domain.lower_keys(headers)
    for name in ("x-shopify-webhook-id", "x-shopify-event-id"):
        value = (lowered.get(name) or "").strip()
        if value:
            return value[:255]
    return domain.body_fingerprint(body)


def topic(headers: Mapping[str, str]) -> str:
    return (domain.lower_keys(headers).get(TOPIC_HEADER) or "").strip()[:64]


def read_json(body: bytes) -> dict[str, Any]:
    """The order object of a body, or MalformedPayload saying why it cannot be read."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise MalformedPayload(gettext_noop("Body is not UTF-8 text")) from None
    except ValueError as error:
        raise MalformedPayload(gettext_noop("Body is not valid JSON: %(error)s"), error=str(error)) from None
    if isinstance(payload, dict) and set(payload) == {"order"} and isinstance(payload["order"], dict):
        payload = payload["order"]  # the REST shape, as fetched when re-syncing an order
    if not isinstance(payload, dict):
        raise MalformedPayload(
            gettext_noop("Body is JSON but not an object (got %(kind)s)"),
            kind=type(payload).__name__,
        )
    return payload


def external_id(payload: Mapping[str, Any]) -> str:
    value = payload.get("id")
    if value in (None, "") or isinstance(value, bool):
        raise BadOrderPayload(gettext_noop("The order has no id"), field="id")
    return str(value)


def order_topic(topic: str, payload: Mapping[str, Any]) -> str:
    """An order that arrives cancelled (cancelled_at set: orders/updated, or a late orders/create)
    is a cancellation, whatever topic carried it."""
    if topic in ORDER_TOPICS and payload.get("cancelled_at"):
        return "orders/cancelled"
    return topic


def to_order(payload: Mapping[str, Any], *, channel: str) -> OrderIn:
    """An OrderIn whose line SKUs are still the channel's (the pipeline maps them to ours)."""
    # An order edited on Shopify keeps a removed item in line_items with current_quantity 0.
    items = [item for item in _list(payload, "line_items") if item.get("current_quantity") != 0]
    read = [_line(item, index) for index, item in enumerate(items, start=1)]
    if not read:
        raise BadOrderPayload(gettext_noop("The order has no line items"), field="line_items")
    currency = str(payload.get("currency") or "").upper()
    shipping_money = totals.shipping_money(_list(payload, "shipping_lines"), _money)
    lines = totals.allocated_lines(payload, read, shipping_money, currency=currency, money=_money)
    needs_shipping = any(item.get("requires_shipping", True) for item in _list(payload, "line_items"))
    shipping = _address(payload.get("shipping_address"), "shipping_address")
    if shipping is None and needs_shipping:
        raise BadAddress(gettext_noop("The order ships goods but has no shipping address"), which="shipping_address")
    return OrderIn(
        channel=channel,
        external_id=external_id(payload),
        currency=currency,
        lines=lines,
        customer_email=_email(payload),
        billing=_address(payload.get("billing_address"), "billing_address", strict=False),
        shipping=shipping,
        shipping_charge=totals.shipping_charge(payload, shipping_money),
        payment_status=PAYMENT_STATUS.get(str(payload.get("financial_status") or ""), "pending"),
        notes=_notes(payload),
        tags=tuple(tag.strip() for tag in str(payload.get("tags") or "").split(",") if tag.strip()),
        placed_at=_placed_at(payload.get("created_at")),
        shipping_method=_shipping_method(_list(payload, "shipping_lines")),
    )


def _shipping_method(lines: list[Mapping[str, Any]]) -> str:
    """The customer's choice at checkout: the first shipping line's title (or code)."""
    first = lines[0] if lines else {}
    return str(first.get("title") or first.get("code") or "")[:64]


def changed_at(payload: Mapping[str, Any]) -> datetime | None:
    """When the order was last changed on Shopify (updated_at). Webhooks may arrive out of order,
    so an update older than one already applied is not applied (see channels/services/updates.py)."""
    try:
        value = datetime.fromisoformat(str(payload.get("updated_at") or ""))
    except ValueError:
        return None
    return value if value.tzinfo else None


def _list(payload: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = payload.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise BadOrderPayload(gettext_noop("%(key)s must be a list of objects"), field=key, key=key)
    return value


def _money(value: object, field: str) -> Decimal:
    try:
        return domain.money(value, field=field)
    except ValueError:
        raise BadOrderPayload(gettext_noop("%(field)s: %(value)r is not an amount"), field=field, value=value) from None


def channel_total(payload: Mapping[str, Any]) -> Decimal | None:
    """Shopify's own grand total: total_price, or current_total_price once a line was edited
    (current_quantity differs from quantity; we take the current quantities)."""
    edited = any(
        item.get("current_quantity") not in (None, item.get("quantity")) for item in _list(payload, "line_items")
    )
    key = "current_total_price" if edited and payload.get("current_total_price") not in (None, "") else "total_price"
    return None if payload.get(key) in (None, "") else _money(payload.get(key), key)


def _line(item: Mapping[str, Any], index: int) -> totals.ShopifyLine:
    sku = str(item.get("sku") or "").strip()
    if not sku:
        # A Shopify product may have no SKU; its variant id can still be mapped to ours once.
        if not item.get("variant_id"):
            raise BadOrderPayload(
                gettext_noop("Line %(index)s has neither a SKU nor a variant id"), field="line_items.sku", index=index
            )
        sku = f"variant:{item['variant_id']}"
    # current_quantity is what is left after edits on Shopify (quantity stays as first ordered).
    quantity = item.get("current_quantity") if item.get("current_quantity") is not None else item.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise BadOrderPayload(
            gettext_noop("Line %(index)s: quantity %(quantity)r is not a positive whole number"),
            field="quantity",
            index=index,
            quantity=quantity,
        )
    allocations = item.get("discount_allocations") or []
    if allocations:
        discount = sum((_money(a.get("amount"), "discount_allocations.amount") for a in allocations), Decimal("0"))
    else:
        discount = _money(item.get("total_discount"), "total_discount")
    tax = sum((_money(t.get("price"), "tax_lines.price") for t in item.get("tax_lines") or []), Decimal("0"))
    return totals.ShopifyLine(
        sku=sku,
        quantity=quantity,
        price=_money(item.get("price"), "price"),
        discount=discount,
        tax=tax,
        external_id=str(item.get("id") or ""),
    )


def _address(raw: object, which: str, *, strict: bool = True) -> AddressIn | None:
    """None when absent. A shipping address must say where: street, city and country code."""
    if raw in (None, {}):
        return None
    if not isinstance(raw, dict):
        raise BadAddress(gettext_noop("%(which)s is not an object"), which=which)
    country = str(raw.get("country_code") or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise BadAddress(
            gettext_noop("%(which)s: country code %(country)r is not ISO 3166 alpha-2"), which=which, country=country
        )
    missing = [key for key, value in (("address1", raw.get("address1")), ("city", raw.get("city"))) if not value]
    if not country:
        missing.append("country_code")
    if strict and missing:
        raise BadAddress(gettext_noop("%(which)s lacks %(missing)s"), which=which, missing=", ".join(missing))
    name = raw.get("name") or " ".join(str(raw.get(k) or "") for k in ("first_name", "last_name")).strip()
    return AddressIn(
        name=str(name or "")[:200],
        company=str(raw.get("company") or "")[:200],
        line1=str(raw.get("address1") or "")[:200],
        line2=str(raw.get("address2") or "")[:200],
        city=str(raw.get("city") or "")[:100],
        region=str(raw.get("province_code") or raw.get("province") or "")[:100],
        postal_code=str(raw.get("zip") or "")[:32],
        country=country,
        phone=str(raw.get("phone") or "")[:50],
    )


def _email(payload: Mapping[str, Any]) -> str:
    customer = payload.get("customer") if isinstance(payload.get("customer"), dict) else {}
    return str(payload.get("email") or payload.get("contact_email") or (customer or {}).get("email") or "")[:254]


def _notes(payload: Mapping[str, Any]) -> str:
    name = payload.get("name")
    parts = [f"Shopify order {name}" if name else "", str(payload.get("note") or "")]
    return "\n".join(part for part in parts if part)


def _placed_at(value: object) -> datetime | None:
    if not value:
        return None
    try:
        placed = datetime.fromisoformat(str(value))
    except ValueError:
        raise BadOrderPayload(
            gettext_noop("created_at %(value)r is not an ISO 8601 time"), field="created_at", value=value
        ) from None
    if placed.tzinfo is None:
        raise BadOrderPayload(gettext_noop("created_at %(value)r has no time zone"), field="created_at", value=value)
    return placed


# --- Admin REST API: connection test, stock push and read -----------------------------------

API_VERSION = "2024-07"  # Channel.options["api_version"] overrides it
RATE, BURST = 2.0, 40  # Shopify REST's leaky bucket: 2 requests/s, 40 saved up
NEEDS_LISTING_REF = True  # inventory_levels speak inventory_item_id, not SKU: ChannelSkuMap.listing_ref
LEVELS_PER_READ = 50  # inventory_levels.json takes at most 50 inventory_item_ids at once
PRODUCTS_PER_PAGE = 250  # products.json's largest page


def client(
    channel: Any, *, transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep
) -> ChannelHttp:
    """A ChannelHttp for the shop's Admin API, authenticated with its access token."""
    if not channel.api_base_url:
        raise ChannelNotConfigured(
            gettext("Set the shop's API base URL (https://<shop>.myshopify.com)"), setting="api_base_url"
        )
    token = open_credentials(channel.credentials_sealed).get("access_token", "")
    if not token:
        raise ChannelNotConfigured(gettext("Set the shop's Admin API access token"), setting="access_token")
    return ChannelHttp(
        base_url=channel.api_base_url,
        headers={"X-Shopify-Access-Token": token, "Accept": "application/json"},
        bucket=TokenBucket(rate=RATE, burst=BURST, sleep=sleep),
        transport=transport,
        sleep=sleep,
    )


def _path(channel: Any, resource: str) -> str:
    version = str((channel.options or {}).get("api_version") or API_VERSION)
    return f"/admin/api/{version}/{resource}"


def _location_id(channel: Any) -> int | str:
    value = (channel.options or {}).get("location_id")
    if value in (None, ""):
        raise ChannelNotConfigured(
            gettext("Set options.location_id: the Shopify location whose stock we set"), setting="location_id"
        )
    return _as_id(value)


def _as_id(value: object) -> int | str:
    """Shopify ids are integers; keep anything else as given rather than guess."""
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def test_connection(http: ChannelHttp, channel: Any) -> str:
    shop = (http.json("GET", _path(channel, "shop.json")) or {}).get("shop") or {}
    return gettext("Shopify shop %(name)s (%(domain)s)") % {
        "name": shop.get("name") or "?",
        "domain": shop.get("myshopify_domain") or shop.get("domain") or "?",
    }


def push_stock(http: ChannelHttp, channel: Any, levels: Sequence[domain.StockPush]) -> domain.PushReceipt:
    """Set `available` at the shop's location, one inventory_levels/set call per listing.

    A listing the shop refuses (422: the item is not stocked at the location, or its stock is not
    tracked) is named in the receipt with Shopify's reason; any other failure raises.
    """
    location = _location_id(channel)
    path = _path(channel, "inventory_levels/set.json")
    refused: dict[str, str] = {}
    for level in levels:
        if not level.ref:
            raise ChannelNotConfigured(
                gettext("SKU %(sku)s has no Shopify inventory_item_id on its SKU map") % {"sku": level.sku},
                setting="listing_ref",
            )
        body = {"location_id": location, "inventory_item_id": _as_id(level.ref), "available": level.quantity}
        response = http.answer("POST", path, accepted=(422,), json=body)
        if response.status_code == 422:
            refused[level.sku] = _errors_text(response)
    return domain.PushReceipt(refused=refused)


def _errors_text(response: httpx.Response) -> str:
    """Shopify's {"errors": "…" | ["…"] | {"field": ["…"]}} as one line."""
    try:
        errors = response.json().get("errors")
    except (ValueError, AttributeError):
        errors = None
    if isinstance(errors, dict):
        return "; ".join(
            f"{field} {' '.join(map(str, problems if isinstance(problems, list) else [problems]))}"
            for field, problems in errors.items()
        )
    if isinstance(errors, list):
        return "; ".join(map(str, errors))
    return str(errors or f"HTTP {response.status_code}")


def find_listing_refs(http: ChannelHttp, channel: Any, skus: Collection[str]) -> dict[str, str]:
    """The inventory_item_id of the variant carrying each SKU asked for, as our listing ref.

    products.json, 250 products a page with only their variants, following the Link header's
    rel="next" cursor (page_info) until every SKU is found or the catalogue ends. A SKU on two
    variants takes the first one's (Shopify does not enforce unique SKUs).
    """
    wanted = set(skus)
    found: dict[str, str] = {}
    params: dict[str, str | int] = {"limit": PRODUCTS_PER_PAGE, "fields": "id,variants"}
    while wanted - found.keys():
        answer, next_url = http.json_page("GET", _path(channel, "products.json"), params=params)
        products = [product for product in (answer or {}).get("products") or [] if isinstance(product, dict)]
        for product in products:
            for variant in product.get("variants") or []:
                sku, item = variant.get("sku"), variant.get("inventory_item_id")
                if sku in wanted and item and sku not in found:
                    found[sku] = str(item)
        cursor = httpx.URL(next_url).params.get("page_info") if next_url else None
        if not cursor:
            break
        # Shopify takes nothing but limit and fields beside a page_info; the cursor is read off the
        # link rather than the link followed, so requests stay on the shop's configured URL.
        params = {"limit": PRODUCTS_PER_PAGE, "fields": "id,variants", "page_info": cursor}
    return found


def fetch_stock(http: ChannelHttp, channel: Any, levels: Sequence[domain.StockPush]) -> dict[str, int]:
    """What the shop shows as available at our location, per channel SKU (listings it knows)."""
    location = _location_id(channel)
    by_ref = {str(level.ref): level.sku for level in levels if level.ref}
    refs = list(by_ref)
    found: dict[str, int] = {}
    for start in range(0, len(refs), LEVELS_PER_READ):
        chunk = refs[start : start + LEVELS_PER_READ]
        params = {"inventory_item_ids": ",".join(chunk), "location_ids": str(location), "limit": "250"}
        answer = http.json("GET", _path(channel, "inventory_levels.json"), params=params) or {}
        for row in answer.get("inventory_levels") or []:
            sku = by_ref.get(str(row.get("inventory_item_id")))
            available = row.get("available")
            if sku is not None and isinstance(available, int) and not isinstance(available, bool):
                found[sku] = available
    return found
