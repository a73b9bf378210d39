"""Moves of held stock: the hold is consumed as the caller read it (or re-read under a lock when it
changed meanwhile), units can arrive held, only the owning document moves its holds, and a move that
leaves a warehouse's available stock as it was reads no reorder rule."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.exceptions import DemandOwned
from arkaofis.inventory.models import LowStockAlert, Quant, ReorderRule, Reservation
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.reservations import reserve_stock
from arkaofis.inventory.services.reserved_moves import move_reserved, release_part
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def _held(product, shelf, quantity, ref="SO-000001/L1"):
    [rid] = reserve_stock(
        product_id=product.pk, quantity=quantity, demand_ref=ref, warehouse_id=shelf.warehouse_id, owner="sales_order"
    )
    return Reservation.objects.get(pk=rid)


def _to_packing(held, packing):
    """Order SO-000001 carries the hold's two units to packing."""
    return move_reserved(
        reservation_id=held.pk,
        quantity=2,
        to_location=packing,
        source_document="SH-1",
        owner="sales_order",
        document="SO-000001",
    )


def _quant(product, location):
    quant = Quant.objects.get(product=product, location=location)
    return quant.on_hand, quant.reserved


def test_a_hold_changed_since_it_was_read_is_consumed_as_it_is_now():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    stale = _held(product, shelf, 4)
    release_part(reservation_id=stale.pk, quantity=1, owner="sales_order")  # now 3 held; `stale` still says 4
    post_move(
        product=product,
        quantity=3,
        from_location=shelf,
        to_location=virtual_location("customer"),
        reason="shipment",
        reservation=stale,
    )
    held = Reservation.objects.get(pk=stale.pk)
    assert (held.status, held.quantity) == ("consumed", 3)
    assert _quant(product, shelf) == (2, 0)


def test_part_of_a_hold_moved_leaves_the_rest_held():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    held = _held(product, shelf, 4)
    post_move(
        product=product,
        quantity=1,
        from_location=shelf,
        to_location=virtual_location("customer"),
        reason="shipment",
        reservation=held,
    )
    held.refresh_from_db()
    assert (held.status, held.quantity, held.closed_at) == ("active", 3, None)
    assert _quant(product, shelf) == (4, 3)


def test_moved_held_units_arrive_held_at_the_new_place():
    product, shelf = ProductFactory(), LocationFactory()
    packing = LocationFactory(warehouse=shelf.warehouse)
    receive(product, shelf, 5)
    held = _held(product, shelf, 2)
    [there] = _to_packing(held, packing)
    assert _quant(product, shelf) == (3, 0)
    assert _quant(product, packing) == (2, 2)
    assert there.quant_id == Quant.objects.get(product=product, location=packing).pk
    assert (there.demand_ref, there.quantity, there.status) == ("SO-000001/L1", 2, "active")


def test_an_order_may_not_move_another_orders_hold():
    product, shelf = ProductFactory(), LocationFactory()
    packing = LocationFactory(warehouse=shelf.warehouse)
    receive(product, shelf, 5)
    held = _held(product, shelf, 2, ref="SO-000002/L1")
    with pytest.raises(DemandOwned):
        _to_packing(held, packing)
    assert _quant(product, shelf) == (5, 2)
    assert not Quant.objects.filter(location=packing).exists()


def _rule_reads(move) -> int:
    with CaptureQueriesContext(connection) as queries:
        move()
    return sum(ReorderRule._meta.db_table in query["sql"] for query in queries.captured_queries)


def test_moves_that_leave_available_stock_unchanged_read_no_rule_and_others_do():
    product, shelf = ProductFactory(), LocationFactory()
    other_bin, elsewhere = LocationFactory(warehouse=shelf.warehouse), LocationFactory()
    ReorderRule.objects.create(product=product, warehouse=shelf.warehouse, min_quantity=4)
    receive(product, shelf, 10)
    held = _held(product, shelf, 3)
    customer = virtual_location("customer")

    def move(quantity, to, **extra):
        return lambda: post_move(product=product, quantity=quantity, from_location=shelf, to_location=to, **extra)

    assert _rule_reads(move(2, other_bin, reason="transfer")) == 0  # bin to bin in one warehouse
    assert _rule_reads(move(1, customer, reason="shipment", reservation=held)) == 0  # held units shipped
    assert _rule_reads(move(2, customer, reason="shipment")) == 1  # free units shipped: fewer available
    assert _rule_reads(move(1, elsewhere, reason="transfer")) == 1  # to another warehouse
    # 10 − 1 held shipped − 2 free shipped − 1 gone elsewhere = 6 on hand, 2 still held: 4 available, no alert
    assert not LowStockAlert.objects.exists()
    assert _rule_reads(move(1, customer, reason="shipment")) == 1
    assert LowStockAlert.objects.get().available == 3
