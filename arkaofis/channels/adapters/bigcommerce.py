"""BigCommerce: order callbacks in (then the order fetched from the REST API), stock out.

Shapes (BigCommerce REST API, as published): a webhook callback is a light object
{"scope", "store_id", "producer", "data": {"type": "order", "id"}, "hash", "created_at"}; the order
itself comes from GET /v2/orders/{id}, its lines from /v2/orders/{id}/products and its addresses from
/v2/orders/{id}/shipping_addresses; money is a decimal string with four places; dates are RFC 2822.

Decisions:
- Authentication: BigCommerce does not sign callbacks with an HMAC of the body; it sends the custom
  headers given when the hook is created. Create the hook (POST /v3/hooks) with
  `"headers": {"X-Arkaofis-Webhook-Token": "<the channel's webhook secret>"}`; the header is compared
  with the secret in constant time, and never stored or logged. The callback only names an order;
  its contents are always read from the API with our own token.
- Dedupe: on the callback's `hash` (BigCommerce sends the same hash when it retries one event).
- The topic is the body's `scope`. store/order/created, updated and statusUpdated all fetch the
  order and receive it; a status of Refunded (4), Cancelled (5) or Declined (6) cancels it instead,
  Incomplete (0) is an abandoned checkout, recorded only. store/order/archived (deleted) cancels.
- Money: a line's unit price is `price_ex_tax`, its tax `total_inc_tax` − quantity × `price_ex_tax`,
  its discount the sum of `applied_discounts`; shipping is the order's `shipping_cost_ex_tax`.
- An order shipping to several addresses is refused (bad address) until staff choose one.
- A channel API failure raises ChannelUnavailable: the event is kept as an exception with code
  channel-unavailable and can be processed again; nothing is lost.
"""

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from django.utils.translation import gettext, gettext_noop

from arkaofis.channels import domain
from arkaofis.channels.adapters import common
from arkaofis.channels.domain import PushReceipt, StockPush
from arkaofis.channels.exceptions import BadAddress, BadOrderPayload, ChannelNotConfigured, ChannelUnavailable
from arkaofis.channels.http import ChannelHttp, TokenBucket
from arkaofis.channels.secrets import open_credentials
from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn

KIND = "bigcommerce"
TOKEN_HEADER = "x-arkaofis-webhook-token"  # noqa: S105 (a header name, not a secret)
CANCELLED = "store/order/cancelled"  # not a BigCommerce scope: an order whose status cancels it
INCOMPLETE = "store/order/incomplete"  # not a BigCommerce scope: an abandoned checkout, recorded only
ORDER_TOPICS = frozenset({"store/order/created", "store/order/updated", "store/order/statusUpdated"})
UPDATE_TOPICS = frozenset({"store/order/updated", "store/order/statusUpdated"})
CANCEL_TOPICS = frozenset({"store/order/archived", CANCELLED})

CANCEL_STATUSES = frozenset({4, 5, 6})  # Refunded, Cancelled, Declined
PAID_STATUSES = frozenset({2, 3, 8, 9, 10, 11, 14})  # shipped, awaiting pickup/shipment/fulfilment, completed …
PAGE_SIZE = 250  # the v2 API's largest page
CHARGES = ("shipping_cost", "handling_cost")  # order-level charges: {name}_ex_tax, {name}_tax
BATCH_SIZE = 1000  # inventory items per absolute adjustment request (kept well within the API's limit)
DEFAULT_BASE = "https://api.bigcommerce.com/stores/{store_hash}"

ADDRESS_KEYS = {
    "first": "first_name",
    "last": "last_name",
    "company": "company",
    "line1": "street_1",
    "line2": "street_2",
    "city": "city",
    "region": "state",
    "postal_code": "zip",
    "country": "country_iso2",
    "phone": "phone",
    "email": "email",
}


# --- webhooks ---------------------------------------------------------------------------------


