"""The floor's printed documents built from the rows: a shipment's label, its packing slip, a carrier's
end-of-day manifest. Renderers are pure (fulfilment/labels); this module only gathers their data."""

from datetime import date, datetime, time

from django.utils import timezone

from arkaofis.fulfilment.exceptions import CarrierLabelOnly, ShipmentClosed
from arkaofis.fulfilment.labels import (
    Manifest,
    ManifestRow,
    PackingSlip,
    SlipLine,
    render_label_pdf,
    render_label_zpl,
    render_manifest_csv,
    render_manifest_pdf,
    render_packing_slip,
)
from arkaofis.fulfilment.models import CarrierAccount, Shipment, ShipmentStatus
from arkaofis.fulfilment.services.labels import label_data, ship_from, ship_to
from arkaofis.inventory.models import Warehouse

LABEL_TYPES = {"pdf": "application/pdf", "zpl": "application/zpl"}


def label_file(shipment: Shipment, kind: str) -> bytes:
    """The issued label to print as `kind` ("pdf" or "zpl"): the carrier's own when it sold one, as it
    came (CarrierLabelOnly when asked for another format: ours would carry none of its routing codes),
    else ours. ShipmentClosed before the label is issued."""
    if not shipment.tracking_number or not shipment.sscc:
        raise ShipmentClosed(shipment.number, shipment.status, "labelled")
    if shipment.carrier_label:
        if kind != shipment.carrier_label_format:
            raise CarrierLabelOnly(shipment.number, shipment.carrier_label_format, kind)
        return bytes(shipment.carrier_label)
    return label_zpl(shipment).encode() if kind == "zpl" else label_pdf(shipment)


def label_pdf(shipment: Shipment) -> bytes:
    return render_label_pdf([label_data(shipment)])


def label_zpl(shipment: Shipment) -> str:
    return render_label_zpl([label_data(shipment)])


def packing_slip(shipment: Shipment) -> bytes:
    lines = [
        SlipLine(sku=line.order_line.sku, name=line.order_line.product.name, quantity=line.to_ship)
        for line in shipment.lines.select_related("order_line__product").order_by("order_line__line_no")
        if line.to_ship
    ]
    box = shipment.box
    slip = PackingSlip(
        order_number=shipment.order.number,
        shipment_number=shipment.number,
        ship_from=ship_from(shipment.warehouse),
        ship_to=ship_to(shipment),
        lines=lines,
        box=f"{box.code} {box.length_mm // 10}×{box.width_mm // 10}×{box.height_mm // 10} cm" if box else "",
        order_date=timezone.localdate(shipment.order.placed_at) if shipment.order.placed_at else None,
        channel_reference=shipment.order.external_id or "",
    )
    return render_packing_slip([slip])


def manifest(*, account: CarrierAccount, warehouse: Warehouse, day: date) -> Manifest:
    """What `account` collects from `warehouse` on `day`: the shipments shipped with it that day."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    end = timezone.make_aware(datetime.combine(day, time.max), zone)
    shipped = (
        Shipment.objects.filter(
            carrier_account=account,
            warehouse=warehouse,
            status__in=[ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED],
            shipped_at__range=(start, end),
        )
        .select_related("order__shipping")
        .order_by("shipped_at", "id")
    )
    rows = [
        ManifestRow(
            shipment_number=shipment.number,
            order_number=shipment.order.number,
            tracking_number=shipment.tracking_number,
            ship_to=ship_to(shipment),
            weight_g=shipment.weight_g or 0,
            service=shipment.service,
        )
        for shipment in shipped
    ]
    return Manifest(carrier=account.name, ship_date=day, ship_from=ship_from(warehouse), rows=rows)


def manifest_pdf(manifest_: Manifest) -> bytes:
    return render_manifest_pdf(manifest_)


def manifest_csv(manifest_: Manifest) -> bytes:
    return render_manifest_csv(manifest_)
