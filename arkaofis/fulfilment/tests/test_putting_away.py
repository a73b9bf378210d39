"""Putting a cancelled shipment's picked units back on a shelf: what a cancel leaves at packing, the
put-away itself (whole, partial, lot by lot), every refusal changing nothing, and the task it closes."""

import pytest

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.invariants import invariant_breaks
from arkaofis.fulfilment.exceptions import (
    NothingToPutAway,
    ShipmentClosed,
    StillAtPacking,
    TooMany,
    UnknownBarcode,
    UnknownShipment,
    WrongItem,
)
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.selectors import left_at_packing
from arkaofis.fulfilment.services.places import packing_location
from arkaofis.fulfilment.services.putting_away import finish_put_away, put_away_from_packing
from arkaofis.fulfilment.tests.factories import cancelled_after_picking as cancelled
from arkaofis.fulfilment.tests.factories import picked, stocked
from arkaofis.fulfilment.transfers.exceptions import NotABin
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus, StockMove
from arkaofis.inventory.selectors import available_by_warehouse, virtual_location
from arkaofis.inventory.tests.factories import LocationFactory, LotFactory, receive
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order
from arkaofis.work.models import Task

pytestmark = pytest.mark.django_db


def balance(product, location, lot=None):
    quant = Quant.objects.filter(product=product, location=location, lot=lot).first()
    return (quant.on_hand, quant.reserved) if quant else (0, 0)


def put_away_task(shipment):
    return Task.objects.get(kind="put_away", document_ref=shipment.number)


def put(shipment, item, where, quantity):
    return put_away_from_packing(
        shipment_id=shipment.pk, item_scan=item, bin_scan=where, quantity=quantity, user=None, source="ui"
    )


def test_a_cancel_after_picking_leaves_the_units_at_packing_free_and_no_longer_held():
    a, shelf = stocked(5)
    order, shipment = cancelled((a.sku, 3), take=2)  # 2 of 3 picked: the stop was still open
    packing = packing_location(shipment.warehouse)
    assert shipment.status == "cancelled"
    # On the ledger the two picked units sit at packing, brought there under the shipment's number ...
    assert balance(a, packing) == (2, 0)
    assert balance(a, shelf) == (3, 0)
    came = StockMove.objects.get(to_location=packing)
    assert (came.source_document, came.reason, came.quantity) == (shipment.number, "transfer", 2)
    # ... but the order holds nothing any more: the cancel released every hold, at packing too.
    assert not Reservation.objects.filter(demand_ref__startswith=order.number, status=ReservationStatus.ACTIVE)
    assert order.lines.get().reserved_quantity == 0
    # So they are free stock of the warehouse (available to promise), waiting to be put away.
    assert available_by_warehouse(a.pk) == {shipment.warehouse_id: 5}
    assert [(row.product.sku, row.lot, row.units) for row in left_at_packing(shipment)] == [(a.sku, None, 2)]
    task = put_away_task(shipment)
    assert (task.status, task.detail, task.warehouse_id) == ("open", {"from": "packing"}, shipment.warehouse_id)
    assert invariant_breaks() == {}


def test_units_free_at_packing_may_be_promised_to_another_order_and_then_are_not_put_away():
    a, shelf = stocked(2)
    _, shipment = cancelled((a.sku, 2))
    packing = packing_location(shipment.warehouse)
    assert balance(a, shelf) == (0, 0)  # the only free units are at packing now
    other = reserve_order(order_id=make_order((a.sku, 1)).pk, user=None, source="system")
    assert other.status == "reserved" and balance(a, packing) == (2, 1)
    assert [row.units for row in left_at_packing(shipment)] == [1]
    with pytest.raises(TooMany):
        put(shipment, a.sku, LocationFactory(warehouse=shelf.warehouse).code, 2)
    with pytest.raises(StillAtPacking):
        finish_put_away(shipment_id=shipment.pk, user=None, source="ui")
    put(shipment, a.sku, shelf.code, 1)
    assert balance(a, packing) == (1, 1)  # the other order's unit stays where it is held
    assert put_away_task(shipment).status == "done"
    assert invariant_breaks() == {}


def test_putting_everything_away_moves_it_to_the_bin_and_closes_the_task():
    a, shelf = stocked(4)
    b, _ = stocked(3, shelf)
    _, shipment = cancelled((a.sku, 2), (b.sku, 3))
    packing = packing_location(shipment.warehouse)
    other_bin = LocationFactory(warehouse=shelf.warehouse)
    first = put(shipment, a.barcode, other_bin.code.lower(), 2)  # by barcode, the bin's code in any case
    assert (first.quantity, first.bin, first.done) == (2, other_bin, False)
    assert [(row.product.sku, row.units) for row in first.left] == [(b.sku, 3)]
    assert put_away_task(shipment).status == "open"
    last = put(shipment, b.sku, shelf.code, 3)
    assert last.done and put_away_task(shipment).status == "done"
    assert (balance(a, packing), balance(b, packing)) == ((0, 0), (0, 0))
    assert (balance(a, other_bin), balance(b, shelf)) == ((2, 0), (3, 0))
    back = StockMove.objects.filter(from_location=packing).order_by("pk")
    assert [(m.reason, m.reason_code, m.source_document, m.quantity) for m in back] == [
        ("transfer", "put_away", shipment.number, 2),
        ("transfer", "put_away", shipment.number, 3),
    ]
    with pytest.raises(NothingToPutAway):
        put(shipment, a.sku, shelf.code, 1)
    assert invariant_breaks() == {}


