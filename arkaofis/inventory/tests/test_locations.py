import pytest

from arkaofis.catalog.tests.factories import ProductFactory
from arkaofis.core.exceptions import Conflict, InvalidInput
from arkaofis.core.models import AuditLog
from arkaofis.inventory.models import Location, Quant
from arkaofis.inventory.selectors import virtual_location
from arkaofis.inventory.services.ledger import post_move
from arkaofis.inventory.services.locations import create_child_location, create_warehouse, set_negative_stock_policy
from arkaofis.inventory.tests.factories import LocationFactory, receive

pytestmark = pytest.mark.django_db


def test_a_warehouse_holds_zones_and_zones_hold_bins():
    warehouse = create_warehouse(code="IST", name="Istanbul", user=None, source="cli")
    root = warehouse.locations.get(kind="warehouse")
    zone = create_child_location(parent=root, code="A", user=None, source="cli")
    bin_ = create_child_location(parent=zone, code="A-01-02", user=None, source="cli")
    assert (zone.kind, bin_.kind, bin_.code, bin_.warehouse) == ("zone", "bin", "IST/A/A-01-02", warehouse)
    with pytest.raises(InvalidInput):
        create_child_location(parent=bin_, code="deeper", user=None, source="cli")
    assert AuditLog.objects.filter(action="location.created").count() == 2


def test_a_location_that_allows_negative_stock_can_ship_what_it_has_not_got():
    product, shelf = ProductFactory(), LocationFactory()
    set_negative_stock_policy(location=shelf, allow=True, user=None, source="ui")
    post_move(
        product=product, quantity=2, from_location=shelf, to_location=virtual_location("customer"), reason="shipment"
    )
    assert Quant.objects.get(product=product, location=shelf).on_hand == -2
    with pytest.raises(Conflict):
        set_negative_stock_policy(location=shelf, allow=False, user=None, source="ui")
    receive(product, shelf, 2)
    set_negative_stock_policy(location=shelf, allow=False, user=None, source="ui")
    assert not Quant.objects.get(product=product, location=shelf).negative_allowed


def test_a_location_code_longer_than_its_column_is_refused():
    zone = LocationFactory(code="Z" * 60, kind="zone")
    with pytest.raises(InvalidInput):
        create_child_location(parent=zone, code="B-0001", user=None, source="ui")
    assert not Location.objects.filter(parent=zone).exists()


def test_a_code_already_in_use_is_a_conflict_not_a_database_error():
    warehouse = create_warehouse(code="IST", name="Istanbul", user=None, source="cli")
    zone = create_child_location(parent=warehouse.locations.get(), code="A", user=None, source="cli")
    with pytest.raises(Conflict):
        create_warehouse(code="IST", name="Again", user=None, source="cli")
    with pytest.raises(Conflict):
        create_child_location(parent=zone.parent, code="A", user=None, source="cli")
    assert AuditLog.objects.filter(action__in=["warehouse.created", "location.created"]).count() == 2
