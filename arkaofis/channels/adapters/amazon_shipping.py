"""Tell Amazon a shipment shipped: confirmShipment of the Orders API v0 (merchant-fulfilled orders).

Published shape (amzn/selling-partner-api-models, models/orders-api-model/ordersV0.json,
ConfirmShipmentRequest and PackageDetail):
- POST /orders/v0/orders/{orderId}/shipmentConfirmation with {"marketplaceId", "packageDetail":
  {"packageReferenceId", "carrierCode", "carrierName", "trackingNumber", "shipDate",
  "orderItems": [{"orderItemId", "quantity"}]}} → 204 No Content
- errors: {"errors": [{"code", "message", "details"}]}; rate 2 requests/s, burst 10

Idempotency: packageReferenceId "uniquely identifies a package within the scope of an order"
(positive numbers only, sent as a string: selling-partner-api-models issue #5094), and ours is the
shipment's id, the same on every delivery, so a repeat names the same package rather than a second
one. Amazon refuses to confirm an order already fulfilled (issue #5037), so getOrder
(GET /orders/v0/orders/{orderId}) is read first: an order Amazon already has as Shipped, for the
push that shipped its last units, is taken as done.

carrierCode: options["carrier_codes"] maps our carrier to Amazon's CarrierCode value; else a
well-known carrier's own name; else "Other" with carrierName (which Amazon then requires).
The marketplace: the order's own MarketplaceId (kept from its getOrders message), else
options["marketplace_id"], else the first of options["marketplace_ids"].
Our order lines carry Amazon's OrderItemIds (SalesOrderLine.external_id).
"""

from typing import Any

from django.utils.translation import gettext

from arkaofis.channels.adapters import amazon
from arkaofis.channels.adapters.shipping import answer_or_refuse, carrier_code
from arkaofis.channels.domain import ShipmentNotice, ShipmentReceipt
from arkaofis.channels.exceptions import ChannelNotConfigured, MissingLineIds
from arkaofis.channels.http import ChannelHttp

KIND = amazon.KIND
ORDER_FIELDS = ("MarketplaceId",)  # kept from the order's stored message for the push
# CarrierCode values of Amazon's list that carriers are commonly called by in our data.
KNOWN_CARRIERS = {name.casefold(): name for name in ("UPS", "USPS", "FedEx", "DHL", "DPD", "GLS", "TNT", "Royal Mail")}


def push_shipment(http: ChannelHttp, channel: Any, notice: ShipmentNotice) -> ShipmentReceipt:
    missing = [line.sku for line in notice.lines if not line.line_id]
    if missing:
        raise MissingLineIds(missing)
    path = f"/orders/v0/orders/{notice.order_id}"
    reference = f"{notice.order_id}/{notice.shipment_id}"
    if notice.whole_order:
        order = (answer_or_refuse(http, "GET", path).json() or {}).get("payload") or {}
        if order.get("OrderStatus") == "Shipped":
            return ShipmentReceipt(ref=reference, found=True)
    code = carrier_code(channel, notice.carrier) or KNOWN_CARRIERS.get(notice.carrier.strip().casefold(), "Other")
    package: dict[str, Any] = {
        "packageReferenceId": str(notice.shipment_id),
        "carrierCode": code,
        "trackingNumber": notice.tracking_number,
        "shipDate": notice.shipped_at.replace("+00:00", "Z"),
        "orderItems": [
            {"orderItemId": item_id, "quantity": units} for item_id, units in notice.units_by_line().items()
        ],
    }
    if code == "Other":
        package["carrierName"] = notice.carrier
    body = {"marketplaceId": marketplace_id(channel, notice), "packageDetail": package}
    answer_or_refuse(http, "POST", f"{path}/shipmentConfirmation", json=body)
    return ShipmentReceipt(ref=reference)


def marketplace_id(channel: Any, notice: ShipmentNotice) -> str:
    options = channel.options or {}
    listed = options.get("marketplace_ids") or []
    value = notice.order_fields.get("MarketplaceId") or options.get("marketplace_id") or (listed[0] if listed else "")
    if not value:
        raise ChannelNotConfigured(
            gettext("Set options.marketplace_ids: the Amazon marketplace of the channel's orders"),
            setting="marketplace_ids",
        )
    return str(value)
