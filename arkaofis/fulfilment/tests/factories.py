"""Orders ready to ship, built through the real services (receive, reserve, release)."""

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order


def stocked(quantity, location=None, **product_fields):
    """A product with `quantity` units on a shelf (a new one in a new warehouse unless given)."""
    product = ProductFactory(**product_fields)
    location = location or LocationFactory()
    if quantity:
        receive(product, location, quantity)
    return product, location


def released_order(*lines, **fields):
    """An order of (sku, quantity) lines, received, reserved and released (shipments created)."""
    order = make_order(*lines, **fields)
    reserve_order(order_id=order.pk, user=None, source="system")
    return release_order(order_id=order.pk, user=None, source="system")
