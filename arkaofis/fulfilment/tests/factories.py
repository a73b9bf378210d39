"""Orders ready to ship, built through the real services (receive, reserve, release, wave, pick, cancel)."""

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.fulfilment.models import PickLine, Shipment
from arkaofis.fulfilment.services.picking import confirm_pick
from arkaofis.fulfilment.services.waves import plan_wave
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.services.cancellation import cancel_order
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


def picked(*lines, take=None):
    """A released order waved and picked, each stop whole (or `take` units of each): (order, its shipment)."""
    order = released_order(*lines)
    shipment = Shipment.objects.get(order=order)
    plan_wave(warehouse=shipment.warehouse, user=None, source="ui")
    for stop in PickLine.objects.filter(shipment=shipment, status="open").select_related("location", "product"):
        confirm_pick(
            pick_line_id=stop.pk, bin_scan=stop.location.code, item_scan=stop.product.sku,
            quantity=take or stop.remaining, user=None, source="ui",
        )  # fmt: skip
    shipment.refresh_from_db()
    return order, shipment


def cancelled_after_picking(*lines, take=None):
    """As `picked`, then the order cancelled: its units wait at packing to be put away."""
    order, shipment = picked(*lines, take=take)
    cancel_order(order_id=order.pk, user=None, source="ui")
    shipment.refresh_from_db()
    return order, shipment
