from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.models import CostLayer
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.transfers import transfer_stock
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.inventory.valuation_selectors import warehouse_valuation

pytestmark = pytest.mark.django_db


def valuation_by_warehouse(at=None):
    """{warehouse id: value} at a moment (now by default)."""
    return {row.warehouse_id: row.value for row in warehouse_valuation(at or timezone.now())}


def ship(product, location, quantity, at=None):
    [move] = post_move(
        product=product,
        quantity=quantity,
        from_location=location,
        to_location=virtual_location("customer"),
        reason="shipment",
        at=at,
    )
    return move


def test_fifo_ships_the_oldest_cost_first():
    product, shelf = ProductFactory(cost_method="fifo"), LocationFactory()
    receive(product, shelf, 10, unit_cost=Decimal("5"))
    receive(product, shelf, 10, unit_cost=Decimal("8"))
    assert ship(product, shelf, 12).value == Decimal("66.0000")  # 10 × 5 + 2 × 8
    assert valuation_by_warehouse()[shelf.warehouse_id] == Decimal("64.0000")  # 8 × 8 left


def test_moving_average_blends_receipts():
    product, shelf = ProductFactory(cost_method="average"), LocationFactory()
    receive(product, shelf, 10, unit_cost=Decimal("5"))
    receive(product, shelf, 10, unit_cost=Decimal("8"))
    assert CostLayer.objects.get(product=product).unit_cost == Decimal("6.5000")
    assert ship(product, shelf, 4).value == Decimal("26.0000")


def test_valuation_at_a_past_date_comes_from_the_ledger():
    product, shelf = ProductFactory(), LocationFactory()
    week_ago = timezone.now() - timedelta(days=7)
    receive(product, shelf, 10, unit_cost=Decimal("3"), at=week_ago)
    ship(product, shelf, 4, at=week_ago + timedelta(days=2))
    assert valuation_by_warehouse(week_ago + timedelta(hours=1))[shelf.warehouse_id] == Decimal("30.0000")
    assert valuation_by_warehouse()[shelf.warehouse_id] == Decimal("18.0000")


def test_transfer_between_warehouses_moves_value_with_the_stock():
    product, a, b = ProductFactory(), LocationFactory(), LocationFactory()
    receive(product, a, 10, unit_cost=Decimal("2"))
    transfer_stock(product=product, quantity=5, from_location=a, to_location=b, source="ui")
    values = valuation_by_warehouse()
    assert (values[a.warehouse_id], values[b.warehouse_id]) == (Decimal("10.0000"), Decimal("10.0000"))


def test_stock_without_a_price_is_valued_at_the_going_cost():
    product, shelf = ProductFactory(standard_cost=Decimal("7")), LocationFactory()
    [move] = receive(product, shelf, 2)
    assert move.value == Decimal("14.0000")


def test_stock_in_transit_keeps_its_cost_and_its_value():
    from arkaofis.inventory.models import CostLayer

    product, a, b = ProductFactory(), LocationFactory(), LocationFactory()
    receive(product, a, 10, unit_cost=Decimal("2"))
    transit = virtual_location("transit")
    transfer_stock(product=product, quantity=4, from_location=a, to_location=transit, source="ui")
    assert CostLayer.objects.get(product=product).remaining == 10  # not consumed as if sold
    values = valuation_by_warehouse()
    assert (values[a.warehouse_id], values[None]) == (Decimal("12.0000"), Decimal("8.0000"))
    transfer_stock(product=product, quantity=4, from_location=transit, to_location=b, source="ui")
    values = valuation_by_warehouse()
    assert (values[a.warehouse_id], values[b.warehouse_id], values.get(None)) == (
        Decimal("12.0000"),
        Decimal("8.0000"),
        None,
    )