def verify(*, secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    """The shared-secret header, compared in constant time (as digests, so its length leaks nothing)."""
    token = (domain.lower_keys(headers).get(TOKEN_HEADER) or "").strip()
    if not secret or not token:
        return False
    return hmac.compare_digest(hashlib.sha256(secret.encode()).digest(), hashlib.sha256(token.encode()).digest())


def delivery_id(*, headers: Mapping[str, str], body: bytes) -> str:
    payload = common.try_object(body)
    value = str((payload or {}).get("hash") or "").strip()
    return f"hash:{value}"[:255] if value else domain.body_fingerprint(body)


def topic(headers: Mapping[str, str]) -> str:
    return ""  # BigCommerce names the event in the body (topic_from_body)


def topic_from_body(body: bytes) -> str:
    payload = common.try_object(body)
    return str((payload or {}).get("scope") or "").strip()[:64]


def read_json(body: bytes) -> dict[str, Any]:
    return common.read_object(body)


def external_id(payload: Mapping[str, Any]) -> str:
    """The order id: the callback's data.id, or a fetched order's id."""
    data = payload.get("data")
    value = data.get("id") if isinstance(data, dict) else payload.get("id")
    return common.id_of(value, "data.id")


def fetch_order(http: ChannelHttp, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The order the callback names, with its lines ("products") and its shipping addresses."""
    order_id = int(external_id(payload)) if external_id(payload).isdigit() else None
    if order_id is None:
        raise BadOrderPayload(gettext_noop("The callback's data.id is not an order number"), field="data.id")
    order = http.json("GET", f"/v2/orders/{order_id}")
    if not isinstance(order, dict):
        raise ChannelUnavailable(
            gettext("GET /v2/orders/%(order_id)s: the answer is not an order") % {"order_id": order_id}
        )
    return {
        **order,
        "products": _all_pages(http, f"/v2/orders/{order_id}/products"),
        "shipping_addresses": _all_pages(http, f"/v2/orders/{order_id}/shipping_addresses"),
    }


def _all_pages(http: ChannelHttp, path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for page in range(1, 101):
        answer = http.json("GET", path, params={"page": page, "limit": PAGE_SIZE})
        if answer is None:  # v2 answers an empty collection with 204 No Content
            break
        if not isinstance(answer, list):
            raise ChannelUnavailable(gettext("GET %(path)s: the answer is not a list") % {"path": path})
        rows += answer
        if len(answer) < PAGE_SIZE:
            break
    return rows


def order_topic(topic: str, payload: Mapping[str, Any]) -> str:
    if topic not in ORDER_TOPICS:
        return topic
    status = payload.get("status_id")
    if status in CANCEL_STATUSES:
        return CANCELLED
    return INCOMPLETE if status == 0 else topic


def to_order(payload: Mapping[str, Any], *, channel: str) -> OrderIn:
    """A fetched order as an OrderIn whose line SKUs are still the channel's."""
    items = common.objects(payload, "products")
    lines = tuple(_line(item, index) for index, item in enumerate(items, start=1))
    if not lines:
        raise BadOrderPayload(gettext_noop("The order has no products"), field="products")
    billing = common.fixed_address(payload, "billing_address") or _billing(payload)
    currency = str(payload.get("currency_code") or "").upper()
    # Shipping and handling are charged ex tax; their tax goes on the lines (ours carries none).
    charges = [common.money(payload.get(f"{name}_ex_tax"), f"{name}_ex_tax") for name in CHARGES]
    charges_tax = [common.money(payload.get(f"{name}_tax"), f"{name}_tax") for name in CHARGES]
    return OrderIn(
        channel=channel,
        external_id=common.id_of(payload.get("id"), "id"),
        currency=currency,
        lines=common.with_order_tax(lines, sum(charges_tax, Decimal("0")), currency=currency),
        customer_email=billing.email if billing else "",
        billing=billing,
        shipping=common.fixed_address(payload, "shipping_address") or _shipping(payload),
        shipping_charge=sum(charges, Decimal("0")),
        payment_status="paid" if payload.get("status_id") in PAID_STATUSES else "pending",
        notes=_notes(payload),
        placed_at=_placed_at(payload.get("date_created")),
    )


def channel_total(payload: Mapping[str, Any]) -> Decimal | None:
    """BigCommerce's own grand total: total_inc_tax (products, shipping, handling, wrapping, taxes, after discounts)."""
    value = payload.get("total_inc_tax")
    return None if value in (None, "") else common.money(value, "total_inc_tax")


def _line(item: Mapping[str, Any], index: int) -> OrderLineIn:
    sku = str(item.get("sku") or "").strip()
    if not sku:
        product = item.get("variant_id") or item.get("product_id")
        if not product:
            raise BadOrderPayload(
                gettext_noop("Line %(index)s has neither a SKU nor a product id"), field="products.sku", index=index
            )
        sku = f"variant:{product}" if item.get("variant_id") else f"product:{product}"
    quantity = common.quantity(item.get("quantity"), index)
    unit_price = common.money(item.get("price_ex_tax"), "products.price_ex_tax")
    total_inc_tax = common.money(item.get("total_inc_tax"), "products.total_inc_tax")
    discount = sum(
        (common.money(d.get("amount"), "applied_discounts.amount") for d in common.objects(item, "applied_discounts")),
        Decimal("0"),
    )
    # total_inc_tax is before the line's discounts; discounted_total_inc_tax (when sent) after them,
    # and the tax BigCommerce charges is on the discounted amount.
    paid_inc_tax = item.get("discounted_total_inc_tax")
    if paid_inc_tax not in (None, ""):
        tax = common.money(paid_inc_tax, "products.discounted_total_inc_tax") - (unit_price * quantity - discount)
    else:
        tax = total_inc_tax - unit_price * quantity
    return OrderLineIn(
        sku=sku,
        quantity=quantity,
        unit_price=unit_price,
        discount=discount,
        tax=max(tax, Decimal("0")),
        external_id=str(item.get("id") or ""),
    )


def _billing(payload: Mapping[str, Any]) -> AddressIn | None:
    raw = payload.get("billing_address")
    if not isinstance(raw, dict) or not raw:
        return None
    return common.address(raw, which="billing_address", keys=ADDRESS_KEYS, strict=False)


def _shipping(payload: Mapping[str, Any]) -> AddressIn | None:
    addresses = common.objects(payload, "shipping_addresses")
    if len(addresses) > 1:
        raise BadAddress(
            gettext_noop("The order ships to %(count)s addresses; choose one"),
            which="shipping_address",
            count=len(addresses),
        )
    if not addresses:
        if payload.get("order_is_digital"):
            return None
        raise BadAddress(gettext_noop("The order ships goods but has no shipping address"), which="shipping_address")
    return common.address(addresses[0], which="shipping_address", keys=ADDRESS_KEYS, strict=True)


def _notes(payload: Mapping[str, Any]) -> str:
    parts = [
        f"BigCommerce order #{payload.get('id')}" + (f" ({payload['status']})" if payload.get("status") else ""),
        str(payload.get("customer_message") or ""),
    ]
    return "\n".join(part for part in parts if part)


def _placed_at(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        raise BadOrderPayload(
            gettext_noop("date_created %(value)r is not an RFC 2822 time"), field="date_created", value=value
        ) from None


# --- API --------------------------------------------------------------------------------------


def client(
    channel: Any, *, transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep
) -> ChannelHttp:
    """The store's API with the channel's access token (X-Auth-Token).

    Base URL: the channel's api_base_url, else https://api.bigcommerce.com/stores/{options.store_hash}.
    Few retries: the fetch runs while a webhook waits for its answer; a failure keeps the event.
    """
    token = open_credentials(channel.credentials_sealed).get("access_token", "")
    store_hash = str((channel.options or {}).get("store_hash") or "")
    base = channel.api_base_url or (DEFAULT_BASE.format(store_hash=store_hash) if store_hash else "")
    # Not configured is not "not answering": retrying would not help, a person must set it (refused, not retried).
    if not base or not token:
        raise ChannelNotConfigured(
            gettext("Channel %(channel)s has no API URL (or store hash) or access token") % {"channel": channel.code},
            setting="store_hash" if not base else "access_token",
        )
    return ChannelHttp(
        base_url=base.rstrip("/"),
        headers={"X-Auth-Token": token, "Accept": "application/json"},
        # Store API quotas are per plan (e.g. 150 requests per 30 s); 429s are retried after back-off.
        bucket=TokenBucket(rate=4.0, burst=20, sleep=sleep),
        max_retries=3,
        transport=transport,
        sleep=sleep,
    )


def test_connection(http: ChannelHttp, channel: Any) -> str:
    store = http.json("GET", "/v2/store")
    store = store if isinstance(store, dict) else {}
    return gettext("BigCommerce store %(name)s (%(domain)s)") % {
        "name": store.get("name") or "?",
        "domain": store.get("domain") or channel.api_base_url,
    }


def push_stock(http: ChannelHttp, channel: Any, levels: Sequence[StockPush]) -> PushReceipt:
    """Set absolute quantities at the channel's location (options.location_id, default 1).

    PUT /v3/inventory/adjustments/absolute with items keyed by variant_id (StockPush.ref) or SKU.
    The adjustment is all or nothing: a batch refused with 422 is split in halves and sent again
    until the listings the store refuses stand alone, and those are named in the receipt. When
    every listing is refused the store's setting is wrong, not the listings (an unknown location):
    that raises ChannelUnavailable and the whole push is retried (absolute quantities: harmless).
    """
    location = int((channel.options or {}).get("location_id") or 1)
    pending = [(level, _inventory_item(location, level)) for level in levels]
    refused: dict[str, str] = {}
    for start in range(0, len(pending), BATCH_SIZE):
        refused.update(_adjust(http, pending[start : start + BATCH_SIZE]))
    if len(levels) > 1 and len(refused) == len({level.sku for level in levels}):
        raise ChannelUnavailable(
            gettext("BigCommerce refused every listing: %(reason)s") % {"reason": next(iter(refused.values()))}
        )
    return PushReceipt(refused=refused)


def _adjust(http: ChannelHttp, batch: list[tuple[StockPush, dict[str, Any]]]) -> dict[str, str]:
    """Send one batch; on 422 send its halves, down to single listings. SKU → the store's reason."""
    body = {"reason": "Arkaofis stock sync", "items": [item for _, item in batch]}
    response = http.answer("PUT", "/v3/inventory/adjustments/absolute", accepted=(422,), json=body)
    if response.is_success:
        return {}
    if len(batch) == 1:
        return {batch[0][0].sku: _problem_text(response)}
    middle = len(batch) // 2
    return _adjust(http, batch[:middle]) | _adjust(http, batch[middle:])


def _problem_text(response: httpx.Response) -> str:
    """BigCommerce's problem document ({"title", "detail", "errors"}) as one line."""
    try:
        document = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if not isinstance(document, dict):
        return f"HTTP {response.status_code}"
    errors = document.get("errors")
    details = "; ".join(f"{key}: {value}" for key, value in errors.items()) if isinstance(errors, dict) else ""
    return "; ".join(part for part in (str(document.get("title") or ""), details) if part) or "refused"


def _inventory_item(location: int, level: StockPush) -> dict[str, Any]:
    item: dict[str, Any] = {"location_id": location, "quantity": level.quantity}
    if level.ref.strip().isdigit():
        item["variant_id"] = int(level.ref)
    else:
        item["sku"] = level.sku
    return item


def fetch_stock(http: ChannelHttp, channel: Any, levels: Sequence[StockPush]) -> dict[str, int]:
    """Each variant's inventory_level, per channel SKU (GET /v3/catalog/variants?sku:in=…, 250 a page).

    inventory_level is the variant's stock over all locations, so it is only comparable with what we
    push when we push to the default location (1); for another location nothing is read and the
    reconciliation compares with what we last pushed.
    """
    if int((channel.options or {}).get("location_id") or 1) != 1:
        return {}
    skus = sorted({level.sku for level in levels if "," not in level.sku})
    found: dict[str, int] = {}
    for start in range(0, len(skus), PAGE_SIZE):
        chunk = skus[start : start + PAGE_SIZE]
        answer = http.json("GET", "/v3/catalog/variants", params={"sku:in": ",".join(chunk), "limit": PAGE_SIZE})
        rows = answer.get("data") if isinstance(answer, dict) else None
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, dict):
                continue
            quantity = row.get("inventory_level")
            if row.get("sku") in chunk and isinstance(quantity, int) and not isinstance(quantity, bool):
                found[row["sku"]] = quantity
    return found
