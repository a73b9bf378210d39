"""Orders announce, fulfilment acts in the same transaction; a refusal undoes the order's change too."""

import pytest
from django.utils.translation import gettext_lazy as _

from arkaofis.core.events import subscribe, unsubscribe
from arkaofis.core.exceptions import Conflict
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.fulfilment.models import Shipment, ShipmentStatus
from arkaofis.fulfilment.tests.factories import released_order, stocked
from arkaofis.inventory.models import Reservation, ReservationStatus
from arkaofis.orders.events import OrderCancelled, OrderReleased
from arkaofis.orders.returns.services.lifecycle import SHIPMENT_LEFT
from arkaofis.orders.services.cancellation import cancel_order
from arkaofis.orders.services.release import release_order
from arkaofis.orders.services.reservation import reserve_order
from arkaofis.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


class WarehouseClosed(Conflict):
    code = "warehouse-closed"
    title = _("Warehouse closed")


def refuse(event: object) -> None:
    raise WarehouseClosed("The warehouse takes no work today")


@pytest.fixture
def refusing():
    """A subscriber after fulfilment's that refuses every release and cancellation."""
    subscribe(OrderReleased, refuse)
    subscribe(OrderCancelled, refuse)
    yield
    unsubscribe(OrderReleased, refuse)
    unsubscribe(OrderCancelled, refuse)


def test_a_refused_release_leaves_the_order_reserved_with_no_shipment_audit_or_event(refusing):
    product, _ = stocked(5)
    order = make_order((product.sku, 2))
    reserve_order(order_id=order.pk, user=None, source="system")
    events_before = OutboxEvent.objects.count()
    with pytest.raises(WarehouseClosed):
        release_order(order_id=order.pk, user=None, source="ui")
    order.refresh_from_db()
    assert order.status == "reserved"
    # Fulfilment's subscriber ran first and created the shipment; the refusal rolled it back with the order.
    assert not Shipment.objects.filter(order=order).exists()
    assert not AuditLog.objects.filter(action="order.released").exists()
    assert OutboxEvent.objects.count() == events_before


def test_a_refused_cancellation_keeps_the_order_its_shipment_and_its_reservations(refusing):
    product, _ = stocked(5)
    unsubscribe(OrderReleased, refuse)
    order = released_order((product.sku, 2))
    with pytest.raises(WarehouseClosed):
        cancel_order(order_id=order.pk, user=None, source="ui", reason="customer asked")
    order.refresh_from_db()
    assert order.status == "released"
    assert Shipment.objects.get(order=order).status == ShipmentStatus.PENDING
    assert Reservation.objects.filter(product=product, status=ReservationStatus.ACTIVE).count() == 1


def test_orders_names_the_shipment_statuses_that_left_the_warehouse_as_fulfilment_spells_them():
    assert set(SHIPMENT_LEFT) == {ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED}
