"""stock_arrived: which moves are arrivals, and a failing receiver never fails the move."""

import logging

import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.models import Quant
from arkaofis.inventory.signals import is_arrival, stock_arrived
from arkaofis.inventory.tests.factories import LocationFactory, receive


@pytest.mark.parametrize(
    ("source", "target", "arrival"),
    [
        (("supplier", None), ("internal", 1), True),  # receipt
        (("adjustment", None), ("internal", 1), True),  # adjustment up
        (("transit", None), ("internal", 1), True),  # transfer in from transit
        (("internal", 2), ("internal", 1), True),  # transfer from another warehouse
        (("returns", None), ("internal", 1), True),  # return restocked
        (("internal", 1), ("internal", 1), False),  # putaway, bin to bin
        (("internal", 1), ("customer", None), False),  # shipment
        (("internal", 1), ("adjustment", None), False),  # adjustment down
    ],
)
def test_an_arrival_ends_in_a_warehouse_and_starts_outside_it(source, target, arrival):
    assert (
        is_arrival(from_usage=source[0], from_warehouse_id=source[1], to_usage=target[0], to_warehouse_id=target[1])
        is arrival
    )


@pytest.mark.django_db
def test_a_failing_receiver_is_logged_and_the_receipt_stands(django_capture_on_commit_callbacks, caplog):
    def broken(sender, product_ids, **kwargs):
        raise RuntimeError("receiver down")

    stock_arrived.connect(broken, dispatch_uid="test-broken")
    try:
        product, shelf = ProductFactory(), LocationFactory()
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            receive(product, shelf, 3)
    finally:
        stock_arrived.disconnect(dispatch_uid="test-broken")
    assert Quant.objects.get(product=product, location=shelf).on_hand == 3
    assert "stock_arrived receiver" in caplog.text
