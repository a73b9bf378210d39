from decimal import Decimal

from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn, receive_order

_counter = iter(range(1, 10**9))


def order_in(*lines: tuple[str, int], channel: str = "api", external_id: str | None = None, **fields) -> OrderIn:
    """An OrderIn with (sku, quantity) lines at 10.00 each."""
    return OrderIn(
        channel=channel,
        external_id=external_id or f"EXT-{next(_counter)}",
        currency=fields.pop("currency", "TRY"),
        lines=tuple(OrderLineIn(sku=sku, quantity=quantity, unit_price=Decimal("10.00")) for sku, quantity in lines),
        shipping=fields.pop(
            "shipping", AddressIn(name="Ayşe Yılmaz", line1="Bağdat Cd. 1", city="İstanbul", country="TR")
        ),
        **fields,
    )


def make_order(*lines: tuple[str, int], **fields):
    """A confirmed order received through the intake service."""
    order, _ = receive_order(order=order_in(*lines, **fields), user=None, source="system")
    return order
