"""Release creates shipments; shipping moves reserved stock to the customer; delivery closes it."""

import pytest

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.fulfilment.exceptions import ShipmentClosed, UnknownShipment
from arkaofis.fulfilment.models import Shipment
from arkaofis.fulfilment.services.shipping import mark_delivered, ship_shipment
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.exceptions import DemandOwned
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus, StockMove
from arkaofis.inventory.services.reservations import release_demand
from arkaofis.inventory.tests.factories import LocationFactory
from arkaofis.orders.exceptions import IllegalTransition, WarehouseMismatch
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def on_hand(product, location):
    return Quant.objects.filter(product=product, location=location).values_list("on_hand", flat=True).first() or 0


def ship(shipment, carrier="Yurtiçi", tracking="YK123"):
    return ship_shipment(shipment_id=shipment.pk, carrier=carrier, tracking_number=tracking, user=None, source="ui")


def test_releasing_an_order_creates_one_pending_shipment_with_a_line_per_order_line():
    a, bin_ = stocked(5)
    b, _ = stocked(5, bin_)
    order = released_order((a.sku, 2), (b.sku, 3))
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.warehouse_id) == ("pending", bin_.warehouse_id)
    assert sorted((ln.order_line.sku, ln.quantity) for ln in shipment.lines.all()) == [(a.sku, 2), (b.sku, 3)]
    assert AuditLog.objects.get(action="order.released").data["shipments"] == [shipment.number]


def test_a_split_order_is_released_with_one_shipment_per_warehouse():
    a, bin_a = stocked(5)
    b, bin_b = stocked(5)
    order = released_order((a.sku, 2), (b.sku, 1))
    shipments = list(Shipment.objects.filter(order=order).order_by("warehouse_id"))
    assert [s.warehouse_id for s in shipments] == sorted([bin_a.warehouse_id, bin_b.warehouse_id])
    assert order.status == "released"
    assert order.warehouse_id is None  # no single warehouse: the shipments say where


def test_release_to_one_named_warehouse_refuses_a_split_and_changes_nothing():
    a, bin_a = stocked(5)
    b, _ = stocked(5)
    order = make_order((a.sku, 2), (b.sku, 1))
    reserve_order(order_id=order.pk, user=None, source="system")
    with pytest.raises(WarehouseMismatch):
        release_order(order_id=order.pk, warehouse_id=bin_a.warehouse_id, user=None, source="ui")
    order.refresh_from_db()
    assert order.status == "reserved" and not Shipment.objects.exists()


def test_shipping_moves_reserved_stock_to_the_customer_and_ships_the_order():
    a, bin_ = stocked(5)
    order = released_order((a.sku, 2))
    shipment = ship(Shipment.objects.get(order=order))
    order.refresh_from_db()
    line = order.lines.get()
    assert (shipment.status, shipment.carrier, shipment.tracking_number) == ("shipped", "Yurtiçi", "YK123")
    assert order.status == "shipped"
    assert (line.shipped_quantity, line.reserved_quantity) == (2, 0)
    assert on_hand(a, bin_) == 3
    assert Quant.objects.get(product=a, location=bin_).reserved == 0
    assert not Reservation.objects.filter(status=ReservationStatus.ACTIVE).exists()
    move = StockMove.objects.get(reason="shipment")
    assert (move.quantity, move.source_document, move.to_location.usage) == (2, shipment.number, "customer")
    event = OutboxEvent.objects.get(topic="order.shipped")
    assert (event.payload["carrier"], event.payload["tracking_number"]) == ("Yurtiçi", "YK123")
    assert event.payload["lines"] == [{"line": 1, "sku": a.sku, "quantity": 2}]


def test_shipping_one_shipment_of_a_split_order_partly_ships_it_and_the_second_ships_it():
    a, _ = stocked(5)
    b, _ = stocked(5)
    order = released_order((a.sku, 2), (b.sku, 1))
    first, second = Shipment.objects.filter(order=order).order_by("pk")
    ship(first)
    order.refresh_from_db()
    assert order.status == "partially_shipped"
    ship(second)
    order.refresh_from_db()
    assert order.status == "shipped"
    assert [line.shipped_quantity for line in order.lines.all()] == [2, 1]


