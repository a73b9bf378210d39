import pytest

from arkaofis.catalog.tests.factories import KitComponentFactory, ProductFactory
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.inventory.models import Quant, Reservation, ReservationStatus
from arkaofis.inventory.tests.factories import LocationFactory, receive
from arkaofis.orders.exceptions import (
    HoldNotActive,
    IllegalTransition,
    OrderClosed,
    OrderOnHold,
    WarehouseMismatch,
)
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.holds import lift_hold, place_hold
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def stocked(quantity, location=None, **product_fields):
    product = ProductFactory(**product_fields)
    location = location or LocationFactory()
    if quantity:
        receive(product, location, quantity)
    return product, location


def active(order):
    return Reservation.objects.filter(demand_ref__startswith=f"{order.number}/", status=ReservationStatus.ACTIVE)


def reserved_of(product):
    return sum(Quant.objects.filter(product=product).values_list("reserved", flat=True))


def test_reserving_an_order_with_enough_stock_reserves_every_line_per_demand():
    a, bin_ = stocked(5)
    b, _ = stocked(5, bin_)
    order = make_order((a.sku, 2), (b.sku, 3))
    order = reserve_order(order_id=order.pk, user=None, source="system")
    assert order.status == "reserved"
    assert sorted(active(order).values_list("demand_ref", "quantity")) == [
        (f"{order.number}/L1", 2),
        (f"{order.number}/L2", 3),
    ]
    assert [line.reserved_quantity for line in order.lines.all()] == [2, 3]
    assert AuditLog.objects.filter(action="order.reserved", object_id=str(order.pk)).exists()
    assert OutboxEvent.objects.filter(topic="order.updated", payload__change="order.reserved").exists()


def test_a_short_line_backorders_the_order_and_keeps_full_lines_reserved():
    a, bin_ = stocked(5)
    b, _ = stocked(1, bin_)
    order = reserve_order(order_id=make_order((a.sku, 2), (b.sku, 3)).pk, user=None, source="system")
    assert order.status == "backordered"
    assert [line.reserved_quantity for line in order.lines.all()] == [2, 0]
    assert reserved_of(b) == 0  # a line is never part-reserved
    audit = AuditLog.objects.get(action="order.backordered")
    assert audit.data["short"] == [{"line": 2, "sku": b.sku, "wanted": 3, "available": 1}]


def test_reserving_a_backordered_order_again_takes_only_the_short_lines_once_stock_arrives():
    a, bin_ = stocked(5)
    b, _ = stocked(1, bin_)
    order = reserve_order(order_id=make_order((a.sku, 2), (b.sku, 3)).pk, user=None, source="system")
    receive(b, bin_, 5)
    order = reserve_order(order_id=order.pk, user=None, source="system")
    assert order.status == "reserved"
    assert (reserved_of(a), reserved_of(b)) == (2, 3)


def test_reserving_a_reserved_order_again_is_an_illegal_transition():
    a, _ = stocked(5)
    order = reserve_order(order_id=make_order((a.sku, 1)).pk, user=None, source="system")
    with pytest.raises(IllegalTransition):
        reserve_order(order_id=order.pk, user=None, source="system")
    assert reserved_of(a) == 1


def test_a_kit_line_reserves_its_components_times_the_bill_of_materials():
    kit = ProductFactory(is_kit=True)
    bin_ = LocationFactory()
    bolt, _ = stocked(10, bin_)
    nut, _ = stocked(10, bin_)
    KitComponentFactory(kit=kit, component=bolt, quantity=2)
    KitComponentFactory(kit=kit, component=nut, quantity=3)
    order = reserve_order(order_id=make_order((kit.sku, 2)).pk, user=None, source="system")
    assert order.status == "reserved"
    assert sorted(active(order).values_list("demand_ref", "quantity")) == sorted(
        [(f"{order.number}/L1/{bolt.sku}", 4), (f"{order.number}/L1/{nut.sku}", 6)]
    )
    assert order.lines.get().reserved_quantity == 2


