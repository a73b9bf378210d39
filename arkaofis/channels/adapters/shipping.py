"""Shipment updates to the channels: which adapter tells which channel, and what they share.

Each channel kind that can be told about a shipment has a module `<kind>_shipping` with
`push_shipment(http, channel, notice: channels.domain.ShipmentNotice) -> ShipmentReceipt`, called
with its main adapter's `client(channel)`. Its contract:

- Idempotent: a push delivered twice (the outbox delivers at least once; a worker may die between
  the channel's answer and our record of it) never creates a second fulfillment at the channel.
  Each adapter uses the channel's own means where it has one (Amazon's packageReferenceId), else
  looks first for what the first delivery made (Shopify's fulfillments, a WooCommerce note or a
  BigCommerce shipment carrying our shipment number, a Trendyol package's status).
- A refusal (the channel answers 4xx other than 408/429, or the order is in a state that cannot
  take it) raises ShipmentRefused with the channel's own words: the push waits for a person.
- Anything else (no answer, 5xx after ChannelHttp's retries) raises ChannelUnavailable: the
  outbox retries with back-off.
"""

import json
import re
from collections.abc import Mapping
from typing import Any

import httpx

from arkaofis.channels.exceptions import ShipmentRefused
from arkaofis.channels.http import ChannelHttp

# 4xx answers that mean "not like this": sent again unchanged they would be refused again.
# 408 (timeout) and 429 (rate limit) are retried by ChannelHttp and the outbox instead.
REFUSALS = tuple(status for status in range(400, 500) if status not in (408, 429))
REASON_LENGTH = 1000


def answer_or_refuse(http: ChannelHttp, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """A 2xx response; ShipmentRefused with the channel's words for a 4xx; ChannelUnavailable for the rest."""
    response = http.answer(method, path, accepted=REFUSALS, **kwargs)
    if response.status_code in REFUSALS:
        raise ShipmentRefused(f"{method} {path}: HTTP {response.status_code}: {said(response)}"[:REASON_LENGTH])
    return response


def said(response: httpx.Response) -> str:
    """What a channel's error body says, in one line, from the shapes the channels publish:
    Shopify {"errors": "…" | [..] | {field: [..]}}, Amazon {"errors": [{"code", "message"}]},
    WooCommerce {"code", "message"}, BigCommerce [{"status", "message"}] or {"title", "errors"},
    Trendyol {"errors": [{"key", "message"}]}."""
    try:
        document = response.json()
    except ValueError:
        return response.text[:300] or response.reason_phrase
    return _text(document) or response.reason_phrase


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(filter(None, (_text(item) for item in value)))
    if not isinstance(value, Mapping):
        return json.dumps(value)
    for key in ("errors", "message", "detail", "title"):
        if value.get(key):
            inner = value[key]
            if isinstance(inner, Mapping) and key == "errors":
                return "; ".join(f"{field} {_text(problem)}" for field, problem in inner.items())
            return _text(inner)
    return ""


def names_shipment(text: object, number: str) -> bool:
    """Whether a channel's free text (a note, a comment) names our shipment `number` as a whole word:
    SH-000001 is not found in SH-0000012."""
    return bool(number) and re.search(rf"(?<![\w-]){re.escape(number)}(?![\w-])", str(text or "")) is not None


def carrier_code(channel: Any, carrier: str) -> str:
    """The channel's name for our carrier, from options["carrier_codes"] ({our carrier: theirs},
    compared without case), or "" when the channel has no mapping for it."""
    codes = (channel.options or {}).get("carrier_codes") or {}
    if not isinstance(codes, Mapping):
        return ""
    wanted = carrier.strip().casefold()
    return next((str(theirs) for ours, theirs in codes.items() if str(ours).strip().casefold() == wanted), "")
