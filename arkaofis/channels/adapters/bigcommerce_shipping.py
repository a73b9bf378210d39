"""Tell BigCommerce a shipment shipped: an order shipment with its items and tracking.

Published shapes (BigCommerce REST Management API, Orders v2 "Order Shipments" and "Order Shipping
Addresses"; the shipment object's fields as in its OrdersV2 OpenAPI: order_address_id,
tracking_number, shipping_method, shipping_provider, tracking_carrier, comments, items
[{order_product_id, quantity}]):
- GET  /v2/orders/{id}/shipping_addresses → [{"id", …}]: the address the shipment goes to
- GET  /v2/orders/{id}/shipments → [shipment, …] (204 when none)
- POST /v2/orders/{id}/shipments → 201 the shipment {"id", …}
- errors: [{"status", "message"}]

shipping_provider is sent as "" (no BigCommerce carrier module: an empty string, not omitted, or the
store's email would carry no tracking link), tracking_carrier as options["carrier_codes"] maps our
carrier (one of BigCommerce's tracking-carrier values) or "", shipping_method as our carrier's name.
Our shipment number goes in `comments`, so a repeated delivery finds its shipment and adds none.
Our order lines carry BigCommerce's order product ids (SalesOrderLine.external_id).
"""

from typing import Any

from django.utils.translation import gettext_noop

from arkaofis.channels.adapters import bigcommerce
from arkaofis.channels.adapters.shipping import answer_or_refuse, carrier_code, names_shipment
from arkaofis.channels.domain import ShipmentNotice, ShipmentReceipt
from arkaofis.channels.exceptions import MissingLineIds, ShipmentRefused
from arkaofis.channels.http import ChannelHttp

KIND = bigcommerce.KIND
COMMENT = "Arkaofis {number}"


def push_shipment(http: ChannelHttp, channel: Any, notice: ShipmentNotice) -> ShipmentReceipt:
    missing = [line.sku for line in notice.lines if not line.line_id.isdigit()]
    if missing:
        raise MissingLineIds(missing)
    path = f"/v2/orders/{notice.order_id}"
    listed = answer_or_refuse(http, "GET", f"{path}/shipments")
    for shipment in (listed.json() if listed.content else None) or []:  # 204: none yet
        if isinstance(shipment, dict) and names_shipment(shipment.get("comments"), notice.shipment_number):
            return ShipmentReceipt(ref=str(shipment.get("id") or ""), found=True)
    addresses = answer_or_refuse(http, "GET", f"{path}/shipping_addresses").json() or []
    if not addresses or not isinstance(addresses[0], dict):
        raise ShipmentRefused(
            gettext_noop("BigCommerce order %(order)s has no shipping address"), order=notice.order_id
        )
    body = {
        "order_address_id": addresses[0]["id"],
        "tracking_number": notice.tracking_number,
        "shipping_method": notice.carrier,
        "shipping_provider": "",
        "tracking_carrier": carrier_code(channel, notice.carrier),
        "comments": COMMENT.format(number=notice.shipment_number),
        "items": [
            {"order_product_id": int(line_id), "quantity": units} for line_id, units in notice.units_by_line().items()
        ],
    }
    created = answer_or_refuse(http, "POST", f"{path}/shipments", json=body).json() or {}
    return ShipmentReceipt(ref=str(created.get("id") or ""))
