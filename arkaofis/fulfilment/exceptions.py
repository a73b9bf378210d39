"""Typed shipment errors; each carries the data a caller needs to explain it."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, InvalidInput, NotFound
from arkaofis.fulfilment.models import ShipmentStatus


class UnknownShipment(NotFound):
    code = "unknown-shipment"
    title = _("Unknown shipment")
    message = _("There is no shipment %(shipment)s.")

    def __init__(self, shipment: str) -> None:
        super().__init__(f"No shipment {shipment!r}", shipment=shipment)


class ShipmentClosed(Conflict):
    code = "shipment-closed"
    title = _("Shipment not open for this")
    messages = {
        "shipped": _("%(shipment)s is %(shipment_status)s; it cannot be shipped."),
        "delivered": _("%(shipment)s is %(shipment_status)s; it cannot be marked delivered."),
        "waved": _("%(shipment)s is %(shipment_status)s; only pending shipments go into a wave."),
        "picked": _("%(shipment)s is %(shipment_status)s; it is not being picked."),
        "packed": _("%(shipment)s is %(shipment_status)s; only a picked shipment is packed."),
        "labelled": _("%(shipment)s is %(shipment_status)s; a label is issued once it is packed."),
        "put_away": _("%(shipment)s is %(shipment_status)s; only a cancelled shipment's units go back to a shelf."),
    }

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"{number} is {status}: it cannot be {action}", shipment=number, shipment_status=status, action=action
        )

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["shipment_status"] = dict(ShipmentStatus.choices).get(data["shipment_status"], data["shipment_status"])
        return data


class CarrierLabelOnly(Conflict):
    """The carrier sold the shipment's label in one format; ours in another would carry none of its codes."""

    code = "carrier-label-only"
    title = _("Print the carrier's label")
    message = _("%(shipment)s has the carrier's own label as %(have)s; print that one, not a %(wanted)s.")

    def __init__(self, number: str, have: str, wanted: str) -> None:
        super().__init__(
            f"{number} has the carrier's label as {have}, not {wanted}", shipment=number, have=have.upper(),
            wanted=wanted.upper(),
        )  # fmt: skip


class ShipmentNotReserved(Conflict):
    """The stock a shipment line should take is no longer (fully) reserved for it."""

    code = "shipment-not-reserved"
    title = _("Shipment stock not reserved")
    message = _("%(shipment)s: line %(line)s needs %(wanted)s reserved units here, %(reserved)s are; reserve it again.")

    def __init__(self, number: str, line: int, wanted: int, reserved: int) -> None:
        super().__init__(
            f"{number}: line {line} needs {wanted} reserved unit(s) in this warehouse, {reserved} are",
            shipment=number,
            line=line,
            wanted=wanted,
            reserved=reserved,
        )


class UnknownBarcode(NotFound):
    """A scan that names nothing we know: no bin, product, shipment or order has this code."""

    code = "unknown-barcode"
    title = _("Unknown barcode")
    message = _("Nothing here has the barcode %(scanned)s.")

    def __init__(self, scanned: str) -> None:
        super().__init__(f"No bin, product or document has the barcode {scanned!r}", scanned=scanned)


class WrongBin(Conflict):
    code = "wrong-bin"
    title = _("Wrong bin")
    message = _("You scanned %(scanned)s; take it from %(expected)s.")

    def __init__(self, *, expected: str, scanned: str) -> None:
        super().__init__(f"Scanned bin {scanned!r}, expected {expected}", expected=expected, scanned=scanned)


class WrongItem(Conflict):
    code = "wrong-item"
    title = _("Wrong item")
    message = _("You scanned %(scanned)s; %(expected)s is wanted here.")

    def __init__(self, *, expected: str, scanned: str) -> None:
        super().__init__(f"Scanned {scanned!r}, expected {expected}", expected=expected, scanned=scanned)


class TooMany(Conflict):
    """More than is left to pick (or to pack) on this line."""

    code = "too-many"
    title = _("More than is left")
    message = _("Only %(left)s of %(sku)s are left here, not %(quantity)s.")

    def __init__(self, *, sku: str, left: int, quantity: object) -> None:
        super().__init__(f"{sku}: {left} left, asked {quantity}", sku=sku, left=left, quantity=str(quantity))


class PickLineClosed(Conflict):
    code = "pick-line-closed"
    title = _("Already picked")
    message = _("This stop (%(sku)s at %(location)s) is already done.")

    def __init__(self, *, sku: str, location: str) -> None:
        super().__init__(f"{sku} at {location} is already done", sku=sku, location=location)


class UnknownPickLine(NotFound):
    code = "unknown-pick-line"
    title = _("Unknown pick")
    message = _("There is no pick %(pick)s.")

    def __init__(self, pick: object) -> None:
        super().__init__(f"No pick line {pick!r}", pick=str(pick))


class UnknownBatch(NotFound):
    code = "unknown-batch"
    title = _("Unknown batch")
    message = _("There is no pick batch %(batch)s.")

    def __init__(self, batch: str) -> None:
        super().__init__(f"No pick batch {batch!r}", batch=batch)


class NothingToWave(Conflict):
    code = "nothing-to-wave"
    title = _("Nothing to pick")
    message = _("No pending shipment in %(warehouse)s is ready for a wave.")

    def __init__(self, warehouse: str) -> None:
        super().__init__(f"No pending shipment in {warehouse}", warehouse=warehouse)


class KitComponentShort(Conflict):
    """A kit line is held whole: a missing component must be found elsewhere, or a manager decides."""

    code = "kit-component-short"
    title = _("Kit component missing")
    message = _("%(sku)s is short and no other bin in this warehouse holds it; the kit line needs a manager.")

    def __init__(self, sku: str) -> None:
        super().__init__(f"Kit component {sku} is short and not held elsewhere", sku=sku)


class PackIncomplete(Conflict):
    code = "pack-incomplete"
    title = _("Not everything is in the box")
    message = _("Still to scan into the box: %(missing)s.")

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"Still to scan: {missing}", missing=missing)


class BadWeight(InvalidInput):
    code = "bad-weight"
    title = _("Weight not possible")
    message = _("A parcel weighs from 1 g to %(limit)s g; %(weight)s was given.")

    def __init__(self, weight: object, limit: int) -> None:
        super().__init__(f"Weight {weight!r} outside 1..{limit} g", weight=str(weight), limit=limit, field="weight_g")


class UnknownBox(NotFound):
    code = "unknown-box"
    title = _("Unknown box")
    message = _("There is no box %(box)s.")

    def __init__(self, box: str) -> None:
        super().__init__(f"No box {box!r}", box=box)


class NothingToPutAway(Conflict):
    """A cancelled shipment has nothing (more) waiting at packing: put away already, or promised to another order."""

    code = "nothing-to-put-away"
    title = _("Nothing to put away")
    message = _("Nothing of %(shipment)s waits at packing to be put away.")

    def __init__(self, shipment: str) -> None:
        super().__init__(f"Nothing of {shipment} waits at packing", shipment=shipment)


class StillAtPacking(Conflict):
    """The put-away task of a cancelled shipment is closed by hand only when nothing of it is left at packing."""

    code = "still-at-packing"
    title = _("Units still at packing")
    message = _("%(shipment)s still has %(units)s unit(s) at packing: put them away first.")

    def __init__(self, shipment: str, units: int) -> None:
        super().__init__(f"{shipment} has {units} unit(s) at packing", shipment=shipment, units=units)
