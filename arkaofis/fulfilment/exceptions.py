"""Typed shipment errors; each carries the data a caller needs to explain it."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, NotFound
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
    }

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"{number} is {status}: it cannot be {action}", shipment=number, shipment_status=status, action=action
        )

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        data["shipment_status"] = dict(ShipmentStatus.choices).get(data["shipment_status"], data["shipment_status"])
        return data


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
