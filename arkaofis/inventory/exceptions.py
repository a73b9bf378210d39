"""Typed inventory errors; each carries the data a caller needs to explain it."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, InvalidInput, NotFound
from arkaofis.core.templatetags.ui import usage as usage_label


class InsufficientStock(Conflict):
    code = "insufficient-stock"
    title = _("Insufficient stock")
    message = _("%(sku)s: wanted %(wanted)s, only %(available)s available.")

    def __init__(self, sku: str, wanted: int, available: int, where: str = "") -> None:
        place = f" at {where}" if where else ""
        super().__init__(
            f"{sku}: wanted {wanted}, only {available} available{place}",
            sku=sku,
            wanted=wanted,
            available=available,
            location=where,
        )


class InvalidQuantity(InvalidInput):
    code = "invalid-quantity"
    title = _("Invalid quantity")
    message = _("Quantity must be a positive whole number, got %(quantity)s.")

    def __init__(self, quantity: object) -> None:
        from arkaofis.inventory.models import MAX_QUANTITY

        super().__init__(
            f"Quantity must be a whole number from 1 to {MAX_QUANTITY:,}, got {quantity!r}", quantity=str(quantity)
        )


class UnknownLocation(NotFound):
    code = "unknown-location"
    title = _("Unknown location")
    message = _("There is no location %(location)s.")

    def __init__(self, code: str) -> None:
        super().__init__(f"No location {code!r}", location=code)


class UnknownWarehouse(NotFound):
    code = "unknown-warehouse"
    title = _("Unknown warehouse")
    message = _("There is no warehouse %(warehouse)s.")

    def __init__(self, code: str) -> None:
        super().__init__(f"No warehouse {code!r}", warehouse=code)


class ForbiddenFlow(InvalidInput):
    code = "forbidden-flow"
    title = _("Move not allowed between these locations")
    message = _("This move is not allowed: from a location of type “%(from_usage)s” to one of type “%(to_usage)s”.")

    def __init__(self, reason: str, from_usage: str, to_usage: str) -> None:
        super().__init__(
            f"A {reason} may not move stock from a {from_usage} location to a {to_usage} location",
            reason=reason,
            from_usage=from_usage,
            to_usage=to_usage,
        )

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        for key in ("from_usage", "to_usage"):
            data[key] = usage_label(data[key])
        return data


class LotRequired(InvalidInput):
    code = "lot-required"
    title = _("Lot or serial required")
    message = _("%(sku)s is tracked by lot or serial: give one.")

    def __init__(self, sku: str) -> None:
        super().__init__(f"{sku} is tracked by lot/serial: give one", sku=sku)


class ReservationNotActive(Conflict):
    code = "reservation-not-active"
    title = _("Reservation is not active")
    message = _("Reservation %(reservation)s is %(reservation_status)s.")

    def __init__(self, reservation_id: int, status: str) -> None:
        super().__init__(
            f"Reservation {reservation_id} is {status}", reservation=reservation_id, reservation_status=status
        )


class SerialQuantity(InvalidInput):
    code = "serial-quantity"
    title = _("A serial number is one unit")
    message = _("%(sku)s is serial-tracked: move one unit per serial, not %(quantity)s.")

    def __init__(self, sku: str, quantity: int) -> None:
        super().__init__(
            f"{sku} is serial-tracked: move one unit per serial, not {quantity}", sku=sku, quantity=quantity
        )


class SerialInStock(Conflict):
    code = "serial-in-stock"
    title = _("Serial number already in stock")
    message = _("%(sku)s serial %(serial)s is already in stock.")

    def __init__(self, sku: str, serial: str) -> None:
        super().__init__(f"{sku} serial {serial} is already in stock", sku=sku, serial=serial)


class SameLocation(InvalidInput):
    code = "same-location"
    title = _("Source and destination are the same location")
    message = _("Stock cannot move from %(location)s to itself.")

    def __init__(self, location: str) -> None:
        super().__init__(f"Cannot move stock from {location} to itself", location=location)


class DemandOwned(Conflict):
    """A reservation of a document's demand, asked to change outside that document's services."""

    code = "demand-owned"
    title = _("Reservation belongs to a document")

    def __init__(self, demand_ref: str, owner: str, document: str) -> None:
        super().__init__(
            _("The reservations of %(demand)s belong to %(document)s: change them through that document.")
            % {"demand": demand_ref, "document": document},
            demand_ref=demand_ref,
            owner=owner,
            document=document,
        )


class QuantityOutOfRange(InvalidInput):
    """A move would take a stock balance past the range the ledger stores (models.BALANCE_LIMIT)."""

    code = "quantity-out-of-range"
    title = _("Quantity out of range")

    def __init__(self, sku: str, where: str, limit: int) -> None:
        detail = _("%(sku)s: this would take the stock at %(where)s past %(limit)s units, more than it can record") % {
            "sku": sku,
            "where": where,
            "limit": f"±{limit:,}",
        }
        super().__init__(detail, sku=sku, location=where, limit=limit)


class ValueOutOfRange(InvalidInput):
    """Quantity × unit cost past the value a ledger row stores (StockMove.value)."""

    code = "value-out-of-range"
    title = _("Value out of range")

    def __init__(self, sku: str, quantity: int, limit: Decimal) -> None:
        detail = _(
            "%(sku)s: %(quantity)s units at this cost are worth more than %(limit)s, more than it can record"
        ) % {
            "sku": sku,
            "quantity": quantity,
            "limit": f"{limit:,}",
        }
        super().__init__(detail, sku=sku, quantity=quantity, limit=str(limit))


# What each floor-plan problem (layout/domain.py) says to a reader.
LAYOUT_PROBLEMS = {
    "unknown-layout-kind": _("Unknown layout kind %(kind)s: use single_block or multi_block."),
    "aisle-length-positive": _("The aisle length must be more than 0 m and at most 99,999.99 m."),
    "depot-x-with-y": _("Give the depot's x and y together, or neither."),
    "coordinate-out-of-range": _("Must lie between 0 and 99,999.99 m."),
    "depot-at-front": _("The depot stands on the front cross aisle (y = 0) or in front of it (y below 0)."),
    "single-block-has-no-middle-aisles": _(
        "A single block has no middle cross aisles: choose multi block or remove them."
    ),
    "multi-block-needs-middle-aisles": _("A multi-block floor needs at least one middle cross aisle."),
    "length-needed": _("Set the warehouse's aisle length first."),
    "middle-aisle-outside": _("Middle cross aisles lie between 0 and the aisle length (%(length)s m)."),
    "middle-aisle-twice": _("A middle cross aisle is given twice."),
    "only-bins-have-a-place": _("Only bins stand in an aisle; zones and warehouses have no aisle or x/y."),
    "aisle-with-x-y": _("Give the aisle, x and y together, or none of them."),
    "y-outside-aisle": _("y must lie along the aisle: from 0 (front cross aisle) to %(length)s m (back cross aisle)."),
    "aisles-go-in-zones": _("Aisles of bins are laid out in a zone of a warehouse."),
    "bins-beyond": _("%(count)s bins would stand beyond that aisle length, e.g. %(codes)s; move them first."),
}


class InvalidLayout(InvalidInput):
    """A floor plan or a bin's place broke a layout rule; `errors` lists each (field, problem, reason)."""

    code = "invalid-layout"
    title = _("Invalid layout")
    message = _("%(where)s: %(reasons)s")

    def __init__(self, where: str, problems: list[tuple[str, str, Mapping[str, Any]]]) -> None:
        self.problems = problems
        errors = [
            {"field": field, "problem": code, "reason": layout_reason(code, params)} for field, code, params in problems
        ]
        super().__init__(f"{where}: " + "; ".join(e["problem"] for e in errors), where=where, errors=errors)

    def message_data(self) -> Mapping[str, Any]:
        reasons = "; ".join(f"{field}: {layout_reason(code, params)}" for field, code, params in self.problems)
        return {"where": self.data["where"], "reasons": reasons}


def layout_reason(code: str, params: Mapping[str, Any]) -> str:
    """A layout problem in the active language."""
    return str(LAYOUT_PROBLEMS[code]) % {key: str(value) for key, value in params.items()}
