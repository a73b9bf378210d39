"""Real concurrent writers on PostgreSQL (a thread and a connection each): edits racing each other
and racing new reservations for the last units never oversell, and a refused edit holds nothing."""

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.inventory.tests.test_concurrency import race
from arkaofis.orders.edits.services.editing import LineChange, NewLine, OrderEdit, edit_order
from arkaofis.orders.models import SalesOrderLine
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def assert_books_balance(product, on_hand):
    quants = Quant.objects.filter(product=product, warehouse__isnull=False)  # the shelves, not the supplier
    reserved = sum(quants.values_list("reserved", flat=True))
    active = Reservation.objects.filter(product=product, status=ReservationStatus.ACTIVE)
    assert sum(quants.values_list("on_hand", flat=True)) == on_hand
    assert reserved <= on_hand
    assert reserved == sum(active.values_list("quantity", flat=True))
    lines = SalesOrderLine.objects.filter(product=product)
    assert reserved == sum(lines.values_list("reserved_quantity", flat=True))
    return reserved


def test_eight_edits_racing_for_the_last_units_never_oversell():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 10)
    orders = [reserve_order(order_id=make_order((product.sku, 1)).pk, user=None, source="system") for _ in range(8)]
    # 8 reserved, 2 free: each edit asks for one more unit, so exactly two can win.

    def grow(n: int) -> list[str]:
        edit = OrderEdit(change=(LineChange(line_no=1, quantity=2),))
        try:
            edit_order(order_id=orders[n].pk, edit=edit, user=None, source="api")
        except Exception as error:  # noqa: BLE001 - counted by type
            return [type(error).__name__]
        return ["edited"]

    outcomes = race(grow, writers=8)
    assert outcomes == {"edited": 2, "EditWouldOversell": 6}
    assert assert_books_balance(product, 10) == 10
    grown = SalesOrderLine.objects.filter(product=product, quantity=2)
    assert grown.count() == 2 and all(line.reserved_quantity == 2 for line in grown)


def test_edits_and_new_orders_racing_for_the_same_units_never_oversell():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 6)
    edited = [reserve_order(order_id=make_order((product.sku, 1)).pk, user=None, source="system") for _ in range(4)]
    newcomers = [make_order((product.sku, 1)) for _ in range(4)]
    # 4 held, 2 free; 4 edits want one more each (adding a line) and 4 new orders want one each.

    def work(n: int) -> list[str]:
        try:
            if n % 2:
                reserve_order(order_id=newcomers[n // 2].pk, user=None, source="system")
                return ["reserve-done"]
            edit = OrderEdit(add=(NewLine(sku=product.sku, quantity=1),))
            edit_order(order_id=edited[n // 2].pk, edit=edit, user=None, source="api")
        except Exception as error:  # noqa: BLE001 - counted by type
            return [type(error).__name__]
        return ["edited"]

    outcomes = race(work, writers=8)
    assert set(outcomes) <= {"edited", "EditWouldOversell", "reserve-done"}
    assert assert_books_balance(product, 6) == 6
    assert outcomes["edited"] + outcomes["EditWouldOversell"] == 4
