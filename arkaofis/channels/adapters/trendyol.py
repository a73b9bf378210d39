"""Trendyol: poll shipment packages (getShipmentPackages), read a package into OrderIn, push stock.

Shapes (Trendyol's published integration API): a page is {"page", "size", "totalPages",
"totalElements", "content": [package, …]}; a package `id` is a shipment package of order
`orderNumber`; money is a JSON number (read through Decimal(str(x)), never float arithmetic);
prices include VAT, whose rate is the line's `vatBaseAmount`; times are epoch milliseconds.
Auth is HTTP Basic (apiKey:apiSecret) with the User-Agent "<supplierId> - SelfIntegration".

Channel settings: credentials {"api_key", "api_secret"}; options {"supplier_id": …,
"poll_since_ms": first poll's start (epoch ms)}.

Decisions:
- A package is an order (external id "<orderNumber>-<package id>"): the package is Trendyol's unit
  of fulfilment (its own status, cargo label, invoice and cancellation), so one order per package
  ships and cancels exactly as Trendyol sees it. Packages of one order share the order number,
  which the order's notes and tags carry.
- Created, Picking, Invoiced → the order is received; Cancelled, UnSupplied → cancelled; Awaiting
  (payment not confirmed) is recorded only, and received when it turns Created (a new
  lastModifiedDate is a new event); a package first seen already Shipped, Delivered,
  UnDelivered or Returned was handled outside Arkaofis: recorded only; UnPacked (split into new
  packages, which arrive on their own) is recorded only.
- A line whose own status is Cancelled or UnSupplied is left out; a package read again while open
  updates the order (channels/services/updates.py: only while it is still editable).
- VAT: Trendyol's prices include it; each line becomes a net unit price, a net discount and the
  VAT as tax, with the tax absorbing rounding so the line total is exactly what the buyer paid.
"""

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from django.utils.translation import gettext, gettext_noop

from arkaofis.channels.adapters.common import money
from arkaofis.channels.adapters.paging import PolledOrder, PollPage, address_in, fixed_address, read_json
from arkaofis.channels.domain import PushReceipt, StockPush
from arkaofis.channels.exceptions import BadOrderPayload, ChannelNotConfigured, ChannelUnavailable, PushPending
from arkaofis.channels.http import ChannelHttp, TokenBucket
from arkaofis.channels.models import Channel
from arkaofis.channels.secrets import open_credentials
from arkaofis.core.money import round_unit
from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn

__all__ = ["read_json"]

KIND = "trendyol"
DEFAULT_BASE_URL = "https://apigw.trendyol.com"
PAGE_SIZE = 200  # Trendyol's largest page
PUSH_BATCH = 1000  # updatePriceAndInventory takes at most 1,000 items a call
MAX_QUANTITY = 20000  # Trendyol refuses a stock above this
FINISHED_BATCH = frozenset({"COMPLETED", "FAILED"})  # getBatchRequestResult's status once applied
WINDOW_MS = 14 * 24 * 3600 * 1000  # one query spans at most two weeks
SETTLE_MS = 10 * 60 * 1000  # re-read the last ten minutes each run: late-indexed packages are not missed
FIRST_POLL_DAYS = 7
# Trendyol's times are epoch milliseconds of Turkish local time (GMT+3), not of UTC.
TRENDYOL_OFFSET = timedelta(hours=3)

TOPIC_OPEN = "packages/open"
TOPIC_CANCELLED = "packages/cancelled"
TOPIC_AWAITING = "packages/awaiting"
TOPIC_SHIPPED = "packages/shipped"
TOPIC_DELIVERED = "packages/delivered"
TOPIC_SPLIT = "packages/split"
ORDER_TOPICS = frozenset({TOPIC_OPEN})
# A package read again while open is applied as an edit (a line cancelled at Trendyol leaves the order).
UPDATE_TOPICS = frozenset({TOPIC_OPEN})
CANCEL_TOPICS = frozenset({TOPIC_CANCELLED})
# Trendyol's carrier confirms the delivery of what we shipped: our shipments are marked delivered.
DELIVERED_TOPICS = frozenset({TOPIC_DELIVERED})
RECORD_ONLY_TOPICS = {
    TOPIC_AWAITING: "Awaiting payment confirmation at Trendyol: received when it turns Created",
    TOPIC_SHIPPED: "Shipped, returned or closed at Trendyol: recorded only (shipments and returns are made here)",
    TOPIC_SPLIT: "Split by Trendyol into new packages, which arrive as their own orders: recorded only",
}
STATUS_TOPICS = {
    "Created": TOPIC_OPEN,
    "Picking": TOPIC_OPEN,
    "Invoiced": TOPIC_OPEN,
    "Cancelled": TOPIC_CANCELLED,
    "UnSupplied": TOPIC_CANCELLED,
    "Awaiting": TOPIC_AWAITING,
    "UnPacked": TOPIC_SPLIT,
    "Delivered": TOPIC_DELIVERED,
}
DROPPED_LINE_STATUSES = frozenset({"Cancelled", "UnSupplied"})


