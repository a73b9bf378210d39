"""Tell Shopify a shipment shipped: a fulfillment with tracking, through the FulfillmentOrder REST API.

Published shapes (Shopify Admin REST API; shopify.dev "Fulfillment" createV2 and "FulfillmentOrder";
the request fields as in FulfillmentV2Input, whose REST names are snake_case; the fulfillment order
as in Shopify/shopify_python_api test/fixtures/fulfillment_orders.json):

- GET  /admin/api/<ver>/orders/{order_id}/fulfillment_orders.json → {"fulfillment_orders": [{"id",
  "status", "supported_actions", "line_items": [{"id", "line_item_id", "quantity",
  "fulfillable_quantity"}]}]}
- POST /admin/api/<ver>/fulfillments.json with {"fulfillment": {"line_items_by_fulfillment_order":
  [{"fulfillment_order_id", "fulfillment_order_line_items": [{"id", "quantity"}]}], "tracking_info":
  {"number", "company", "url"}, "notify_customer"}} → 201 {"fulfillment": {"id", …}}
- GET  /admin/api/<ver>/orders/{order_id}/fulfillments.json → {"fulfillments": [{"id", "status",
  "tracking_number", "line_items": [{"id", "quantity"}]}]}, read first to find a fulfillment an
  earlier delivery of this push already made (REST fulfillments take no idempotency key).

Our order lines carry Shopify's line item ids (SalesOrderLine.external_id, stored by the importer);
each shipped line is matched to the fulfillment order line items of that line item still open,
so a partial shipment fulfils exactly what left. Options: notify_customer (default true),
carrier_codes ({our carrier: Shopify's tracking company name}).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext_noop

from arkaofis.channels.adapters import shopify
from arkaofis.channels.adapters.shipping import answer_or_refuse, carrier_code
from arkaofis.channels.domain import ShipmentNotice, ShipmentReceipt
from arkaofis.channels.exceptions import MissingLineIds, ShipmentRefused
from arkaofis.channels.http import ChannelHttp

KIND = shopify.KIND
OPEN_STATUSES = frozenset({"open", "in_progress"})
LIVE_FULFILLMENTS = frozenset({"pending", "open", "success"})  # not cancelled, error or failure


def push_shipment(http: ChannelHttp, channel: Any, notice: ShipmentNotice) -> ShipmentReceipt:
    wanted = _wanted(notice)
    existing = _existing_fulfillment(http, channel, notice, wanted)
    if existing:
        return ShipmentReceipt(ref=existing, found=True)
    path = shopify._path(channel, f"orders/{notice.order_id}/fulfillment_orders.json")
    answer = answer_or_refuse(http, "GET", path).json() or {}
    groups = fulfillment_order_items(answer.get("fulfillment_orders") or [], wanted)
    body = {
        "fulfillment": {
            "line_items_by_fulfillment_order": groups,
            "tracking_info": _tracking_info(channel, notice),
            "notify_customer": bool((channel.options or {}).get("notify_customer", True)),
        }
    }
    created = answer_or_refuse(http, "POST", shopify._path(channel, "fulfillments.json"), json=body).json() or {}
    return ShipmentReceipt(ref=str((created.get("fulfillment") or {}).get("id") or ""))


def _tracking_info(channel: Any, notice: ShipmentNotice) -> dict[str, str]:
    """number, company and url, leaving out what we do not have (Shopify checks a url it is given)."""
    info = {
        "number": notice.tracking_number,
        "company": carrier_code(channel, notice.carrier) or notice.carrier,
        "url": notice.tracking_url,
    }
    return {key: value for key, value in info.items() if value}


def _wanted(notice: ShipmentNotice) -> dict[str, int]:
    missing = [line.sku for line in notice.lines if not line.line_id]
    if missing:
        raise MissingLineIds(missing)
    return notice.units_by_line()


def _existing_fulfillment(http: ChannelHttp, channel: Any, notice: ShipmentNotice, wanted: Mapping[str, int]) -> str:
    """The id of a live fulfillment of exactly these items under this tracking number, if any."""
    path = shopify._path(channel, f"orders/{notice.order_id}/fulfillments.json")
    for fulfillment in (answer_or_refuse(http, "GET", path).json() or {}).get("fulfillments") or []:
        if fulfillment.get("status") not in LIVE_FULFILLMENTS:
            continue
        if (fulfillment.get("tracking_number") or "") != notice.tracking_number:
            continue
        items: dict[str, int] = {}
        for item in fulfillment.get("line_items") or []:
            items[str(item.get("id"))] = items.get(str(item.get("id")), 0) + int(item.get("quantity") or 0)
        if items == dict(wanted):
            return str(fulfillment.get("id"))
    return ""


def fulfillment_order_items(orders: Sequence[Mapping[str, Any]], wanted: Mapping[str, int]) -> list[dict[str, Any]]:
    """line_items_by_fulfillment_order for `wanted` ({line item id: units}), taken from the open
    fulfillment orders' line items in Shopify's order; ShipmentRefused when fewer are left to fulfil."""
    left = dict(wanted)
    groups: list[dict[str, Any]] = []
    for order in orders:
        if order.get("status") not in OPEN_STATUSES or "create_fulfillment" not in (
            order.get("supported_actions") or []
        ):
            continue
        items = []
        for item in order.get("line_items") or []:
            line = str(item.get("line_item_id"))
            take = min(left.get(line, 0), int(item.get("fulfillable_quantity") or 0))
            if take > 0:
                items.append({"id": item["id"], "quantity": take})
                left[line] -= take
        if items:
            groups.append({"fulfillment_order_id": order["id"], "fulfillment_order_line_items": items})
    short = {line: units for line, units in left.items() if units > 0}
    if short:
        told = ", ".join(f"line item {line}: {units}" for line, units in sorted(short.items()))
        raise ShipmentRefused(
            gettext_noop("Shopify has fewer units left to fulfil than shipped (%(short)s)"),
            short=told,
        )
    return groups
