"""Tell Trendyol a package shipped: its status (Picking) and, under the seller's own cargo contract,
its tracking number.

Published shapes (developers.trendyol.com, "Sipariş Entegrasyonu"):
- getShipmentPackages: GET /integration/order/sellers/{sellerId}/orders?orderNumber=… → a page whose
  content holds the package with its `shipmentPackageStatus` and `cargoSenderNumber`
- updatePackage ("Paket Statü Bildirimi"): PUT /integration/order/sellers/{sellerId}/shipment-packages/
  {packageId} with {"lines": [{"lineId", "quantity"}], "params": {}, "status": "Picking"} → 200
- updateTrackingNumber ("Kargo Takip Kodu Bildirme"): PUT …/shipment-packages/{packageId}/
  update-tracking-number with {"trackingNumber"} → 200; only for packages the seller ships under
  its own cargo contract ("Satıcı Kargo Kodu"); Trendyol then follows that number to Shipped and
  Delivered. Under Trendyol's contracted cargo the label carries Trendyol's own cargoTrackingNumber,
  and the carrier's first scan turns the package Shipped: a seller cannot set Shipped itself.
- errors: {"errors": [{"key", "message"}]}, e.g. "Shipment Update Edilebilir Bir Durumda Değil."

Decisions:
- A package is one of our orders (adapters/trendyol.py: external id "<orderNumber>-<package id>"),
  so the package id comes from the order; its line ids are our lines' external ids.
- The package is read first: Created (or Awaiting) gets Picking; Picking and Invoiced are past it;
  Shipped or Delivered need nothing (the carrier already has it); Cancelled, UnSupplied, Returned or
  UnDelivered is a refusal. The tracking number is sent only when options["seller_cargo_contract"]
  is true and the package does not carry it yet. So a repeated delivery changes nothing.
- Invoiced is not sent: it needs the invoice number, which the channel does not know here.
"""

from typing import Any

from django.utils.translation import gettext_noop

from arkaofis.channels.adapters import trendyol
from arkaofis.channels.adapters.shipping import answer_or_refuse
from arkaofis.channels.domain import ShipmentNotice, ShipmentReceipt
from arkaofis.channels.exceptions import MissingLineIds, ShipmentRefused
from arkaofis.channels.http import ChannelHttp

KIND = trendyol.KIND
BEFORE_PICKING = frozenset({"Created", "Awaiting"})
PICKED = frozenset({"Picking", "Invoiced"})
WITH_CARRIER = frozenset({"Shipped", "Delivered"})


def push_shipment(http: ChannelHttp, channel: Any, notice: ShipmentNotice) -> ShipmentReceipt:
    order_number, _, package_id = notice.order_id.rpartition("-")
    package = _package(http, channel, order_number, package_id)
    status = str(package.get("shipmentPackageStatus") or package.get("status") or "")
    if status in WITH_CARRIER:
        return ShipmentReceipt(ref=package_id, found=True)
    if status not in BEFORE_PICKING | PICKED:
        told = gettext_noop("Trendyol package %(package)s is %(package_status)s; it cannot take the shipment")
        raise ShipmentRefused(told, package=package_id, package_status=status or "—")
    path = f"/integration/order/sellers/{trendyol.supplier_id(channel)}/shipment-packages/{package_id}"
    changed = False
    if status in BEFORE_PICKING:
        answer_or_refuse(http, "PUT", path, json={"lines": _lines(notice), "params": {}, "status": "Picking"})
        changed = True
    sends_tracking = bool((channel.options or {}).get("seller_cargo_contract")) and notice.tracking_number
    if sends_tracking and str(package.get("cargoSenderNumber") or "") != notice.tracking_number:
        answer_or_refuse(http, "PUT", f"{path}/update-tracking-number", json={"trackingNumber": notice.tracking_number})
        changed = True
    return ShipmentReceipt(ref=package_id, found=not changed)


def _package(http: ChannelHttp, channel: Any, order_number: str, package_id: str) -> dict[str, Any]:
    path = f"/integration/order/sellers/{trendyol.supplier_id(channel)}/orders"
    answer = answer_or_refuse(http, "GET", path, params={"orderNumber": order_number}).json() or {}
    for package in answer.get("content") or []:
        if isinstance(package, dict) and str(package.get("id")) == package_id:
            return package
    told = gettext_noop("Trendyol has no package %(package)s of order %(order)s (split or cancelled?)")
    raise ShipmentRefused(told, package=package_id, order=order_number)


def _lines(notice: ShipmentNotice) -> list[dict[str, int]]:
    missing = [line.sku for line in notice.lines if not line.line_id.isdigit()]
    if missing:
        raise MissingLineIds(missing)
    return [{"lineId": int(line_id), "quantity": units} for line_id, units in notice.units_by_line().items()]