def client(
    channel: Channel,
    *,
    transport: httpx.BaseTransport | None = None,
    bucket: TokenBucket | None = None,
    sleep: Any = None,
) -> ChannelHttp:
    credentials = open_credentials(channel.credentials_sealed)
    if not credentials.get("api_key") or not credentials.get("api_secret"):
        raise ChannelNotConfigured(gettext("Trendyol credentials need api_key and api_secret"), setting="credentials")
    return ChannelHttp(
        base_url=channel.api_base_url or DEFAULT_BASE_URL,
        auth=(credentials["api_key"], credentials["api_secret"]),
        headers={"user-agent": f"{supplier_id(channel)} - SelfIntegration"},
        bucket=bucket or TokenBucket(rate=5, burst=50),
        transport=transport,
        **({"sleep": sleep} if sleep else {}),
    )


def supplier_id(channel: Channel) -> str:
    value = str(channel.options.get("supplier_id") or "").strip()
    if not value.isdigit():
        raise ChannelNotConfigured(gettext("Set the channel's options.supplier_id (a number)"), setting="supplier_id")
    return value


def test_connection(http: ChannelHttp, channel: Channel) -> str:
    now = _ms(datetime.now(UTC))
    params = {"startDate": now - 24 * 3600 * 1000, "endDate": now, "page": 0, "size": 1}
    answer = http.json("GET", _orders_path(channel), params=params) or {}
    return gettext("Trendyol answered: %(count)s package(s) changed in the last day") % {
        "count": answer.get("totalElements", 0)
    }


def _orders_path(channel: Channel) -> str:
    return f"/integration/order/sellers/{supplier_id(channel)}/orders"


def _ms(moment: datetime) -> int:
    return int((moment.astimezone(UTC) + TRENDYOL_OFFSET).timestamp() * 1000)


def poll(http: ChannelHttp, channel: Channel, cursor: Mapping[str, str], now: datetime) -> Iterator[PollPage]:
    """Pages of packages modified since the cursor, oldest change first, each with the cursor to save after it.

    Ordering by PackageLastModifiedDate ascending means a package changed while we page moves to
    the end, past the run's newest stamp, so the next run reads it; no change is skipped.
    """
    now_ms = _ms(now)
    start = int(cursor.get("start_ms") or channel.options.get("poll_since_ms") or now_ms - FIRST_POLL_DAYS * 86400000)
    end = int(cursor.get("end_ms") or max(start, min(now_ms, start + WINDOW_MS)))  # never before its start
    page = int(cursor.get("page") or 0)
    newest = int(cursor.get("newest_ms") or start)
    while True:
        params = {
            "startDate": start, "endDate": end, "page": page, "size": PAGE_SIZE,
            "orderByField": "PackageLastModifiedDate", "orderByDirection": "ASC",
        }  # fmt: skip
        answer = http.json("GET", _orders_path(channel), params=params)
        if not isinstance(answer, dict) or not isinstance(answer.get("content"), list):
            raise ChannelUnavailable(gettext("getShipmentPackages answered without a content list"))
        packages = [package for package in answer["content"] if isinstance(package, dict)]
        orders = [_polled(package) for package in packages]
        newest = max([newest, *(_stamp(package) for package in packages)])
        page += 1
        if not packages or page >= int(answer.get("totalPages") or 0):
            # The next run starts at the newest change seen, but never later than ten minutes ago
            # nor beyond this window's end (a two-week window older than that moves on).
            next_start = max(newest, min(end, now_ms - SETTLE_MS))
            yield PollPage(orders, {"start_ms": str(next_start), "end_ms": "", "page": "", "newest_ms": ""})
            return
        yield PollPage(
            orders, {"start_ms": str(start), "end_ms": str(end), "page": str(page), "newest_ms": str(newest)}
        )


def _stamp(package: Mapping[str, Any]) -> int:
    value = package.get("lastModifiedDate") or package.get("orderDate") or 0
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _polled(package: dict[str, Any]) -> PolledOrder:
    status = str(package.get("shipmentPackageStatus") or package.get("status") or "")
    topic = STATUS_TOPICS.get(status, TOPIC_SHIPPED)
    return PolledOrder(f"{package.get('id')}@{_stamp(package)}"[:255], topic, package)


