import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.models import OutboxEvent
from arkaofis.inventory.models import LowStockAlert, ReorderRule
from arkaofis.inventory.services.adjustments import adjust_stock
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def test_dropping_below_the_threshold_raises_one_alert_and_one_event():
    product, shelf = ProductFactory(), LocationFactory()
    ReorderRule.objects.create(product=product, warehouse=shelf.warehouse, min_quantity=5, reorder_quantity=20)
    receive(product, shelf, 10)
    assert not LowStockAlert.objects.exists()
    adjust_stock(product=product, location=shelf, delta=-6, reason_code="lost", source="ui")
    adjust_stock(product=product, location=shelf, delta=-1, reason_code="damaged", source="ui")
    alert = LowStockAlert.objects.get()
    assert (alert.available, alert.threshold, alert.resolved_at) == (3, 5, None)
    event = OutboxEvent.objects.get(topic="stock.low")
    assert event.payload["sku"] == product.sku and event.payload["available"] == 4


def test_restocking_resolves_the_alert():
    product, shelf = ProductFactory(), LocationFactory()
    ReorderRule.objects.create(product=product, warehouse=shelf.warehouse, min_quantity=5)
    receive(product, shelf, 2)
    receive(product, shelf, 10)
    alert = LowStockAlert.objects.get()
    assert alert.resolved_at is not None and alert.available == 12
