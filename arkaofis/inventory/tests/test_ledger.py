import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.inventory.exceptions import ForbiddenFlow, InsufficientStock, InvalidQuantity, LotRequired
from arkaofis.inventory.models import Quant, StockMove
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.transfers import transfer_stock
from arkaofis.inventory.tests.factories import LocationFactory, LotFactory, receive

pytestmark = pytest.mark.django_db


def on_hand(product, location):
    return sum(Quant.objects.filter(product=product, location=location).values_list("on_hand", flat=True))


def test_receipt_puts_stock_on_the_shelf_and_takes_it_from_the_supplier():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 10)
    assert on_hand(product, shelf) == 10
    assert on_hand(product, virtual_location("supplier")) == -10


def test_transfer_moves_stock_between_bins():
    product, a = ProductFactory(), LocationFactory()
    b = LocationFactory(warehouse=a.warehouse)
    receive(product, a, 10)
    transfer_stock(product=product, quantity=4, from_location=a, to_location=b, source="ui")
    assert (on_hand(product, a), on_hand(product, b)) == (6, 4)


def test_transfer_of_more_than_on_hand_is_refused_and_writes_nothing():
    product, a = ProductFactory(), LocationFactory()
    b = LocationFactory(warehouse=a.warehouse)
    receive(product, a, 3)
    before = StockMove.objects.count()
    with pytest.raises(InsufficientStock) as error:
        transfer_stock(product=product, quantity=4, from_location=a, to_location=b, source="ui")
    assert error.value.data["available"] == 3
    assert StockMove.objects.count() == before
    assert on_hand(product, a) == 3


def test_transfer_into_the_customer_location_is_forbidden():
    product, a = ProductFactory(), LocationFactory()
    receive(product, a, 3)
    with pytest.raises(ForbiddenFlow):
        transfer_stock(
            product=product, quantity=1, from_location=a, to_location=virtual_location("customer"), source="ui"
        )


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2", True])
def test_non_positive_or_fractional_quantities_are_refused(quantity):
    product, shelf = ProductFactory(), LocationFactory()
    with pytest.raises(InvalidQuantity):
        receive(product, shelf, quantity)
    assert not StockMove.objects.exists()


def test_adjustment_down_records_reason_and_moves_to_loss():
    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 5)
    [move] = adjust_stock(product=product, location=shelf, delta=-2, reason_code="damaged", source="ui")
    assert move.reason_code == "damaged" and move.to_location == virtual_location("adjustment")
    assert on_hand(product, shelf) == 3


def test_lot_tracked_product_must_arrive_with_a_lot():
    product, shelf = ProductFactory(tracking="lot"), LocationFactory()
    with pytest.raises(LotRequired):
        receive(product, shelf, 5)


def test_lot_tracked_stock_leaves_by_fefo_across_lots():
    from datetime import date

    product = ProductFactory(tracking="lot")
    shelf = LocationFactory(removal_strategy="fefo")
    late = LotFactory(product=product, expires_on=date(2027, 1, 1))
    soon = LotFactory(product=product, expires_on=date(2026, 12, 1))
    receive(product, shelf, 5, lot=late)
    receive(product, shelf, 5, lot=soon)
    moves = post_move(
        product=product, quantity=7, from_location=shelf, to_location=virtual_location("customer"), reason="shipment"
    )
    assert [(m.lot, m.quantity) for m in moves] == [(soon, 5), (late, 2)]


def test_a_serial_number_is_one_unit_and_in_stock_once():
    from arkaofis.inventory.exceptions import SerialInStock, SerialQuantity

    product, shelf = ProductFactory(tracking="serial"), LocationFactory()
    serial = LotFactory(product=product, code="SN-0001")
    with pytest.raises(SerialQuantity):
        receive(product, shelf, 2, lot=serial)
    receive(product, shelf, 1, lot=serial)
    with pytest.raises(SerialInStock):
        receive(product, LocationFactory(warehouse=shelf.warehouse), 1, lot=serial)
    assert StockMove.objects.filter(product=product).count() == 1


def test_a_lot_of_another_product_is_refused():
    from arkaofis.core.exceptions import InvalidInput

    product, other = ProductFactory(tracking="lot"), ProductFactory(tracking="lot")
    with pytest.raises(InvalidInput):
        receive(product, LocationFactory(), 1, lot=LotFactory(product=other))


def test_moving_stock_to_the_same_location_is_refused():
    from arkaofis.inventory.exceptions import SameLocation

    product, shelf = ProductFactory(), LocationFactory()
    receive(product, shelf, 2)
    with pytest.raises(SameLocation):
        transfer_stock(product=product, quantity=1, from_location=shelf, to_location=shelf, source="ui")