def external_id(payload: Mapping[str, Any]) -> str:
    order_number, package = str(payload.get("orderNumber") or "").strip(), payload.get("id")
    if not order_number or package in (None, "") or isinstance(package, bool):
        raise BadOrderPayload(gettext_noop("The package has no orderNumber or id"), field="orderNumber")
    return f"{order_number}-{package}"[:100]


def to_order(payload: Mapping[str, Any], *, channel: str) -> OrderIn:
    """An OrderIn whose line SKUs are Trendyol's merchantSku (else barcode); the pipeline maps them."""
    raw_lines = payload.get("lines")
    if not isinstance(raw_lines, list) or not all(isinstance(line, dict) for line in raw_lines):
        raise BadOrderPayload(gettext_noop("The package has no lines list"), field="lines")
    kept = [line for line in raw_lines if not _dropped(line)]
    if not kept:
        raise BadOrderPayload(gettext_noop("The package has no line left to ship"), field="lines")
    order_number = str(payload.get("orderNumber") or "")
    return OrderIn(
        channel=channel,
        external_id=external_id(payload),
        currency=str(payload.get("currencyCode") or kept[0].get("currencyCode") or "TRY").upper(),
        lines=tuple(_line(line, index) for index, line in enumerate(kept, start=1)),
        customer_email=str(payload.get("customerEmail") or "")[:254],
        billing=_address(payload.get("invoiceAddress"), "billing_address", strict=False),
        shipping=fixed_address(payload, "shipping_address")
        or _address(payload.get("shipmentAddress"), "shipping_address"),
        payment_status="paid",  # Trendyol collects the payment before a package is Created
        notes=f"Trendyol order {order_number}, package {payload.get('id')}",
        tags=(f"trendyol-order-{order_number}"[:50],),
        placed_at=_placed_at(payload.get("orderDate")),
    )


def channel_total(payload: Mapping[str, Any]) -> Decimal | None:
    """The package's own total (totalPrice, VAT included, after discounts) less the lines it still
    lists but that will not ship (cancelled, unsupplied), as to_order leaves them out."""
    if payload.get("totalPrice") in (None, ""):
        return None
    dropped = [line for line in payload.get("lines") or [] if isinstance(line, dict) and _dropped(line)]
    return money(payload.get("totalPrice"), "totalPrice") - sum((_paid(line) for line in dropped), Decimal("0"))


def _dropped(line: Mapping[str, Any]) -> bool:
    return line.get("orderLineItemStatusName") in DROPPED_LINE_STATUSES


def _paid(line: Mapping[str, Any]) -> Decimal:
    quantity = line.get("quantity")
    if not isinstance(quantity, int):
        return Decimal("0")
    unit_gross = money(_first(line, "lineUnitPrice", "price", "amount"), "lineUnitPrice")
    return quantity * unit_gross - money(_first(line, "lineTotalDiscount", "discount"), "lineTotalDiscount")


def _line(line: Mapping[str, Any], index: int) -> OrderLineIn:
    sku = str(line.get("merchantSku") or "").strip() or str(line.get("barcode") or "").strip()
    if not sku:
        raise BadOrderPayload(
            gettext_noop("Line %(index)s has neither a merchantSku nor a barcode"),
            field="lines.merchantSku",
            index=index,
        )
    quantity = line.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise BadOrderPayload(
            gettext_noop("Line %(index)s: quantity %(quantity)r is not a positive whole number"),
            field="quantity",
            index=index,
            quantity=quantity,
        )
    # lineUnitPrice/lineTotalDiscount are the current fields; price and discount the older ones.
    unit_gross = money(_first(line, "lineUnitPrice", "price", "amount"), "lineUnitPrice")
    discount_gross = money(_first(line, "lineTotalDiscount", "discount"), "lineTotalDiscount")
    rate = money(line.get("vatBaseAmount"), "vatBaseAmount")
    if rate < 0 or unit_gross < 0 or discount_gross < 0:
        raise BadOrderPayload(
            gettext_noop("Line %(index)s: negative price, discount or VAT rate"), field="lineUnitPrice", index=index
        )
    divisor = 1 + rate / 100
    unit_net = round_unit(unit_gross / divisor)
    discount_net = round_unit(discount_gross / divisor)
    paid = quantity * unit_gross - discount_gross
    tax = paid - (quantity * unit_net - discount_net)
    return OrderLineIn(
        sku=sku,
        quantity=quantity,
        unit_price=unit_net,
        discount=discount_net,
        tax=max(tax, Decimal("0")),
        external_id=str(line.get("id") or "")[:100],
    )


