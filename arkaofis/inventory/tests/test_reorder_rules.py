import pytest
from django.core.management import call_command

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.exceptions import InvalidInput
from arkaofis.core.models import AuditLog, OutboxEvent
from arkaofis.inventory.models import LowStockAlert, RemovalStrategy, ReorderRule
from arkaofis.inventory.selectors_setup import reorder_rules_with_available
from arkaofis.inventory.services.locations import set_removal_strategy
from arkaofis.inventory.services.reorder_rules import delete_reorder_rule, set_reorder_rule
from arkaofis.inventory.services.reservations import reserve_stock
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked():
    product, shelf = ProductFactory(sku="TEA-1"), LocationFactory()
    receive(product, shelf, 10)
    return product, shelf


def open_alerts():
    return LowStockAlert.objects.filter(resolved_at__isnull=True)


def test_setting_a_rule_above_available_stock_opens_an_alert_at_once_and_is_audited(stocked):
    product, shelf = stocked
    rule = set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=20, reorder_quantity=50,
                            user=None, source="ui")  # fmt: skip
    alert = open_alerts().get()
    assert (alert.available, alert.threshold) == (10, 20)
    assert OutboxEvent.objects.filter(topic="stock.low").count() == 1
    audit = AuditLog.objects.get(action="reorder_rule.created")
    assert (audit.object_id, audit.data["min_quantity"], audit.data["alert_open"]) == (str(rule.pk), 20, True)


def test_lowering_a_rule_below_available_stock_closes_its_alert(stocked):
    product, shelf = stocked
    set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=20, user=None, source="ui")
    rule = set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=5, user=None, source="api")
    assert not open_alerts().exists()
    assert ReorderRule.objects.get().min_quantity == rule.min_quantity == 5
    changed = AuditLog.objects.get(action="reorder_rule.changed")
    assert changed.data["before"] == {"min_quantity": 20, "reorder_quantity": 0}


def test_raising_a_rule_that_stays_low_shows_the_new_threshold_on_the_alert(stocked):
    product, shelf = stocked
    set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=20, user=None, source="ui")
    set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=30, user=None, source="ui")
    assert open_alerts().get().threshold == 30


@pytest.mark.parametrize("bad", [-1, True, "5", 1.5, 10**10])
def test_a_rule_with_a_bad_threshold_is_refused_and_nothing_is_written(stocked, bad):
    product, shelf = stocked
    with pytest.raises(InvalidInput):
        set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=bad, user=None, source="ui")
    assert not ReorderRule.objects.exists() and not AuditLog.objects.filter(action__startswith="reorder").exists()


def test_a_kit_gets_no_rule_of_its_own(stocked):
    kit, shelf = ProductFactory(is_kit=True), stocked[1]
    with pytest.raises(InvalidInput):
        set_reorder_rule(product=kit, warehouse=shelf.warehouse, min_quantity=1, user=None, source="ui")
    assert not ReorderRule.objects.exists()


def test_deleting_a_rule_resolves_its_alert_and_is_audited(stocked):
    product, shelf = stocked
    rule = set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=20, user=None, source="ui")
    delete_reorder_rule(rule=rule, user=None, source="ui")
    assert not ReorderRule.objects.exists() and not open_alerts().exists()
    assert AuditLog.objects.get(action="reorder_rule.deleted").data["sku"] == "TEA-1"


def test_the_periodic_evaluation_catches_a_drop_caused_by_a_reservation(stocked, capsys):
    product, shelf = stocked
    set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=5, user=None, source="ui")
    reserve_stock(product_id=product.pk, quantity=8, demand_ref="DEM-1")
    assert not open_alerts().exists()  # reservations stay off the evaluation path
    call_command("evaluate_low_stock")
    assert open_alerts().get().available == 2
    assert "1 reorder rule(s) evaluated; 1 low-stock alert(s) open." in capsys.readouterr().out


def test_rules_are_listed_with_the_stock_available_in_their_warehouse(stocked):
    product, shelf = stocked
    other_warehouse_shelf = LocationFactory()
    receive(product, other_warehouse_shelf, 100)
    reserve_stock(product_id=product.pk, quantity=3, demand_ref="DEM-1", warehouse_id=shelf.warehouse_id)
    set_reorder_rule(product=product, warehouse=shelf.warehouse, min_quantity=1, user=None, source="ui")
    assert reorder_rules_with_available().get().available == 7


def test_a_location_may_switch_to_first_expiry_first_out(stocked):
    shelf = stocked[1]
    set_removal_strategy(location=shelf, strategy=RemovalStrategy.FEFO, user=None, source="ui")
    shelf.refresh_from_db()
    assert shelf.removal_strategy == "fefo"
    assert AuditLog.objects.filter(action="location.removal_strategy", object_id=str(shelf.pk)).exists()
    with pytest.raises(InvalidInput):
        set_removal_strategy(location=shelf, strategy="lifo", user=None, source="ui")