def test_a_kit_short_of_one_component_reserves_none_of_them():
    kit = ProductFactory(is_kit=True)
    bin_ = LocationFactory()
    bolt, _ = stocked(10, bin_)
    nut, _ = stocked(2, bin_)
    KitComponentFactory(kit=kit, component=bolt, quantity=1)
    KitComponentFactory(kit=kit, component=nut, quantity=1)
    order = reserve_order(order_id=make_order((kit.sku, 3)).pk, user=None, source="system")
    assert order.status == "backordered"
    assert not active(order).exists()
    assert (reserved_of(bolt), reserved_of(nut)) == (0, 0)


def test_cancelling_releases_every_reservation_of_the_order_including_kit_components():
    kit = ProductFactory(is_kit=True)
    bin_ = LocationFactory()
    plain, _ = stocked(5, bin_)
    part, _ = stocked(5, bin_)
    KitComponentFactory(kit=kit, component=part, quantity=2)
    order = reserve_order(order_id=make_order((plain.sku, 2), (kit.sku, 2)).pk, user=None, source="system")
    order = cancel_order(order_id=order.pk, user=None, source="ui", reason="customer asked")
    assert order.status == "cancelled"
    assert not active(order).exists()
    assert (reserved_of(plain), reserved_of(part)) == (0, 0)
    assert [line.reserved_quantity for line in order.lines.all()] == [0, 0]
    event = OutboxEvent.objects.get(topic="order.cancelled")
    assert event.payload["released_units"] == 6
    assert event.payload["reason"] == "customer asked"


def test_cancelling_leaves_another_orders_reservations_alone():
    a, _ = stocked(5)
    keep = reserve_order(order_id=make_order((a.sku, 1)).pk, user=None, source="system")
    drop = reserve_order(order_id=make_order((a.sku, 2)).pk, user=None, source="system")
    cancel_order(order_id=drop.pk, user=None, source="ui")
    assert reserved_of(a) == 1
    assert active(keep).count() == 1


def test_cancelling_twice_is_an_illegal_transition():
    a, _ = stocked(5)
    order = make_order((a.sku, 1))
    cancel_order(order_id=order.pk, user=None, source="ui")
    with pytest.raises(IllegalTransition):
        cancel_order(order_id=order.pk, user=None, source="ui")


def test_a_hold_blocks_release_until_lifted():
    a, bin_ = stocked(5)
    order = reserve_order(order_id=make_order((a.sku, 1)).pk, user=None, source="system")
    hold = place_hold(order_id=order.pk, kind="payment", reason="card declined", user=None, source="ui")
    with pytest.raises(OrderOnHold):
        release_order(order_id=order.pk, user=None, source="ui")
    lift_hold(hold_id=hold.pk, user=None, source="ui")
    order = release_order(order_id=order.pk, user=None, source="ui")
    assert order.status == "released"
    assert order.warehouse_id == bin_.warehouse_id


def test_lifting_a_hold_twice_is_refused():
    a, _ = stocked(5)
    hold = place_hold(order_id=make_order((a.sku, 1)).pk, kind="fraud", reason="odd", user=None, source="ui")
    lift_hold(hold_id=hold.pk, user=None, source="ui")
    with pytest.raises(HoldNotActive):
        lift_hold(hold_id=hold.pk, user=None, source="ui")


def test_a_cancelled_order_cannot_be_held():
    a, _ = stocked(5)
    order = cancel_order(order_id=make_order((a.sku, 1)).pk, user=None, source="ui")
    with pytest.raises(OrderClosed):
        place_hold(order_id=order.pk, kind="manual", reason="why", user=None, source="ui")


def test_an_unreserved_order_is_not_released():
    a, _ = stocked(0)
    order = make_order((a.sku, 1))
    with pytest.raises(IllegalTransition):
        release_order(order_id=order.pk, user=None, source="ui")


def test_release_to_a_warehouse_without_the_stock_is_refused():
    a, _ = stocked(5)
    other = LocationFactory()
    order = reserve_order(order_id=make_order((a.sku, 1)).pk, user=None, source="system")
    with pytest.raises(WarehouseMismatch):
        release_order(order_id=order.pk, warehouse_id=other.warehouse_id, user=None, source="ui")