def _first(line: Mapping[str, Any], *keys: str) -> object:
    for key in keys:
        if line.get(key) is not None:
            return line[key]
    return None


def _address(raw: object, which: str, *, strict: bool = True) -> AddressIn | None:
    if not isinstance(raw, dict) or not raw:
        if strict:
            return address_in(which)  # raises BadAddress naming what is missing
        return None
    name = raw.get("fullName") or " ".join(str(raw.get(key) or "") for key in ("firstName", "lastName")).strip()
    return address_in(
        which,
        strict=strict,
        name=name,
        company=raw.get("company"),
        line1=raw.get("address1") or raw.get("fullAddress"),
        line2=raw.get("address2") or raw.get("neighborhood"),
        city=raw.get("city"),
        region=raw.get("district"),
        postal_code=raw.get("postalCode"),
        country=raw.get("countryCode") or "TR",
        phone=raw.get("phone"),
    )


def _placed_at(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return datetime.fromtimestamp(value / 1000, tz=UTC) - TRENDYOL_OFFSET


def push_stock(http: ChannelHttp, channel: Channel, levels: Sequence[StockPush]) -> PushReceipt:
    """Set stock by barcode (the SKU map's listing ref, else the channel SKU), 1,000 items a call.

    Trendyol answers each call with a batchRequestId and applies it later: the receipt names the
    batches, and check_push reads their outcome once Trendyol has finished.
    """
    path = f"/integration/inventory/sellers/{supplier_id(channel)}/products/price-and-inventory"
    items = [{"barcode": _barcode(level), "quantity": min(max(level.quantity, 0), MAX_QUANTITY)} for level in levels]
    batches = []
    for start in range(0, len(items), PUSH_BATCH):
        answer = http.json("POST", path, json={"items": items[start : start + PUSH_BATCH]})
        batch = answer.get("batchRequestId") if isinstance(answer, dict) else None
        if batch:
            batches.append(str(batch))
    return PushReceipt(pending=tuple(batches))


def check_push(
    http: ChannelHttp, channel: Channel, pending: Sequence[str], levels: Sequence[StockPush]
) -> dict[str, str]:
    """The listings Trendyol refused in these batches (channel SKU → its reasons).

    getBatchRequestResult: {"status": "IN_PROGRESS" | "COMPLETED" | "FAILED", "items": [{"requestItem":
    {"barcode", "quantity"}, "status": "SUCCESS" | "FAILED", "failureReasons": [...]}]}. Raises
    PushPending while any batch is still being applied. A batch Trendyol no longer knows (404: its
    results are kept for a limited time) has nothing left to tell.
    """
    sku_of = {_barcode(level): level.sku for level in levels}
    refused: dict[str, str] = {}
    for batch in pending:
        path = f"/integration/product/sellers/{supplier_id(channel)}/products/batch-requests/{batch}"
        answer = http.json("GET", path, none_on=(404,))
        if not isinstance(answer, dict):
            continue
        if answer.get("status") not in FINISHED_BATCH:
            raise PushPending(f"Trendyol batch {batch} is {answer.get('status') or 'not finished'}")
        for item in answer.get("items") or []:
            if not isinstance(item, dict) or item.get("status") == "SUCCESS":
                continue
            barcode = str((item.get("requestItem") or {}).get("barcode") or "")
            reasons = [str(reason) for reason in item.get("failureReasons") or []]
            refused[sku_of.get(barcode, barcode)] = "; ".join(reasons) or str(item.get("status") or "FAILED")
    return refused


def fetch_stock(http: ChannelHttp, channel: Channel, levels: Sequence[StockPush]) -> dict[str, int]:
    """What Trendyol shows as each listing's quantity, per channel SKU (filterProducts).

    filterProducts filters by one barcode at a time, so the seller's products are read page by page
    (200 a page) until every listing's barcode has been seen; a barcode Trendyol does not list is
    left out (the caller then compares with what we last pushed).
    """
    sku_of = {_barcode(level): level.sku for level in levels}
    found: dict[str, int] = {}
    path = f"/integration/product/sellers/{supplier_id(channel)}/products"
    page = 0
    while len(found) < len(sku_of):
        answer = http.json("GET", path, params={"page": page, "size": PAGE_SIZE}) or {}
        for product in answer.get("content") or []:
            barcode = str(product.get("barcode") or "") if isinstance(product, dict) else ""
            quantity = product.get("quantity") if barcode else None
            if barcode in sku_of and isinstance(quantity, int) and not isinstance(quantity, bool):
                found[sku_of[barcode]] = quantity
        page += 1
        if page >= int(answer.get("totalPages") or 0):
            break
    return found


def _barcode(level: StockPush) -> str:
    return level.ref or level.sku
