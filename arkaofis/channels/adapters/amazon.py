"""Amazon SP-API (Orders v0): poll getOrders, read each order's items, turn an order into OrderIn.

Shapes (amzn/selling-partner-api-models, ordersV0.json): results are wrapped in `payload`; money is
{"CurrencyCode", "Amount"} with Amount a decimal string; ItemPrice is the price of the whole line
(unit price × quantity); Pending orders carry no prices at all. Auth is a Login with Amazon access
token, exchanged from the seller's refresh token and sent as x-amz-access-token.

Channel settings: credentials {"refresh_token", "client_id", "client_secret"}; options
{"marketplace_ids": ["A1PA6795UKMFR9", …], "token_url": …(tests), "poll_since": ISO time of the first poll}.

Decisions:
- Pending orders are recorded, not received: no prices yet. The same order polled again as
  Unshipped has a new LastUpdateDate, so it is a new event and becomes the order then.
- FBA orders (FulfillmentChannel AFN) are recorded only: Amazon ships them from its own stock,
  so they must not take ours.
- An order first seen already Shipped was shipped outside Arkaofis: recorded only.
- An MFN order without a shipping address (PII withheld from getOrders) gets it from
  getOrderAddress; if Amazon still withholds it, the event is an exception "address not
  available", which staff can fix in the exception queue and re-process.
- Canceled → the order is cancelled (the pipeline's CANCEL_TOPICS).
- Money: ItemPrice is the whole line; in Europe, the UK, Türkiye, Japan, Australia and India it
  includes the tax (taken out into the line's tax), elsewhere tax comes on top. Shipping tax is
  carried on the line's tax, so the order's grand total is what the buyer paid.
- Stock push is not offered (Amazon takes inventory through the Listings/Feeds APIs): no push_stock.
"""

import time
from collections.abc import Callable, Generator, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from django.utils.translation import gettext, gettext_noop

from arkaofis.channels.adapters.common import money, unit_price_and_discount
from arkaofis.channels.adapters.paging import PolledOrder, PollPage, address_in, fixed_address, read_json
from arkaofis.channels.exceptions import BadAddress, BadOrderPayload, ChannelNotConfigured, ChannelUnavailable
from arkaofis.channels.http import ChannelHttp, TokenBucket
from arkaofis.channels.models import Channel
from arkaofis.channels.secrets import open_credentials
from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn

__all__ = ["read_json"]

KIND = "amazon"
DEFAULT_BASE_URL = "https://sellingpartnerapi-eu.amazon.com"
DEFAULT_TOKEN_URL = "https://api.amazon.com/auth/o2/token"  # noqa: S105 - a URL, not a secret
RATE_PER_SECOND, BURST = 0.5, 30  # the Orders API's published limit for getOrders/getOrderItems
MAX_STORED_TOKEN = 500  # PollCursor.value; a longer NextToken is not saved (a restart re-reads the run)
FIRST_POLL_DAYS = 7
TOKEN_FORM_KEYS = ("refresh_token", "client_id", "client_secret")
TOKEN_MARGIN_SECONDS = 120  # exchange the token this long before Amazon says it expires

TOPIC_UNSHIPPED = "orders/unshipped"
TOPIC_PENDING = "orders/pending"
TOPIC_SHIPPED = "orders/shipped"
TOPIC_FBA = "orders/fba"
TOPIC_CANCELLED = "orders/cancelled"
ORDER_TOPICS = frozenset({TOPIC_UNSHIPPED})
# An order read again while unshipped is applied as an edit (e.g. an item cancelled: quantity 0).
UPDATE_TOPICS = frozenset({TOPIC_UNSHIPPED})
CANCEL_TOPICS = frozenset({TOPIC_CANCELLED})
RECORD_ONLY_TOPICS = {
    TOPIC_PENDING: "Pending at Amazon: no prices yet; the order is received when Amazon confirms it",
    TOPIC_SHIPPED: "Already shipped at Amazon before it reached us: recorded only",
    TOPIC_FBA: "Fulfilled by Amazon from its own stock: recorded only",
}
# Marketplaces whose prices include VAT/GST (ItemTax is the tax inside ItemPrice): Europe, the UK,
# Türkiye, Japan, Australia, India. Elsewhere (US, Canada, …) tax comes on top of the price.
TAX_INCLUSIVE_MARKETPLACES = frozenset(
    {
        "A1PA6795UKMFR9", "A1F83G8C2ARO7P", "A13V1IB3VIYZZH", "APJ6JRA9NG5V4", "A1RKKUPIHCS9HS",
        "A1805IZSGTT6HS", "A2NODRKZP88ZB9", "A1C3SOZRARQ6R3", "AMEN7PMS3EDWL", "A28R8C7NBKEWEA",
        "A33AVAJ2PDY3EV", "A1VC38T7P48ZVD", "A39IBJ37TRP1C6", "A21TJRUUN4KGV",
    }
)  # fmt: skip
PENDING_STATUSES = frozenset({"Pending", "PendingAvailability"})
SHIPPED_STATUSES = frozenset({"Shipped", "InvoiceUnconfirmed", "Unfulfillable"})