def test_a_kit_line_ships_each_component_by_its_bill_of_materials():
    kit = ProductFactory(is_kit=True)
    bin_ = LocationFactory()
    bolt, _ = stocked(10, bin_)
    nut, _ = stocked(10, bin_)
    KitComponentFactory(kit=kit, component=bolt, quantity=2)
    KitComponentFactory(kit=kit, component=nut, quantity=3)
    order = released_order((kit.sku, 2))
    ship(Shipment.objects.get(order=order))
    assert (on_hand(bolt, bin_), on_hand(nut, bin_)) == (6, 4)
    assert order.lines.get().shipped_quantity == 2


def test_shipping_twice_returns_the_shipment_unchanged_without_moving_stock_again():
    a, bin_ = stocked(5)
    order = released_order((a.sku, 2))
    shipment = ship(Shipment.objects.get(order=order))
    again = ship(shipment, carrier="Aras", tracking="OTHER")
    assert (again.carrier, again.tracking_number) == ("Yurtiçi", "YK123")
    assert StockMove.objects.filter(reason="shipment").count() == 1
    assert OutboxEvent.objects.filter(topic="order.shipped").count() == 1
    assert on_hand(a, bin_) == 3


def test_shipping_needs_a_carrier_and_changes_nothing_without_one():
    a, _ = stocked(5)
    order = released_order((a.sku, 2))
    with pytest.raises(InvalidInput):
        ship(Shipment.objects.get(order=order), carrier="  ")
    assert not StockMove.objects.filter(reason="shipment").exists()


def test_a_released_orders_reservation_cannot_be_freed_behind_its_back_so_it_still_ships():
    a, _ = stocked(5)
    order = released_order((a.sku, 2))
    with pytest.raises(DemandOwned):
        release_demand(demand_ref=f"{order.number}/L1")
    ship(Shipment.objects.get(order=order))
    assert Shipment.objects.get(order=order).status == "shipped"


def test_an_unknown_shipment_is_a_typed_error():
    with pytest.raises(UnknownShipment):
        ship(Shipment(pk=999999))


def test_the_order_is_delivered_when_every_shipment_is():
    a, _ = stocked(5)
    b, _ = stocked(5)
    order = released_order((a.sku, 2), (b.sku, 1))
    first, second = Shipment.objects.filter(order=order).order_by("pk")
    ship(first)
    ship(second)
    mark_delivered(shipment_id=first.pk, user=None, source="ui")
    order.refresh_from_db()
    assert order.status == "shipped"
    mark_delivered(shipment_id=second.pk, user=None, source="ui")
    mark_delivered(shipment_id=second.pk, user=None, source="ui")  # a repeat changes nothing
    order.refresh_from_db()
    assert order.status == "delivered"
    assert OutboxEvent.objects.filter(topic="order.delivered").count() == 1


def test_a_pending_shipment_cannot_be_delivered():
    a, _ = stocked(5)
    order = released_order((a.sku, 1))
    with pytest.raises(ShipmentClosed):
        mark_delivered(shipment_id=Shipment.objects.get(order=order).pk, user=None, source="ui")


def test_cancelling_a_released_order_cancels_its_pending_shipments_and_frees_the_stock():
    a, bin_ = stocked(5)
    order = released_order((a.sku, 2))
    cancel_order(order_id=order.pk, user=None, source="ui", reason="customer asked")
    shipment = Shipment.objects.get(order=order)
    assert shipment.status == "cancelled"
    assert Quant.objects.get(product=a, location=bin_).reserved == 0
    with pytest.raises(ShipmentClosed):
        ship(shipment)


def test_a_shipped_order_cannot_be_cancelled():
    a, _ = stocked(5)
    order = released_order((a.sku, 2))
    ship(Shipment.objects.get(order=order))
    with pytest.raises(IllegalTransition):
        cancel_order(order_id=order.pk, user=None, source="ui")
    assert Shipment.objects.get(order=order).status == "shipped"
