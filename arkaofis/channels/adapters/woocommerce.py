"""WooCommerce: order webhooks in, stock out, over the WooCommerce REST API v3 (/wp-json/wc/v3).

Shapes (WooCommerce REST API v3, as published): a webhook body is the order object as the REST API
returns it; money is a decimal string except a line item's `price`, which is a JSON number (read as
Decimal, never float); dates ending in `_gmt` are UTC without an offset.

Decisions:
- Signature: `X-WC-Webhook-Signature` = base64(HMAC-SHA256(webhook secret, raw body)), checked in
  constant time.
- Ping: when a webhook is created WooCommerce POSTs the form body `webhook_id=<n>`, unsigned. It is
  answered 200 and nothing is stored (unauthenticated, and not an order).
- Dedupe: WooCommerce gives every retry a new X-WC-Webhook-Delivery-ID, so the delivery id is
  the order's own `order:<id>:<date_modified_gmt>`: a retry of the same state dedupes, a real change
  (new date_modified) is a new event. order.created and order.updated of one unchanged state dedupe
  to one event, which is right: they carry the same order.
- Status: processing and completed are paid; pending (awaiting payment) and on-hold (awaiting a
  manual payment) are received with payment pending; cancelled, refunded (fully) and failed cancel
  the order (one never received is recorded only); checkout-draft is a cart, not an order: recorded,
  not handled. order.deleted (the order was trashed; its body is just the id) cancels too.
- Money: a line's unit price is its `subtotal` (before coupons) ÷ quantity, its discount
  subtotal − total, its tax `total_tax`; shipping is the sum of shipping lines' `total`. Fees have
  no place on our order yet: they are listed in the notes.
"""

import re
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
from django.utils.translation import gettext, gettext_noop

from arkaofis.channels import domain
from arkaofis.channels.adapters import common
from arkaofis.channels.domain import PushReceipt, StockPush
from arkaofis.channels.exceptions import BadAddress, BadOrderPayload, ChannelNotConfigured
from arkaofis.channels.http import ChannelHttp, TokenBucket
from arkaofis.channels.secrets import open_credentials
from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn

KIND = "woocommerce"
SIGNATURE_HEADER = "x-wc-webhook-signature"
TOPIC_HEADER = "x-wc-webhook-topic"
CANCELLED = "order.cancelled"  # not a WooCommerce topic: an order topic whose status cancels the order
DRAFT = "order.draft"  # not a WooCommerce topic: a block-checkout draft, recorded only
ORDER_TOPICS = frozenset({"order.created", "order.updated"})
UPDATE_TOPICS = frozenset({"order.updated"})
CANCEL_TOPICS = frozenset({"order.deleted", CANCELLED})

PAYMENT_STATUS = {"processing": "paid", "completed": "paid", "pending": "pending", "on-hold": "pending"}
CANCEL_STATUSES = frozenset({"cancelled", "refunded", "failed", "trash"})
PICKUP_METHODS = frozenset({"local_pickup", "pickup_location"})  # shipping lines that need no address
API = "/wp-json/wc/v3"
BATCH_SIZE = 100  # WooCommerce refuses batches of more than 100 objects by default
_PING = re.compile(rb"webhook_id=\d+")

SHIPPING_KEYS = {
    "first": "first_name",
    "last": "last_name",
    "company": "company",
    "line1": "address_1",
    "line2": "address_2",
    "city": "city",
    "region": "state",
    "postal_code": "postcode",
    "country": "country",
    "phone": "phone",
}
BILLING_KEYS = {**SHIPPING_KEYS, "email": "email"}


# --- webhooks ---------------------------------------------------------------------------------


def is_ping(*, headers: Mapping[str, str], body: bytes) -> bool:
    return _PING.fullmatch(body.strip()) is not None