def client(
    channel: Channel,
    *,
    transport: httpx.BaseTransport | None = None,
    bucket: TokenBucket | None = None,
    sleep: Any = None,
    clock: Callable[[], float] = time.monotonic,
) -> ChannelHttp:
    """A ChannelHttp signed with an LWA access token, exchanged now (bad credentials fail here) and again
    shortly before it expires, so a long first import at 0.5 requests/s outlives the token's hour."""
    extra = {"sleep": sleep} if sleep else {}
    auth = LoginWithAmazon(channel, transport=transport, clock=clock, **extra)
    auth.refresh()
    return ChannelHttp(
        base_url=channel.api_base_url or DEFAULT_BASE_URL,
        headers={"user-agent": "Arkaofis (Language=Python)"},
        auth=auth,
        bucket=bucket or TokenBucket(rate=RATE_PER_SECOND, burst=BURST),
        transport=transport,
        **extra,
    )


class LoginWithAmazon(httpx.Auth):
    """Sets x-amz-access-token; exchanges the seller's refresh token for a new one when it is about to expire."""

    def __init__(
        self, channel: Channel, *, transport: httpx.BaseTransport | None, clock: Callable[[], float], **extra: Any
    ) -> None:
        self.channel, self.transport, self.clock, self.extra = channel, transport, clock, extra
        self.token, self.expires_at = "", 0.0
        self.exchanges = 0

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if not self.token or self.clock() >= self.expires_at:
            self.refresh()
        request.headers["x-amz-access-token"] = self.token
        yield request

    def refresh(self) -> None:
        credentials = open_credentials(self.channel.credentials_sealed)
        missing = [key for key in ("refresh_token", "client_id", "client_secret") if not credentials.get(key)]
        if missing:
            raise ChannelNotConfigured(
                gettext("Amazon credentials lack %(missing)s") % {"missing": ", ".join(missing)},
                setting="credentials",
            )
        form = {"grant_type": "refresh_token", **{key: credentials[key] for key in TOKEN_FORM_KEYS}}
        token_url = str(self.channel.options.get("token_url") or DEFAULT_TOKEN_URL)
        with ChannelHttp(base_url=token_url, transport=self.transport, **self.extra) as http:
            answer = http.json("POST", token_url, data=form)  # absolute: no slash appended
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not token:
            raise ChannelUnavailable(
                gettext("Login with Amazon answered without an access token"), channel=self.channel.code
            )
        lifetime = answer.get("expires_in") if isinstance(answer.get("expires_in"), int) else 3600
        self.token, self.expires_at = str(token), self.clock() + max(lifetime - TOKEN_MARGIN_SECONDS, 0)
        self.exchanges += 1


def test_connection(http: ChannelHttp, channel: Channel) -> str:
    answer = http.json("GET", "/sellers/v1/marketplaceParticipations")
    names = [str((row.get("marketplace") or {}).get("name") or "?") for row in (answer or {}).get("payload") or []]
    return gettext("Amazon answered: %(count)s marketplace(s): %(names)s") % {
        "count": len(names),
        "names": ", ".join(names) or "—",
    }


def poll(http: ChannelHttp, channel: Channel, cursor: Mapping[str, str], now: datetime) -> Iterator[PollPage]:
    """Pages of orders updated since the cursor's LastUpdatedAfter, each with the cursor to save after it.

    The cursor holds the run's start (last_updated_after), the NextToken of the page to read next
    and the newest LastUpdateDate seen; the last page turns that newest stamp into the next start.
    """
    marketplaces = _marketplaces(channel)
    start = cursor.get("last_updated_after") or _first_start(channel, now)
    token = cursor.get("next_token", "")
    newest = cursor.get("newest_seen") or start
    while True:
        try:
            page = _orders_page(http, marketplaces, start=start, token=token)
        except ChannelUnavailable as error:
            if not token or error.data.get("status") != 400:
                raise
            token = ""  # an expired NextToken: read the whole run again (duplicates are ignored)
            continue
        orders = [_polled(http, order) for order in page.get("Orders") or [] if isinstance(order, dict)]
        stamps = [str(order.payload.get("LastUpdateDate") or "") for order in orders]
        newest = max([newest, *[stamp for stamp in stamps if stamp]], key=_instant)
        token = str(page.get("NextToken") or "")
        if not token:
            yield PollPage(orders, {"last_updated_after": newest, "next_token": "", "newest_seen": ""})
            return
        saved = token if len(token) <= MAX_STORED_TOKEN else ""
        yield PollPage(orders, {"last_updated_after": start, "next_token": saved, "newest_seen": newest})


