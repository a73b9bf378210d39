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
