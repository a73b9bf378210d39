"""Typed order errors; each carries the data a caller needs to explain it."""

from arkaofis.core.exceptions import Conflict, NotFound


class IllegalTransition(Conflict):
    code = "illegal-transition"
    title = "Illegal order status change"

    def __init__(self, from_status: str, to_status: str) -> None:
        super().__init__(
            f"An order cannot go from {from_status} to {to_status}", from_status=from_status, to_status=to_status
        )


class OrderOnHold(Conflict):
    code = "order-on-hold"
    title = "Order on hold"

    def __init__(self, number: str, kinds: list[str]) -> None:
        super().__init__(f"{number} is on hold ({', '.join(kinds)}); lift the hold first", order=number, holds=kinds)


class UnknownOrder(NotFound):
    code = "unknown-order"
    title = "Unknown order"

    def __init__(self, number: str) -> None:
        super().__init__(f"No order {number!r}", order=number)


class HoldNotActive(Conflict):
    code = "hold-not-active"
    title = "Hold already lifted"

    def __init__(self, hold_id: int) -> None:
        super().__init__(f"Hold {hold_id} is already lifted", hold=hold_id)


class OrderClosed(Conflict):
    code = "order-closed"
    title = "Order no longer open for this"

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"{number} is {status}: it cannot be {action}", order=number, order_status=status, action=action
        )


class WarehouseMismatch(Conflict):
    code = "warehouse-mismatch"
    title = "Stock reserved elsewhere"

    def __init__(self, number: str, warehouse: str, reserved_in: list[str]) -> None:
        super().__init__(
            f"{number} has stock reserved in {', '.join(reserved_in) or 'no warehouse'}, not {warehouse}",
            order=number,
            warehouse=warehouse,
            reserved_in=reserved_in,
        )


class UnknownHold(NotFound):
    code = "unknown-hold"
    title = "Unknown hold"

    def __init__(self, hold_id: int) -> None:
        super().__init__(f"No hold {hold_id} on this order", hold=hold_id)


class OrderNotEditable(Conflict):
    code = "order-not-editable"
    title = "Order can no longer be edited"

    def __init__(self, number: str, status: str) -> None:
        super().__init__(
            f"{number} is {status}: only orders not yet released can be edited", order=number, order_status=status
        )


class EditWouldOversell(Conflict):
    """An edit of a reserved order asks for more than can be reserved; nothing was changed."""

    code = "edit-would-oversell"
    title = "Not enough stock for this edit"

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
    title = "Unknown return"

    def __init__(self, number: str) -> None:
        super().__init__(f"No return {number!r}", sales_return=number)


class ReturnExceedsShipped(Conflict):
    """More units asked back than were shipped and are not yet returned or on an open return."""

    code = "return-exceeds-shipped"
    title = "More returned than shipped"

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


class OrderNotShipped(Conflict):
    code = "order-not-shipped"
    title = "Nothing shipped to return"

    def __init__(self, number: str, status: str) -> None:
        super().__init__(f"{number} is {status}: only shipped units can be returned", order=number, order_status=status)


class ReturnClosed(Conflict):
    code = "return-closed"
    title = "Return not open for this"

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__(
            f"{number} is {status}: it cannot be {action}", sales_return=number, return_status=status, action=action
        )
