"""Typed order errors; each carries the data a caller needs to explain it."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from arkaofis.core.exceptions import Conflict, NotFound
from arkaofis.orders.labels import STATUSES


class _OrderStatusesTold(Conflict):
    """Its data names order statuses: the message says them in the reader's language."""

    def message_data(self) -> Mapping[str, Any]:
        data = dict(super().message_data())
        for key in ("from_status", "to_status", "order_status"):
            if key in data:
                data[key] = STATUSES.get(data[key], data[key])
        if "reserved_in" in data:
            data["reserved_in"] = ", ".join(data["reserved_in"]) or "—"
        return data


class IllegalTransition(_OrderStatusesTold):
    code = "illegal-transition"
    title = _("Illegal order status change")
    message = _("This order is %(from_status)s; it cannot become %(to_status)s.")

    def __init__(self, from_status: str, to_status: str) -> None:
        super().__init__(
            f"An order cannot go from {from_status} to {to_status}", from_status=from_status, to_status=to_status
        )


class OrderOnHold(_OrderStatusesTold):
    code = "order-on-hold"
    title = _("Order on hold")
    message = _("%(order)s is on hold; lift the hold before releasing it.")

    def __init__(self, number: str, kinds: list[str]) -> None:
        super().__init__(f"{number} is on hold ({', '.join(kinds)}); lift the hold first", order=number, holds=kinds)


class UnknownOrder(NotFound):
    code = "unknown-order"
    title = _("Unknown order")
    message = _("There is no order %(order)s.")

    def __init__(self, number: str) -> None:
        super().__init__(f"No order {number!r}", order=number)


class HoldNotActive(Conflict):
    code = "hold-not-active"
    title = _("Hold already lifted")
    message = _("That hold was already lifted; nothing was changed.")

    def __init__(self, hold_id: int) -> None:
        super().__init__(f"Hold {hold_id} is already lifted", hold=hold_id)


class OrderClosed(_OrderStatusesTold):
    code = "order-closed"
    title = _("Order no longer open for this")
    messages = {
        "held": _("%(order)s is %(order_status)s; it can no longer be held."),
        "routed": _("%(order)s is %(order_status)s; it can no longer be routed."),
    }

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"{number} is {status}: it cannot be {action}", order=number, order_status=status, action=action
        )


class WarehouseMismatch(_OrderStatusesTold):
    code = "warehouse-mismatch"
    title = _("Stock reserved elsewhere")
    message = _("%(order)s has stock reserved in %(reserved_in)s, not in one warehouse.")

    def __init__(self, number: str, warehouse: str, reserved_in: list[str]) -> None:
        super().__init__(
            f"{number} has stock reserved in {', '.join(reserved_in) or 'no warehouse'}, not {warehouse}",
            order=number,
            warehouse=warehouse,
            reserved_in=reserved_in,
        )


class UnknownHold(NotFound):
    code = "unknown-hold"
    title = _("Unknown hold")
    message = _("There is no hold %(hold)s on this order.")

    def __init__(self, hold_id: int) -> None:
        super().__init__(f"No hold {hold_id} on this order", hold=hold_id)


class OrderNotEditable(_OrderStatusesTold):
    code = "order-not-editable"
    title = _("Order can no longer be edited")
    message = _("%(order)s is %(order_status)s; it can no longer be edited.")

    def __init__(self, number: str, status: str) -> None:
        super().__init__(
            f"{number} is {status}: only orders not yet released can be edited", order=number, order_status=status
        )


class EditWouldOversell(Conflict):
    """An edit of a reserved order asks for more than can be reserved; nothing was changed."""

    code = "edit-would-oversell"
    title = _("Not enough stock for this edit")
    message = _("%(sku)s: wanted %(wanted)s, only %(available)s available; nothing was changed.")

    def __init__(self, number: str, line_no: int, sku: str, wanted: int, available: int) -> None:
        super().__init__(
            f"{number} line {line_no}: {sku} wanted {wanted}, only {available} available; nothing was changed",
            order=number,
            line=line_no,
            sku=sku,
            wanted=wanted,
            available=available,
        )


class UnknownReturn(NotFound):
    code = "unknown-return"
    title = _("Unknown return")
    message = _("There is no return %(sales_return)s.")

    def __init__(self, number: str) -> None:
        super().__init__(f"No return {number!r}", sales_return=number)


class ReturnExceedsShipped(Conflict):
    """More units asked back than were shipped and are not yet returned or on an open return."""

    code = "return-exceeds-shipped"
    title = _("More returned than shipped")
    message = _(
        "%(sku)s: %(wanted)s asked back, only %(returnable)s can be returned "
        "(%(shipped)s shipped, %(returned)s returned, %(on_open_returns)s on open returns)."
    )

    def __init__(self, number: str, line: int, sku: str, wanted: int, returnable: int, **numbers: int) -> None:
        super().__init__(
            f"{number} line {line}: {sku} wanted back {wanted}, only {returnable} can be returned",
            order=number,
            line=line,
            sku=sku,
            wanted=wanted,
            returnable=returnable,
            **numbers,
        )


class OrderNotShipped(_OrderStatusesTold):
    code = "order-not-shipped"
    title = _("Nothing shipped to return")
    message = _("%(order)s is %(order_status)s; only shipped units can be returned.")

    def __init__(self, number: str, status: str) -> None:
        super().__init__(f"{number} is {status}: only shipped units can be returned", order=number, order_status=status)


class ReturnClosed(Conflict):
    code = "return-closed"
    title = _("Return not open for this")
    messages = {
        "received": _("%(sales_return)s is %(return_status)s; it cannot be received now."),
        "inspected": _("%(sales_return)s is %(return_status)s; it cannot be inspected now."),
        "cancelled": _("%(sales_return)s is %(return_status)s; it cannot be cancelled now."),
    }

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"{number} is {status}: it cannot be {action}", sales_return=number, return_status=status, action=action
        )

    def message_data(self) -> Mapping[str, Any]:
        from arkaofis.orders.models import ReturnStatus  # models import the domain, which imports this module

        data = dict(super().message_data())
        data["return_status"] = dict(ReturnStatus.choices).get(data["return_status"], data["return_status"])
        return data
