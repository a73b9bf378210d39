"""Test helpers for shipment pushes: a channel's order as its importer stores it, released and shipped."""

from decimal import Decimal

from arkaofis.catalog.models import Product
from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.services.outbox import deliver_pending
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.services.intake import AddressIn, OrderIn, OrderLineIn, receive_order
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order


def channel_order(channel_code: str, external_id: str, *lines: tuple[str, int, str], split: bool = False):
    """An order of `channel_code` with (sku, quantity, channel line id) lines, received as the
    importer receives it (the channel's line ids on our lines), reserved and released. Stock sits in
    one warehouse, or with `split` each line's in a warehouse of its own: one shipment per line."""
    shared = LocationFactory()
    for sku, quantity, _ in lines:
        product = Product.objects.filter(sku=sku).first() or ProductFactory(sku=sku)
        receive(product, LocationFactory() if split else shared, quantity)
    order_in = OrderIn(
        channel=channel_code,
        external_id=external_id,
        currency="USD",
        lines=tuple(
            OrderLineIn(sku=sku, quantity=quantity, unit_price=Decimal("10.00"), external_id=line_id)
            for sku, quantity, line_id in lines
        ),
        shipping=AddressIn(name="Ayşe Yılmaz", line1="Bağdat Cd. 1", city="İstanbul", country="TR"),
    )
    order, _ = receive_order(order=order_in, user=None, source="system")
    reserve_order(order_id=order.pk, user=None, source="system")
    return release_order(order_id=order.pk, user=None, source="system")


def shipments_of(order) -> list[Shipment]:
    return list(Shipment.objects.filter(order=order).order_by("id"))


def ship(shipment: Shipment, *, carrier: str = "UPS", tracking: str = "1Z999AA10123456784") -> Shipment:
    return ship_shipment(shipment_id=shipment.pk, carrier=carrier, tracking_number=tracking, user=None, source="ui")


def deliver() -> tuple[int, int]:
    """Run the outbox as the worker does: (delivered, failed)."""
    return deliver_pending()
