"""Pack a picked shipment: scan each item into the box, choose (or take the suggested) box, weigh it.

Every scan is checked against the shipment: an item it does not hold, or one more than it ships,
is refused and nothing is counted. The shipment is `packed` when every unit it ships was scanned.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from arkaofis.core.services.audit import record_audit
from arkaofis.fulfilment.domain import kits
from arkaofis.fulfilment.domain.stages import Stage
from arkaofis.fulfilment.exceptions import (
    BadWeight,
    PackIncomplete,
    ShipmentClosed,
    TooMany,
    UnknownBox,
    UnknownShipment,
    WrongItem,
)
from arkaofis.fulfilment.models import Box, Shipment, ShipmentLine
from arkaofis.fulfilment.selectors import bill_of, packing_lines, scanned_parts
from arkaofis.fulfilment.services import floor_tasks, scans
from arkaofis.orders.services._locking import lock_order_of

MAX_PARCEL_G = 70_000  # what parcel carriers take at most; heavier goes as freight


def _lock_picked(shipment_id: int) -> Shipment:
    if lock_order_of(Shipment.objects.filter(pk=shipment_id).values("order_id")) is None:
        raise UnknownShipment(f"#{shipment_id}")
    shipment = Shipment.objects.select_for_update().get(pk=shipment_id)
    if shipment.status != Stage.PICKED:
        raise ShipmentClosed(shipment.number, shipment.status, "packed")
    return shipment


def _packable(shipment: Shipment) -> list[ShipmentLine]:
    return packing_lines(shipment)


def scan_into_box(*, shipment_id: int, item_scan: str, user: Any, source: str) -> ShipmentLine:
    """One unit of the scanned item goes into the box. Returns the line it counted on.

    A kit line takes its components one by one (it is packed when every component of every kit is
    in), or a made-up kit's own barcode (all its components at once).

    Raises ShipmentClosed (not picked), UnknownBarcode, WrongItem (not in this shipment) and
    TooMany (all of it is already in the box).
    """
    with transaction.atomic():
        shipment = _lock_picked(shipment_id)
        packable = _packable(shipment)
        # The shipment's own products answer most scans; the catalogue only names a stranger. A unit
        # that is both a line's product and a kit's component goes where there is still room.
        full = ""
        for counts in (_count_item, _count_component):
            line, full_sku = counts(packable, item_scan)
            if line is not None:
                return line
            full = full or full_sku
        if full:
            raise TooMany(sku=full, left=0, quantity=1)
        product = scans.product_for(item_scan)
        unpacked = [line.order_line.sku for line in packable if line.packed_quantity < line.to_ship]
        raise WrongItem(expected=", ".join(unpacked) or "—", scanned=product.sku)


# A counter answers (the line it counted on, "") or, when the scan is its kind of item but no line has
# room for it, (None, that SKU); (None, "") when the scan is not its kind at all.
Counted = tuple[ShipmentLine | None, str]


def _count_item(packable: list[ShipmentLine], item_scan: str) -> Counted:
    """The scan is a line's own product (for a kit line: a made-up kit, all its components at once)."""
    full = ""
    for line in packable:
        if not scans.is_item(item_scan, line.order_line.product):
            continue
        bill = bill_of(line)
        parts = kits.with_whole_kit(bill, scanned_parts(line)) if bill else {}
        if line.packed_quantity >= line.to_ship or any(
            units > bill[component] * line.to_ship for component, units in parts.items()
        ):  # full, or a made-up kit whose parts are partly in the box already
            full = line.order_line.sku
            continue
        if bill:
            _save_parts(line, bill, parts)
        else:
            line.packed_quantity += 1
            line.save(update_fields=["packed_quantity"])
        return line, ""
    return None, full


def _count_component(packable: list[ShipmentLine], item_scan: str) -> Counted:
    """The scan is a component of a kit line: it counts towards the line's kits."""
    full = ""
    for line in packable:
        bill = bill_of(line)
        for part in line.order_line.product.components.all() if bill else ():
            if not scans.is_item(item_scan, part.component):
                continue
            parts = scanned_parts(line)
            if kits.room_for(bill, parts, part.component_id, line.to_ship) > 0:
                parts[part.component_id] = parts.get(part.component_id, 0) + 1
                _save_parts(line, bill, parts)
                return line, ""
            full = part.component.sku
    return None, full


def _save_parts(line: ShipmentLine, bill: dict[int, int], parts: dict[int, int]) -> None:
    line.packed_parts = {str(component): units for component, units in sorted(parts.items())}
    line.packed_quantity = kits.kits_packed(bill, parts)
    line.save(update_fields=["packed_parts", "packed_quantity"])


def suggest_box(shipment: Shipment) -> Box | None:
    """The smallest active box holding the shipment's volume (products without a volume count as none)."""
    volume = 0
    for line in _packable(shipment):
        volume += (getattr(line.order_line.product, "volume_cm3", None) or 0) * line.to_ship
    boxes = Box.objects.filter(active=True)
    fitting = [box for box in boxes if box.volume_cm3 >= volume]
    return min(fitting, key=lambda box: (box.volume_cm3, box.code)) if fitting else None


def close_box(*, shipment_id: int, box_code: str, weight_g: int, user: Any, source: str) -> Shipment:
    """The box is full and weighed: the shipment is packed.

    Raises ShipmentClosed, PackIncomplete (units not scanned yet, named), UnknownBox and BadWeight.
    """
    if isinstance(weight_g, bool) or not isinstance(weight_g, int) or not 0 < weight_g <= MAX_PARCEL_G:
        raise BadWeight(weight_g, MAX_PARCEL_G)
    with transaction.atomic():
        shipment = _lock_picked(shipment_id)
        missing = [
            f"{line.to_ship - line.packed_quantity} × {line.order_line.sku}"
            for line in _packable(shipment)
            if line.packed_quantity < line.to_ship
        ]
        if missing:
            raise PackIncomplete(missing)
        box = Box.objects.filter(code=scans.clean(box_code), active=True).first() if box_code else None
        if box_code and box is None:
            raise UnknownBox(scans.clean(box_code))
        shipment.status, shipment.box, shipment.weight_g = Stage.PACKED, box, weight_g
        shipment.packed_at = timezone.now()
        shipment.packed_by = user if getattr(user, "is_authenticated", False) else None
        shipment.save(update_fields=["status", "box", "weight_g", "packed_at", "packed_by"])
        floor_tasks.shipment_packed(shipment, user=user, source=source)
        record_audit(
            user=user,
            source=source,
            action="shipment.packed",
            obj=shipment,
            data={"shipment": shipment.number, "box": box.code if box else "", "weight_g": weight_g},
        )
        return shipment
