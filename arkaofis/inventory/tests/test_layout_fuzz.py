"""Random input to the layout API never gets a 500, and a refused write changes no plan, bin or
audit row (the same hostile values as core's API fuzzing)."""

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arkaofis.core.models import AuditLog
from arkaofis.core.tests.api_support import as_role
from arkaofis.core.tests.test_api_fuzz import assert_clean, values
from arkaofis.inventory.layout.services import Aisle, lay_out_aisle, set_warehouse_layout
from arkaofis.inventory.models import Location, Warehouse
from arkaofis.inventory.services.locations import create_child_location, create_warehouse

FIELDS = {
    "/inventory/layout/warehouses/IST": ["layout_kind", "aisle_length", "middle_cross_aisles", "depot_x", "depot_y"],
    "/inventory/layout/bins/IST/A/A-01-01-1": [
        "aisle", "bay", "level", "x", "y", "pick_sequence", "capacity_units", "capacity_volume_l", "capacity_weight_kg",
    ],
    "/inventory/layout/zones/IST/A/aisles": [
        "number", "x", "bays_per_side", "levels", "bay_width", "capacity_units", "capacity_volume_l",
    ],
}  # fmt: skip
metres = st.sampled_from(["0", "1.2", "9.6", "9.61", "-1", "99999.99", "100000", "1e3", "NaN", "Infinity", 1.25, 10])


@pytest.fixture
def admin(db):
    warehouse = create_warehouse(code="IST", name="İstanbul", user=None, source="cli")
    set_warehouse_layout(warehouse=warehouse, kind="single_block", aisle_length=D("9.6"), depot_x=D(0),
                         depot_y=D(0), user=None, source="cli")  # fmt: skip
    zone = create_child_location(parent=Location.objects.get(code="IST"), code="A", user=None, source="cli")
    lay_out_aisle(zone=zone, aisle=Aisle(1, D(2), 8, 1), user=None, source="cli")
    return as_role("admin")


def plan():
    columns = ("code", "aisle", "bay", "level", "x", "y", "pick_sequence", "capacity_units", "capacity_volume_l")
    return (
        list(Warehouse.objects.values_list("layout_kind", "aisle_length", "middle_cross_aisles", "depot_x", "depot_y")),
        list(Location.objects.order_by("code").values_list(*columns)),
        AuditLog.objects.count(),
    )


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_layout_writes_never_crash_and_a_refusal_changes_nothing(admin, data):
    path = data.draw(st.sampled_from(sorted(FIELDS)))
    body = data.draw(st.fixed_dictionaries({}, optional={name: values | metres for name in FIELDS[path]}))
    before = plan()
    response = admin.post(path, body)
    assert_clean(response)
    if response.status_code >= 400:
        assert plan() == before, response.content[:300]