def verify(*, secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    return domain.signature_matches(
        secret=secret, body=body, signature=domain.lower_keys(headers).get(SIGNATURE_HEADER)
    )


def delivery_id(*, headers: Mapping[str, str], body: bytes) -> str:
    """<resource>:<id>:<date_modified_gmt> (the same on every retry of one state), else the body's hash.

    The resource comes from the topic ("order.updated" → order), so a product webhook sent to the
    same URL can never take an order's place.
    """
    payload = common.try_object(body)
    object_id = payload.get("id") if payload else None
    if payload is None or object_id in (None, "") or isinstance(object_id, bool):
        return domain.body_fingerprint(body)
    resource, _, event = topic(headers).partition(".")
    stamp = payload.get("date_modified_gmt") or payload.get("date_modified") or event or domain.body_fingerprint(body)
    return f"{resource or 'order'}:{object_id}:{stamp}"[:255]


def topic(headers: Mapping[str, str]) -> str:
    return (domain.lower_keys(headers).get(TOPIC_HEADER) or "").strip()[:64]


def read_json(body: bytes) -> dict[str, Any]:
    return common.read_object(body)


def external_id(payload: Mapping[str, Any]) -> str:
    return common.id_of(payload.get("id"), "id")


def order_topic(topic: str, payload: Mapping[str, Any]) -> str:
    """WooCommerce has no cancel topic: an order whose status cancels it arrives as created/updated."""
    if topic not in ORDER_TOPICS:
        return topic
    status = str(payload.get("status") or "")
    if status in CANCEL_STATUSES:
        return CANCELLED
    return DRAFT if status == "checkout-draft" else topic


def to_order(payload: Mapping[str, Any], *, channel: str) -> OrderIn:
    """An OrderIn whose line SKUs are still the channel's (the pipeline maps them to ours)."""
    items = common.objects(payload, "line_items")
    lines = tuple(_line(item, index) for index, item in enumerate(items, start=1))
    if not lines:
        raise BadOrderPayload(gettext_noop("The order has no line items"), field="line_items")
    shipping_lines = common.objects(payload, "shipping_lines")
    currency = str(payload.get("currency") or "").upper()
    shipping_tax = sum(
        (common.money(line.get("total_tax"), "shipping_lines.total_tax") for line in shipping_lines), Decimal("0")
    )
    billing = common.fixed_address(payload, "billing_address") or _address(payload, "billing", strict=False)
    return OrderIn(
        channel=channel,
        external_id=external_id(payload),
        currency=currency,
        lines=common.with_order_tax(lines, shipping_tax, currency=currency),
        customer_email=billing.email if billing else "",
        billing=billing,
        shipping=common.fixed_address(payload, "shipping_address") or _shipping(payload, shipping_lines),
        shipping_charge=sum(
            (common.money(line.get("total"), "shipping_lines.total") for line in shipping_lines), Decimal("0")
        ),
        payment_status=PAYMENT_STATUS.get(str(payload.get("status") or ""), "pending"),
        notes=_notes(payload),
        placed_at=_gmt(payload.get("date_created_gmt"), "date_created_gmt"),
        shipping_method=str((shipping_lines[0] if shipping_lines else {}).get("method_title") or "")[:64],
    )


def channel_total(payload: Mapping[str, Any]) -> Decimal | None:
    """WooCommerce's own grand total (`total`: lines, shipping, fees and every tax, after coupons)."""
    return None if payload.get("total") in (None, "") else common.money(payload.get("total"), "total")


def _line(item: Mapping[str, Any], index: int) -> OrderLineIn:
    sku = str(item.get("sku") or "").strip()
    if not sku:
        # A product may have no SKU; its (variation or product) id can still be mapped to ours once.
        product = item.get("variation_id") or item.get("product_id")
        if not product:
            raise BadOrderPayload(
                gettext_noop("Line %(index)s has neither a SKU nor a product id"), field="line_items.sku", index=index
            )
        sku = f"product:{product}"
    quantity = common.quantity(item.get("quantity"), index)
    subtotal = common.money(item.get("subtotal"), "line_items.subtotal")
    total = common.money(item.get("total"), "line_items.total")
    if subtotal < 0 or total < 0:
        raise BadOrderPayload(
            gettext_noop("Line %(index)s: negative subtotal or total"), field="line_items.total", index=index
        )
    unit_price, discount = common.unit_price_and_discount(gross=subtotal, net=total, quantity=quantity)
    return OrderLineIn(
        sku=sku,
        quantity=quantity,
        unit_price=unit_price,
        discount=discount,
        tax=common.money(item.get("total_tax"), "line_items.total_tax"),
        external_id=str(item.get("id") or ""),
    )


def _address(payload: Mapping[str, Any], key: str, *, strict: bool) -> AddressIn | None:
    """WooCommerce's `billing` or `shipping`; a refusal names our field (shipping_address), the one
    the exception queue's address form corrects."""
    which = f"{key}_address"
    raw = payload.get(key)
    if raw in (None, {}, []):
        return None
    if not isinstance(raw, dict):
        raise BadAddress(gettext_noop("%(key)s is not an object"), which=which, key=key)
    if not any(str(value or "").strip() for value in raw.values()):
        return None  # WooCommerce sends every field empty for an order without that address
    keys = BILLING_KEYS if key == "billing" else SHIPPING_KEYS
    return common.address(raw, which=which, keys=keys, strict=strict)


def _shipping(payload: Mapping[str, Any], shipping_lines: list[Mapping[str, Any]]) -> AddressIn | None:
    """The shipping address; required when a shipping line says the goods travel (not a pickup)."""
    shipping = _address(payload, "shipping", strict=True)
    ships = any(str(line.get("method_id") or "") not in PICKUP_METHODS for line in shipping_lines)
    if shipping is None and ships:
        raise BadAddress(gettext_noop("The order is shipped but has no shipping address"), which="shipping_address")
    return shipping


def address_for_fix(payload: Mapping[str, Any], which: str) -> dict[str, str]:
    """The channel's address in the exception queue form's field names, to start a correction from."""
    raw = payload.get(which.removesuffix("_address"))
    if not isinstance(raw, dict):
        return {}
    form = {
        fix: str(raw.get(SHIPPING_KEYS[ours]) or "") for ours, fix in common.FIX_KEYS.items() if ours in SHIPPING_KEYS
    }
    form["name"] = " ".join(str(raw.get(k) or "").strip() for k in ("first_name", "last_name")).strip()
    return form


def _notes(payload: Mapping[str, Any]) -> str:
    number = payload.get("number") or payload.get("id")
    fees = [
        f"{fee.get('name') or 'Fee'}: {common.money(fee.get('total'), 'fee_lines.total')}"
        for fee in common.objects(payload, "fee_lines")
    ]
    coupons = [str(coupon.get("code") or "") for coupon in common.objects(payload, "coupon_lines")]
    parts = [
        f"WooCommerce order #{number}",
        str(payload.get("customer_note") or ""),
        f"Fees not on the lines: {'; '.join(fees)}" if fees else "",
        f"Coupons: {', '.join(code for code in coupons if code)}" if any(coupons) else "",
    ]
    return "\n".join(part for part in parts if part)


def _gmt(value: object, field: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise BadOrderPayload(
            gettext_noop("%(field)s %(value)r is not an ISO 8601 time"), field=field, value=value
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# --- API --------------------------------------------------------------------------------------


def client(
    channel: Any, *, transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep
) -> ChannelHttp:
    """The store's REST API with the channel's consumer key and secret (HTTP Basic over HTTPS)."""
    credentials = open_credentials(channel.credentials_sealed)
    key, secret = credentials.get("consumer_key", ""), credentials.get("consumer_secret", "")
    # Not configured is not "not answering": retrying would not help, a person must set it (refused, not retried).
    if not channel.api_base_url or not key or not secret:
        raise ChannelNotConfigured(
            gettext("Channel %(channel)s has no API URL or consumer key and secret") % {"channel": channel.code},
            setting="api_base_url" if not channel.api_base_url else "credentials",
        )
    return ChannelHttp(
        base_url=channel.api_base_url.rstrip("/"),
        headers={"Accept": "application/json"},
        auth=(key, secret),
        # WooCommerce itself sets no rate limit; its host often does. Stay gentle.
        bucket=TokenBucket(rate=5.0, burst=10, sleep=sleep),
        transport=transport,
        sleep=sleep,
    )


def test_connection(http: ChannelHttp, channel: Any) -> str:
    status = http.json("GET", f"{API}/system_status")
    environment = status.get("environment", {}) if isinstance(status, dict) else {}
    return gettext("WooCommerce %(version)s at %(address)s") % {
        "version": environment.get("version") or "?",
        "address": environment.get("home_url") or channel.api_base_url,
    }


def push_stock(http: ChannelHttp, channel: Any, levels: Sequence[StockPush]) -> PushReceipt:
    """Set each listing's stock_quantity (and manage_stock), at most 100 listings per request.

    A listing is found by StockPush.ref ("<product id>" or "<parent id>/<variation id>"), else by
    its SKU (GET /products?sku=). Products go through products/batch, variations through their
    parent's variations/batch. A SKU the store does not list, and a listing the store refuses (the
    batch answers per item), are named in the receipt with the reason; the rest are set.
    """
    targets: dict[str, list[tuple[int, StockPush]]] = {}
    refused: dict[str, str] = {}
    for level in levels:
        found = _listing(http, level)
        if found is None:
            refused[level.sku] = "no product or variation with this SKU in the store"
            continue
        path, listing_id = found
        targets.setdefault(path, []).append((listing_id, level))
    for path, rows in targets.items():
        for start in range(0, len(rows), BATCH_SIZE):
            refused.update(_push_batch(http, path, rows[start : start + BATCH_SIZE]))
    return PushReceipt(refused=refused)


def _listing(http: ChannelHttp, level: StockPush) -> tuple[str, int] | None:
    """(batch path, id) of the listing to update."""
    ref = level.ref.strip()
    if ref:
        parent, _, variation = ref.partition("/")
        if variation:
            return f"{API}/products/{int(parent)}/variations/batch", int(variation)
        return f"{API}/products/batch", int(parent)
    found = http.json("GET", f"{API}/products", params={"sku": level.sku})
    if not isinstance(found, list) or not found or not isinstance(found[0], dict):
        return None
    product = found[0]
    if product.get("parent_id"):
        return f"{API}/products/{int(product['parent_id'])}/variations/batch", int(product["id"])
    return f"{API}/products/batch", int(product["id"])


def _push_batch(http: ChannelHttp, path: str, rows: list[tuple[int, StockPush]]) -> dict[str, str]:
    """SKU → reason for the listings the store refused (a batch answers per item: {"id", "error"})."""
    body = {
        "update": [{"id": listing, "manage_stock": True, "stock_quantity": level.quantity} for listing, level in rows]
    }
    answer = http.json("POST", path, json=body)
    items = answer.get("update", []) if isinstance(answer, dict) else []
    errors = {item.get("id"): item["error"] for item in items if isinstance(item, dict) and item.get("error")}
    return {level.sku: _error_text(errors[listing]) for listing, level in rows if listing in errors}


def _error_text(error: object) -> str:
    """WooCommerce's item error {"code", "message", "data"} as one line."""
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or "refused")
    return str(error)


def fetch_stock(http: ChannelHttp, channel: Any, levels: Sequence[StockPush]) -> dict[str, int]:
    """What the store shows as stock_quantity, per channel SKU, for listings whose stock it manages.

    GET /products?sku=A,B,… finds products and variations alike, 100 SKUs per request; a SKU the
    store does not list, or whose stock it does not manage, is left out (the caller then compares
    with what we last pushed).
    """
    skus = sorted({level.sku for level in levels if "," not in level.sku})  # a comma would split the filter
    found: dict[str, int] = {}
    for start in range(0, len(skus), BATCH_SIZE):
        chunk = skus[start : start + BATCH_SIZE]
        answer = http.json("GET", f"{API}/products", params={"sku": ",".join(chunk), "per_page": BATCH_SIZE})
        for row in answer if isinstance(answer, list) else []:
            if not isinstance(row, dict):
                continue
            quantity = row.get("stock_quantity")
            managed = row.get("sku") in chunk and row.get("manage_stock") is True
            if managed and isinstance(quantity, int) and not isinstance(quantity, bool):
                found[row["sku"]] = quantity
    return found
