"""Real concurrent writers on PostgreSQL (a thread and a connection each): the same channel
order received at once is created once; orders racing for scarce stock never oversell it."""

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import OutboxEvent
from arkaofis.inventory.models import Quant
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.inventory.tests.test_concurrency import race
from arkaofis.orders.models import SalesOrder
from arkaofis.orders.services.batch_intake import receive_orders
from arkaofis.orders.services.intake import receive_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order, order_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_order_received_by_eight_writers_at_once_is_created_once():
    product = ProductFactory()
    incoming = order_in((product.sku, 1), channel="shopify", external_id="5001")

    def receive_it(n: int) -> list[str]:
        _, created = receive_order(order=incoming, user=None, source="channel")
        return ["created" if created else "duplicate"]

    outcomes = race(receive_it, writers=8)
    assert outcomes == {"created": 1, "duplicate": 7}
    assert SalesOrder.objects.count() == 1
    assert OutboxEvent.objects.filter(topic="order.created").count() == 1


def test_orders_racing_for_scarce_stock_never_oversell_it():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    orders = [make_order((product.sku, 1)) for _ in range(8)]

    def reserve_one(n: int) -> list[str]:
        return [reserve_order(order_id=orders[n].pk, user=None, source="system").status]

    outcomes = race(reserve_one, writers=8)
    assert outcomes == {"reserved": 5, "backordered": 3}
    quant = Quant.objects.get(product=product, location=shelf)
    assert (quant.on_hand, quant.reserved) == (5, 5)


def test_orders_naming_the_same_skus_in_opposite_orders_reserve_without_deadlock():
    # Each line's reservation locks its quant until the order commits; reserved in line order,
    # an order for A then B and one for B then A would each wait for the other's lock.
    first, second, third, shelf = ProductFactory(), ProductFactory(), ProductFactory(), LocationFactory()
    for product in (first, second, third):
        receive(product, shelf, 1000)
    skus = [first.sku, second.sku, third.sku]
    orders = [make_order(*((sku, 1) for sku in (skus if n % 2 else skus[::-1]))) for n in range(48)]

    def reserve_mine(n: int) -> list[str]:
        return [reserve_order(order_id=order.pk, user=None, source="system").status for order in orders[n::8]]

    assert race(reserve_mine, writers=8) == {"reserved": 48}
    assert sorted(Quant.objects.filter(location=shelf).values_list("reserved", flat=True)) == [48, 48, 48]


def test_batches_racing_for_scarce_stock_and_for_the_same_orders_create_each_once_and_never_oversell():
    # Every writer sends the same 40 orders, in batches of 10, starting at a different place:
    # batches collide on the external ids (one commits, the other retries and finds its orders)
    # and on the quants' locks, and the scarce SKU's 10 units go to exactly 10 orders.
    shelf, scarce, plenty = LocationFactory(), ProductFactory(), ProductFactory()
    receive(scarce, shelf, 10)
    receive(plenty, shelf, 1000)
    orders = [order_in((plenty.sku, 1), (scarce.sku, 1), external_id=f"R-{n}") for n in range(40)]

    def submit(n: int) -> list[str]:
        mine = orders[n * 10 :] + orders[: n * 10]
        results = []
        for start in range(0, 40, 10):
            outcomes = receive_orders(mine[start : start + 10], user=None, source="api")
            results += ["created" if outcome.created else "duplicate" for outcome in outcomes]
        return results

    assert race(submit, writers=4) == {"created": 40, "duplicate": 120}
    assert SalesOrder.objects.count() == 40
    assert sorted(SalesOrder.objects.values_list("status", flat=True)) == ["backordered"] * 30 + ["reserved"] * 10
    assert {q.product_id: q.reserved for q in Quant.objects.filter(location=shelf)} == {scarce.pk: 10, plenty.pk: 40}
    assert OutboxEvent.objects.filter(topic="order.created").count() == 40
