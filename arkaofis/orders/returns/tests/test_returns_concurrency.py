"""Real concurrent writers on PostgreSQL: a shipment tapped "Ship" on several phones at once
ships once; returns racing for the last shipped units never return more than was shipped."""

import pytest

from arkaofis.core.models import OutboxEvent
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import ship_shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import StockMove
from arkaofis.inventory.tests.test_concurrency import race
from arkaofis.orders.exceptions import ReturnExceedsShipped
from arkaofis.orders.returns.services.lifecycle import open_return

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_shipment_shipped_by_eight_writers_at_once_moves_its_stock_once():
    product, _ = stocked(5)
    shipment = Shipment.objects.get(order=released_order((product.sku, 3)))

    def ship_it(n: int) -> list[str]:
        done = ship_shipment(shipment_id=shipment.pk, carrier=f"C{n}", tracking_number="", user=None, source="ui")
        return [done.status]

    assert race(ship_it, writers=8) == {"shipped": 8}
    assert StockMove.objects.filter(reason="shipment").count() == 1
    assert OutboxEvent.objects.filter(topic="order.shipped").count() == 1


def test_returns_racing_for_the_shipped_units_never_exceed_them():
    product, _ = stocked(5)
    order = released_order((product.sku, 3))
    ship_shipment(
        shipment_id=Shipment.objects.get(order=order).pk, carrier="A", tracking_number="", user=None, source="ui"
    )
    line = order.lines.get()

    def return_one(n: int) -> list[str]:
        try:
            open_return(order_id=order.pk, lines=[(line.pk, 1, "")], reason="race", user=None, source="api")
        except ReturnExceedsShipped:
            return ["refused"]
        return ["opened"]

    assert race(return_one, writers=8) == {"opened": 3, "refused": 5}
    assert sum(ln.quantity for ln in line.return_lines.all()) == 3
