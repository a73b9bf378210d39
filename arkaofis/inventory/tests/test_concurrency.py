"""Real concurrent writers on PostgreSQL: threads, each with its own database connection
(Django opens one per thread), racing through the services. No oversell, no deadlock."""

import threading
from collections import Counter

import pytest
from django.db import connection

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.exceptions import InsufficientStock
from arkaofis.inventory.models import Quant, Reservation, StockMove
from arkaofis.inventory.services.reservations import reserve_stock
from arkaofis.inventory.services.transfers import transfer_stock
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 16


def race(work, writers: int = WRITERS) -> Counter:
    """Start `writers` threads together on work(n); count their outcomes (or error types)."""
    start = threading.Barrier(writers)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def run(n: int) -> None:
        try:
            start.wait(timeout=30)
            results = work(n)
        except Exception as error:  # noqa: BLE001 - the test asserts there were none
            results = [type(error).__name__]
        finally:
            connection.close()  # this thread's own connection
        with lock:
            outcomes.update(results)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return outcomes


def test_racing_reservations_never_oversell_scarce_stock():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 20)

    def reserve_units(n: int) -> list[str]:
        results = []
        for attempt in range(4):
            try:
                reserve_stock(
                    product_id=product.pk, quantity=1, demand_ref=f"DEM-{n}-{attempt}", warehouse_id=shelf.warehouse_id
                )
                results.append("granted")
            except InsufficientStock:
                results.append("refused")
        return results

    outcomes = race(reserve_units)
    assert outcomes == {"granted": 20, "refused": WRITERS * 4 - 20}
    quant = Quant.objects.get(product=product, location=shelf)
    assert (quant.on_hand, quant.reserved) == (20, 20)
    assert Reservation.objects.filter(product=product, status="active").count() == 20


def test_racing_multi_unit_reservations_across_bins_never_oversell():
    product, a = ProductFactory(), LocationFactory()
    b = LocationFactory(warehouse=a.warehouse)
    receive(product, a, 7)
    receive(product, b, 8)

    def reserve_three(n: int) -> list[str]:
        try:
            ids = reserve_stock(product_id=product.pk, quantity=3, demand_ref=f"DEM-{n}", warehouse_id=a.warehouse_id)
        except InsufficientStock:
            return ["refused"]
        return (
            ["granted"]
            if sum(Reservation.objects.filter(pk__in=ids).values_list("quantity", flat=True)) == 3
            else ["wrong quantity"]
        )

    outcomes = race(reserve_three)
    # 15 units make five orders of three, however they are split over the two bins.
    assert outcomes == {"granted": 5, "refused": WRITERS - 5}
    assert sum(Quant.objects.filter(product=product, location__in=[a, b]).values_list("reserved", flat=True)) == 15


def test_opposite_transfers_race_without_deadlock_and_quants_match_the_ledger():
    product, a = ProductFactory(), LocationFactory()
    b = LocationFactory(warehouse=a.warehouse)
    receive(product, a, 100)
    receive(product, b, 100)

    def shuttle(n: int) -> list[str]:
        source, target = (a, b) if n % 2 == 0 else (b, a)
        for _ in range(5):
            transfer_stock(product=product, quantity=1, from_location=source, to_location=target, source="system")
        return ["done"]

    outcomes = race(shuttle)
    assert outcomes == {"done": WRITERS}  # no DeadlockDetected, no InsufficientStock
    on_hand = dict(Quant.objects.filter(product=product, location__in=[a, b]).values_list("location_id", "on_hand"))
    assert on_hand == {a.pk: 100, b.pk: 100}  # as many went each way
    assert StockMove.objects.filter(product=product, reason="transfer").count() == WRITERS * 5