def test_a_partial_put_away_leaves_the_rest_and_the_task_open():
    a, shelf = stocked(5)
    _, shipment = cancelled((a.sku, 5))
    put(shipment, a.sku, shelf.code, 2)
    assert [row.units for row in left_at_packing(shipment)] == [3]
    assert put_away_task(shipment).status == "open"
    with pytest.raises(TooMany):
        put(shipment, a.sku, shelf.code, 4)
    put(shipment, a.sku, shelf.code, 3)
    assert left_at_packing(shipment) == [] and put_away_task(shipment).status == "done"
    assert invariant_breaks() == {}


def test_lots_go_back_as_they_came_oldest_to_reach_packing_first():
    a = ProductFactory(tracking="lot")
    shelf = LocationFactory()
    old, new = LotFactory(product=a), LotFactory(product=a)
    receive(a, shelf, 2, lot=old)
    receive(a, shelf, 2, lot=new)
    _, shipment = cancelled((a.sku, 3))
    assert [(row.lot, row.units) for row in left_at_packing(shipment)] == [(old, 2), (new, 1)]  # FIFO picked
    put(shipment, a.sku, shelf.code, 2)
    packing = packing_location(shipment.warehouse)
    assert (balance(a, packing, old), balance(a, packing, new)) == ((0, 0), (1, 0))
    put(shipment, a.sku, shelf.code, 1)
    assert (balance(a, shelf, old), balance(a, shelf, new)) == ((2, 0), (2, 0))
    assert put_away_task(shipment).status == "done"
    assert invariant_breaks() == {}


def test_a_kits_components_are_put_away_one_product_at_a_time():
    kit = ProductFactory(is_kit=True)
    part, shelf = stocked(4)
    KitComponentFactory(kit=kit, component=part, quantity=2)
    _, shipment = cancelled((kit.sku, 2))
    assert [(row.product.sku, row.units) for row in left_at_packing(shipment)] == [(part.sku, 4)]
    with pytest.raises(WrongItem):
        put(shipment, kit.sku, shelf.code, 1)  # the kit was never on the packing table: its parts were
    put(shipment, part.sku, shelf.code, 4)
    assert put_away_task(shipment).status == "done"


@pytest.mark.parametrize(
    ("item", "where", "quantity", "error"),
    [
        ("NO-SUCH-ITEM", "shelf", 1, UnknownBarcode),
        ("other", "shelf", 1, WrongItem),  # a product this shipment never left at packing
        ("a", "NO/SUCH/BIN", 1, UnknownBarcode),
        ("a", "other-warehouse", 1, NotABin),
        ("a", "supplier", 1, NotABin),  # a virtual location
        ("a", "packing", 1, NotABin),  # the station itself is no shelf
        ("a", "inactive", 1, NotABin),
        ("a", "shelf", 3, TooMany),
        ("a", "shelf", 0, TooMany),
        ("a", "shelf", True, TooMany),
    ],
)
def test_bad_input_is_refused_and_nothing_moves(item, where, quantity, error):
    a, shelf = stocked(5)
    other, other_shelf = stocked(1)  # in a warehouse of its own
    _, shipment = cancelled((a.sku, 2))
    places = {
        "shelf": shelf.code,
        "other-warehouse": other_shelf.code,
        "supplier": virtual_location("supplier").code,
        "packing": packing_location(shipment.warehouse).code,
        "inactive": LocationFactory(warehouse=shelf.warehouse, active=False).code,
    }
    moves = StockMove.objects.count()
    with pytest.raises(error):
        put(shipment, {"a": a.sku, "other": other.sku}.get(item, item), places.get(where, where), quantity)
    assert StockMove.objects.count() == moves
    assert balance(a, packing_location(shipment.warehouse)) == (2, 0)
    assert put_away_task(shipment).status == "open"


def test_only_a_cancelled_shipment_is_put_away():
    a, shelf = stocked(5)
    _, shipment = picked((a.sku, 2))
    moves = StockMove.objects.count()
    with pytest.raises(ShipmentClosed) as refused:
        put(shipment, a.sku, shelf.code, 1)
    assert "only a cancelled shipment" in refused.value.localized()
    with pytest.raises(UnknownShipment):
        put(Shipment(pk=999_999), a.sku, shelf.code, 1)
    assert StockMove.objects.count() == moves and balance(a, packing_location(shipment.warehouse)) == (2, 2)


def test_the_task_is_closed_by_hand_when_another_order_took_everything_at_packing():
    a, shelf = stocked(2)
    _, shipment = cancelled((a.sku, 2))
    reserve_order(order_id=make_order((a.sku, 2)).pk, user=None, source="system")
    assert left_at_packing(shipment) == []
    with pytest.raises(NothingToPutAway):
        put(shipment, a.sku, shelf.code, 1)
    finish_put_away(shipment_id=shipment.pk, user=None, source="ui")
    assert put_away_task(shipment).status == "done"
    assert invariant_breaks() == {}
