"""Pure rules shared by every channel adapter: signatures, delivery ids, header hygiene, money.

No Django import here, so adapters and these rules are tested without a database.
"""

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from arkaofis.core.money import minor_unit

# Headers worth keeping with a stored event. An allow-list, so signatures, cookies and tokens
# can never be stored by accident.
KEPT_HEADERS = frozenset(
    {
        "content-type",
        "user-agent",
        "x-shopify-topic",
        "x-shopify-shop-domain",
        "x-shopify-webhook-id",
        "x-shopify-event-id",
        "x-shopify-api-version",
        "x-shopify-triggered-at",
        "x-shopify-order-id",
        # WooCommerce (its delivery id changes on every retry: kept to trace, never used to dedupe)
        "x-wc-webhook-source",
        "x-wc-webhook-topic",
        "x-wc-webhook-resource",
        "x-wc-webhook-event",
        "x-wc-webhook-id",
        "x-wc-webhook-delivery-id",
    }
)


def lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


def kept_headers(headers: Mapping[str, str], allowed: Iterable[str] = KEPT_HEADERS) -> dict[str, str]:
    allowed = set(allowed)
    return {key: value[:500] for key, value in lower_keys(headers).items() if key in allowed}


def hmac_sha256_base64(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def signature_matches(*, secret: str, body: bytes, signature: str | None) -> bool:
    """base64(HMAC-SHA256(secret, body)) compared in constant time. No secret, no match."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(hmac_sha256_base64(secret, body).encode(), signature.strip().encode())


def body_fingerprint(body: bytes) -> str:
    """A delivery id for a message that carries none: the same body dedupes to the same event."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


def money(value: object, *, field: str) -> Decimal:
    """A channel's decimal string (or number) as Decimal; never through float."""
    if value is None or value == "":
        return Decimal("0")
    if isinstance(value, bool):
        raise ValueError(f"{field}: {value!r} is not an amount")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{field}: {value!r} is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"{field}: {value!r} is not an amount")
    return amount


def total_tolerance(currency: str, lines: int) -> Decimal:
    """How far our grand total may be from the channel's own before the order waits for a person.

    One minor unit per line plus one for the shipping: a channel rounds each line's discount and
    tax (and the shipping's) to the minor unit once, we keep them as it sends them, so honest
    rounding stays within that; anything more is money we cannot explain (a fee, a discount or a
    tax we did not read) and must not be stored silently.
    """
    return minor_unit(currency) * (lines + 1)


def totals_agree(*, computed: Decimal, channel_total: Decimal, currency: str, lines: int) -> bool:
    return abs(computed - channel_total) <= total_tolerance(currency, lines)


def pretty_body(body: bytes) -> str:
    """The body for a person to read: indented JSON when it is JSON, else the text as sent."""
    text = body.decode("utf-8", errors="replace")
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=False)
    except ValueError:
        return text


@dataclass(frozen=True)
class StockPush:
    """One absolute quantity to set on a channel for one of its listings."""

    sku: str  # the channel's SKU (ChannelSkuMap's external SKU, else ours)
    quantity: int  # never negative, never more than was available when computed
    product_id: int  # ours, to record what was pushed
    ref: str = ""  # the channel's own id for the listing when it needs one (e.g. Shopify inventory_item_id)


@dataclass(frozen=True)
class PushReceipt:
    """What a channel answered to a stock push, beyond "taken".

    A listing the channel refuses for good (unknown SKU, stock not tracked there) is named in
    `refused` with the channel's reason, and the rest of the push counts as done: one bad listing
    must not hold back every other listing's stock. A channel that applies pushes later
    (Trendyol's batch requests) names what to check afterwards in `pending`.
    """

    refused: Mapping[str, str] = field(default_factory=dict)  # channel SKU → the channel's reason
    pending: tuple[str, ...] = ()  # the channel's ids of batches it has not applied yet


@dataclass(frozen=True)
class ShippedLine:
    """Units of one of the channel's order lines that left in a shipment."""

    line_id: str  # the channel's id of the order line, as the importer stored it (blank when it had none)
    sku: str  # as ordered, for messages
    quantity: int


@dataclass(frozen=True)
class ShipmentNotice:
    """What a channel is told when a shipment of one of its orders ships: carrier, tracking and lines.

    Built in the shipping transaction and kept with the push (ShipmentPush.notice), so every
    delivery of the same push sends the same thing, whatever happens to the order later.
    """

    order_id: str  # the channel's order id (our order's external id)
    shipment_id: int  # ours: a number the channel may keep as its own reference (Amazon's packageReferenceId)
    shipment_number: str  # ours, e.g. "SH-000042": written where the channel keeps a free text, to find it again
    carrier: str
    tracking_number: str
    tracking_url: str
    shipped_at: str  # ISO 8601, UTC
    whole_order: bool  # every unit of the order has now shipped
    lines: tuple[ShippedLine, ...]
    # Fields of the channel's own order that a push needs and our order does not keep (Amazon's
    # MarketplaceId), copied from the last stored message of the order.
    order_fields: Mapping[str, str] = field(default_factory=dict)

    def as_payload(self) -> dict:
        return {
            **{
                name: getattr(self, name) for name in self.__dataclass_fields__ if name not in ("lines", "order_fields")
            },
            "lines": [{"line_id": ln.line_id, "sku": ln.sku, "quantity": ln.quantity} for ln in self.lines],
            "order_fields": dict(self.order_fields),
        }

    @classmethod
    def from_payload(cls, payload: Mapping) -> "ShipmentNotice":
        values = {name: payload[name] for name in cls.__dataclass_fields__ if name in payload}
        values["lines"] = tuple(ShippedLine(**line) for line in payload.get("lines") or [])
        values["order_fields"] = dict(payload.get("order_fields") or {})
        return cls(**values)

    def units_by_line(self) -> dict[str, int]:
        """Units per channel line id (lines of one channel line added up)."""
        units: dict[str, int] = {}
        for line in self.lines:
            units[line.line_id] = units.get(line.line_id, 0) + line.quantity
        return units


@dataclass(frozen=True)
class ShipmentReceipt:
    """What the channel holds now for a shipment we told it about."""

    ref: str  # the channel's id of it (a fulfillment, a note, a shipment, a package)
    found: bool = False  # it was there already (a repeated delivery): nothing new was created


# An inbound event as a task's document: "IE-000042" (work/links.py opens it in the exception queue).
EVENT_REF_PREFIX = "IE-"


def event_ref(event_id: int) -> str:
    return f"{EVENT_REF_PREFIX}{event_id:06d}"


def event_id_of(ref: str) -> int:
    return int(ref[len(EVENT_REF_PREFIX) :])