def _marketplaces(channel: Channel) -> str:
    value = channel.options.get("marketplace_ids") or []
    ids = value.split(",") if isinstance(value, str) else [str(item) for item in value]
    ids = [item.strip() for item in ids if item.strip()]
    if not ids:
        raise ChannelNotConfigured(gettext("Set the channel's options.marketplace_ids"), setting="marketplace_ids")
    return ",".join(ids)


def _first_start(channel: Channel, now: datetime) -> str:
    return str(channel.options.get("poll_since") or _stamp(now - timedelta(days=FIRST_POLL_DAYS)))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(stamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _orders_page(http: ChannelHttp, marketplaces: str, *, start: str, token: str) -> dict[str, Any]:
    # With a NextToken, Amazon wants only the token and the marketplaces: the other filters are in it.
    params = {"MarketplaceIds": marketplaces, **({"NextToken": token} if token else {"LastUpdatedAfter": start})}
    answer = http.json("GET", "/orders/v0/orders", params=params)
    payload = answer.get("payload") if isinstance(answer, dict) else None
    if not isinstance(payload, dict):
        raise ChannelUnavailable(gettext("getOrders answered without a payload"))
    return payload


def _polled(http: ChannelHttp, order: dict[str, Any]) -> PolledOrder:
    order_id = str(order.get("AmazonOrderId") or "")
    topic = topic_of(order)
    payload = dict(order)
    if order_id and topic == TOPIC_UNSHIPPED:
        payload["OrderItems"] = _order_items(http, order_id)
        if not payload.get("ShippingAddress"):
            payload["ShippingAddress"] = _order_address(http, order_id)
    return PolledOrder(f"{order_id}@{order.get('LastUpdateDate') or ''}"[:255], topic, payload)


def topic_of(order: Mapping[str, Any]) -> str:
    status = str(order.get("OrderStatus") or "")
    if status == "Canceled":
        return TOPIC_CANCELLED
    if order.get("FulfillmentChannel") == "AFN":
        return TOPIC_FBA
    if status in PENDING_STATUSES:
        return TOPIC_PENDING
    if status in SHIPPED_STATUSES:
        return TOPIC_SHIPPED
    return TOPIC_UNSHIPPED  # Unshipped, PartiallyShipped


def _order_items(http: ChannelHttp, order_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token = ""
    while True:
        params = {"NextToken": token} if token else None
        answer = http.json("GET", f"/orders/v0/orders/{order_id}/orderItems", params=params)
        payload = (answer or {}).get("payload") or {}
        items.extend(item for item in payload.get("OrderItems") or [] if isinstance(item, dict))
        token = str(payload.get("NextToken") or "")
        if not token:
            return items


def _order_address(http: ChannelHttp, order_id: str) -> dict[str, Any] | None:
    """getOrderAddress; None when Amazon withholds it (no restricted-data role): the order then waits."""
    try:
        answer = http.json("GET", f"/orders/v0/orders/{order_id}/address")
    except ChannelUnavailable as error:
        if error.data.get("status") in (403, 404):
            return None
        raise
    address = ((answer or {}).get("payload") or {}).get("ShippingAddress")
    return address if isinstance(address, dict) else None


def external_id(payload: Mapping[str, Any]) -> str:
    value = str(payload.get("AmazonOrderId") or "").strip()
    if not value:
        raise BadOrderPayload(gettext_noop("The order has no AmazonOrderId"), field="AmazonOrderId")
    return value


def to_order(payload: Mapping[str, Any], *, channel: str) -> OrderIn:
    """An OrderIn whose line SKUs are Amazon's SellerSKUs (the pipeline maps them to ours)."""
    items = payload.get("OrderItems")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadOrderPayload(gettext_noop("The order has no OrderItems list"), field="OrderItems")
    items = [item for item in items if _quantity(item) > 0]  # a cancelled item stays with quantity 0
    if not items:
        raise BadOrderPayload(gettext_noop("The order has no item with a quantity"), field="OrderItems")
    tax_inclusive = str(payload.get("MarketplaceId") or "") in TAX_INCLUSIVE_MARKETPLACES
    lines = tuple(_line(item, tax_inclusive=tax_inclusive) for item in items)
    shipping_charge = sum((_shipping_charge(item, tax_inclusive=tax_inclusive) for item in items), Decimal("0"))
    buyer = payload.get("BuyerInfo") if isinstance(payload.get("BuyerInfo"), dict) else {}
    tags = [tag for tag, flag in (("prime", "IsPrime"), ("business", "IsBusinessOrder")) if payload.get(flag)]
    return OrderIn(
        channel=channel,
        external_id=external_id(payload),
        currency=_currency(payload, items),
        lines=lines,
        customer_email=str((buyer or {}).get("BuyerEmail") or "")[:254],
        shipping=fixed_address(payload, "shipping_address") or _shipping(payload.get("ShippingAddress")),
        shipping_charge=max(shipping_charge, Decimal("0")),
        payment_status="paid",  # Amazon has taken the payment once an order leaves Pending
        notes=f"Amazon order {external_id(payload)} ({payload.get('SalesChannel') or 'Amazon'})",
        tags=tuple(tags),
        placed_at=_placed_at(payload.get("PurchaseDate")),
    )


def channel_total(payload: Mapping[str, Any]) -> Decimal | None:
    """Amazon's own grand total (OrderTotal), None while the order has none (Pending)."""
    total = payload.get("OrderTotal")
    return _amount(payload, "OrderTotal") if isinstance(total, dict) and total.get("Amount") not in (None, "") else None


def _quantity(item: Mapping[str, Any]) -> int:
    value = item.get("QuantityOrdered")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadOrderPayload(
            gettext_noop("QuantityOrdered %(value)r is not a whole number"), field="QuantityOrdered", value=value
        )
    return value


def _amount(item: Mapping[str, Any], key: str) -> Decimal:
    value = item.get(key)
    return money(value.get("Amount"), key) if isinstance(value, dict) else Decimal("0")


def _line(item: Mapping[str, Any], *, tax_inclusive: bool) -> OrderLineIn:
    sku = str(item.get("SellerSKU") or "").strip() or (f"asin:{item['ASIN']}" if item.get("ASIN") else "")
    if not sku:
        raise BadOrderPayload(gettext_noop("An item has neither a SellerSKU nor an ASIN"), field="SellerSKU")
    if not isinstance(item.get("ItemPrice"), dict):
        raise BadOrderPayload(
            gettext_noop("Item %(sku)s has no ItemPrice (still pending at Amazon?)"), field="ItemPrice", sku=sku
        )
    quantity = _quantity(item)
    price, discount = _amount(item, "ItemPrice"), _amount(item, "PromotionDiscount")
    if tax_inclusive:  # the tax is inside the price and the discount: take it out, it is added back as tax
        price, discount = price - _amount(item, "ItemTax"), discount - _amount(item, "PromotionDiscountTax")
    unit_price, rounding = unit_price_and_discount(gross=price, net=price, quantity=quantity)
    return OrderLineIn(
        sku=sku,
        quantity=quantity,
        unit_price=unit_price,
        discount=discount + rounding,
        tax=max(_line_tax(item), Decimal("0")),
        external_id=str(item.get("OrderItemId") or "")[:100],
    )


def _line_tax(item: Mapping[str, Any]) -> Decimal:
    """The item's tax after its promotion, plus its shipping's: our one shipping charge carries no tax."""
    item_tax = _amount(item, "ItemTax") - _amount(item, "PromotionDiscountTax")
    return item_tax + _amount(item, "ShippingTax") - _amount(item, "ShippingDiscountTax")


def _shipping_charge(item: Mapping[str, Any], *, tax_inclusive: bool) -> Decimal:
    charge = _amount(item, "ShippingPrice") - _amount(item, "ShippingDiscount")
    if tax_inclusive:
        charge -= _amount(item, "ShippingTax") - _amount(item, "ShippingDiscountTax")
    return charge


def _currency(payload: Mapping[str, Any], items: list[dict[str, Any]]) -> str:
    for money_object in [payload.get("OrderTotal"), *(item.get("ItemPrice") for item in items)]:
        if isinstance(money_object, dict) and money_object.get("CurrencyCode"):
            return str(money_object["CurrencyCode"]).upper()
    return ""


def _shipping(raw: object) -> AddressIn:
    if not isinstance(raw, dict) or not raw.get("AddressLine1"):
        raise BadAddress(
            gettext_noop("Shipping address not available: Amazon withheld it (restricted data); enter it here"),
            which="shipping_address",
        )
    street2 = " ".join(str(raw.get(key) or "") for key in ("AddressLine2", "AddressLine3")).strip()
    return address_in(
        "shipping_address",
        name=raw.get("Name"),
        company=raw.get("CompanyName"),
        line1=raw.get("AddressLine1"),
        line2=street2,
        city=raw.get("City") or raw.get("County") or raw.get("District"),
        region=raw.get("StateOrRegion"),
        postal_code=raw.get("PostalCode"),
        country=raw.get("CountryCode"),
        phone=raw.get("Phone"),
    )


def _placed_at(value: object) -> datetime | None:
    if not value:
        return None
    moment = _instant(str(value))
    if moment.year == 1:
        raise BadOrderPayload(
            gettext_noop("PurchaseDate %(value)r is not an ISO 8601 time"), field="PurchaseDate", value=value
        )
    return moment
