from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.transfers import transfer_stock
from arkaofis.inventory.tests.factories import LocationFactory, WarehouseFactory, receive
from arkaofis.inventory.valuation_selectors import (
    product_valuation,
    totals_by_currency,
    value_series,
    warehouse_valuation,
)

pytestmark = pytest.mark.django_db


def ship(product, location, quantity, at=None):
    return post_move(
        product=product,
        quantity=quantity,
        from_location=location,
        to_location=virtual_location("customer"),
        reason="shipment",
        at=at,
    )


def rows_by_sku(at, warehouse_id=None):
    return {row["sku"]: row for row in product_valuation(at, warehouse_id)}


def local_noon(days_ago):
    day = timezone.localdate() - timedelta(days=days_ago)
    return datetime.combine(day, time(12)).replace(tzinfo=timezone.get_current_timezone())


def test_valuation_at_a_past_date_leaves_out_later_moves():
    product, shelf = ProductFactory(sku="TEA"), LocationFactory()
    receive(product, shelf, 10, unit_cost=Decimal("3"), at=local_noon(10))
    ship(product, shelf, 4, at=local_noon(5))
    receive(product, shelf, 5, unit_cost=Decimal("4"), at=local_noon(2))

    then = rows_by_sku(local_noon(7))["TEA"]
    assert (then["quantity"], Decimal(then["value"])) == (10, Decimal("30"))
    now = rows_by_sku(timezone.now())["TEA"]
    assert (now["quantity"], Decimal(now["value"])) == (11, Decimal("38"))  # 6 × 3 + 5 × 4
    assert rows_by_sku(local_noon(11)) == {}


def test_fifo_and_average_products_keep_their_own_cost_of_what_is_left():
    shelf = LocationFactory()
    fifo, average = ProductFactory(sku="FIFO", cost_method="fifo"), ProductFactory(sku="AVG", cost_method="average")
    for product in (fifo, average):
        receive(product, shelf, 10, unit_cost=Decimal("5"))
        receive(product, shelf, 10, unit_cost=Decimal("8"))
        ship(product, shelf, 12)

    rows = rows_by_sku(timezone.now())
    assert (rows["FIFO"]["quantity"], Decimal(rows["FIFO"]["value"])) == (8, Decimal("64"))  # 8 left at 8
    assert (rows["AVG"]["quantity"], Decimal(rows["AVG"]["value"])) == (8, Decimal("52"))  # 8 left at 6.5
    assert (rows["FIFO"]["cost_method"], rows["AVG"]["cost_method"]) == ("fifo", "average")


def test_products_come_highest_value_first_and_sold_out_ones_are_left_out():
    shelf = LocationFactory()
    cheap, dear, gone = ProductFactory(sku="CHEAP"), ProductFactory(sku="DEAR"), ProductFactory(sku="GONE")
    receive(cheap, shelf, 1, unit_cost=Decimal("2"))
    receive(dear, shelf, 1, unit_cost=Decimal("200"))
    receive(gone, shelf, 3, unit_cost=Decimal("50"))
    ship(gone, shelf, 3)

    rows = product_valuation(timezone.now())
    assert [row["sku"] for row in rows] == ["DEAR", "CHEAP"]
    assert rows.count() == 2


def test_warehouse_filter_counts_only_that_warehouse_and_transfers_move_value():
    product = ProductFactory(sku="MUG")
    here, there = LocationFactory(), LocationFactory()
    receive(product, here, 10, unit_cost=Decimal("2"))
    transfer_stock(product=product, quantity=4, from_location=here, to_location=there, source="ui")
    now = timezone.now()

    assert rows_by_sku(now, here.warehouse_id)["MUG"]["quantity"] == 6
    assert Decimal(rows_by_sku(now, there.warehouse_id)["MUG"]["value"]) == Decimal("8")
    assert rows_by_sku(now)["MUG"]["quantity"] == 10  # a transfer inside the stock changes no total
    values = {row.code: row.value for row in warehouse_valuation(now)}
    assert values == {here.warehouse.code: Decimal("12"), there.warehouse.code: Decimal("8")}
    only = warehouse_valuation(now, there.warehouse_id)
    assert [(row.code, row.value) for row in only] == [(there.warehouse.code, Decimal("8"))]


def test_every_active_warehouse_is_listed_and_totals_are_kept_per_currency():
    empty = WarehouseFactory(code="EMPTY")
    WarehouseFactory(code="SHUT", active=False)
    shelf = LocationFactory()
    receive(ProductFactory(currency="TRY"), shelf, 2, unit_cost=Decimal("10"))
    receive(ProductFactory(currency="EUR"), shelf, 1, unit_cost=Decimal("3"))

    rows = warehouse_valuation(timezone.now())
    assert {(row.code, row.currency, row.value) for row in rows} == {
        (empty.code, "TRY", Decimal(0)),
        (shelf.warehouse.code, "EUR", Decimal("3")),
        (shelf.warehouse.code, "TRY", Decimal("20")),
    }
    assert totals_by_currency(rows) == {"EUR": Decimal("3"), "TRY": Decimal("20")}


def test_value_series_is_the_value_at_the_end_of_each_day():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 10, unit_cost=Decimal("1"), at=local_noon(40))  # before the window
    receive(product, shelf, 10, unit_cost=Decimal("2"), at=local_noon(3))
    ship(product, shelf, 5, at=local_noon(1))  # the oldest five, at 1 each

    series = value_series(end=timezone.now(), days=5)
    assert [day for day, _ in series] == [timezone.localdate() - timedelta(days=n) for n in range(4, -1, -1)]
    assert [value for _, value in series] == [Decimal(v) for v in ("10", "30", "30", "25", "25")]


def test_value_series_for_one_warehouse_and_a_past_end():
    product, here, there = ProductFactory(), LocationFactory(), LocationFactory()
    receive(product, here, 4, unit_cost=Decimal("5"), at=local_noon(6))
    receive(product, there, 1, unit_cost=Decimal("5"), at=local_noon(5))
    receive(product, here, 2, unit_cost=Decimal("5"), at=local_noon(1))

    series = value_series(end=local_noon(4), days=3, warehouse_id=here.warehouse_id)
    assert [value for _, value in series] == [Decimal("20")] * 3
    assert series[-1][0] == timezone.localdate() - timedelta(days=4)
