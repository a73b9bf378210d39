"""Typed shipment errors; each carries the data a caller needs to explain it."""

from arkaofis.core.exceptions import Conflict, NotFound


class UnknownShipment(NotFound):
    code = "unknown-shipment"
    title = "Unknown shipment"

    def __init__(self, shipment: str) -> None:
        super().__init__(f"No shipment {shipment!r}", shipment=shipment)


class ShipmentClosed(Conflict):
    code = "shipment-closed"
    title = "Shipment not open for this"

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"{number} is {status}: it cannot be {action}", shipment=number, shipment_status=status, action=action
        )


class ShipmentNotReserved(Conflict):
    """The stock a shipment line should take is no longer (fully) reserved for it."""

    code = "shipment-not-reserved"
    title = "Shipment stock not reserved"

    def __init__(self, number: str, line: int, wanted: int, reserved: int) -> None:
        super().__init__(
            f"{number}: line {line} needs {wanted} reserved unit(s) in this warehouse, {reserved} are",
            shipment=number,
            line=line,
            wanted=wanted,
            reserved=reserved,
        )
